"""Font coverage: which characters the theme's fonts draw, and where content uses others."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from policybrief.content.corpus import Corpus, Record
from policybrief.errors import Diagnostic, Diagnostics, Severity
from policybrief.render.glyphs import check_glyphs, covered
from policybrief.render.theme import PACKAGED_THEME
from tests.helpers import load_corpus

FONTS = PACKAGED_THEME / "fonts"
HIEROGLYPH = "\U00013000"  # EGYPTIAN HIEROGLYPH A001: in no theme font
KA = "\u0915"  # DEVANAGARI LETTER KA: in the Devanagari fonts only


@pytest.fixture
def latin(tmp_path: Path) -> Path:
    """A fonts folder with one Latin font."""
    folder = tmp_path / "latin"
    folder.mkdir()
    shutil.copy(FONTS / "NotoSans-Regular.ttf", folder)
    return folder


@pytest.fixture
def devanagari(tmp_path: Path) -> Path:
    folder = tmp_path / "devanagari"
    folder.mkdir()
    shutil.copy(FONTS / "NotoSansDevanagari-Regular.ttf", folder)
    return folder


# coverage


def test_a_font_covers_its_characters_only(latin: Path) -> None:
    points = covered([latin])
    assert {ord(c) for c in "Aa€—é"} <= points
    assert ord(KA) not in points
    assert ord(HIEROGLYPH) not in points


def test_coverage_is_the_union_of_the_folders(latin: Path, devanagari: Path) -> None:
    assert ord(KA) not in covered([latin])
    both = covered([latin, devanagari])
    assert ord(KA) in both
    assert ord("A") in both
    assert covered([latin]) < both


def test_font_suffixes_are_matched_in_any_case(latin: Path) -> None:
    (latin / "NotoSans-Regular.ttf").rename(latin / "NotoSans-Regular.TTF")
    assert ord("A") in covered([latin])


def test_files_that_are_not_fonts_count_for_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copy(FONTS / "NotoSans-Regular.ttf", folder / "NotoSans-Regular.ttf.bak")
    (folder / "OFL.txt").write_text("ABC", encoding="utf-8")
    assert covered([folder]) == frozenset()


# The leak is the subject of the next test; here only the coverage counts.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_broken_font_file_covers_nothing_and_raises_nothing(latin: Path) -> None:
    before = covered([latin])
    (latin / "Broken.ttf").write_bytes(b"not a font at all")
    assert covered([latin]) == before
    only_broken = latin.parent / "broken"
    only_broken.mkdir()
    (only_broken / "Broken.otf").write_bytes(b"\x00\x01\x00\x00")
    assert covered([only_broken]) == frozenset()


def test_a_broken_font_file_is_closed(tmp_path: Path) -> None:
    (tmp_path / "Broken.ttf").write_bytes(b"not a font at all")
    assert covered([tmp_path]) == frozenset()


def test_a_missing_folder_covers_nothing(tmp_path: Path) -> None:
    assert covered([tmp_path / "no-such-folder"]) == frozenset()


def test_fonts_in_subfolders_are_not_read(tmp_path: Path) -> None:
    """The theme's fonts/ folder is flat; css/fonts.css names its files."""
    nested = tmp_path / "fonts" / "extra"
    nested.mkdir(parents=True)
    shutil.copy(FONTS / "NotoSans-Regular.ttf", nested)
    assert covered([tmp_path / "fonts"]) == frozenset()


def test_a_replaced_font_file_is_read_again(latin: Path) -> None:
    font = latin / "Font.ttf"
    (latin / "NotoSans-Regular.ttf").rename(font)
    os.utime(font, (1_000_000, 1_000_000))
    assert ord(KA) not in covered([latin])
    shutil.copy(FONTS / "NotoSansDevanagari-Regular.ttf", font)
    os.utime(font, (2_000_000, 2_000_000))  # a new modification time, however coarse the clock
    assert ord(KA) in covered([latin])


# characters in content


