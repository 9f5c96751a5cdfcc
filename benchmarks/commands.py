"""Time whole policybrief commands on a project: median of several runs.

    .venv/bin/python benchmarks/commands.py [--runs 5] [--root .]

Each command runs as its own process (as a writer or CI runs it), after one
warm-up run; the report gives the median and the spread. The machines are
shared and noisy: compare medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD_PY = Path(__file__).resolve().parent.parent / "build.py"


def time_command(argv: list[str], runs: int) -> list[float]:
    subprocess.run(argv, check=True, capture_output=True)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=BUILD_PY.parent)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as out:
        commands = {
            "check": [py, str(BUILD_PY), "check", "--root", str(args.root)],
            # --force: every run renders everything; the warm-up run leaves the
            # state that makes the last row a true no-op.
            "build --force (all briefs, HTML and PDF)": [
                py, str(BUILD_PY), "build", "--root", str(args.root), "--output", out, "--force",
            ],
            "build --force --outputs html": [
                py, str(BUILD_PY), "build", "--root", str(args.root), "--output", out,
                "--outputs", "html", "--force",
            ],
            "no-op build (nothing changed)": [
                py, str(BUILD_PY), "build", "--root", str(args.root), "--output", out,
            ],
        }  # fmt: skip
        for name, argv in commands.items():
            times = time_command(argv, args.runs)
            print(
                f"{name:42s} median {statistics.median(times):6.3f} s  "
                f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
