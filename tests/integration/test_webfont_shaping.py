"""A browser draws text with the site's WOFF2 subsets exactly as with the whole fonts:
Devanagari conjuncts, Arabic joining and Latin kerning included (Debian's Chromium).

Latin ligatures shape alike too (``tests/unit/render/test_webfonts.py``) but draw a
pixel apart in Chromium: FreeType hints the ligature glyph of a subset slightly
otherwise, with any subsetter (fontTools' did the same)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from policybrief.render.theme import PACKAGED_THEME, Theme
from policybrief.render.webfonts import _ALWAYS, subset_woff2
from tests.integration.test_site import CHROMIUM, CHROMIUM_ARGS, _require

#: Per font: text that needs its layout features (conjuncts, joining, lam-alef, ligatures).
SAMPLES = {
    "NotoSerifDevanagari-Regular.ttf": "क्षत्रिय श्रद्धा द्वार हिन्दी र्क",
    "NotoNaskhArabic-Regular.ttf": "بيت العربية لا سلام",
    "NotoSerif-Regular.ttf": "Hamburg AVA Wave, fjord",
}
ZWNJ = "\u200c"  # stops a conjunct or a join between the letters it separates

PAGE = """<!doctype html><meta charset="utf-8"><style>
@font-face {{ font-family: "T"; src: url(data:{mime};base64,{data}) format("{format}"); }}
body {{ margin: 0; background: #fff; }}
p {{ font: 48px/1.4 "T"; margin: 8px; white-space: nowrap; display: inline-block; }}
p.apart {{ font-kerning: none; }}
</style><p dir="auto" class="{style}">{text}</p>"""


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    _require(CHROMIUM.is_file(), f"{CHROMIUM} is not installed (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "playwright is not installed (pip install -e '.[test]')")
        raise
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser.new_page(viewport={"width": 1400, "height": 200})
        browser.close()


def _draw(page: Any, font: bytes, woff2: bool, text: str, apart: bool = False) -> bytes:
    """A screenshot of ``text`` set in ``font``; fails unless the browser loaded the font.

    ``apart``: every letter kept apart (no conjunct, join or kerning between them).
    """
    if apart:
        text = ZWNJ.join(text)
    mime, kind = ("font/woff2", "woff2") if woff2 else ("font/ttf", "truetype")
    data = base64.b64encode(font).decode()
    style = "apart" if apart else ""
    page.set_content(PAGE.format(mime=mime, data=data, format=kind, text=text, style=style))
    status = page.evaluate(
        "async () => { await document.fonts.ready; return [...document.fonts].map(f => f.status); }"
    )
    assert status == ["loaded"]  # a font the browser's sanitiser refused would be "error"
    shot: bytes = page.locator("p").screenshot()
    return shot


@pytest.mark.parametrize("name", SAMPLES)
def test_a_subset_shapes_and_draws_as_the_whole_font(page: Any, name: str) -> None:
    path = Theme.for_project(PACKAGED_THEME.parent).find(f"fonts/{name}")
    _require(path is not None, f"fonts/{name} is not installed (scripts/setup.sh)")
    assert path is not None
    text = SAMPLES[name]
    # As on the site, the subset holds printable Latin-1 too: FreeType's hinting in
    # the browser measures a script's standard letters (o, x, H), and draws a font
    # without them (a subset of "Hamburg" alone) a pixel apart from the whole font.
    subset = subset_woff2(path, frozenset(ord(c) for c in text + ZWNJ) | _ALWAYS)
    shaped = _draw(page, subset, True, text)
    assert shaped == _draw(page, path.read_bytes(), False, text)
    # The comparison can fail: the same letters kept apart draw otherwise.
    assert shaped != _draw(page, subset, True, text, apart=True)
