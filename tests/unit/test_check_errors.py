"""``check`` on broken projects: every error at its file, line and column.

Each folder in ``tests/data/broken/`` is an overlay on ``tests/data/valid/``:
its files replace or add files at the same path, ``delete.txt`` lists paths to
remove, and ``expected.txt`` holds the exact diagnostic lines ``check`` prints
to stderr (without the summary line, which is checked separately).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from policybrief.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
VALID = DATA / "valid"
BROKEN = DATA / "broken"
REPO = DATA.parent.parent
#: Files of a case folder that describe the case instead of overlaying the project.
CASE_FILES = {"expected.txt", "delete.txt"}
SUMMARY_RE = re.compile(r"checked \d+ files?: (\d+) errors?, \d+ warnings?")
DIAGNOSTIC_RE = re.compile(r"[^:\s]+:\d+:\d+: error: .+")

CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def build_case(case: Path, dest: Path) -> Path:
    """Copy the valid project to ``dest`` and apply the overlay in ``case``."""
    shutil.copytree(VALID, dest)
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        if path.is_dir() or rel.as_posix() in CASE_FILES:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    delete = case / "delete.txt"
    if delete.is_file():
        for line in delete.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (dest / line.strip()).unlink()
    return dest


def run_check(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["check"])
    out, err = capsys.readouterr()
    return code, out, err


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30
    for name in CASES:
        assert (BROKEN / name / "expected.txt").is_file(), name


@pytest.mark.parametrize("name", CASES)
def test_broken_case(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = build_case(BROKEN / name, tmp_path / "project")
    code, out, err = run_check(root, monkeypatch, capsys)
    expected = (BROKEN / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    lines = err.splitlines()
    assert code == 1
    assert out == ""
    summary = SUMMARY_RE.fullmatch(lines[-1])
    assert summary, lines[-1]
    assert lines[:-1] == expected
    errors = [line for line in expected if not line.startswith("  hint: ")]
    assert all(DIAGNOSTIC_RE.fullmatch(line) for line in errors), errors
    assert int(summary.group(1)) == len(errors)


def test_case_folders_overlay_the_valid_project(tmp_path: Path) -> None:
    root = build_case(BROKEN / "deleted-source", tmp_path / "project")
    assert not (root / "content/sources/report.yaml").exists()
    assert not (root / "delete.txt").exists()
    assert (root / "content/sources/gazette.yaml").is_file()


@pytest.mark.parametrize("root", [VALID, REPO], ids=["valid", "example"])
def test_valid_projects_pass(
    root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_check(root, monkeypatch, capsys)
    assert err == ""
    assert code == 0
    assert re.fullmatch(r"checked \d+ files, no problems \(\d+\.\d\d s\)\n", out)


def test_every_message_of_every_case_has_a_hint() -> None:
    """A writer acts on the hint: no case may print a message without one."""
    for expected in sorted(BROKEN.glob("*/expected.txt")):
        lines = expected.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if re.search(r": (error|warning): ", line):
                following = lines[i + 1] if i + 1 < len(lines) else ""
                assert following.startswith("  hint: "), f"{expected.parent.name}: {line}"
