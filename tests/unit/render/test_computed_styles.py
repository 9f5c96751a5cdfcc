"""The short path to computed values no declaration sets (render/computed_styles.py).

Pages that use what WeasyPrint's own path handles specially (logical
properties in both directions, math functions and custom properties in
inherited properties, ``inherit``/``initial``/``unset``, text decorations,
named pages, floats and positions) give the bytes WeasyPrint's path gives,
and the short path is taken for most values.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from policybrief.render import computed_styles
from policybrief.render.computed_styles import quick_computed_values

PAGES = {
    "logical properties, left to right": """<html lang="en"><body>
      <p style="margin-inline-start: 3em; padding-inline-end: 1em;
        border-inline-start: 2px solid red">one</p>
      <div style="inline-size: 50%; max-block-size: 4cm; inset-inline-start: 1em;
        position: relative">two</div></body></html>""",
    "logical properties, right to left": """<html lang="ar" dir="rtl"><body>
      <p style="margin-inline-start: 3em; padding-inline-end: 1em">نص عربي</p>
      <div dir="ltr" style="margin-inline-end: 2em">left to right inside</div></body></html>""",
    "math and custom properties inherited": """<html lang="en"><head><style>
      :root { --gap: 7pt } body { text-indent: calc(5% + var(--gap)); line-height: calc(1em + 4pt);
      letter-spacing: var(--gap); word-spacing: max(1pt, 2pt) }
      </style></head><body><section><p>an indented paragraph that wraps over more than
      one line of the page, so that its indent and spacing show</p><p><em>again</em></p>
      </section></body></html>""",
    "keywords and decorations": """<html lang="en"><head><style>
      p { color: inherit; border: initial; margin: unset; text-decoration: underline }
      span { text-decoration: line-through; display: inline-block; float: right }
      em { position: absolute; top: 1cm } div { all: initial }
      </style></head><body><p>a <span>struck</span> and <em>placed</em></p>
      <div>reset <b>bold</b></div></body></html>""",
    "named pages, margin boxes, footnotes": """<html lang="en"><head><style>
      @page { size: A6; margin: 2cm 1cm; @top-center { content: "Head " counter(page) }
        @bottom-right { content: counter(page) " of " counter(pages) } }
      @page :first { @top-center { content: none } } @page wide { size: A6 landscape }
      @page :nth(3) { margin-top: 3cm } .wide { page: wide } h2 { break-before: right }
      .note { float: footnote }
      </style></head><body><h1>Title</h1><p>x<span class="note">first note</span></p>
      <h2>Two</h2><div class="wide">wide page</div><h2>Three</h2><p>y<span class="note">n</span>
      </p><table><tr><th>a</th><td style="padding-inline-start: 1em">b</td></tr></table>
      <ol><li>item</li></ol></body></html>""",
}


def _render(page: str, quick: bool) -> bytes:
    with quick_computed_values() if quick else nullcontext():
        document = weasyprint.HTML(string=page).render(font_config=FontConfiguration())
        return document.write_pdf()


@pytest.mark.parametrize("name", PAGES)
def test_a_page_renders_as_with_weasyprints_own_path(name: str) -> None:
    assert _render(PAGES[name], quick=True) == _render(PAGES[name], quick=False)


@pytest.fixture
def counted() -> Iterator[list[str]]:
    """Every property WeasyPrint's own path computes, while the fixture lasts."""
    from weasyprint.css import ComputedStyle

    original = ComputedStyle.__dict__["__missing__"]
    keys: list[str] = []

    def counting(style: Any, key: str) -> Any:
        keys.append(key)
        return original(style, key)

    ComputedStyle.__missing__ = counting
    computed_styles._short_path.cache_clear()
    yield keys
    ComputedStyle.__missing__ = original
    computed_styles._short_path.cache_clear()


def test_most_values_take_the_short_path(counted: list[str]) -> None:
    page = PAGES["named pages, margin boxes, footnotes"]
    _render(page, quick=False)
    everything = len(counted)
    counted.clear()
    _render(page, quick=True)
    assert len(counted) < everything / 2


def test_a_declared_logical_property_takes_weasyprints_path(counted: list[str]) -> None:
    """The byte tests can fail: a physical side read without its logical property differs."""
    page = '<p dir="rtl" style="margin-inline-start: 30px">x</p>'
    with quick_computed_values():
        html = weasyprint.HTML(string=page)
        document = html.render(font_config=FontConfiguration())
    paragraph = document.pages[0]._page_box.children[0].children[0].children[0]
    assert paragraph.style["margin_right"].value == 30
    assert "margin_right" in counted  # WeasyPrint's own path computed it


def test_the_block_restores_weasyprint_and_does_nothing_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.css import ComputedStyle

    original = ComputedStyle.__dict__["__missing__"]
    with quick_computed_values():
        assert ComputedStyle.__dict__["__missing__"] is not original
    assert ComputedStyle.__dict__["__missing__"] is original
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with quick_computed_values():
        assert ComputedStyle.__dict__["__missing__"] is original
