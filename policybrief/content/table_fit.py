"""How wide a table sets, and how it is made to fit its page.

A table column is never narrower than its longest word (its min-content
width), so a table of many columns of figures or long words can be wider than
the text block and run off the page. Its width is estimated here from its
words (:func:`width`: Noto Sans's advances by kind of character, a header's
bold a little wider, plus each cell's end padding), in ems of the table's type,
against the measures of the shipped theme (:data:`TEXT_BLOCK_EM`,
:data:`COLUMN_EM`, :data:`LANDSCAPE_EM`), and :func:`fit` chooses how it is
set: as it is, in smaller type, with its longest words broken, on a landscape
page. Rendering marks the words and the exhibit
(:mod:`policybrief.render.long_words`); ``check`` reads the tables of each
Markdown text (:func:`markdown_tables`) and warns, at the table's line, about
one that fits no page (``table-too-wide``).

Numbers are never broken: a figure split across lines misreads.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from policybrief.content.exhibits import CAPTION_RE, is_table_start
from policybrief.content.markdown_lines import Line, code_spans, scan_lines

#: Characters in a word long enough to be marked: about 45 mm of a table's type.
LONG_WORD = 25
#: The shortest word :func:`threshold` marks in a table too wide for the page.
SHORTEST = 6
#: The shortest word a table is set with broken (:func:`fit`): a shorter one
#: broken without a hyphen reads as two words.
BREAKABLE = 12
#: Ems of a table's type (0.85 x 10.5 pt) in the print theme's 156 mm text
#: block (A4, 27 mm margins): the widest table that fits.
TEXT_BLOCK_EM = 49.5
#: A table's em in the brief (0.85 x 10.5 pt), in millimetres.
TABLE_TYPE_MM = 0.85 * 10.5 * 25.4 / 72
#: Where a table may stand that never turns to landscape, in mm: a bottom line
#: (the text block less the box's left padding; its right padding may be used)
#: and an agenda entry's outcome (the text block less the date column and the
#: list's indent).
BOTTOM_LINE_MM = 156 - 5
AGENDA_MM = 118
#: The one-page read-ahead's full width in mm (A4 less 18 mm margins), and its
#: table's em (0.85 x 9.5 pt) in mm.
ONE_PAGER_MM = 210 - 36
ONE_PAGER_TYPE_MM = 0.85 * 9.5 * 25.4 / 72
#: The same in a column of the one-page read-ahead (83 mm, 0.85 x 9.5 pt type).
COLUMN_EM = 29.1
#: The text block of a landscape page, in mm (templates/css/print.css: 20 mm
#: side margins), by paper.
LANDSCAPE_MM = {"A4": 297 - 40, "Letter": 279.4 - 40}
#: The same in ems of a table's type, on the narrower paper (the renderer's
#: tables do not know the brief's paper).
LANDSCAPE_EM = min(LANDSCAPE_MM.values()) / TABLE_TYPE_MM
#: The share of a measure :func:`fit` fills: the widths are estimates (a bold
#: cell, a capital of another script), so a table is given a little room.
ROOM = 0.97
#: The type a table too wide for its measure may take, over the theme's: about
#: 8 pt and 7 pt of the brief's 8.9 pt; smaller would not read on paper.
SCALES = (1.0, 0.9, 0.8)
#: A cell's end padding (templates/css/base.css), and what a word marked to
#: break anywhere still needs: about a letter.
_PADDING_EM = _MARKED_EM = 0.6
#: The advance (em) of a character the theme's Noto Sans lacks (Arabic, Hebrew,
#: Devanagari... set in a fallback font): about a lowercase letter's.
_OTHER_EM = 0.6
#: Noto Sans's advances, read by :func:`_advances` (scripts/font_advances.py writes it).
_ADVANCES = Path(__file__).with_name("advances.json")
#: Spaces a line may break at: every white space but the no-break ones (U+00A0,
#: U+2007, U+202F), which hold a figure such as ``12 345 678`` together.
_BREAKING_SPACE = r"\t\n\v\f\r \x85\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000"
#: Scripts whose lines break between letters (CJK) or between dictionary words
#: (Thai, Lao, Myanmar, Khmer): never marked, and measured apart (:func:`cell_words`).
_OWN_BREAKS = (
    r"\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
    r"\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"
)
#: A character with no break opportunity of its own: no breaking space or
#: hyphen, no character of a script with its own line breaking, and no Markdown
#: placeholder (STX ... ETX) for stashed HTML.
WORD_CHAR = rf"[^{_BREAKING_SPACE}\-\u00ad\u2010\u2011\u200b{_OWN_BREAKS}\x02\x03]"
WORD_RE = re.compile(WORD_CHAR + "+")
#: A number (digits and their separators): never marked, since a figure broken
#: across lines misreads; a column of figures keeps its width.
_FIGURE = r"[\d.,:;%'’+\-−–/\u00a0\u2007\u202f()]"
#: (A digit ahead, then figure characters taken possessively: no backtracking,
#: since a long run of digits ending in a letter took quadratic time.)
NUMBER_RE = re.compile(rf"(?=\D*\d){_FIGURE}++")
#: A word as a line breaks: no break before a digit after a hyphen-minus
#: (Unicode's line breaking, rule LB25: ``2025-12-04``, ``10-20-30``, ``A-1``
#: are one word each), nor at a non-breaking hyphen (U+2011).
_CELL_WORD_RE = re.compile(rf"(?:{WORD_CHAR}|\u2011|-(?=\d))+")
#: What joins a word the renderer never breaks and never marks (an identifier
#: such as ``REF-2025-11-004521``, ``ABC‑DEF`` with non-breaking hyphens): it
#: counts as unbreakable, as a figure does.
_JOINED_RE = re.compile("-(?=\\d)|\u2011")
#: A thin space between digits (``12 345``, as Word and LaTeX write it): set
#: as a no-break one, so a figure is one word.
_THIN_SPACE_RE = re.compile(r"(?<=\d)\u2009(?=\d)")
#: Ideographs and kana, a line may break between any two: a cell of them is
#: at least one wide.
_IDEOGRAPH_RE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
#: Thai, Lao, Myanmar and Khmer break between words a dictionary finds, never
#: marked: a run counts as a word of at most this many letters.
_DICTIONARY_RE = re.compile(r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff]+")
_DICTIONARY_WORD = 8
#: Code sets in the monospace face at .86 em (templates/css/base.css), 0.6 em a
#: letter, and breaks only at its punctuation and every 24 characters
#: (render/breaks.py).
_CODE_EM = 0.6 * 0.86
_CODE_BREAK_RE = re.compile(r"[/.\-_?#@&=\s]")
_CODE_PART = 24


def width(word: str, bold: bool = False) -> float:
    """How wide ``word`` sets in the theme's Noto Sans (bold for a header cell),
    in ems: the sum of its characters' advances, without kerning; a character
    the font lacks counts :data:`_OTHER_EM`."""
    advances = _advances()[1 if bold else 0]
    return sum(advances.get(char, _OTHER_EM) for char in word)


@cache
def _advances() -> tuple[dict[str, float], dict[str, float]]:
    """Noto Sans Regular's and Bold's advance of each character, in ems."""
    data = json.loads(_ADVANCES.read_text(encoding="utf-8"))
    per_em = data["units_per_em"]

    def font(runs: list[list[int]]) -> dict[str, float]:
        return {chr(run[0] + i): units / per_em for run in runs for i, units in enumerate(run[1:])}

    return font(data["regular"]), font(data["bold"])


#: A column of a table: each of its words' characters and width (ems).
Column = list[tuple[int, float]]


def _needs(column: Column, length: int) -> float:
    """The least width (ems) ``column`` takes with its words of ``length`` or more
    characters marked to break: its widest word kept whole, plus its padding."""
    kept = [em for chars, em in column if chars < length]
    marked = _MARKED_EM if len(kept) < len(column) else 0.0
    return max([*kept, marked]) + _PADDING_EM


def table_width(columns: list[Column], length: int = LONG_WORD) -> float:
    """The least width (ems of the table's type) of a table of ``columns`` whose
    words of ``length`` or more characters may break: its min-content width."""
    return sum(_needs(c, length) for c in columns)


def threshold(
    columns: list[Column], measure: float = TEXT_BLOCK_EM, shortest: int = SHORTEST
) -> int:
    """The shortest word to mark in a table of ``columns`` set in ``measure`` ems
    (:data:`TEXT_BLOCK_EM` or :data:`COLUMN_EM`).

    :data:`LONG_WORD` if the table then fits. Otherwise the squeeze is shared:
    every word wider than an equal share of the measure is marked (so no column
    keeps a long word whole while its neighbours break theirs), and shorter ones
    too if the table still does not fit, down to ``shortest`` characters. A table that
    would not fit even so (its figures, which are never marked, or its many
    short words are too wide) is left as if it fitted: breaking would not help.
    """
    if not columns or table_width(columns) <= measure:
        return LONG_WORD
    share = measure / len(columns) - _PADDING_EM
    wide = [chars for column in columns for chars, em in column if em > share and chars]
    length = max(shortest, min([LONG_WORD, *wide]))
    while length > shortest and table_width(columns, length) > measure:
        length -= 1
    if table_width(columns, length) > measure:
        return LONG_WORD  # its figures or short words alone are too wide: breaking cannot help
    return length


@dataclass(frozen=True)
class Fit:
    """How a table is set so that it fits: which words may break, its type, its page.

    ``length`` and ``narrow`` are :func:`threshold`'s for the page's measure
    and for a column of the one-page read-ahead; ``scale`` is the table's type
    over the theme's (one of :data:`SCALES`); ``landscape`` puts it on a page
    turned sideways (the brief; the one-pager has one page, so there it runs
    across both columns at the smallest scale instead); ``spans`` is true when
    it is too wide for a column of the one-pager, whose section then runs
    across both; ``fits`` is false when even a landscape page at the smallest
    scale is too narrow for it (``check`` warns: ``table-too-wide``).
    """

    length: int = LONG_WORD
    narrow: int = LONG_WORD
    scale: float = 1.0
    landscape: bool = False
    spans: bool = False
    fits: bool = True


def landscape_mm(paper: str) -> float:
    """The width in mm of a landscape page's text block on ``paper`` (A4 or Letter)."""
    return LANDSCAPE_MM.get(paper, min(LANDSCAPE_MM.values()))


def fit(columns: list[Column]) -> Fit:
    """How to set a table of ``columns``: the first way of these that fits.

    On the upright page: as it is (only words of :data:`LONG_WORD` characters
    may break), then in each smaller type of :data:`SCALES`, then in each type
    with words down to :data:`BREAKABLE` characters breaking (shorter words
    never break: "petrol|eum" misreads). The same on a landscape page
    (:data:`LANDSCAPE_EM`). A table that fits none is set like the last, and
    ``fits`` is false. In a column of the one-pager, words down to
    :data:`BREAKABLE` characters may break; a table that still does not fit
    there ``spans``.
    """
    column = COLUMN_EM * ROOM
    narrow = threshold(columns, column, BREAKABLE)
    spans = table_width(columns, narrow) > column
    whole = table_width(columns)
    for measure, landscape in ((TEXT_BLOCK_EM * ROOM, False), (LANDSCAPE_EM * ROOM, True)):
        for scale in SCALES:
            if whole * scale <= measure:
                return Fit(LONG_WORD, narrow, scale, landscape, spans or landscape)
        for scale in SCALES:
            length = threshold(columns, measure / scale, BREAKABLE)
            if table_width(columns, length) * scale <= measure:
                return Fit(length, narrow, scale, landscape, spans or landscape)
    return Fit(LONG_WORD, narrow, SCALES[-1], True, True, fits=False)


#: Markdown's inline marks, which take no room: emphasis, link brackets, a note call.
_MARKS_RE = re.compile(r"\*+|_{2,}|\[\^[^\]]*\]|\]\([^)]*\)|[\[\]]")
#: What a line of a block quote or a list item's body starts with.
_QUOTE_RE = re.compile(r" {0,3}>[ \t]?")
_FOOTNOTE_DEF_RE = re.compile(r" {0,3}\[\^[^\]\s]+\]:")


def cell_words(text: str, *, bold: bool = False, code: tuple[str, ...] = ()) -> Column:
    """The entries a cell adds to its column: (characters, ems) for each word of
    its ``text`` (0 characters for a figure or a word of a script with its own
    line breaking, which are never marked), and for the unbreakable parts of
    its ``code`` (code spans and written-out addresses)."""
    text = _THIN_SPACE_RE.sub("\u202f", text)  # a figure's thin space never breaks (typography.py)
    found: Column = [
        (0 if NUMBER_RE.fullmatch(w) or _JOINED_RE.search(w) else len(w), width(w, bold))
        for w in _CELL_WORD_RE.findall(text)
    ]
    for run in _DICTIONARY_RE.findall(text):
        found.append((0, width(run[:_DICTIONARY_WORD], bold)))
    if _IDEOGRAPH_RE.search(text):
        found.append((0, 1.0))
    for snippet in code:
        parts = (p for part in _CODE_BREAK_RE.split(snippet) for p in _chunks(part))
        found.extend((0, len(p) * _CODE_EM) for p in parts if p)
    return found


def _chunks(part: str) -> list[str]:
    """``part`` in pieces of at most :data:`_CODE_PART` characters."""
    return [part[i : i + _CODE_PART] for i in range(0, len(part), _CODE_PART)]


@dataclass(frozen=True)
class MarkdownTable:
    """A pipe table of a Markdown text: the offset of its header row, its columns,
    and each row with more cells than the header (Markdown leaves the others
    out): the offset of its first cell past the header's, and how many are lost."""

    offset: int
    columns: list[Column]
    overflows: list[tuple[int, int]] = field(default_factory=list)
    #: Whether its header row has an outer pipe (:func:`has_border`).
    border: bool = True


def markdown_tables(text: str) -> Iterator[MarkdownTable]:
    """The pipe tables of a Markdown ``text``, as ``check`` sees them.

    Tables at the margin, in a block quote (``>``) or in a list item's body;
    not in code, and not in a footnote definition's indented lines (Markdown
    sets no table there: its pipes print as typed). An estimate for widths
    only: cells are split at pipes outside code spans and not escaped, a row's
    cells past the header's are dropped (Markdown drops them), Markdown's
    marks are taken out of the words, a code span is measured as code, and a
    ``**bold**`` cell in bold; a ``[[id]]`` link counts as its id.
    """
    lines = list(scan_lines(text))
    plain = [_content(ln) for ln in lines]
    index = 0
    while index < len(lines):
        row = plain[index]
        delimiter = plain[index + 1] if index + 1 < len(lines) else None
        if row is None or delimiter is None or not is_table_start([row, delimiter], 0):
            index += 1
            continue
        before = plain[index - 1] if index else None
        if before and not (CAPTION_RE.match(before) or before.startswith("#")):
            index += 1  # pipes right under a paragraph's line are its text, not a table
            continue
        header = row_cells(row)
        border = has_border(row)
        by_index: dict[int, Column] = {}
        overflows: list[tuple[int, int]] = []
        end = index
        while end < len(lines) and (cells := plain[end]) is not None and "|" in cells:
            if end != index + 1:  # the delimiter row holds no words
                spans = cell_spans(cells, border)
                for column, (a, b) in enumerate(spans[: len(header)]):
                    by_index.setdefault(column, []).extend(_cell(cells[a:b], header=end == index))
                lost = [(a, b) for a, b in spans[len(header) :] if cells[a:b].strip()]
                if lost:
                    a, b = lost[0]
                    at = a + len(cells[a:b]) - len(cells[a:b].lstrip())
                    # Where the row's text starts in its line: after quote marks, a list's indent.
                    line_text = lines[end].text.rstrip("\r\n")
                    shift = line_text.rfind(cells) if cells else 0
                    overflows.append((lines[end].offset + max(shift, 0) + at, len(lost)))
            end += 1
        start = lines[index].offset + _indent(lines[index].text)
        yield MarkdownTable(start, list(by_index.values()), overflows, border)
        index = end


def _content(line: Line) -> str | None:
    """A line's text inside its block quote or list item, or None: code, or a
    footnote definition's body."""
    if line.kind in ("fence", "code", "blank"):
        return None
    text = line.text.rstrip("\r\n")
    while m := _QUOTE_RE.match(text):
        text = text[m.end() :]
    if line.kind == "text" and len(text) - len(text.lstrip(" ")) >= 4:
        return None  # a footnote definition's indented body, or a lazy line
    if line.kind in ("item", "list"):
        text = text.lstrip()  # a list item's body, which may quote in turn
        while m := _QUOTE_RE.match(text):
            text = text[m.end() :]
    if _FOOTNOTE_DEF_RE.match(text):
        return None
    return text.strip()


def _indent(text: str) -> int:
    """Where a table's first row starts in its line: after quote marks and spaces."""
    content = text
    while m := _QUOTE_RE.match(content):
        content = content[m.end() :]
    return len(text) - len(content.lstrip())


def _cell(text: str, *, header: bool) -> Column:
    """A cell's entries: its code spans measured as code, its words without marks."""
    spans = code_spans(text)[0]
    code = tuple(_code_text(text, a, b) for a, b in spans)
    for a, b in reversed(spans):
        text = text[:a] + " " + text[b:]
    # A character reference prints as its character: "12&nbsp;345" is one figure.
    words = _MARKS_RE.sub(" ", html.unescape(text) if "&" in text else text)
    bold = header or "**" in text or "__" in text
    return cell_words(words, bold=bold, code=code)


def _code_text(text: str, start: int, end: int) -> str:
    """The text of the code span ``text[start:end]``: between its runs of backticks."""
    ticks = len(text[start:end]) - len(text[start:end].lstrip("`"))
    return text[start + ticks : end - ticks]


def row_cells(row: str) -> list[str]:
    """A table row's cells: its text split at pipes that are neither escaped nor
    in a code span, the outer ones dropped."""
    return [row[start:end] for start, end in cell_spans(row)]


def cell_spans(row: str, border: bool | None = None) -> list[tuple[int, int]]:
    """Where each cell of :func:`row_cells` is in ``row``: (start, end) offsets.

    ``border`` says whether the table's header row has an outer pipe: Markdown
    then drops each row's outer pipes, and else keeps them as cell breaks
    (``| 2023 | 61.4 |`` under ``Year | Exports`` is four cells, the first
    empty). None reads the row's own pipes as its border.
    """
    lead = len(row) - len(row.lstrip())
    text = row.strip()
    spans = dict(code_spans(text)[0])  # where each code span starts -> where it ends
    cells: list[tuple[int, int]] = []
    start = position = 0
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "`" and position in spans:
            position = spans[position]
            continue
        if char == "|":
            cells.append((start, position))
            start = position + 1
        position += 1
    cells.append((start, len(text)))
    if border is False:
        return [(lead + a, lead + b) for a, b in cells]
    if cells and not text[slice(*cells[0])].strip() and text.startswith("|"):
        cells = cells[1:]
    if len(cells) > 1 and not text[slice(*cells[-1])].strip() and text.endswith("|"):
        cells = cells[:-1]
    return [(lead + a, lead + b) for a, b in cells]


def has_border(header: str) -> bool:
    """Whether a table's header row has an outer pipe (Python-Markdown's rule)."""
    text = header.strip()
    return text.startswith("|") or (text.endswith("|") and not text.endswith("\\|"))
