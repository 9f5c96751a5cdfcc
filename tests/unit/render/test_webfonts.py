"""The site's WOFF2 subsets: valid fonts holding exactly the characters asked for, with
every layout feature and name kept, the same bytes every time, and a cache key that
changes with the subsetting recipe."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont, TTLibError

from policybrief.render import webfonts
from policybrief.render.fontfiles import FontIndex
from policybrief.render.theme import PACKAGED_THEME, Theme
from policybrief.render.webfonts import WebFonts, subset_recipe, subset_woff2

FONTS = PACKAGED_THEME / "fonts"
SERIF = FONTS / "NotoSerif-Regular.ttf"
DEVANAGARI = FONTS / "NotoSerifDevanagari-Regular.ttf"
#: Latin with ligatures (fi, ffl), figures, and Devanagari conjuncts (क्ष, त्र, श्र).
TEXT = "Official figures 1234 fi ffl क्ष त्र श्र हिन्दी"
STYLESHEET = '@font-face { font-family: "S"; src: url(../fonts/NotoSerif-Regular.ttf); }\n'


def _points(text: str) -> frozenset[int]:
    return frozenset(ord(c) for c in text)


def _names(font: TTFont) -> set[tuple[int, int, int, int, bytes]]:
    return {(n.platformID, n.platEncID, n.langID, n.nameID, n.string) for n in font["name"].names}


def _features(font: TTFont, tag: str) -> set[str]:
    return {r.FeatureTag for r in font[tag].table.FeatureList.FeatureRecord}


@pytest.mark.parametrize(
    ("path", "shaping"),
    [(SERIF, {"liga", "kern", "frac", "smcp"}), (DEVANAGARI, {"akhn", "half", "pres", "blwm"})],
    ids=["latin", "devanagari"],
)
def test_a_subset_is_a_woff2_font_with_exactly_the_characters_asked_that_it_has(
    path: Path, shaping: set[str]
) -> None:
    asked = _points(TEXT) | {0x4E2D}  # a Han character neither font has
    source = TTFont(path)
    has = asked & set(source.getBestCmap())
    font = TTFont(io.BytesIO(subset_woff2(path, asked)))
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == has
    assert len(font.getGlyphOrder()) < len(source.getGlyphOrder())
    # Every feature is kept but those left with nothing to do for these characters
    # (a browser shapes with the subset as with the font), so is every name record
    # (the copyright and the licence among them) and the hinting.
    features = _features(font, "GSUB") | _features(font, "GPOS")
    assert shaping <= features <= _features(source, "GSUB") | _features(source, "GPOS")
    assert _names(font) == _names(source)
    assert {"fpgm", "prep", "cvt "} <= set(font.keys())
    # Each character's glyph draws as in the font, and so does the .notdef.
    glyf, whole = font["glyf"], source["glyf"]
    for point, name in font.getBestCmap().items():
        theirs = whole[source.getBestCmap()[point]]
        assert glyf[name].numberOfContours == theirs.numberOfContours, chr(point)
        assert font["hmtx"][name] == source["hmtx"][source.getBestCmap()[point]]
    assert glyf[".notdef"].numberOfContours > 0


def test_conjuncts_and_ligatures_keep_the_glyphs_they_substitute() -> None:
    font = TTFont(io.BytesIO(subset_woff2(DEVANAGARI, _points("क्ष"))))
    mapped = set(font.getBestCmap().values())
    # क, ्, ष and the conjunct glyph the font's GSUB makes of them (at least one more).
    assert len(set(font.getGlyphOrder()) - mapped - {".notdef"}) >= 1
    lookups = font["GSUB"].table.LookupList.Lookup
    assert any(lookup.SubTable for lookup in lookups)


def _shaped(font: bytes, text: str) -> list[tuple[int, int, int, int, str]]:
    """How HarfBuzz sets ``text`` in ``font``: per glyph its cluster, advance, offsets, outline."""
    import uharfbuzz as hb

    loaded = TTFont(io.BytesIO(font))
    loaded.flavor = None  # HarfBuzz reads no WOFF2
    sfnt = io.BytesIO()
    loaded.save(sfnt)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(hb.Font(hb.Face(hb.Blob(sfnt.getvalue()), 0)), buffer)
    glyf, order = loaded["glyf"], loaded.getGlyphOrder()
    return [
        (
            info.cluster,
            pos.x_advance,
            pos.x_offset,
            pos.y_offset,
            _outline(glyf, order[info.codepoint]),
        )
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    ]


def _outline(glyf: Any, name: str) -> str:
    glyph = glyf[name]
    if glyph.isComposite():
        return f"composite of {len(glyph.components)}"
    return repr(list(glyph.getCoordinates(glyf)[0])) if glyph.numberOfContours else "blank"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (SERIF, "office affluent AVA Wave 1/2"),
        (DEVANAGARI, "क्षत्रिय श्रद्धा द्वार हिन्दी र्क"),
        (FONTS / "NotoSansDevanagari-Bold.ttf", "क्षत्रिय श्रद्धा"),
    ],
    ids=["latin", "devanagari", "devanagari-sans"],
)
def test_a_subset_shapes_every_text_of_its_characters_as_the_whole_font(
    path: Path, text: str
) -> None:
    subset = subset_woff2(path, _points(text))
    whole = path.read_bytes()
    assert _shaped(subset, text) == _shaped(whole, text)
    # Ligatures and conjuncts are there to compare: fewer glyphs than characters.
    assert len(_shaped(subset, text)) < len(text)


def test_the_same_font_and_characters_give_the_same_bytes_in_another_process() -> None:
    points = _points(TEXT)
    first = subset_woff2(DEVANAGARI, points)
    assert subset_woff2(DEVANAGARI, points) == first
    script = (
        "import sys; from pathlib import Path; "
        "from policybrief.render.webfonts import subset_woff2; "
        f"sys.stdout.buffer.write(subset_woff2(Path({str(DEVANAGARI)!r}), "
        f"frozenset({sorted(points)!r})))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, check=True
    ).stdout
    assert other == first
    assert subset_woff2(DEVANAGARI, points | {ord("ग")}) != first


def test_a_file_that_is_not_a_font_is_an_error_and_a_missing_one_os_error(
    tmp_path: Path,
) -> None:
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all, only some bytes" * 20)
    with pytest.raises(TTLibError, match=r"junk\.ttf: not a font"):
        subset_woff2(junk, _points("abc"))
    with pytest.raises(FileNotFoundError):
        subset_woff2(tmp_path / "gone.ttf", _points("abc"))


def test_the_recipe_names_the_libraries_that_make_the_bytes() -> None:
    import brotli
    import fontTools
    import uharfbuzz

    recipe = subset_recipe()
    assert webfonts._RECIPE in recipe
    assert uharfbuzz.version_string() in recipe
    assert fontTools.version in recipe
    assert f"brotli {brotli.__version__}" in recipe


@pytest.fixture
def recipe() -> Iterator[None]:
    """Restore the subsetting recipe (and its cached value) after a test changes it."""
    kept = webfonts._RECIPE
    subset_recipe.cache_clear()
    yield
    webfonts._RECIPE = kept
    subset_recipe.cache_clear()


def _site_fonts(tmp_path: Path, cache: Path) -> dict[str, bytes]:
    web = WebFonts(Theme.for_project(tmp_path), _points(TEXT), FontIndex(None), cache)
    web.stylesheet("css/fonts.css", STYLESHEET)
    return web.files


def test_a_subset_is_kept_and_reused_only_under_its_own_recipe(
    tmp_path: Path, recipe: None
) -> None:
    cache = tmp_path / "webfonts"
    first = _site_fonts(tmp_path, cache)
    ((name, data),) = first.items()
    (kept,) = cache.iterdir()
    assert kept.read_bytes() == data
    # The cache is what the next build reads: a changed file there is served...
    kept.write_bytes(b"stale")
    assert _site_fonts(tmp_path, cache) == {name: b"stale"}
    # ...but never once the recipe changes: a new key, a new name, a new subset.
    webfonts._RECIPE += " (changed)"
    subset_recipe.cache_clear()
    again = _site_fonts(tmp_path, cache)
    assert list(again) != [name]
    assert list(again.values()) == [data]
    assert len(list(cache.iterdir())) == 2


def test_brotli_at_the_recipes_quality_is_the_only_difference_and_is_put_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import brotli
    from fontTools.ttLib import woff2

    from policybrief.render import patching

    assert webfonts.BROTLI_QUALITY == 6
    assert "brotli 6" in subset_recipe()
    data = subset_woff2(SERIF, _points(TEXT))
    assert woff2.brotli is brotli  # replaced only for the call
    with monkeypatch.context() as patched:  # fontTools' own Brotli, at 11
        patched.setattr(patching, "replaced", lambda *swaps: nullcontext())
        own = subset_woff2(SERIF, _points(TEXT))
    assert own != data
    _assert_same_font(data, own)
    monkeypatch.setattr(webfonts, "BROTLI_QUALITY", 11)
    assert subset_woff2(SERIF, _points(TEXT)) == own  # nothing but the quality differs


def test_glyphs_are_stored_untransformed_and_decode_as_the_transformed_ones() -> None:
    data = subset_woff2(SERIF, _points(TEXT))
    tables = TTFont(io.BytesIO(data)).reader.tables
    assert (tables["glyf"].transformVersion, tables["loca"].transformVersion) == (3, 3)  # null
    font = TTFont(io.BytesIO(data))
    font.flavorData = None  # fontTools' defaults: the glyph transform, Brotli at 11
    out = io.BytesIO()
    font.save(out)
    transformed = out.getvalue()
    assert TTFont(io.BytesIO(transformed)).reader.tables["glyf"].transformVersion == 0
    _assert_same_font(data, transformed)
    assert len(data) < 1.35 * len(transformed)  # the price of the CPU saved, bounded


def _assert_same_font(one: bytes, other: bytes) -> None:
    ours, theirs = TTFont(io.BytesIO(one)), TTFont(io.BytesIO(other))
    assert sorted(ours.keys()) == sorted(theirs.keys())
    for tag in ours.keys():
        if tag == "head":  # its checksum adjustment covers the whole font: compare the rest
            assert ours["head"].__dict__.keys() == theirs["head"].__dict__.keys()
            ours["head"].checkSumAdjustment = theirs["head"].checkSumAdjustment = 0
            assert ours["head"].compile(ours) == theirs["head"].compile(theirs)
        elif tag in ("glyf", "loca"):  # the transform re-pads the glyphs: compare each
            if tag == "glyf":
                assert ours.getGlyphOrder() == theirs.getGlyphOrder()
                for name in ours.getGlyphOrder():
                    one, other = ours["glyf"][name], theirs["glyf"][name]
                    one.expand(ours["glyf"])
                    other.expand(theirs["glyf"])
                    assert one == other, name
        elif tag != "GlyphOrder":
            assert ours.getTableData(tag) == theirs.getTableData(tag), tag


def test_the_site_s_characters_include_the_capitals_the_theme_sets(make_project) -> None:
    """A Cyrillic marking and organisation, set in capitals by the stylesheets, were
    drawn in the reader's fallback font: the subsets had only the letters as typed."""
    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.errors import Diagnostics

    root = make_project(
        {"policybrief.yaml": "organisation: Отдел анализа\nmarking: ΕΜΠΙΣΤΕΥΤΙΚΟ łódź\n"}
    )
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    points = webfonts.site_characters(corpus, Theme.for_project(root))
    assert {ord(c) for c in "ОТДЕЛАНИЗŁÓŹ"} <= points
