"""compare.py's smoke preset runs end to end: both sides, every figure, the peer if pandoc is here.

Speed is not asserted (benchmarks report medians and ratios; a test on a
shared machine cannot); the run must finish, and its table must hold every
figure of a corpus scenario with a ratio for each.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_compare_smoke_measures_both_sides_and_the_peer(tmp_path: Path) -> None:
    peer = shutil.which("pandoc") is not None
    argv = [sys.executable, str(REPO / "benchmarks" / "compare.py"), "--preset", "smoke",
            "--baseline", ".", "--candidate", ".", "--pages", "", "--workdir", str(tmp_path),
            "--json", str(tmp_path / "compare.json")]  # fmt: skip
    if not peer:
        argv.append("--no-peer")
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = [
        "full build, wall s", "full build, CPU s", "full build ÷ WeasyPrint floor (wall)",
        "warm render CPU per page, ms", "no-op build, wall s", "check, wall s",
        "one-edit build, wall s", "peak RSS, largest PDF worker, MiB",
    ]  # fmt: skip
    if peer:
        figures += ["Pandoc + WeasyPrint (peer)", "full build ÷ peer (wall)"]
    for figure in figures:
        row = next((line for line in proc.stdout.splitlines() if figure in line), None)
        assert row is not None, f"{figure!r} missing from:\n{proc.stdout}"
    assert re.search(r"briefs rebuilt / using the file \(candidate\) +2 / 2$", proc.stdout, re.M)
    # The same code on both sides: builds are reproducible, byte for byte.
    assert re.search(
        r"byte-identical in both sides +2 of 2 PDF files, (\d+) of \1 HTML", proc.stdout
    )
    report = json.loads((tmp_path / "compare.json").read_text(encoding="utf-8"))
    sides = report["scenarios"]["N=2"]["sides"]
    assert [len(sides[s]["full"]) for s in ("baseline", "candidate")] == [1, 1]
    if peer:
        assert report["scenarios"]["N=2"]["peer"][0]["briefs"] == 2
    assert not list(tmp_path.glob("policybrief-compare-*"))  # the copies are removed
