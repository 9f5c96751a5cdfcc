"""The peer: Pandoc + WeasyPrint, one process per brief, on the same content as a build.

    .venv/bin/python benchmarks/peer.py --root PROJECT [--jobs 2] [--runs 1] [--json OUT]

What a team without policybrief would run: each brief written as one Markdown
file (``peer_markdown.py`` writes them from the project, the same words,
tables and notes the build's PDFs show), converted to standalone HTML by
``pandoc`` (``--toc`` for the contents) with a plain stylesheet (``peer.css``:
A4, fonts, running head, page numbers), then rendered by the ``weasyprint``
command line. Each brief is its own pair of processes, started fresh, and
``--jobs`` briefs (default: the CPU count) run at a time, as ``xargs -P`` or a
Makefile with ``-j`` would run them.

Timed: the whole batch in wall time, and its CPU time (user + system of every
pandoc and weasyprint process, from ``RUSAGE_CHILDREN``). Writing the Markdown
is not timed (a peer team keeps its Markdown by hand). The same WeasyPrint as
the build's (the virtual environment's ``weasyprint`` command), so the
comparison is between the two ways of driving it, not two renderers.

Needs ``pandoc`` (Debian: ``apt-get install pandoc``); benchmarks are not run
in CI, so ``scripts/setup.sh`` does not install it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
STYLESHEET = BENCH / "peer.css"
WEASYPRINT = BENCH.parent / ".venv" / "bin" / "weasyprint"


@dataclass
class PeerRun:
    """One batch: every brief converted and rendered."""

    seconds: float
    cpu_seconds: float
    briefs: int
    pages: int | None


def find_pandoc() -> str:
    """Return the pandoc command; SystemExit with the install line when it is missing."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise SystemExit("peer.py: pandoc not found; install it: apt-get install pandoc")
    if not WEASYPRINT.is_file():
        raise SystemExit(f"peer.py: {WEASYPRINT} not found: run scripts/setup.sh first")
    return pandoc


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def convert_and_render(pandoc: str, markdown: Path, out: Path) -> Path:
    """Run pandoc, then weasyprint, for one brief; return its PDF.

    Raises RuntimeError with the tool's message when either fails.
    """
    html = out / (markdown.stem + ".html")
    pdf = out / (markdown.stem + ".pdf")
    steps = [
        [pandoc, str(markdown), "--from", "markdown", "--to", "html5", "--standalone", "--toc",
         "--css", str(STYLESHEET), "--metadata", "lang=en", "--output", str(html)],
        [str(WEASYPRINT), "--quiet", str(html), str(pdf)],
    ]  # fmt: skip
    for argv in steps:
        proc = subprocess.run(argv, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}:\n{proc.stderr}")
    return pdf


def count_pages(pdfs: list[Path]) -> int | None:
    """Total pages, from ``pdfinfo`` (poppler-utils); None without it."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    total = 0
    for pdf in pdfs:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True)
        total += next(
            int(line.split()[1]) for line in info.stdout.splitlines() if line.startswith("Pages:")
        )
    return total


def run_peer(markdown: list[Path], out: Path, jobs: int) -> PeerRun:
    """Convert and render every brief, ``jobs`` at a time; time the batch.

    ``out`` is emptied first. The CPU time is this process's ``RUSAGE_CHILDREN``
    growth, so nothing else may run children of this process meanwhile.
    """
    pandoc = find_pandoc()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cpu_before = children_cpu()
    started = time.perf_counter()
    # Threads only wait on processes: each brief is a fresh pandoc and weasyprint.
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pdfs = list(pool.map(lambda md: convert_and_render(pandoc, md, out), markdown))
    seconds = time.perf_counter() - started
    cpu_seconds = children_cpu() - cpu_before
    return PeerRun(seconds, cpu_seconds, len(pdfs), count_pages(pdfs))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, required=True, help="the project (e.g. a corpus)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="briefs at a time")
    parser.add_argument("--runs", type=int, default=1, help="batches to time (default: 1)")
    parser.add_argument("--json", type=Path, help="write every run's figures here")
    parser.add_argument("--keep", type=Path, help="keep the Markdown, HTML and PDFs here")
    args = parser.parse_args()
    find_pandoc()
    from peer_markdown import write_markdown

    work = args.keep or Path(tempfile.mkdtemp(prefix="policybrief-peer-"))
    try:
        markdown = write_markdown(args.root.resolve(), work / "markdown")
        runs = [run_peer(markdown, work / "out", args.jobs) for _ in range(args.runs)]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    wall = statistics.median(r.seconds for r in runs)
    cpu = statistics.median(r.cpu_seconds for r in runs)
    print(
        f"Pandoc + WeasyPrint, {runs[0].briefs} briefs ({runs[0].pages} pages), "
        f"{args.jobs} at a time: wall {wall:.2f} s, CPU {cpu:.2f} s (median of {len(runs)})"
    )
    if args.json:
        report = {"jobs": args.jobs, "runs": [asdict(r) for r in runs]}
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    raise SystemExit(main())
