"""A right-to-left brief prints the theme's English as English (the ``rtl-labels`` case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import DATA, copy_project, pages_text, run_build, run_tool
from tests.pdf_layout import pdf_pages

CASE = DATA / "cases" / "rtl-labels"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(CASE, tmp_path_factory.mktemp("rtl") / "project")
    run = run_build(root)
    assert run.code == 0, run.err
    return root / "output"


def _text(output: Path, slug: str) -> str:
    return " ".join(" ".join(pages_text(output / slug / f"{slug}.pdf")).split())


def test_estimates_dates_and_the_scale_read_left_to_right(output: Path) -> None:
    text = _text(output, "rtl-brief")
    assert "Very likely (80–95%)" in text  # was "(95%–80) Very likely"
    assert "4–5 December 2025" in text  # was "December 5–4 2025"
    assert "80–95%" in text  # the scale's band, was "95%–80"
    assert "95%–80" not in text
    assert "probability." in text  # the note's full stop at its end
    assert "Figure 1. Agenda, December 2025" in text  # was "Agenda, December 2025 Figure 1."
    assert "Source: News report (unattributed)" in text  # was "… Source:" at the line's end


@pytest.mark.parametrize("slug", ["rtl-brief", "rtl-one-pager"])
def test_the_boxes_headings_stay_inside_the_text_block(output: Path, slug: str) -> None:
    """The one-pager's "Bottom line" ran 11 mm past its box, into the right margin."""
    layout = run_tool("pdftotext", "-bbox", str(output / slug / f"{slug}.pdf"), "-")
    words = [line for line in layout.splitlines() if ">Bottom<" in line or ">line<" in line]
    assert words
    right_margin = 595.28 - 18 / 25.4 * 72  # A4 less the one-pager's 18 mm margin, in points
    for line in words:
        x_max = float(line.split('xMax="')[1].split('"')[0])
        assert x_max < right_margin - 10, line


def _x(layout: str, word: str) -> float:
    """Where ``word`` starts on the page, from ``pdftotext -bbox`` output."""
    line = next(ln for ln in layout.splitlines() if f">{word}<" in ln)
    return float(line.split('xMin="')[1].split('"')[0])


def test_arabic_and_hebrew_in_an_english_brief(tmp_path: Path) -> None:
    root = copy_project(DATA / "cases" / "rtl-in-ltr", tmp_path / "project")
    run = run_build(root)
    assert run.code == 0, run.err
    text = _text(root / "output", "rtl-in-ltr")
    assert "Table 1." in text
    assert ".Table 1" not in text
    assert "Rosoboronexport" in text  # whole: a right-to-left block is not hyphenated
    # An Arabic sentence naming two English names (more Latin letters than Arabic)
    # was set left to right: "Narendra Modi" came before "Vladimir Putin".
    pdf = root / "output" / "rtl-in-ltr" / "rtl-in-ltr.pdf"
    page = next(p for p in pdf_pages(pdf) if p.find("Narendra"))
    vladimir = page.find("Vladimir")[0]
    narendra = next(w for w in page.find("Narendra") if abs(w.y0 - vladimir.y0) < 2)
    assert narendra.x0 < vladimir.x0
    # A table written wholly in Arabic runs its columns right to left (its first
    # column, البلد, was on the left).
    table = run_tool("pdftotext", "-bbox", str(pdf), "-")
    # (pdftotext gives right-to-left words in visual order, their letters reversed)
    first, second = ("البلد"[::-1], "القيمة"[::-1])
    assert _x(table, first) > _x(table, second)


def test_english_headings_keep_to_the_right_edge_with_the_others(output: Path) -> None:
    # "Agenda" and "Key actors" were set at the left, every other heading at the right.
    pages = pdf_pages(output / "rtl-brief" / "rtl-brief.pdf")
    # The section's heading, on the chart's page: not the running head's "Agenda"
    # in the top margin, nor the contents' entry.
    page = next(p for p in pages if p.find("Figure"))
    heading = min((w for w in page.find("Agenda") if w.y0 > 78), key=lambda w: w.y0)
    line = next(w for p in pages for w in p.find("line") if w.y0 < p.height / 3)  # "Bottom line"
    assert abs(heading.x1 - line.x1) < 20  # both end at the right of the text block


def test_an_arabic_sentence_naming_english_names_reads_right_to_left(output: Path) -> None:
    # More Latin letters than Arabic ones: it was set left to right, so an Arabic
    # reader met "Narendra Modi" before "Vladimir Putin".
    page = next(p for p in pdf_pages(output / "rtl-brief" / "rtl-brief.pdf") if p.find("Narendra"))
    vladimir = next(w for w in page.find("Vladimir") if w.y0 > page.height / 2)
    narendra = next(w for w in page.find("Narendra") if abs(w.y0 - vladimir.y0) < 2)
    assert narendra.x0 < vladimir.x0  # right to left: the first name named is on the right


def test_text_direction_leans_to_a_right_to_left_page() -> None:
    from policybrief.content.languages import text_direction

    sentence = "يلتقي Vladimir Putin مع Narendra Modi في نيودلهي."
    assert text_direction(sentence, "rtl") == "rtl"
    # Words are counted, not letters (Latin names are long): on an English page too
    # the sentence reads right to left, a tie going to its first word's script.
    assert text_direction(sentence) == "rtl"
    assert text_direction("قال Emmanuel Macron إن فرنسا ستدعم الاتفاق") == "rtl"
    assert text_direction("محمد بن سلمان met Joe Biden in Jeddah") == "ltr"
    assert text_direction("The minister محمد بن سلمان said so") == "ltr"
    # Begun and ended in Arabic, quoting a long English title: Arabic.
    quoting = (
        "نشرت وزارة الخارجية تقرير The Future of India-Russia Strategic Partnership in a "
        "Multipolar World أمس."
    )
    assert text_direction(quoting) == "rtl"
    assert text_direction("OFFICIAL // سري // סודי") == "ltr"
    english = "The talks with the minister went on, القاهرة said, until late in the day."
    assert text_direction(english, "rtl") == "ltr"  # two to one and more: left to right


def test_a_citation_of_an_arabic_source_reads_in_the_brief_s_direction(tmp_path: Path) -> None:
    root = copy_project(DATA / "cases" / "bidi-citation", tmp_path / "project")
    run = run_build(root)
    assert run.code == 0, run.err
    text = _text(root / "output", "bidi-citation")
    assert "1. Ministry of Foreign Affairs, Egypt," in text  # the note
    assert "4 December 2025, p. 3." in text
    assert "1. Ministry of Foreign Affairs, Egypt. " in text  # the sources list's entry
    assert ". 4 December 2025." in text  # was ".4 December 2025" at the start of its line
