"""The pieces of ``benchmarks/check_identical.py`` keep working: case overlays, the glyph corpus.

The comparison itself runs two checkouts for minutes and is not part of the
suite; these parts take a second.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from policybrief.cli import main
from tests.helpers import VALID

BENCH = Path(__file__).resolve().parents[1].parent / "benchmarks"


@pytest.fixture
def identical(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))
    import check_identical

    return check_identical


def test_a_case_is_laid_over_the_valid_project(identical: ModuleType, tmp_path: Path) -> None:
    case = tmp_path / "case"
    (case / "content" / "actors").mkdir(parents=True)
    (case / "content" / "actors" / "new.yaml").write_text("name: New\nkind: state\n")
    (case / "expected.txt").write_text("what the case expects\n")
    gone = next((VALID / "content" / "sources").iterdir()).relative_to(VALID)
    (case / "delete.txt").write_text(f"{gone.as_posix()}\n")
    dest = identical.overlay(case, tmp_path / "project")
    assert (dest / "content" / "actors" / "new.yaml").read_text() == "name: New\nkind: state\n"
    assert not (dest / "expected.txt").exists()
    assert not (dest / gone).exists()
    assert (dest / "policybrief.yaml").is_file()


def test_the_glyph_corpus_has_characters_no_font_has(
    identical: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    identical.glyph_corpus(VALID, tmp_path / "glyphs")
    code = main(["check", "--root", str(tmp_path / "glyphs")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "no theme font has" in out + err
