"""Exhibits in the built outputs: numbered, captioned and sourced, in the PDF and on the page.

``tests/data/exhibits`` (over the valid project) is a brief with three captioned
tables (one numeric, one wide, one long enough to break across a page), two
titled images (PNG and SVG) with source lines, and an agenda of twelve items
with long titles in five scripts. The PDF is read with pdftotext (text per
page, in reading order) and pypdf; the web page with an HTML parser.
"""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from policybrief.render.chart import CHAR_WIDTH
from tests.helpers import DATA, make_project_at, pages_text, run_tool
from tests.helpers import run_build as build
from tests.unit.render.test_html import Element, parse

pytestmark = pytest.mark.usefixtures("module_plain_environment")

SVG = "{http://www.w3.org/2000/svg}"
TITLES = {
    "Table 1.": "Trade between Alpha and Beta, 2019–2024 (USD billion)",
    "Table 2.": "Programmes before the commission, with their value and status",
    "Table 3.": "Meetings of the working groups, 2015–2025",
    "Figure 1.": "The Alpha region and its capital",
    "Figure 2.": "Imports from Beta by year, 2019–2024",
    "Figure 3.": "Agenda, September 2025 to February 2026",
}


@dataclass(frozen=True)
class Built:
    root: Path

    @property
    def pdf(self) -> Path:
        return self.root / "output" / "exhibits" / "exhibits.pdf"

    @property
    def page(self) -> Element:
        return parse((self.root / "output" / "exhibits" / "index.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_project_at(tmp_path_factory.mktemp("exhibits") / "project")
    shutil.copytree(DATA / "exhibits", root, dirs_exist_ok=True)
    run = build(root, "exhibits")
    assert run.code == 0, run.err
    return Built(root)


def one_line(text: str) -> str:
    return " ".join(text.split())


# the PDF


def test_every_caption_prints_in_order_with_its_title(built: Built) -> None:
    text = one_line(" ".join(pages_text(built.pdf)))
    places = []
    for label, title in TITLES.items():
        assert f"{label} {title}" in text, label
        places.append(text.index(f"{label} {title}"))
    tables, figures = places[:3], places[3:]
    assert tables == sorted(tables)
    assert figures == sorted(figures)


def test_source_lines_print_under_their_exhibits(built: Built) -> None:
    text = one_line(" ".join(pages_text(built.pdf)))
    # Table 1's source line, with the citation in full rather than as a note number.
    table_1 = text.index("Table 1.")
    source = text.index("Source: Alpha customs statistics Alpha Government, Official gazette")
    assert table_1 < source < text.index("Table 2.")
    assert "Source: minutes of the working groups." in text
    assert "Source: Alpha survey office." in text
    # The agenda chart names the sources its items list.
    chart = text.index("Figure 3.")
    assert text.index("Sources: News report (unattributed), A news report", chart) > chart


def test_a_long_table_breaks_with_two_rows_or_more_on_each_page_and_its_header(
    built: Built,
) -> None:
    pages = pages_text(built.pdf)
    rows = re.compile(r"^\s*(20\d\d-\d\d-\d\d)\s", re.MULTILINE)
    holding = [(n, rows.findall(p)) for n, p in enumerate(pages) if rows.search(p)]
    assert len(holding) >= 2, "the long table was meant to break across a page"
    assert sum(len(found) for _n, found in holding) == 20
    for n, found in holding:
        assert len(found) >= 2, f"page {n + 1} holds a single row of Table 3"
        assert "Working group" in pages[n]  # the header repeats


def test_a_short_table_stays_on_one_page(built: Built) -> None:
    pages = pages_text(built.pdf)
    (page,) = [p for p in pages if "Table 2." in p]
    for programme in ("Transport", "Tank upgrades", "Sources: Alpha Government"):
        assert programme in page


def test_numbers_are_right_aligned_in_print(built: Built) -> None:
    """The figures of a numeric column end at one x (pdftotext -bbox: each word's box)."""
    boxes = run_tool("pdftotext", "-bbox", "-f", "1", "-l", "1", str(built.pdf), "-")
    words = {
        html.unescape(m.group(2)): float(m.group(1))
        for m in re.finditer(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', boxes
        )
    }
    for column in (
        ["7.1", "6.9", "9.9", "32.8", "61.4", "65.7"],
        ["−2.8%", "+43.5%", "+231%", "+87%", "+7.0%", "–"],
    ):
        ends = [words[w] for w in column]
        assert max(ends) - min(ends) < 0.5, dict(zip(column, ends, strict=True))


# the web page


def exhibits(page: Element) -> list[Element]:
    return [f for f in page.find_all("figure") if "exhibit" in f.attrs.get("class", "").split()]


def words(el: Element | str) -> str:
    if isinstance(el, str):
        return el
    return "".join(words(c) for c in el.children)


def test_exhibits_are_figures_with_the_caption_first_numbered_in_order(built: Built) -> None:
    found = exhibits(built.page)
    captions = []
    for figure in found:
        first = next(c for c in figure.children if isinstance(c, Element))
        assert first.tag == "figcaption"
        captions.append(one_line(words(first)))
    assert captions == [f"{label} {title}" for label, title in TITLES.items()]


def test_sources_are_inside_their_figures(built: Built) -> None:
    sources = {}
    for figure in exhibits(built.page):
        label = one_line(words(figure.find("figcaption")))[:9].strip()
        lines = figure.find_all("p", "exhibit-source")
        sources[label] = one_line(words(lines[0])) if lines else None
    assert sources["Table 1."] is not None
    assert sources["Table 1."].startswith("Source: Alpha customs statistics")
    assert sources["Table 2."] is not None
    assert sources["Table 2."].startswith("Sources: Alpha Government")
    assert sources["Figure 1."] == "Source: Alpha survey office."
    assert sources["Figure 3."] is not None
    assert sources["Figure 3."].startswith("Sources: News report")


def test_numeric_columns_are_right_aligned_and_the_stub_is_not(built: Built) -> None:
    table_1 = exhibits(built.page)[0].find("table")
    head = [th.attrs.get("align") for th in table_1.find("thead").find_all("th")]
    assert head == [None, "right", "right", "right", "right"]
    table_2 = exhibits(built.page)[1].find("table")
    head = [th.attrs.get("align") for th in table_2.find("thead").find_all("th")]
    # Started, Value and Share are numbers ("n/a" and "–" count as empty); the rest words.
    assert head == [None, None, "right", "right", "right", None, None]


def test_the_download_link_gives_the_pdfs_page_count(built: Built) -> None:
    pages = len(pypdf.PdfReader(built.pdf).pages)
    (link,) = built.page.find_all("a", "download")
    assert link.attrs["href"] == "exhibits.pdf"
    assert link.attrs["type"] == "application/pdf"
    assert one_line(words(link)) == f"Download PDF ({pages} pages)"
    # By the title, in the title block.
    (block,) = built.page.find_all("header", "title-block")
    assert block.find_all("a", "download")


def test_the_page_has_the_sites_header_with_search_and_footer(built: Built) -> None:
    page = built.page
    (nav,) = page.find_all("nav", "site-nav")
    labels = [one_line(words(a)) for a in nav.find_all("a")]
    assert labels == ["Briefs", "Timeline", "Actors", "Tags"]
    assert [a.attrs["href"] for a in nav.find_all("a")][-1] == "../tags/index.html"
    (search,) = page.find_all("form", "site-search")
    assert search.attrs["action"] == "../index.html"
    assert page.find_all("footer", "site-footer")
    site_index = (built.root / "output" / "index.html").read_text("utf-8")
    assert 'class="site-header"' in site_index  # the same header as the site's pages


# the chart


def chart(built: Built) -> ET.Element:
    html = (built.root / "output" / "exhibits" / "index.html").read_text("utf-8")
    m = re.search(r"<svg [^>]*class=\"timeline-chart\".*?</svg>", html, re.DOTALL)
    assert m is not None
    return ET.fromstring(m.group(0))


def test_the_chart_cuts_no_label_and_keeps_its_legend_inside_the_frame(built: Built) -> None:
    svg = chart(built)
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    assert not any("…" in t or "..." in t for t in texts)
    _x, _y, width, height = (float(v) for v in svg.get("viewBox", "").split())
    for t in svg.iter(f"{SVG}text"):
        if t.get("text-anchor") in (None, "start"):
            assert float(t.get("x", 0)) + len(t.text or "") * CHAR_WIDTH <= width, t.text
        assert float(t.get("y", 0)) <= height
    # Twelve numbered rows keyed to the twelve numbered items of the list below.
    numbers = [t.text for t in svg.iter(f"{SVG}text") if t.get("font-weight") == "700"]
    assert numbers == [str(n) for n in range(1, 13)]
    keys = [one_line(words(k)) for k in built.page.find_all("span", "agenda-key")]
    assert keys == numbers


def test_the_agenda_list_carries_every_title_whole_in_its_script(built: Built) -> None:
    headings = [one_line(words(h)) for h in built.page.find("ol", "timeline").find_all("h3")]
    assert len(headings) == 12
    assert any(h.startswith("اجتماع وزراء الخارجية") for h in headings)
    assert any("महामंत्रियों" in h or h.startswith("रक्षा मंत्रियों") for h in headings)
    text = one_line(" ".join(pages_text(built.pdf)))
    assert (
        "Visit of the naval squadron to the eastern port for joint exercises and a port call"
        in (text)
    )


def test_no_download_link_without_a_pdf_and_no_placeholder_left(
    built: Built, tmp_path: Path
) -> None:
    assert "pdf-pages-" not in (built.root / "output" / "exhibits" / "index.html").read_text()
    root = make_project_at(tmp_path / "project")
    run = build(root, "--outputs", "html")
    assert run.code == 0, run.err
    page = parse((root / "output" / "test-brief" / "index.html").read_text("utf-8"))
    assert page.find_all("a", "download") == []
    assert page.find_all("nav", "site-nav")  # the site's header all the same
