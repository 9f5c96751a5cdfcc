"""Time warm WeasyPrint renders of one brief's print HTML: median of several runs.

    .venv/bin/python benchmarks/warm_render.py [SLUG] [--runs 5] [--profile] [--all-fonts]
    valgrind --tool=callgrind --instr-atstart=no \\
        .venv/bin/python benchmarks/warm_render.py [SLUG] --instrument [--all-fonts]

Renders the brief's print HTML as the build does (same fetcher, fonts and PDF
variant, and without the packaged fonts the brief does not use), once to warm
up, then ``--runs`` times in the same process. With ``--profile``, prints
cProfile's top functions for one more render; with ``--all-fonts``, every font
the theme names is loaded, as before fonts were chosen per brief. With
``--instrument``, under callgrind, only one warm render's instructions are
counted (callgrind's "Collected" line), a figure a busy machine does not skew.
The renders are a worker's: ``render_pdf`` applies the worker's collector
policy after the warm-up render (render/heap.py) and reuses the theme
stylesheets it parsed (render/stylesheets.py), so only the worker's start-up
(``_init_worker``) is left out.
``--code DIR`` imports ``policybrief`` from DIR (``compare.py`` passes each
side's frozen copy).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slug", nargs="?", default="russia-india-december-2025")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--code", type=Path, help="import policybrief from this folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--all-fonts", action="store_true", help="load every font the theme names, used or not"
    )
    parser.add_argument(
        "--instrument",
        action="store_true",
        help="under valgrind --tool=callgrind --instr-atstart=no: count one warm render only",
    )
    args = parser.parse_args()
    if args.code:  # compare.py's frozen copy of one side's package
        sys.path.insert(0, str(args.code.resolve()))
    root = args.root.resolve()

    from policybrief.render.pdf import render_pdf

    job = load_job(root, args.slug, all_fonts=args.all_fonts, instrument=args.instrument)
    render_pdf(job)  # warm-up: imports, fonts
    if args.instrument:
        # Instruction counts do not drift with the machine's load, as times do.
        control = ["callgrind_control", "--instr"]
        subprocess.run([*control, "on", str(os.getpid())], check=True, capture_output=True)
        render_pdf(job)
        subprocess.run([*control, "off", str(os.getpid())], check=True, capture_output=True)
        return 0
    times, cpu = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = render_pdf(job)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(
        f"{args.slug}: {result.pages} pages, warm render median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs), "
        f"CPU median {statistics.median(cpu):.3f} s"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(render_pdf, job)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    return 0


def load_job(root: Path, slug: str, *, all_fonts: bool = False, instrument: bool = False) -> Any:
    """The PDF job the build would send a worker for brief ``slug`` of the project at ``root``.

    Sets ``FONTCONFIG_FILE`` for this process, as a worker's start does, so
    call it before WeasyPrint is imported. ``all_fonts`` keeps every font the
    theme names; ``instrument`` lifts the time limit (callgrind is slow).
    """
    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.errors import Diagnostics
    from policybrief.render.fontfiles import CACHE_FILE, FontChoice, FontIndex
    from policybrief.render.html import make_environment, render_page
    from policybrief.render.pdf import PdfJob, write_fontconfig
    from policybrief.render.resolve import resolve_brief
    from policybrief.render.theme import Theme

    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    theme = Theme.for_project(root)
    os.environ["FONTCONFIG_FILE"] = str(write_fontconfig(theme, root / ".policybrief"))
    env = make_environment(theme)
    base = theme.folders[0].as_uri() + "/"
    view = resolve_brief(corpus, slug)
    html = render_page(env, corpus, view, medium="print", assets=base)
    variant = corpus.settings.pdf_variant
    skip = (
        ()
        if all_fonts
        else FontChoice(theme, FontIndex(root / ".policybrief" / CACHE_FILE)).unused(html)
    )
    return PdfJob(
        slug, html, base, theme.folders, root / "content",
        None if variant == "plain" else variant,
        timeout=1e6 if instrument else 120.0, skip_fonts=skip,
    )  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
