"""WeasyPrint's floor: render every brief's print HTML to PDF in one warm process.

    .venv/bin/python benchmarks/weasyprint_floor.py --root PROJECT [--json OUT] [--code DIR]

The PDFs are rendered exactly as a build's workers render them: the print HTML
comes from the same functions the engine calls (``resolve_brief`` and
``render_page(medium="print")``), each job is a ``PdfJob`` built the way
``policybrief/build/pool.py`` builds it (only the fonts the brief uses, its
page limit and creation date), and ``policybrief.render.pdf.render_pdf``
renders it with the same confined fetcher, the same private fontconfig
(``FONTCONFIG_FILE`` is set before WeasyPrint is imported, as the workers'
``_init_worker`` does) and one shared ``FontConfiguration``.

Only ``render_pdf`` calls are timed, in wall time and in this process's CPU
time (the second is less disturbed by other work on the machine). One untimed
render of the shortest brief warms up first (WeasyPrint's import, fontconfig, font
loading), so the sum is what ideal workers that never start, import or wait
would spend. Divided by
the CPU count, it is the least wall time a build with one worker per CPU could
take for these PDFs; ``engine.py`` compares the full build with it.

``--code DIR`` imports ``policybrief`` from DIR (``engine.py`` passes its frozen
copy of the package, so the floor and the builds measure the same code).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path


def peak_rss_kib() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="the project")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--code", type=Path, help="import policybrief from this folder")
    args = parser.parse_args()
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    root = args.root.resolve()

    from policybrief.build.options import DEFAULT_TIMEOUT
    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.errors import Diagnostics
    from policybrief.render.fontfiles import CACHE_FILE, FontChoice, FontIndex
    from policybrief.render.html import make_environment, render_page
    from policybrief.render.page import created_date
    from policybrief.render.pdf import PdfJob, _on_alarm, render_pdf, write_fontconfig
    from policybrief.render.resolve import resolve_brief
    from policybrief.render.theme import Theme

    if "weasyprint" in sys.modules:
        raise SystemExit("weasyprint was imported before FONTCONFIG_FILE was set")
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    if diags.errors:
        raise SystemExit(f"{root}: the project has errors; run build.py check")
    theme = Theme.for_project(root)
    # As render_pdf._init_worker: the private fontconfig, before WeasyPrint loads.
    os.environ["FONTCONFIG_FILE"] = str(write_fontconfig(theme, root / ".policybrief"))
    os.environ.pop("FONTCONFIG_PATH", None)
    # render_pdf arms SIGALRM for its time limit; the workers handle it like this.
    signal.signal(signal.SIGALRM, _on_alarm)

    # The print HTML of every brief that has a PDF, as engine._render makes it.
    env = make_environment(theme)
    base = theme.folders[0].as_uri() + "/"
    variant = corpus.settings.pdf_variant
    fonts = FontChoice(theme, FontIndex(root / ".policybrief" / CACHE_FILE))
    jobs = []
    for slug in sorted(corpus.briefs):
        view = resolve_brief(corpus, slug)
        if "pdf" not in view.brief.data.outputs:
            continue
        html = render_page(env, corpus, view, medium="print", assets=base)
        # As build/pool.py: only the fonts the brief uses, its page limit and date.
        jobs.append(
            PdfJob(
                view.slug,
                html,
                base,
                theme.folders,
                root / "content",
                None if variant == "plain" else variant,
                DEFAULT_TIMEOUT,
                created=created_date(view),
                skip_fonts=fonts.unused(html),
                max_pages=theme.page_limit(view.template, view.brief.data.max_pages),
            )
        )
    if not jobs:
        raise SystemExit("no brief has a PDF output")

    started = time.perf_counter()
    import weasyprint  # noqa: F401  (timed separately: a worker pays this once)

    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    # The shortest brief warms up: a 120-page one would double a long corpus's run.
    first = min(jobs, key=lambda job: len(job.html))
    warm = render_pdf(first)
    warmup_seconds = time.perf_counter() - started
    if warm.pdf is None:
        raise SystemExit(f"{first.slug}: {warm.error}")

    renders = {}
    for job in jobs:
        cpu = time.process_time()
        started = time.perf_counter()
        result = render_pdf(job)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        if result.pdf is None:
            raise SystemExit(f"{job.slug}: {result.error}")
        renders[job.slug] = {"seconds": seconds, "cpu_seconds": cpu, "pages": result.pages}
    total = sum(r["seconds"] for r in renders.values())
    cpus = os.cpu_count() or 1
    report = {
        "briefs": len(renders),
        "cpus": cpus,
        "import_seconds": import_seconds,
        "warmup_render_seconds": warmup_seconds,
        "sum_seconds": total,
        "sum_cpu_seconds": sum(r["cpu_seconds"] for r in renders.values()),
        "floor_seconds": total / cpus,
        "pages": sum(r["pages"] for r in renders.values()),
        "peak_rss_kib": peak_rss_kib(),
        "renders": renders,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    pages = sorted(r["pages"] for r in renders.values())
    print(
        f"{len(renders)} PDFs ({report['pages']} pages, {pages[0]}–{pages[-1]} per brief): "
        f"{total:.2f} s of warm renders ({total / len(renders):.3f} s each); "
        f"floor on {cpus} CPUs {total / cpus:.2f} s "
        f"(import {import_seconds:.2f} s, first render {warmup_seconds:.2f} s, not counted)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
