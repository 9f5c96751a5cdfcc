"""A font file that is cut short or not a font is named, not rendered around (render/fontfiles.py).

Before, a truncated theme font made WeasyPrint fall back to another face in
silence, `check` found nothing, and the site's subsetting ended the build
with an internal error.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policybrief.errors import Diagnostics
from policybrief.render.fontfiles import FontIndex, report_missing, template_fonts
from policybrief.render.theme import PACKAGED_THEME, Theme
from tests.helpers import write_files

FONTS = PACKAGED_THEME / "fonts"
GOOD = FONTS / "NotoSerif-Regular.ttf"


def _cut(tmp_path: Path, size: int) -> Path:
    font = tmp_path / "cut.ttf"
    font.write_bytes(GOOD.read_bytes()[:size])
    return font


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (lambda: GOOD.read_bytes()[:30_000], "it is cut short: its tables run to byte"),
        (lambda: GOOD.read_bytes()[:200], "unexpected end of table directory"),
        (lambda: b"", "not a font file that can be read"),
        (lambda: b"<!doctype html><p>404 Not Found</p>", "not a font file that can be read"),
        (lambda: os.urandom(4000), "not a font file that can be read"),
        (lambda: GOOD.read_bytes()[:8], "not a font file that can be read"),
    ],
)
def test_a_damaged_font_says_why(tmp_path: Path, content: object, reason: str) -> None:
    font = tmp_path / "damaged.ttf"
    font.write_bytes(content())  # type: ignore[operator]
    assert reason in (FontIndex(None).damage(font) or "")


def test_every_packaged_and_installed_font_is_whole() -> None:
    index = FontIndex(None)
    fonts = [*FONTS.glob("*.tt[fc]"), *Path("/usr/share/fonts").glob("**/*.[ot]t[fc]")]
    assert len(fonts) >= 11
    assert [f for f in fonts if index.damage(f) is not None] == []


def test_the_verdict_is_kept_until_the_file_changes(tmp_path: Path) -> None:
    cache = tmp_path / "fonts.json"
    font = _cut(tmp_path, 30_000)
    index = FontIndex(cache)
    assert index.damage(font) is not None
    index.save()
    assert '"damage"' in cache.read_text()
    font.write_bytes(GOOD.read_bytes())
    assert FontIndex(cache).damage(font) is None


def test_a_damaged_theme_font_is_an_error_at_the_rule_that_names_it(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    rule = '@font-face {\n  font-family: "X";\n  src: url(../fonts/Broken.ttf);\n}\n'
    write_files(folder, {"css/local.css": rule})
    (folder / "fonts").mkdir()
    (folder / "fonts" / "Broken.ttf").write_bytes(GOOD.read_bytes()[:30_000])
    theme = Theme((folder, PACKAGED_THEME))
    _found, missing = template_fonts(theme, "brief", FontIndex(None))
    assert [m.rel for m in missing] == ["fonts/Broken.ttf"]
    assert template_fonts(theme, "brief")[1] == []  # without an index, files are not read
    diags = Diagnostics()
    report_missing(missing, diags)
    (error,) = diags.items
    assert error.code == "damaged-font"
    assert error.path == folder / "css" / "local.css"
    assert error.position.line == 3
    assert "'Broken.ttf'" in error.message
    assert "cut short" in error.message
    assert "copy Broken.ttf again" in (error.hint or "")


@pytest.mark.parametrize("flavor", ["woff", "woff2"])
def test_a_web_font_is_neither_damaged_nor_empty(tmp_path: Path, flavor: str) -> None:
    """Its table offsets count in decompressed data (not "cut short"), and its characters
    are read though HarfBuzz cannot read compressed tables (the face stays on the site)."""
    from fontTools.ttLib import TTFont

    font = TTFont(GOOD)
    font.flavor = flavor
    web = tmp_path / f"NotoSerif-Regular.{flavor}"
    font.save(web)
    index = FontIndex(None)
    assert index.damage(web) is None
    assert index.coverage(web) == index.coverage(GOOD)
    assert len(index.coverage(web)) > 2000


def test_a_symbol_font_that_maps_no_unicode_is_not_damaged(tmp_path: Path) -> None:
    """Only a symbol subtable (3, 0), as old dingbat fonts have: whole, if of little use;
    the same font whose Unicode subtable is garbage is damaged."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    font = TTFont(GOOD)
    symbol = CmapSubtable.newSubtable(4)
    symbol.platformID, symbol.platEncID, symbol.language = 3, 0, 0
    symbol.cmap = {0xF041: font.getBestCmap()[ord("A")]}
    font["cmap"].tables = [symbol]
    path = tmp_path / "Symbol.ttf"
    font.save(path)
    assert FontIndex(None).damage(path) is None
    TTFont(GOOD).save(out := tmp_path / "Unicode.ttf")
    data = bytearray(out.read_bytes())
    entry = TTFont(out).reader.tables["cmap"]
    data[entry.offset + 12 : entry.offset + entry.length] = b"\xee" * (entry.length - 12)
    out.write_bytes(bytes(data))
    assert "cannot be read: it is damaged" in (FontIndex(None).damage(out) or "")
