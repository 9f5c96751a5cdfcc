"""A Markdown table's column empty in every row is left out (render/table_columns.py)."""

from __future__ import annotations

import re

import markdown
from markdown.extensions.tables import TableExtension

from policybrief.render.table_columns import EmptyColumns


def convert(text: str) -> str:
    md = markdown.Markdown(extensions=[TableExtension(use_align_attribute=True)])
    md.treeprocessors.register(EmptyColumns(md), "empty_columns", 2)
    return md.convert(text)


def count(html: str, tag: str) -> int:
    return len(re.findall(rf"<{tag}[ >]", html))


def test_a_column_with_a_header_and_nothing_under_it_goes() -> None:
    html = convert("| A | Notes | B |\n| --- | --- | ---: |\n| 1 |  | 2 |\n| 3 | | 4 |\n")
    assert "Notes" not in html
    assert count(html, "td") == 4
    assert '<th align="right">B</th>' in html


def test_a_column_with_one_value_stays() -> None:
    html = convert("| A | Notes |\n| --- | --- |\n| 1 | |\n| 3 | x |\n")
    assert "Notes" in html
    assert count(html, "td") == 4


def test_several_empty_columns_and_a_trailing_one_go() -> None:
    html = convert("| | A | | B | |\n| --- | --- | --- | --- | --- |\n| | 1 | | 2 | |\n")
    assert count(html, "th") == 2
    assert count(html, "td") == 2


def test_an_empty_table_stays_as_written() -> None:
    html = convert("| A | B |\n| --- | --- |\n| | |\n")
    assert count(html, "th") == 2
    assert count(html, "td") == 2


def test_a_table_with_merged_cells_is_left_alone() -> None:
    md = markdown.Markdown(extensions=["md_in_html"])
    md.treeprocessors.register(EmptyColumns(md), "empty_columns", 2)
    html = md.convert(
        '<table><thead><tr><th colspan="2">A</th></tr></thead>'
        "<tbody><tr><td></td><td>1</td></tr></tbody></table>"
    )
    assert count(html, "td") == 2
