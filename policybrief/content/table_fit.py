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

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policybrief.content.exhibits import is_table_start
from policybrief.content.markdown_lines import scan_lines

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
#: The same in a column of the one-page read-ahead (83 mm, 0.85 x 9.5 pt type).
COLUMN_EM = 29.1
#: The same on a landscape page (templates/css/print.css: 20 mm side margins;
#: Letter's 239 mm, A4's is wider).
LANDSCAPE_EM = 76.0
#: The type a table too wide for its measure may take, over the theme's: about
#: 8 pt and 7 pt of the brief's 8.9 pt; smaller would not read on paper.
SCALES = (1.0, 0.9, 0.8)
#: A cell's end padding (templates/css/base.css), and what a word marked to
#: break anywhere still needs: about a letter.
_PADDING_EM = _MARKED_EM = 0.6
#: Noto Sans's advance widths (em) by kind of character; anything else 0.6.
_NARROW_CHARS = frozenset(",.:;'’|!()[]ilIjft")
_WIDE_CHARS = frozenset("mwMW%@")
#: A header cell's bold over the regular weight.
_BOLD = 1.07
#: A character with no break opportunity of its own: no space or hyphen, no
#: character of a script that breaks between letters, and no Markdown
#: placeholder (STX ... ETX) for stashed HTML.
WORD_CHAR = (
    r"[^\s\-\u00ad\u2010\u2011\u200b\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
    r"\uff00-\uffef\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\x02\x03]"
)
WORD_RE = re.compile(WORD_CHAR + "+")
#: A number (digits and their separators): never marked, since a figure broken
#: across lines misreads; a column of figures keeps its width.
NUMBER_RE = re.compile(r"[\d.,:;%'’+\-−–/\u00a0\u202f()]*\d[\d.,:;%'’+\-−–/\u00a0\u202f()]*")


def width(word: str, bold: bool = False) -> float:
    """About how wide ``word`` sets in Noto Sans, in ems (an estimate from the
    kinds of its characters: digits 0.57, capitals 0.65, lowercase 0.55)."""
    total = 0.0
    for char in word:
        if char in _NARROW_CHARS:
            total += 0.27
        elif char in _WIDE_CHARS:
            total += 0.9
        elif char.isdigit():
            total += 0.57
        elif char.isupper():
            total += 0.65
        elif char.islower() and char.isascii():
            total += 0.55
        else:
            total += 0.6
    return total * (_BOLD if bold else 1.0)


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
    narrow = threshold(columns, COLUMN_EM, BREAKABLE)
    spans = table_width(columns, narrow) > COLUMN_EM
    whole = table_width(columns)
    for measure, landscape in ((TEXT_BLOCK_EM, False), (LANDSCAPE_EM, True)):
        for scale in SCALES:
            if whole * scale <= measure:
                return Fit(LONG_WORD, narrow, scale, landscape, spans or landscape)
        for scale in SCALES:
            length = threshold(columns, measure / scale, BREAKABLE)
            if table_width(columns, length) * scale <= measure:
                return Fit(length, narrow, scale, landscape, spans or landscape)
    return Fit(LONG_WORD, narrow, SCALES[-1], True, True, fits=False)


#: A cell boundary: a pipe not escaped by a backslash.
_PIPE_RE = re.compile(r"(?<!\\)\|")
#: Markdown's inline marks, which take no room: emphasis, code ticks, link brackets.
_MARKS_RE = re.compile(r"\*+|_{2,}|`+|\[\^[^\]]*\]|\]\([^)]*\)|[\[\]]")


def cell_words(text: str, *, bold: bool = False) -> Column:
    """The words of a cell's ``text`` as a column's entries: (characters, ems);
    a number counts 0 characters, since it is never broken."""
    return [
        (0 if NUMBER_RE.fullmatch(w) else len(w), width(w, bold)) for w in WORD_RE.findall(text)
    ]


@dataclass(frozen=True)
class MarkdownTable:
    """A pipe table of a Markdown text: the offset of its header row, its columns."""

    offset: int
    columns: list[Column]


def markdown_tables(text: str) -> Iterator[MarkdownTable]:
    """The pipe tables of a Markdown ``text`` (outside code), as ``check`` sees them.

    An estimate for widths only: cells are split at unescaped pipes, and
    Markdown's inline marks (emphasis, code ticks, a link's address, a note
    call) are taken out of their words; a ``[[id]]`` link counts as its id.
    """
    lines = list(scan_lines(text))
    plain = [ln.text.rstrip("\n") if ln.kind == "text" else "" for ln in lines]
    index = 0
    while index < len(lines):
        if not is_table_start(plain, index):
            index += 1
            continue
        by_index: dict[int, Column] = {}
        row = index
        while row < len(lines) and "|" in plain[row]:
            if row != index + 1:  # the delimiter row holds no words
                for column, cell in enumerate(_cells(plain[row])):
                    clean = _MARKS_RE.sub(" ", cell)
                    by_index.setdefault(column, []).extend(cell_words(clean, bold=row == index))
            row += 1
        yield MarkdownTable(lines[index].offset, list(by_index.values()))
        index = row


def _cells(row: str) -> list[str]:
    """A table row's cells: its text split at unescaped pipes, the outer ones dropped."""
    text = row.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return _PIPE_RE.split(text)
