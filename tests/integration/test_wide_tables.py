"""Tables wider than the text block stay whole and on the page (the ``wide-tables`` case).

A 7-column table of figures sets in smaller type (in the one-pager across both
columns), a 14-column one on a landscape page of its own after which the brief
goes on upright (and no blank page follows when it ends the brief), and no
figure or short word breaks; the one-pager whose columns hold only key judgments and a
short agenda (which once made WeasyPrint lay out pages without end) builds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import DATA, REPO, copy_project, overlay_case, run_build, run_tool, write_files
from tests.integration.test_long_tokens import browser  # noqa: F401 (a fixture)
from tests.pdf_layout import PdfPage, pdf_pages, words_outside

CASE = DATA / "cases" / "wide-tables"
MM = 72 / 25.4
#: Side margins in mm: upright brief pages, landscape pages, the one-pager.
UPRIGHT, LANDSCAPE, ONE_PAGER = 27, 20, 18
FIGURES = ("1,234,567.89", "45,678,901.23", "67,890,123.45", "567,890,123.45", "+1,234.5", "−56.3")


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = overlay_case(CASE, tmp_path_factory.mktemp("wide") / "project")
    run = run_build(root, "--timeout", "600")
    assert run.code == 0, run.err
    return root / "output"


def _outside(page: PdfPage, margin: float) -> list[tuple[int, str]]:
    return [(page.number, w.text) for w in words_outside(page, margin)]


def test_a_table_too_wide_for_the_page_turns_it_and_the_next_page_is_upright(
    output: Path,
) -> None:
    pages = pdf_pages(output / "wide-tables" / "wide-tables.pdf")
    shapes = ["landscape" if p.width > p.height else "upright" for p in pages]
    assert shapes.count("landscape") == 1
    turned = shapes.index("landscape")
    assert 0 < turned < len(pages) - 1  # the brief goes on upright after it
    text = " ".join(w.text for w in pages[turned].words)
    assert "Table 2." in text
    assert "567,890,123.45" in text
    assert "Dec 2025" in text
    assert "Source:" in text  # its source line goes with it
    # The table ends its section: the next section goes on upright.
    assert "Background" in " ".join(w.text for w in pages[turned + 1].words)
    for page in pages:
        margin = LANDSCAPE if page.width > page.height else UPRIGHT
        assert _outside(page, margin) == []


def test_a_brief_that_ends_on_a_landscape_table_has_no_blank_page_after_it(
    output: Path,
) -> None:
    pages = pdf_pages(output / "ends-on-a-wide-table" / "ends-on-a-wide-table.pdf")
    assert [p.width > p.height for p in pages] == [False, True]


@pytest.mark.parametrize("slug", ["wide-tables", "wide-tables-one-pager"])
def test_figures_and_short_words_stay_whole(output: Path, slug: str) -> None:
    text = run_tool("pdftotext", "-raw", str(output / slug / f"{slug}.pdf"), "-")
    for figure in FIGURES:
        if slug == "wide-tables-one-pager" and figure == "567,890,123.45":
            continue  # the monthly table is not in the one-pager
        assert figure in text
    assert re.search(r"Crude oil and\s+petroleum\s+products", text), text
    assert "petrol\n" not in text
    assert "produ\n" not in text


def test_the_one_pager_runs_a_wide_table_across_both_columns(output: Path) -> None:
    (page,) = pdf_pages(output / "wide-tables-one-pager" / "wide-tables-one-pager.pdf")
    assert _outside(page, ONE_PAGER) == []
    label = page.find("Crude")[0]
    change = page.find("+1,234.5")[0]
    # From the left column's edge to the right column's: the table spans the page.
    assert label.x0 < page.width / 2 < change.x0
    assert change.x1 > page.width - ONE_PAGER * MM - 10 * MM
    # The key judgments and agenda above it are still set in two columns.
    judgments = page.find("Key")[0]
    agenda = page.find("Agenda")[0]
    assert agenda.x0 > page.width / 2 > judgments.x0
    assert agenda.y0 < label.y0


def test_a_one_pager_of_judgments_and_a_short_agenda_builds(tmp_path: Path) -> None:
    """The example's three key judgments and four agenda items in balanced columns:
    WeasyPrint 70 laid out pages without end while the dates were floats."""
    root = copy_project(REPO, tmp_path / "project")
    write_files(
        root,
        {
            "briefs/agenda-only.yaml": (
                "title: Agenda only\ndate: 2025-12-01\nstatus: final\ntemplate: one-pager\n"
                "summary: |\n  [[vladimir-putin]] visits New Delhi.\n"
                "key_judgments: [kj-defence-anchor, kj-agreements-beyond-defence, kj-hedging]\n"
                "sections:\n  - agenda: auto\n"
            )
        },
    )
    run = run_build(root, "--timeout", "60")
    assert run.code == 0, run.err
    pdf = root / "output" / "agenda-only" / "agenda-only.pdf"
    (page,) = pdf_pages(pdf)
    assert page.find("Agenda")
    assert _outside(page, ONE_PAGER) == []


def test_no_word_leaves_its_page_in_any_brief_of_the_case(output: Path) -> None:
    for slug in ("wide-more", "wide-more-one-pager", "ends-on-a-wide-table"):
        for page in pdf_pages(output / slug / f"{slug}.pdf"):
            if "one-pager" in slug:
                margin = ONE_PAGER
            else:
                margin = LANDSCAPE if page.width > page.height else UPRIGHT
            assert _outside(page, margin) == [], slug


def test_a_table_of_iso_dates_turns_and_keeps_every_column(output: Path) -> None:
    # Its last column was cut off: "2025-12-04" was measured as three short words.
    pages = pdf_pages(output / "wide-more" / "wide-more.pdf")
    holding = [p for p in pages if p.find("D10")]
    assert holding
    assert all(p.width > p.height for p in holding)
    text = run_tool("pdftotext", "-raw", str(output / "wide-more" / "wide-more.pdf"), "-")
    assert text.count("2025-12-04") == 10
    assert text.count("10-20-30-40") == 10
    # An identifier joined by hyphens before digits never breaks, and "&nbsp;" joins
    # a figure as a typed no-break space does: both were measured as short words.
    assert text.count("REF-2025-11-004521") == 8
    assert len(re.findall(r"98\s765\s432\s109", text)) == 8  # pdftotext gives a plain space


def test_bottom_lines_and_agenda_entries_never_turn(output: Path) -> None:
    pages = pdf_pages(output / "wide-more" / "wide-more.pdf")
    first = " ".join(w.text for w in pages[0].words)
    assert pages[0].width < pages[0].height
    assert "Trade grew:" in first
    assert "FY2023" in first
    assert "And oil led it." in first
    agenda = next(p for p in pages if "Trade talks" in " ".join(w.text for w in p.words))
    assert agenda.width < agenda.height
    assert agenda.find("Q5")  # the outcome's table, in smaller type, whole


def test_a_section_led_into_its_landscape_table_turns_with_its_heading(output: Path) -> None:
    pages = pdf_pages(output / "wide-more" / "wide-more.pdf")
    for heading, figure in (("Commerce", "A2021"), ("Trade", "FY2010")):
        holding = [p for p in pages if any(figure in w.text for w in p.words)]
        assert holding, figure
        assert all(p.width > p.height for p in holding)
        # The heading (and its lead-in) sit on the table's landscape page.
        assert holding[0].find(heading), heading
    # A long rest of the section goes on upright; a short one stays with its table.
    (page,) = [p for p in pages if p.find("throughout.")]
    assert page.width < page.height
    (page,) = [p for p in pages if p.find("domine.")]
    assert page.width > page.height
    # No upright page holds a section's heading with nothing after it.
    for page in pages:
        text = " ".join(w.text for w in page.words)
        assert not text.rstrip().endswith(("Identifiers", "The systems’ identifiers.")), text


def test_the_one_pager_sets_a_wide_bottom_line_across_the_page(output: Path) -> None:
    (page,) = pdf_pages(output / "wide-more-one-pager" / "wide-more-one-pager.pdf")
    table_row = page.find("FY2023")[0]
    closing = page.find("margin,")[0]
    assert closing.y0 > table_row.y0  # after the table, not beside it
    # The closing paragraph's line runs past the page's middle: one column, not two.
    line = [w for w in page.words if abs(w.y1 - closing.y1) < 1]
    assert min(w.x0 for w in line) < page.width / 3 < page.width * 2 / 3 < max(w.x1 for w in line)


@pytest.mark.parametrize("width", [390, 1280])
def test_no_brief_page_scrolls_sideways(output: Path, browser: Any, width: int) -> None:  # noqa: F811
    """On a phone a wide table scrolls inside its exhibit, or its outcome list, not the page."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    wide = {}
    for slug in ("wide-tables", "wide-more", "wide-tables-one-pager", "wide-more-one-pager"):
        page.goto((output / slug / "index.html").as_uri())
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[slug] = scroll
    page.close()
    assert not wide
