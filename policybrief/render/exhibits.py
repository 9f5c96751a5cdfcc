"""Tables as numbered exhibits: "Table 1." and a title above, a "Source:" line below.

A writer types the title as a paragraph ``Table: Title`` right before the
table and the source as a paragraph ``Source: …`` right after it (the patterns
are :mod:`policybrief.content.exhibits`', which ``check`` uses too). Every table
of a brief's block texts becomes::

    <figure class="exhibit exhibit-table">
      <figcaption><span class="exhibit-label">Table 1.</span> Title</figcaption>
      <table>…</table>
      <p class="exhibit-source"><span class="source-label">Source:</span> …</p>
    </figure>

numbered in reading order, like figures. A ``Source:`` paragraph right after a
figure (a titled image) joins that figure the same way. A column whose every
filled cell is a number, a percentage, an amount or a numeric date is set right
aligned, unless the writer chose its alignment or it is the first column, which
names the rows.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import markdown
from markdown.preprocessors import Preprocessor
from markdown.util import STX

from policybrief.content.exhibits import CAPTION_RE, SOURCE_RE, is_table_start

#: A cell that reads as a quantity: 1,234 · −3.5% · $1.2bn · ~40 · 10–20 · 2025-12-04,
#: in any script's digits (``\d``) with Arabic separators (``١٬٢٣٤٫٥``) too; a
#: currency's sign may follow it (``₽-3``).
_NUMBER = r"[~≈<>≤≥]?[+\-−±]?(?:[$€£¥₹₽]|[A-Z]{3}\s)?[+\-−]?\d[\d,.\u00a0\u202f\u066b\u066c' ]*"
_UNIT = r"(?:\s?(?:%|‰|pp|bn|mn|tn|[kmb]|x|×|[$€£¥₹₽]))?"
_NUMERIC_RE = re.compile(
    rf"{_NUMBER}{_UNIT}(?:\s?[–—-]\s?{_NUMBER}{_UNIT})?|\d{{4}}-\d{{2}}(?:-\d{{2}})?|\d{{1,2}}/\d{{4}}"
)
#: What a writer puts in a cell that has no value.
_EMPTY = frozenset({"", "-", "–", "—", "..", "…", "n/a", "N/A", "n.a.", "na", "NA"})
#: A table of at most this many body rows is kept on one page in print.
SHORT_TABLE = 8
#: Markdown's placeholders (note calls, escaped characters) inside cell text.
_PLACEHOLDER_RE = re.compile(STX + r"[^\x03]*\x03")


class SeparateExhibitLines(Preprocessor):
    """Give caption and source lines a paragraph of their own next to their table.

    Python-Markdown reads a table only as a block of its own: a ``Table:`` line
    on the line above would make the table a paragraph, and a ``Source:`` line
    just below would become one more row.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for i, line in enumerate(lines):
            if SOURCE_RE.match(line) and out and out[-1].strip().startswith("|"):
                out.append("")
            out.append(line)
            if CAPTION_RE.match(line) and is_table_start(lines, i + 1):
                out.append("")
        return out


def register(md: markdown.Markdown) -> None:
    """Install the line separator after the block reader (28), before raw HTML (20)."""
    md.preprocessors.register(SeparateExhibitLines(md), "brief_exhibit_lines", 27)


def make_tables(root: ET.Element, first: int) -> int:
    """Make each table under ``root`` a numbered exhibit, from ``first``; return the next number."""
    number = first
    for parent in list(root.iter()):
        children = list(parent)
        for index, child in enumerate(children):
            if child.tag != "table":
                continue
            caption = children[index - 1] if index else None
            if caption is not None and not _caption(caption):
                caption = None
            figure = _exhibit(parent, child, f"Table {number}.", caption)
            rows = sum(1 for part in child.findall("tbody") for _row in part.iter("tr"))
            short = " exhibit-short" if rows <= SHORT_TABLE else ""
            figure.set("class", f"exhibit exhibit-table{short}")
            align_numbers(child)
            number += 1
    return number


def attach_sources(root: ET.Element) -> None:
    """Move a ``Source:`` paragraph that follows an exhibit into it, under its content."""
    for parent in list(root.iter()):
        children = list(parent)
        for before, after in pairwise(children):
            if before.tag != "figure" or after.tag != "p" or not _is_source(after):
                continue
            parent.remove(after)
            text = after.text or ""
            m = SOURCE_RE.match(text)
            assert m is not None
            label = ET.Element("span", {"class": "source-label"})
            label.text = text[: m.end()].rstrip()
            label.tail = text[m.end() :]  # the space the writer typed (or a citation took)
            after.text = None
            after.insert(0, label)
            after.set("class", "exhibit-source")
            after.tail = "\n"
            before.append(after)


def _caption(p: ET.Element) -> bool:
    return p.tag == "p" and CAPTION_RE.match(p.text or "") is not None


def _is_source(p: ET.Element) -> bool:
    return SOURCE_RE.match(p.text or "") is not None


def _exhibit(
    parent: ET.Element, table: ET.Element, label: str, caption: ET.Element | None
) -> ET.Element:
    """Wrap ``table`` in a figure captioned ``label`` and the caption paragraph's words."""
    figure = ET.Element("figure")
    figcaption = ET.SubElement(figure, "figcaption")
    mark = ET.SubElement(figcaption, "span", {"class": "exhibit-label"})
    mark.text = label
    if caption is not None:
        text = caption.text or ""
        m = CAPTION_RE.match(text)
        assert m is not None
        mark.tail = " " + text[m.end() :]
        for child in list(caption):
            caption.remove(child)
            figcaption.append(child)
        parent.remove(caption)
    position = list(parent).index(table)
    parent.remove(table)
    figure.append(table)
    figure.tail, table.tail = table.tail, "\n"
    parent.insert(position, figure)
    return figure


def align_numbers(table: ET.Element) -> None:
    """Right-align the columns whose every filled body cell reads as a quantity."""
    head = [list(row) for part in table.findall("thead") for row in part.iter("tr")]
    rows = [list(row) for part in table.findall("tbody") for row in part.iter("tr")]
    width = max((len(r) for r in rows), default=0)
    # The first column names the rows (the stub): it stays left-aligned.
    for column in range(1, width):
        cells = [r[column] for r in rows if column < len(r)]
        if any(c.get("align") for c in cells):
            continue  # the writer chose this column's alignment
        filled = [v for v in map(_cell_text, cells) if v not in _EMPTY]
        if not filled or not all(_NUMERIC_RE.fullmatch(v) for v in filled):
            continue
        for cell in cells + [r[column] for r in head if column < len(r)]:
            cell.set("align", "right")


def _cell_text(cell: ET.Element) -> str:
    text = _PLACEHOLDER_RE.sub("", "".join(cell.itertext()))
    return " ".join(text.split())
