"""Each PDF loads only the packaged fonts its characters need (the rest of the
theme's ``@font-face`` rules are left out of the stylesheets the renderer reads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybrief.render.fetcher import ConfinedFetcher, without_font_faces
from policybrief.render.fontfiles import FontChoice, FontIndex
from policybrief.render.theme import PACKAGED_THEME, Theme
from tests.helpers import write_files

FACES = (
    '@font-face { font-family: "A"; src: url(../fonts/A.ttf); }\n'
    "/* @font-face { src: url(../fonts/B.ttf) } */\n"
    '@font-face { font-family: "B"; src: url(../fonts/B.ttf), url(../fonts/C.ttf); }\n'
    '@font-face { font-family: "L"; src: local("Some Font"); }\n'
    "p { color: red }\n"
)


def test_a_rule_whose_fonts_are_all_skipped_is_left_out_and_nothing_else() -> None:
    out = without_font_faces(FACES, "css/fonts.css", frozenset({"fonts/A.ttf", "fonts/B.ttf"}))
    assert out == FACES.replace('@font-face { font-family: "A"; src: url(../fonts/A.ttf); }', "")


def test_every_rule_goes_when_every_font_is_skipped_and_none_when_none_is() -> None:
    every = frozenset({"fonts/A.ttf", "fonts/B.ttf", "fonts/C.ttf"})
    out = without_font_faces(FACES, "css/fonts.css", every)
    assert "url(" not in out.replace("/* @font-face { src: url(../fonts/B.ttf) } */", "")
    assert 'local("Some Font")' in out
    assert "p { color: red }" in out
    assert without_font_faces(FACES, "css/fonts.css", frozenset()) == FACES


def test_rules_are_found_after_windows_line_ends_and_on_one_line() -> None:
    text = FACES.replace("\n", "\r\n")
    out = without_font_faces(text, "css/fonts.css", frozenset({"fonts/A.ttf"}))
    assert "A.ttf" not in out
    assert "C.ttf" in out
    one = "a{}@font-face{src:url(../fonts/A.ttf)}b{}"
    assert without_font_faces(one, "css/x.css", frozenset({"fonts/A.ttf"})) == "a{}b{}"


def test_paths_resolve_against_the_stylesheet() -> None:
    text = "@font-face { src: url(fonts/A.ttf); }"
    assert without_font_faces(text, "fonts.css", frozenset({"fonts/A.ttf"})) == ""
    assert without_font_faces(text, "css/fonts.css", frozenset({"fonts/A.ttf"})) == text


def test_the_fetcher_serves_theme_stylesheets_without_the_skipped_faces(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    write_files(theme, {"css/fonts.css": FACES, "css/other.css": FACES})
    fetcher = ConfinedFetcher(Theme((theme,)), tmp_path, frozenset({"fonts/A.ttf"}))
    body = fetcher.fetch((theme / "css/fonts.css").as_uri()).read().decode()
    assert "A.ttf" not in body
    assert "B.ttf" in body
    whole = ConfinedFetcher(Theme((theme,)), tmp_path)
    assert whole.fetch((theme / "css/fonts.css").as_uri()).read().decode() == FACES


@pytest.fixture(scope="module")
def packaged() -> tuple[Theme, FontIndex]:
    theme = Theme((PACKAGED_THEME.resolve(),))
    if not theme.packaged_fonts():
        pytest.skip("the theme names no packaged fonts")
    return theme, FontIndex(None)


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("Sergey Lavrov (Сергей Лавров) met नरेन्द्र मोदी — “talks”, 5–7%", set()),
        ("<p>كريم حداد</p>", {"NotoNaskhArabic", "NotoSansArabic"}),
        ("<p>&#1603;</p>", {"NotoNaskhArabic", "NotoSansArabic"}),
        ("<p>東京 and ლევან</p>", {"NotoSerifCJK", "NotoSansCJK", "NotoSerifGeorgian",
                                   "NotoSansGeorgian"}),
        ("สมชาย and נועה", {"NotoSerifThai", "NotoSansThai", "NotoSerifHebrew",
                            "NotoSansHebrew"}),
    ],
)  # fmt: skip
def test_a_packaged_font_is_loaded_only_for_a_character_the_theme_fonts_lack(
    packaged: tuple[Theme, FontIndex], text: str, needed: set[str]
) -> None:
    theme, index = packaged
    unused = set(FontChoice(theme, index).unused(text))
    used = {Path(rel).stem.rsplit("-", 1)[0] for rel in set(theme.packaged_fonts()) - unused}
    assert used == needed


def test_generated_content_in_a_stylesheet_counts(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    write_files(
        own, {"css/local.css": '.x::before { content: "\u05d0"; } .y::after { content: "\\10d0"; }'}
    )
    theme = Theme((own, PACKAGED_THEME.resolve()))
    used = set(theme.packaged_fonts()) - set(FontChoice(theme, FontIndex(None)).unused("plain"))
    stems = {Path(rel).stem for rel in used}
    assert stems >= {"NotoSerifHebrew-Regular", "NotoSansHebrew-Bold", "NotoSansGeorgian-Regular"}