def check(records: list[Record[Any]], points: frozenset[int]) -> list[Diagnostic]:
    diags = Diagnostics()
    check_glyphs(records, points, diags)
    return diags.items


def where(d: Diagnostic, root: Path) -> str:
    return f"{d.path.relative_to(root).as_posix()}:{d.position.line}:{d.position.column}"


def all_records(corpus: Corpus) -> list[Record[Any]]:
    return [
        *corpus.actors.values(),
        *corpus.agenda.values(),
        *corpus.analysis.values(),
        *corpus.sources.values(),
        *corpus.briefs.values(),
    ]


def test_the_valid_project_needs_no_other_font(make_project) -> None:
    root = make_project()
    assert check(all_records(load_corpus(root)), covered([FONTS])) == []


def test_an_uncovered_character_in_a_field_is_reported_at_its_position(
    make_project, latin: Path
) -> None:
    root = make_project(
        {
            "content/actors/bob-jones.yaml": (
                f"name: Bob Jones\nkind: person\nrole: Envoy {HIEROGLYPH}\ncountry: beta\n"
            )
        }
    )
    record = load_corpus(root).actors["bob-jones"]
    [d] = check([record], covered([latin]))
    assert where(d, root) == "content/actors/bob-jones.yaml:3:13"
    assert d.severity is Severity.WARNING
    assert d.message == (
        f"no theme font has the character '{HIEROGLYPH}' (U+13000, egyptian hieroglyph a001)"
    )
    assert d.hint is not None
    assert "templates/fonts/" in d.hint


def test_an_uncovered_character_in_a_markdown_body_is_reported_at_its_position(
    make_project, latin: Path
) -> None:
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Outlook\nkind: outlook\n---\nFirst line.\nSecond: क here.\n"
            )
        }
    )
    record = load_corpus(root).analysis["outlook"]
    [d] = check([record], covered([latin]))
    assert where(d, root) == "content/analysis/outlook.md:6:9"
    assert d.message == "no theme font has the character 'क' (U+0915, devanagari letter ka)"


def test_covered_characters_are_not_reported(make_project, latin: Path, devanagari: Path) -> None:
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Outlook — “quoted”\nkind: outlook\n---\nCafé क €5.\n"
            )
        }
    )
    record = load_corpus(root).analysis["outlook"]
    assert [d.message for d in check([record], covered([latin]))] == [
        "no theme font has the character 'क' (U+0915, devanagari letter ka)"
    ]
    assert check([record], covered([latin, devanagari])) == []


def test_a_character_is_reported_once_per_file(make_project, latin: Path) -> None:
    root = make_project(
        {
            "content/actors/bob-jones.yaml": (
                f"name: Bob {HIEROGLYPH}\nkind: person\nrole: {HIEROGLYPH}{HIEROGLYPH}\n"
                "country: beta\n"
            ),
            "content/actors/ann-smith.yaml": (
                f"name: Ann {HIEROGLYPH}\nkind: person\nrole: Minister\ncountry: alpha\n"
            ),
        }
    )
    corpus = load_corpus(root)
    records = [corpus.actors["bob-jones"], corpus.actors["ann-smith"]]
    found = [where(d, root) for d in check(records, covered([latin]))]
    assert found == ["content/actors/bob-jones.yaml:1:11", "content/actors/ann-smith.yaml:1:11"]


def test_spaces_controls_and_format_characters_are_never_reported(make_project) -> None:
    # U+3000 is a space, U+200B and U+2060 are format characters (Cf): none is drawn.
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: a\u200bb\nkind: outlook\n---\nx\u3000y\u2060z\n"
            )
        }
    )
    record = load_corpus(root).analysis["outlook"]
    latin = covered([FONTS]) - {0x3000, 0x200B, 0x2060}
    assert check([record], latin) == []
    assert [d.message for d in check([record], latin - {ord("z")})] == [
        "no theme font has the character 'z' (U+007A, latin small letter z)"
    ]
