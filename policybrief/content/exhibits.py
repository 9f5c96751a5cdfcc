"""The Markdown lines that caption and source an exhibit (a table or a figure).

A table's title is a paragraph ``Table: Title`` right before the table; a
source line is a paragraph ``Source: …`` (or ``Sources: …``) right after a
table or a titled image. Rendering (``render/exhibits.py``) and ``check`` read
them with the patterns here, so a caption ``check`` accepts is one that prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policybrief.content.markdown_lines import scan_lines

#: A table's caption line; the title follows the colon.
CAPTION_RE = re.compile(r"Table:[ \t]+(?=\S)")
#: A source line under a table or a figure.
SOURCE_RE = re.compile(r"Sources?:(?=\s*\S)")
#: A table's delimiter row: ``| --- | ---: |`` (the pipes at the ends optional).
_DELIMITER_RE = re.compile(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*")


def is_table_start(lines: list[str], index: int) -> bool:
    """Does a table (a row with a pipe, then a delimiter row) start at ``lines[index]``?"""
    if index + 1 >= len(lines):
        return False
    row, delimiter = lines[index], lines[index + 1]
    return "|" in row and "-" in delimiter and _DELIMITER_RE.fullmatch(delimiter) is not None


def captions_without_table(text: str) -> Iterator[int]:
    """The offsets of ``Table:`` caption lines in ``text`` that no table follows.

    The table may follow on the next line or after blank lines; a caption in
    a code block is code, not a caption.
    """
    lines = list(scan_lines(text))
    for i, line in enumerate(lines):
        if line.kind != "text" or not CAPTION_RE.match(line.text):
            continue
        if i and lines[i - 1].kind != "blank":
            continue  # a line inside a paragraph, not a paragraph of its own
        after = i + 1
        while after < len(lines) and lines[after].kind == "blank":
            after += 1
        rest = [ln.text.rstrip("\n") for ln in lines[after : after + 2]]
        if not is_table_start(rest, 0):
            yield line.offset
