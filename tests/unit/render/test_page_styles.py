"""Page styles computed once per set of matching @page rules (render/page_styles.py).

Pages whose @page rules differ by side, first page, blank page, name, page
group and index (``:nth()``) give the bytes WeasyPrint gives when it computes
every page's styles afresh, and pages that match the same rules share them.
"""

from __future__ import annotations

from contextlib import nullcontext

import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from policybrief.render.page_styles import shared_page_styles

RULES = """
@page { size: A6; margin: 2cm 1.5cm; @top-center { content: string(title) }
  @bottom-center { content: counter(page) " / " counter(pages) } }
@page :first { margin-top: 3cm; @top-center { content: none } }
@page :left { @bottom-left { content: "left " counter(page) } }
@page :right { @bottom-right { content: "right " counter(page) } }
@page :blank { @bottom-center { content: "intentionally blank" } }
@page :nth(4) { background: #eee }
@page annex { size: A6 landscape; @top-left { content: "Annex" } }
@page annex:nth(1 of annex) { @top-left { content: "Annex, first page" } }
h1 { string-set: title content() } h2 { break-before: right }
.annex { page: annex } .note { float: footnote }
"""
BODY = "".join(
    f"<h2>Part {n}</h2>" + "<p>Words of the part that fill a page. " * 30 + "</p>" for n in range(4)
)
PAGE = f"""<html lang="en"><head><style>{RULES}</style></head><body><h1>The title</h1>
<p>Opening<span class="note">a note</span></p>{BODY}
<div class="annex"><p>annex one</p><p style="break-before: page">annex two</p></div>
<p>after the annex</p></body></html>"""


def _render(page: str, shared: bool) -> tuple[bytes, int, int]:
    """The PDF, its page count and how many page styles were computed."""
    with shared_page_styles() if shared else nullcontext():
        document = weasyprint.HTML(string=page).render(font_config=FontConfiguration())
    styles = {
        id(page.style) for page in (p._page_box for p in document.pages)
    }  # one per distinct set of page rules when shared
    return document.write_pdf(), len(document.pages), len(styles)


@pytest.mark.parametrize(
    "page",
    [PAGE, PAGE.replace('lang="en"', 'lang="ar" dir="rtl"'), "<p>one page, no rules</p>"],
)
def test_pages_render_as_when_each_page_computes_its_styles(page: str) -> None:
    assert _render(page, shared=True)[0] == _render(page, shared=False)[0]


VIEWPORT = "<style>@page { size: A6; margin: 10vw } @page :left { padding: 2vh }</style>" + (
    "<p>Words of text filling pages. </p>" * 60
)


@pytest.mark.parametrize(
    "page",
    [
        VIEWPORT,
        VIEWPORT.replace("10vw", "calc(5mm + 3vmin)"),
        VIEWPORT.replace("10vw", "var(--m)").replace("<style>", "<style>:root { --m: 4vmax }"),
        "<style>@page { size: A6; font-size: 3vw; margin: 2em }</style>" + "<p>Text. </p>" * 80,
    ],
)
def test_viewport_units_of_the_first_page_are_not_shared(page: str) -> None:
    """WeasyPrint resolves the first page's vw against A4 (the page size is not set yet)
    and later pages' against the real size: the first page's styles cannot stand for
    theirs. (Found by a differential trial: margins 79 px on every page instead of 24.)"""
    assert _render(page, shared=True)[0] == _render(page, shared=False)[0]


def test_pages_that_match_the_same_rules_share_their_styles() -> None:
    _, pages, separate = _render(PAGE, shared=False)
    _, same_pages, shared = _render(PAGE, shared=True)
    assert same_pages == pages == separate  # WeasyPrint: one style per page
    # first, left, right, blank, the fourth page, annex first and annex right/left
    assert 5 <= shared < pages - 3


def test_the_block_restores_weasyprint_and_does_nothing_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import weasyprint.layout.page

    original = weasyprint.layout.page.set_page_type_computed_styles
    with shared_page_styles():
        assert weasyprint.layout.page.set_page_type_computed_styles is not original
    assert weasyprint.layout.page.set_page_type_computed_styles is original
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with shared_page_styles():
        assert weasyprint.layout.page.set_page_type_computed_styles is original
