"""Measure what each feature of the print page costs: warm renders with one feature taken out.

    .venv/bin/python benchmarks/feature_cost.py [SLUG] [--root DIR] [--runs 5] [--only a,b]
    .venv/bin/python benchmarks/feature_cost.py [SLUG] --callgrind [--only a,b]
    .venv/bin/python benchmarks/feature_cost.py --list

Builds the brief's print HTML and PDF job as the build does
(``warm_render.load_job``), then renders it in one process as a PDF worker
would, once as built (``full``) and once per *variant*: the same page with one
feature removed (or, marked ``+``, added), by a stylesheet appended to the
page's head, an edit of the HTML or another option to WeasyPrint. Each
variant is rendered once to warm up; then ``--runs`` rounds render every
variant in turn, so that load on a shared machine hits all alike. The table
gives each variant's pages, its median CPU time per render and that time ÷
``full`` (below 1: the feature costs that share of the render).

With ``--callgrind`` the script runs itself under ``valgrind --tool=callgrind``
and counts the instructions of one warm render of each variant (a figure the
machine's load does not skew; about a minute per variant). The ratio column
is then variant ÷ full in instructions.

A variant changes what the page shows, so its pages may differ: the figures
say what a feature costs, not that it can go. ``--only`` takes variant names
(``full`` is always measured); ``--list`` prints them with what each does.
Results for the example and a synthetic brief are in docs/performance.md,
"What a page costs".
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from warm_render import ROOT, load_job

#: Every margin box the print stylesheet and the page's own <style> fill.
_MARGINS = ("top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right")


@dataclass(frozen=True)
class Variant:
    """The page with one feature changed: CSS appended, an HTML edit, other options."""

    name: str
    what: str
    css: str = ""
    html: Callable[[str], str] | None = None
    #: Options for ``HTML.render`` and ``Document.write_pdf`` that override the worker's.
    options: dict[str, Any] = field(default_factory=dict)
    #: Fields of the PdfJob to replace (the PDF variant, the fonts left out).
    job: dict[str, Any] = field(default_factory=dict)


def _unwrap(tag: str, attrs: str) -> Callable[[str], str]:
    """An HTML edit that removes the ``<tag ...attrs...>`` start tags and their end tags.

    Only for elements that never nest in themselves (a span.compound, an a.entity).
    """
    pattern = re.compile(rf"<{tag}\b[^>]*{attrs}[^>]*>(.*?)</{tag}>", re.S)
    return lambda page: pattern.sub(r"\1", page)


def _strip_between_blocks(page: str) -> str:
    """Drop the white space between a block-level tag and the next tag (the template's indents)."""
    block = (
        r"(?:/?(?:html|head|body|main|section|header|div|nav|aside|ol|ul|li|p|h[1-6]|table"
        r"|thead|tbody|tr|td|th|figure|figcaption|dl|meta|title|link|style)\b[^>]*)"
    )
    return re.sub(rf"(<{block}>)\s+(?=<)", r"\1", page)


VARIANTS: tuple[Variant, ...] = (
    Variant("full", "the page as built"),
    Variant(
        "no-margin-boxes",
        "no running head, marking, foot line or page number (all six margin boxes empty)",
        css="@page { " + " ".join(f"@{m} {{ content: none !important; }}" for m in _MARGINS) + " }",
    ),
    Variant(
        "no-running-heads",
        "no running heads (title, section) and no string-set",
        css="@page { @top-left { content: none !important; }"
        " @top-right { content: none !important; } } * { string-set: none !important; }",
    ),
    Variant(
        "no-page-numbers",
        'no "Page N of M" in the foot',
        css="@page { @bottom-right { content: none !important; } }",
    ),
    Variant(
        "inline-notes",
        "notes set in the text where they are called, not at the page foot",
        css=".footnote { float: none !important; }",
    ),
    Variant("no-notes", "no notes at all", css=".footnote { display: none !important; }"),
    Variant("untagged", "a plain PDF: no PDF/UA tags or metadata", job={"variant": None}),
    Variant("no-hyphenation", "no automatic hyphenation", css="* { hyphens: manual !important; }"),
    Variant(
        "+justified",
        "running text justified (added: the theme sets it ragged right)",
        css=".prose p, .bottom-line p, .prose li { text-align: justify; }",
    ),
    Variant(
        "plain-boxes",
        "bottom line, key judgments and estimates without tint, rule or padding",
        css=".bottom-line, .key-judgments, .section-head .estimate"
        " { background: none !important; border: 0 !important; padding: 0 !important; }",
    ),
    Variant(
        "no-scale",
        "no estimative-language scale",
        css=".estimative-language { display: none !important; }",
    ),
    Variant("no-contents", "no contents page", css=".toc { display: none !important; }"),
    Variant(
        "no-exhibits",
        "no tables, figures or agenda chart",
        css=".exhibit { display: none !important; }",
    ),
    Variant(
        "no-compound-spans",
        "hyphenation guards unwrapped (span.compound, bdi): fewer inline boxes",
        html=lambda page: _unwrap("bdi", "")(_unwrap("span", 'class="compound"')(page)),
    ),
    Variant(
        "no-entity-links",
        "mentions of actors and agenda items as plain text (a.entity unwrapped)",
        html=_unwrap("a", 'class="entity"'),
    ),
    Variant(
        "no-indent-space",
        "the template's white space between block tags removed",
        html=_strip_between_blocks,
    ),
    Variant(
        "short-font-stacks",
        "one font family per style instead of one per script",
        css=':root { --serif: "Noto Serif", serif; --sans: "Noto Sans", sans-serif;'
        ' --mono: "Noto Sans Mono", monospace; }',
    ),
    Variant(
        "all-font-faces",
        "+ every @font-face the theme names (36), not only the brief's",
        job={"skip_fonts": ()},
    ),
    Variant(
        "no-bookmarks",
        "no PDF outline",
        css="* { bookmark-level: none !important; }",
    ),
    Variant(
        "no-hints",
        "WeasyPrint's presentational hints off (list start, cell align)",
        options={"presentational_hints": False},
    ),
    Variant(
        "uncompressed",
        "PDF streams not compressed",
        options={"uncompressed_pdf": True},
    ),
)


def variant_job(base: Any, variant: Variant) -> Any:
    """The PdfJob ``base`` with ``variant``'s stylesheet, HTML edit and job fields applied."""
    page = base.html
    if variant.html is not None:
        page = variant.html(page)
    if variant.css:
        page = page.replace("</head>", f"<style>{variant.css}</style>\n</head>", 1)
    return dataclasses.replace(base, html=page, **variant.job)


@contextlib.contextmanager
def options(overrides: dict[str, Any]) -> Iterator[None]:
    """For the block, pass ``overrides`` to every ``HTML.render`` and ``Document.write_pdf``."""
    if not overrides:
        yield
        return
    import weasyprint
    from weasyprint.document import Document

    render, write = weasyprint.HTML.render, Document.write_pdf
    known = set(weasyprint.DEFAULT_OPTIONS)
    unknown = set(overrides) - known
    if unknown:
        raise SystemExit(f"unknown WeasyPrint options: {', '.join(sorted(unknown))}")

    def patched_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        return render(self, *args, **{**kwargs, **overrides})

    def patched_write(self: Any, *args: Any, **kwargs: Any) -> Any:
        return write(self, *args, **{**kwargs, **overrides})

    weasyprint.HTML.render, Document.write_pdf = patched_render, patched_write  # type: ignore[method-assign]
    try:
        yield
    finally:
        weasyprint.HTML.render, Document.write_pdf = render, write  # type: ignore[method-assign]


def render(job: Any, variant: Variant) -> Any:
    """Render ``job`` as a worker does, with ``variant``'s options; return the PdfResult."""
    from policybrief.render.pdf import render_pdf

    with options(variant.options):
        result = render_pdf(job)
    if result.error:
        raise SystemExit(f"{variant.name}: {result.error}")
    return result


def chosen(only: str | None) -> list[Variant]:
    """``full`` and the variants named in ``only`` (comma-separated), or all of them."""
    if not only:
        return list(VARIANTS)
    names = {n.strip() for n in only.split(",") if n.strip()}
    unknown = names - {v.name for v in VARIANTS}
    if unknown:
        raise SystemExit(f"unknown variants: {', '.join(sorted(unknown))} (see --list)")
    return [v for v in VARIANTS if v.name == "full" or v.name in names]


def measure_cpu(base: Any, variants: list[Variant], runs: int) -> dict[str, tuple[int, float]]:
    """Each variant's pages and median CPU seconds per warm render, in interleaved rounds."""
    jobs = {v.name: variant_job(base, v) for v in variants}
    pages: dict[str, int] = {}
    for v in variants:  # warm-up, and the first render settles the worker's heap
        pages[v.name] = render(jobs[v.name], v).pages
    cpu: dict[str, list[float]] = {v.name: [] for v in variants}
    for round_ in range(runs):
        for v in variants:
            started = time.process_time()
            render(jobs[v.name], v)
            cpu[v.name].append(time.process_time() - started)
        print(f"round {round_ + 1}/{runs} done", file=sys.stderr)
    return {name: (pages[name], statistics.median(times)) for name, times in cpu.items()}


def instrument(base: Any, variants: list[Variant], dumps: Path) -> None:
    """Under callgrind: count one warm render of each variant, dumped to its own file."""
    control = "callgrind_control"
    pid = str(os.getpid())
    for v in variants:
        job = variant_job(base, v)
        result = render(job, v)  # warm-up, not counted
        subprocess.run([control, "--instr=on", pid], check=True, capture_output=True)
        render(job, v)
        subprocess.run([control, "--instr=off", pid], check=True, capture_output=True)
        subprocess.run([control, f"--dump={v.name}", pid], check=True, capture_output=True)
        (dumps / f"{v.name}.pages").write_text(str(result.pages))


def measure_callgrind(
    args: argparse.Namespace, variants: list[Variant]
) -> dict[str, tuple[int, float]]:
    """Run this script under callgrind; each variant's pages and instructions of one render."""
    with tempfile.TemporaryDirectory(prefix="feature-cost-") as tmp:
        dumps = Path(tmp)
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no",
            f"--callgrind-out-file={dumps / 'callgrind.out'}",
            sys.executable, __file__, args.slug, "--root", str(args.root),
            "--only", ",".join(v.name for v in variants), "--instrument", str(dumps),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        counts: dict[str, int] = {}
        for dump in dumps.glob("callgrind.out.*"):  # one file per --dump, "Trigger: dump NAME"
            text = dump.read_text(errors="replace")
            trigger = re.search(r"^desc: Trigger: dump (\S+)$", text, re.M)
            totals = re.search(r"^totals: (\d+)$", text, re.M)
            if trigger and totals:
                counts[trigger.group(1)] = int(totals.group(1))
        return {
            v.name: (int((dumps / f"{v.name}.pages").read_text()), float(counts[v.name]))
            for v in variants
        }


def report(figures: dict[str, tuple[int, float]], unit: str) -> None:
    """Print one row per variant: pages, the figure, ÷ full, and what the variant does."""
    full = figures["full"][1]
    what = {v.name: v.what for v in VARIANTS}
    print(f"| variant | pages | {unit} | ÷ full | what |")
    print("| --- | --- | --- | --- | --- |")
    for name, (pages, value) in figures.items():
        shown = f"{value / 1e9:.3f} G" if unit == "instructions" else f"{value:.3f} s"
        print(f"| {name} | {pages} | {shown} | {value / full:.3f} | {what[name]} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slug", nargs="?", default="russia-india-december-2025")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="comma-separated variant names (full is always measured)")
    parser.add_argument("--list", action="store_true", help="list the variants and exit")
    parser.add_argument(
        "--callgrind", action="store_true", help="count instructions under callgrind instead"
    )
    parser.add_argument("--instrument", type=Path, help=argparse.SUPPRESS)  # the callgrind child
    args = parser.parse_args()
    if args.list:
        for v in VARIANTS:
            print(f"{v.name:20} {v.what}")
        return 0
    args.root = args.root.resolve()
    variants = chosen(args.only)
    if args.callgrind:
        figures = measure_callgrind(args, variants)
        print(f"{args.slug}: instructions of one warm render (callgrind)")
        report(figures, "instructions")
        return 0
    base = load_job(args.root, args.slug, instrument=args.instrument is not None)
    if args.instrument is not None:
        instrument(base, variants, args.instrument)
        return 0
    figures = measure_cpu(base, variants, args.runs)
    print(f"{args.slug}: CPU per warm render, median of {args.runs}")
    report(figures, "CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
