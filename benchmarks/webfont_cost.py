"""Print the CPU and the bytes of each site web font subset a project's build makes.

    .venv/bin/python benchmarks/webfont_cost.py [PROJECT] [--briefs N] [--runs R]
        [--rev-tree DIR] [--brotli]

For PROJECT (default: this repository's examples; ``--briefs N``: a synthetic
corpus from make_corpus.py) this lists every ``@font-face`` the site gets a
subset for, as ``WebFonts`` decides, and times ``subset_woff2`` on each:
``--runs`` times in one process, the median CPU seconds (user+sys of this
process: the subsetting is all in it), the WOFF2's bytes and the first bytes
of its sha256. The first pass, imports included, is given as "cold". With
``--rev-tree DIR`` the same is run with another checkout's code (a worktree
of the baseline) on this interpreter, so the two can be set side by side.
``--brotli`` also gives all the subsets' bytes and CPU (the whole of
``subset_woff2``) at other Brotli qualities, each with the WOFF2 glyph
transform (fontTools' default) and without it (the recipe's choice), by
changing both in this process only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
QUALITIES = (11, 10, 9, 8, 6, 5)


def measure(project: Path, runs: int, brotli_too: bool) -> None:
    """Time every subset of ``project``'s site in this process and print a table."""
    import fontTools.ttLib.woff2 as woff2

    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.errors import Diagnostics
    from policybrief.render import webfonts
    from policybrief.render.fontfiles import FontIndex
    from policybrief.render.theme import Theme

    diags = Diagnostics()
    corpus = validate_project(load_project(project, diags), diags)
    theme = Theme.for_project(project)
    web = webfonts.WebFonts(
        theme, webfonts.site_characters(corpus, theme), FontIndex(None), cache=None
    )
    jobs: list[tuple[Path, frozenset[int]]] = []
    real = webfonts.subset_woff2
    started = time.process_time()

    def record(path: Path, points: frozenset[int]) -> bytes:
        jobs.append((path, points))
        return real(path, points)

    webfonts.subset_woff2 = record  # type: ignore[assignment]
    for rel, source in theme.asset_files().items():
        if rel.endswith(".css"):
            web.stylesheet(rel, source.read_text("utf-8"))
    cold = time.process_time() - started
    webfonts.subset_woff2 = real
    total_cpu, total_bytes = 0.0, 0
    print(f"{'face':<36} {'chars':>5} {'CPU s':>7} {'bytes':>7}  sha256")
    for path, points in jobs:
        times = []
        for _ in range(runs):
            t = time.process_time()
            data = real(path, points)
            times.append(time.process_time() - t)
        cpu = statistics.median(times)
        total_cpu += cpu
        total_bytes += len(data)
        digest = hashlib.sha256(data).hexdigest()[:12]
        print(f"{path.name:<36} {len(points):>5} {cpu:7.3f} {len(data):>7}  {digest}")
    print(f"{'all ' + str(len(jobs)) + ' faces':<42} {total_cpu:7.3f} {total_bytes:>7}")
    print(f"cold (first pass, imports included): {cold:.3f} s")
    if brotli_too:
        _brotli_table(jobs, real)


def _brotli_table(jobs: list[tuple[Path, frozenset[int]]], real: object) -> None:
    """All the subsets' bytes and CPU at each Brotli quality, with and without the glyph
    transform (fontTools' default; the recipe stores the glyphs untransformed)."""
    from fontTools.ttLib import woff2

    from policybrief.render import webfonts

    flavor, used = woff2.WOFF2FlavorData, webfonts.BROTLI_QUALITY
    asked = flavor.__init__

    def transformed(self: object, reader: object = None, data: object = None, **_: object) -> None:
        asked(self, reader, data)  # no transformedTables: fontTools' default, glyf and loca

    try:
        for transform in (True, False):
            flavor.__init__ = transformed if transform else asked  # type: ignore[method-assign]
            for quality in QUALITIES:
                webfonts.BROTLI_QUALITY = quality
                t = time.process_time()
                size = sum(len(real(path, points)) for path, points in jobs)  # type: ignore[operator]
                cpu = time.process_time() - t
                how = "transformed" if transform else "untransformed"
                mark = " (the recipe)" if quality == used and not transform else ""
                print(f"Brotli {quality:>2}, glyphs {how:<13}: {size:>7} bytes, {cpu:.3f} s{mark}")
    finally:
        flavor.__init__, webfonts.BROTLI_QUALITY = asked, used  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=REPO)
    parser.add_argument("--briefs", type=int, help="a synthetic corpus of N briefs instead")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rev-tree", type=Path, help="another checkout's code to run")
    parser.add_argument("--brotli", action="store_true", help="also lower Brotli qualities")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    project = args.project
    if args.briefs:
        project = Path(tempfile.mkdtemp(prefix="pb-webfonts-")) / "corpus"
        subprocess.run(
            [sys.executable, str(HERE / "make_corpus.py"), str(args.briefs), str(project)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if args.rev_tree and not args.here:
        env = {**os.environ, "PYTHONPATH": str(args.rev_tree.resolve())}
        command = [sys.executable, __file__, str(project), "--here"]
        command += ["--runs", str(args.runs)] + (["--brotli"] if args.brotli else [])
        subprocess.run(command, check=True, env=env)
        return
    measure(project, args.runs, args.brotli)


if __name__ == "__main__":
    main()
