"""WeasyPrint's user-agent sheets cut to what a page can use (render/agent_sheets.py).

The scan finds every rule that can make an element a list item, a footnote or
a note; a page rendered with the cut sheets gives the bytes WeasyPrint's own
sheets give, including pages whose list items and footnotes come from places
the theme does not use (an imported sheet, a <style>, a style attribute).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from policybrief.render import agent_sheets
from policybrief.render.agent_sheets import Scopes, Unscannable, page_class, scan
from policybrief.render.fetcher import ConfinedFetcher
from policybrief.render.theme import Theme
from tests.helpers import write_files

# --- the scan ----------------------------------------------------------------


def test_the_scan_finds_what_makes_list_items_footnotes_and_notes() -> None:
    css = """
    li { display: list-item }
    .a, .b > p { float: footnote; color: red }
    .c { position: note(side) }
    .d { float: left; display: block; position: running(head) }
    """
    assert scan([css]) == Scopes(("li",), (".a", ".b > p"), (".c",))


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        (".x { display: inline list-item }", Scopes((".x",), (), ())),
        (".x { float: var(--where) }", Scopes((), (".x",), ())),
        (".x { position: inherit }", Scopes((), (), (".x",))),
        (".x { all: unset }", Scopes((".x",), (".x",), (".x",))),
        (".x { all: initial; float: none }", Scopes((), (), ())),
        ("@media print { @supports (x: y) { .x { float: footnote } } }", Scopes((), (".x",), ())),
        (".x:::bad { float: footnote }", Scopes((), (), ())),  # WeasyPrint drops it too
    ],
)
def test_the_scan_takes_values_it_cannot_know_as_possible(css: str, expected: Scopes) -> None:
    assert scan([css]) == expected


def test_style_attributes_join_every_scope() -> None:
    assert scan(["li { display: list-item }"], style_attributes=True) == Scopes(
        ("li", "[style]"), ("[style]",), ("[style]",)
    )


@pytest.mark.parametrize(
    "css",
    [
        ".x { color: red; .y { float: footnote } }",
        ".x::before { display: list-item }",
    ],
)
def test_what_the_scan_cannot_follow_is_refused(css: str) -> None:
    with pytest.raises(Unscannable):
        scan([css])


def test_the_agent_sheet_scopes_the_bare_pseudo_element_rules() -> None:
    sheet = agent_sheets._agent_sheet(Scopes(("li",), (".footnote",), ()))
    plain = weasyprint.CSS(string=weasyprint.html.UA)
    # The six rules no longer wait on every element (the matcher's unindexed list):
    # each is filed under its tag or class, or gone.
    assert len(sheet.matcher.other_selectors) == len(plain.matcher.other_selectors) - 6
    assert sheet.matcher.class_selectors.keys() == {"footnote"}


# --- pages rendered both ways -----------------------------------------------

LIST_ITEMS = """.item { display: list-item; list-style-type: lower-alpha; text-transform: uppercase;
  margin-left: 2em }"""
THEME_PRINT = """@import url(more.css);
.footnote { float: footnote }
.footnote::footnote-call { color: blue }
@page { size: A6; margin: 1cm; }
"""
BODY = """<p>Text<span class="footnote">a note</span> and<span class="other">another</span>.</p>
<ol><li>one</li><li>two</li></ol>
<div class="item">an item</div><div style="display: list-item">styled</div>
<table><tr><td align="absmiddle">cell</td><td>x</td></tr></table>
<ol type="A"><li>typed</li></ol>"""


def _render(folder: Path, content: Path, page: str, cut: bool) -> tuple[bytes, type]:
    fetcher = ConfinedFetcher(Theme((folder,)), content)
    base = folder.as_uri() + "/"
    cls = page_class(page, base, fetcher) if cut else weasyprint.HTML
    html = cls(string=page, base_url=base, url_fetcher=fetcher)
    document = html.render(font_config=FontConfiguration(), presentational_hints=True)
    return document.write_pdf(), cls


@pytest.mark.parametrize(
    "head",
    [
        "<style>.other { float: footnote }</style>",
        "<style>.other { float: footnote; font-size: 20pt }</style>",
        "",
    ],
)
def test_a_page_renders_as_with_weasyprints_own_sheets(tmp_path: Path, head: str) -> None:
    folder, content = tmp_path / "templates", tmp_path / "content"
    write_files(folder, {"css/print.css": THEME_PRINT, "css/more.css": LIST_ITEMS})
    content.mkdir()
    page = (
        f'<html lang="en"><head><link rel="stylesheet" href="css/print.css">{head}</head>'
        f"<body>{BODY}</body></html>"
    )
    expected, _ = _render(folder, content, page, cut=False)
    pdf, cls = _render(folder, content, page, cut=True)
    assert cls is not weasyprint.HTML  # the cut sheets were used
    assert pdf == expected


def test_the_list_items_marker_keeps_its_agent_style(tmp_path: Path) -> None:
    """The byte test can fail: without the imported sheet's scope, the marker changes."""
    folder, content = tmp_path / "templates", tmp_path / "content"
    write_files(folder, {"css/print.css": THEME_PRINT, "css/more.css": LIST_ITEMS})
    content.mkdir()
    page = (
        '<html><head><link rel="stylesheet" href="css/print.css"></head>'
        '<body><div class="item">an item</div></body></html>'
    )
    expected, _ = _render(folder, content, page, cut=False)
    base = folder.as_uri() + "/"
    unscoped = agent_sheets._agent_sheet(Scopes(("li",), (".footnote",), ()))

    class Missed(weasyprint.HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[object]:
            return [unscoped]

    fetcher = ConfinedFetcher(Theme((folder,)), content)
    html = Missed(string=page, base_url=base, url_fetcher=fetcher)
    missed = html.render(font_config=FontConfiguration(), presentational_hints=True).write_pdf()
    assert missed != expected
    assert _render(folder, content, page, cut=True)[0] == expected


def test_an_unreadable_stylesheet_leaves_weasyprints_sheets(tmp_path: Path) -> None:
    folder, content = tmp_path / "templates", tmp_path / "content"
    write_files(folder, {"css/print.css": "@import url(http://example.com/x.css);"})
    content.mkdir()
    fetcher = ConfinedFetcher(Theme((folder,)), content)
    page = '<html><head><link rel="stylesheet" href="css/print.css"></head><body></body></html>'
    assert page_class(page, folder.as_uri() + "/", fetcher) is weasyprint.HTML
    assert fetcher.refused == []  # the render is refused it again, and reports it


def test_a_page_with_its_own_base_url_leaves_weasyprints_sheets(tmp_path: Path) -> None:
    folder, content = tmp_path / "templates", tmp_path / "content"
    write_files(folder, {"css/print.css": "p { color: red }"})
    content.mkdir()
    fetcher = ConfinedFetcher(Theme((folder,)), content)
    page = (
        '<html><head><base href="elsewhere/"><link rel="stylesheet" href="css/print.css">'
        "</head><body></body></html>"
    )
    assert page_class(page, folder.as_uri() + "/", fetcher) is weasyprint.HTML
