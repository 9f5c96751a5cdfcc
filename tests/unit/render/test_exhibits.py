"""Tables as numbered exhibits, source lines, and numeric columns (render/exhibits.py).

A paragraph ``Table: Title`` right before a table captions it; a paragraph
``Source: …`` right after a table or a figure sources it. Every table of a
block text is numbered "Table N." in reading order; a column of quantities is
right-aligned.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from policybrief.content.corpus import Corpus
from policybrief.content.exhibits import captions_without_table
from policybrief.render.markdown import BriefMarkdown, NoteSequence
from tests.helpers import VALID, load_corpus
from tests.unit.render.test_markdown import render_in


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return dataclasses.replace(load_corpus(VALID), assets=frozenset({"assets/map.png"}))


@pytest.fixture
def md(corpus: Corpus) -> BriefMarkdown:
    return BriefMarkdown(
        corpus,
        note_style="endnotes",
        notes=NoteSequence(),
        link_href=lambda id_: f"#source-{id_[7:]}" if id_.startswith("source:") else None,
        image_url=lambda src: "../media/" + src.removeprefix("assets/"),
    )


TABLE = "| Year | Value |\n| --- | --- |\n| 2020 | 6.9 |\n| 2021 | 9.9 |\n"


def captions(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<figcaption>(.*?)</figcaption>", html)]


@pytest.mark.parametrize(
    "text",
    [
        f"Table: Trade, 2020–2021\n\n{TABLE}",  # a blank line between
        f"Table: Trade, 2020–2021\n{TABLE}",  # none
        f"Intro.\n\nTable: Trade, 2020–2021\n{TABLE}\nAfter.",  # between paragraphs
        f"- Item\n\nTable: Trade, 2020–2021\n\n{TABLE}",  # after a list
    ],
)
def test_a_caption_line_titles_the_table_after_it(md: BriefMarkdown, text: str) -> None:
    html = str(md.render(text))
    assert captions(html) == ["Table 1. Trade, 2020–2021"]
    assert "Table:" not in html
    assert re.search(r'<figure class="exhibit exhibit-table[^"]*"><figcaption>', html)
    assert html.index("<figcaption>") < html.index("<table>")


def test_tables_are_numbered_across_the_texts_of_a_brief(md: BriefMarkdown) -> None:
    first = str(md.render(f"{TABLE}\nTable: Second\n\n{TABLE}"))
    second = str(md.render(f"Table: Third\n\n{TABLE}"))
    assert captions(first) == ["Table 1.", "Table 2. Second"]
    assert captions(second) == ["Table 3. Third"]


def test_a_caption_keeps_its_inline_markup(md: BriefMarkdown) -> None:
    html = str(md.render(f"Table: Trade with *Beta* in [[alpha]]\n\n{TABLE}"))
    assert "<em>Beta</em>" in html
    assert captions(html) == ["Table 1. Trade with Beta in Alpha Land"]


@pytest.mark.parametrize(
    "source",
    [
        "Source: Alpha customs.",
        "Sources: Alpha customs; Beta statistics.",
    ],
)
def test_a_source_line_joins_the_table_above_it(md: BriefMarkdown, source: str) -> None:
    for text in (f"Table: T\n\n{TABLE}\n{source}", f"Table: T\n\n{TABLE}{source}"):
        html = str(md.render(text))
        label, rest = source.split(" ", 1)
        assert (
            f'<p class="exhibit-source"><span class="source-label">{label}</span> {rest}</p>'
            in html
        )
        assert html.index("</table>") < html.index("exhibit-source") < html.index("</figure>")


def test_a_source_line_joins_a_figure(md: BriefMarkdown) -> None:
    html = str(md.render('![A map](assets/map.png "The region")\n\nSource: Survey office.'))
    assert html.endswith(
        '<img alt="A map" src="../media/map.png"><p class="exhibit-source">'
        '<span class="source-label">Source:</span> Survey office.</p>\n</figure>'
    )


def test_a_source_line_elsewhere_is_a_paragraph(md: BriefMarkdown) -> None:
    html = str(md.render("Intro.\n\nSource: a paragraph of its own."))
    assert html == "<p>Intro.</p>\n<p>Source: a paragraph of its own.</p>"


def test_citations_in_a_source_line_print_in_full_not_as_notes(md: BriefMarkdown) -> None:
    html = str(md.render(f"{TABLE}\nSources: [@gazette, p. 4]; [@report]."))
    assert md.notes.notes == []
    assert (
        '<span class="source-label">Sources:</span> <a class="source-link" href="#source-gazette">'
        "Alpha Government, <cite>Official gazette notice</cite>, 30 November 2025, p. 4</a>; "
        '<a class="source-link" href="#source-report">' in html
    )


def test_table_notes_follow_the_source_line(md: BriefMarkdown) -> None:
    html = str(md.render("| A | B |\n|---|---|\n| x[^n] | 1 |\n\nSource: S.\n\n[^n]: A note."))
    assert html.index("exhibit-source") < html.index('<ol class="table-notes">')
    assert html.index('<ol class="table-notes">') < html.index("</figure>")


def test_a_caption_line_with_no_table_stays_text(md: BriefMarkdown) -> None:
    html = str(md.render("Table: nothing follows\n\nA paragraph."))
    assert html == "<p>Table: nothing follows</p>\n<p>A paragraph.</p>"


# numeric columns


def aligns(html: str) -> list[str | None]:
    """The alignment of each header cell."""
    head = re.search(r"<thead>(.*?)</thead>", html, re.DOTALL)
    assert head is not None
    return [m or None for m in re.findall(r'<th(?: align="(\w+)")?>', head.group(1))]


@pytest.mark.parametrize(
    "cells",
    [
        ["1,234", "−3.5", "+2"],
        ["12%", "4.5 %", "–"],
        ["$1.2bn", "€300m", "£4k"],
        ["USD 40", "~5", "<1"],
        ["10–20", "2025-12-04", "n/a"],
        ["3.1", "", "—"],
        ["١٬٢٣٤", "٥٦", "٧٨٩٬٠١٢"],  # Arabic-Indic digits and separators
        ["۱٬۲۳۴", "۵۶", "۷۸۹٬۰۱۲"],  # Persian
        ["₽-3", "₽12", "१,२३४"],  # a sign after the currency; Devanagari
    ],
)
def test_a_column_of_quantities_is_right_aligned(md: BriefMarkdown, cells: list[str]) -> None:
    rows = "".join(f"| row {n} | {c} |\n" for n, c in enumerate(cells))
    html = str(md.render(f"| Name | Amount |\n| --- | --- |\n{rows}"))
    assert aligns(html) == [None, "right"]
    assert html.count('<td align="right">') == len(cells)


@pytest.mark.parametrize(
    "cells",
    [
        ["12", "about a dozen"],
        ["2025", "next year"],
        ["–", "n/a"],  # nothing but placeholders
        ["1 December 2025", "3 March 2026"],  # dates in words read as text
    ],
)
def test_a_column_with_words_stays_left_aligned(md: BriefMarkdown, cells: list[str]) -> None:
    rows = "".join(f"| row {n} | {c} |\n" for n, c in enumerate(cells))
    html = str(md.render(f"| Name | Amount |\n| --- | --- |\n{rows}"))
    assert aligns(html) == [None, None]


def test_the_writers_alignment_and_the_stub_column_are_kept(md: BriefMarkdown) -> None:
    html = str(
        md.render("| Year | A | B |\n| --- | :-- | --- |\n| 2020 | 1 | 2 |\n| 2021 | 3 | 4 |")
    )
    assert aligns(html) == [None, "left", "right"]


def test_a_note_call_in_a_number_cell_keeps_it_a_number(md: BriefMarkdown) -> None:
    html = str(md.render("| A | B |\n|---|---|\n| x | 1.5[^n] |\n| y | 2 |\n\n[^n]: Estimate."))
    assert aligns(html) == [None, "right"]


# print: short tables are kept whole


def test_a_short_table_is_marked_to_stay_on_one_page(md: BriefMarkdown) -> None:
    short = str(md.render(TABLE))
    rows = "".join(f"| {n} | {n} |\n" for n in range(12))
    long = str(md.render(f"| A | B |\n|---|---|\n{rows}"))
    assert 'class="exhibit exhibit-table exhibit-short"' in short
    assert 'class="exhibit exhibit-table"' in long


# what check reports


def offsets(text: str) -> list[int]:
    return list(captions_without_table(text))


def test_check_finds_a_caption_with_no_table() -> None:
    text = "Intro.\n\nTable: lost\n\nA paragraph.\n"
    assert offsets(text) == [text.index("Table:")]


@pytest.mark.parametrize(
    "text",
    [
        f"Table: T\n{TABLE}",
        f"Table: T\n\n\n{TABLE}",
        "```\nTable: code\n```\n",
        "A paragraph that goes on\nTable: is part of the paragraph\n",
        f"Table:no space is no caption\n\n{TABLE}",
    ],
)
def test_check_accepts_captions_with_tables_and_lines_that_are_no_captions(text: str) -> None:
    assert offsets(text) == []


def test_a_wide_table_in_an_outcome_keeps_its_table_notes(md: BriefMarkdown) -> None:
    figures = " | ".join(["1,234,567.89"] * 6)
    text = (
        "| Item | Q1 | Q2 | Q3 | Q4 | Q5 | Q6 |\n|---|"
        + "---:|" * 6
        + f"\n| Oil[^a] | {figures} |\n"
        "\n[^a]: Crude and products.\n"
    )
    html = md.render_inline(text)
    assert re.search(r'<table class="[^"]*exhibit-scale-', html)  # smaller type, no exhibit
    assert "Crude and products." in html  # the table note follows the table
    assert 'class="table-notes"' in html


def test_an_outcome_s_table_aligns_its_figures_and_stays_on_one_page(md: BriefMarkdown) -> None:
    html = md.render_inline(
        "| Group | Next |\n|---|---|\n| Trade | 2024-06 |\n| Energy | 2025-01 |\n"
    )
    assert '<th align="right">Next</th>' in html  # a column of dates, right-aligned
    assert '<table class="table-short">' in html
    assert "exhibit-label" not in html  # no number: it is part of a list item


def test_an_arabic_caption_keeps_the_label_in_english_order(md: BriefMarkdown) -> None:
    # In an English brief the caption is set right to left, and its label read ".Table 1".
    html = str(md.render(f"Table: جدول المقارنة — comparison\n\n{TABLE}"))
    assert '<figcaption dir="rtl"><span class="exhibit-label" dir="ltr">Table 1.</span>' in html


def test_a_list_item_in_the_other_direction_keeps_its_number_with_the_others(
    corpus: Corpus,
) -> None:
    """An English item in an Arabic list had its own direction, and its number in the
    gutter on the other side; its words take their direction in a span instead."""
    html = render_in(corpus, "1. البند الأول\n2. Item two, in English.\n", language="ar")
    assert '<li dir="rtl">البند الأول</li>' in html
    assert '<li><span dir="ltr">Item two, in English.</span></li>' in html
