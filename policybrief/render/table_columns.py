"""Leave out a Markdown table's columns that are empty in every row.

A column with no value in any row (a header and nothing under it, or nothing at
all) tells the reader nothing and costs the others width; publications offices
drop it. Tables with merged cells (``colspan``) are left as written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown.treeprocessors import Treeprocessor


class EmptyColumns(Treeprocessor):
    """Remove each column of a table whose body cells all hold nothing."""

    def run(self, root: ET.Element) -> None:
        for table in root.iter("table"):
            drop_empty_columns(table)


def _rows(table: ET.Element) -> list[ET.Element]:
    return [tr for tr in table.iter("tr")]


def _cells(tr: ET.Element) -> list[ET.Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def _empty(cell: ET.Element) -> bool:
    return not "".join(cell.itertext()).strip() and not any(el.tag == "img" for el in cell.iter())


def drop_empty_columns(table: ET.Element) -> None:
    """Remove from ``table`` (an ElementTree ``<table>``) each column empty in every body row.

    Body rows are those in ``<tbody>`` (Python-Markdown puts the header row in
    ``<thead>``); a table without body rows, or with merged cells, is left alone.
    """
    rows = _rows(table)
    body = [tr for tbody in table.iter("tbody") for tr in tbody.iter("tr")]
    if not body or any(c.get("colspan") for tr in rows for c in _cells(tr)):
        return
    width = max(len(_cells(tr)) for tr in rows)
    empty = [
        i for i in range(width) if all(i >= len(_cells(tr)) or _empty(_cells(tr)[i]) for tr in body)
    ]
    if len(empty) == width:
        return  # an empty table stays as the writer made it
    for tr in rows:
        cells = _cells(tr)
        for i in reversed(empty):
            if i < len(cells):
                tr.remove(cells[i])
