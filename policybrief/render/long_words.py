"""Let a very long word in a table break anywhere, so the table fits its page.

A table column is never narrower than its longest word (its min-content
width), so one identifier, compound or run of letters without a space can
push a table past the text block and off the page. The stylesheets' last
resort for running text (``overflow-wrap: break-word``: a word breaks between
any two letters only when it is wider than its whole line) does not change
that width. ``overflow-wrap: anywhere`` does, but on every cell of every table
it would let normal words and numbers break as soon as a column is tight, and
change how today's tables lay out. So only the words of :data:`LONG_WORD`
characters or more are marked (``<span class="long-word">``, which
templates/css/base.css gives ``overflow-wrap: anywhere``): such a word breaks,
without a hyphen, where its column is narrower, and everything else in the
table sets as before.

A table of several columns can still be too wide with no word that long: six
columns of 22-letter compounds need about 130 characters of the table's type,
and the text block holds about 80. So each Markdown table's width is
estimated (:func:`threshold`): a column is at least as wide as its widest
word (:func:`width`: Noto Sans's advances by kind of character, a header's
bold a little wider) plus its cell's end padding; while the columns' sum
exceeds the text block (:data:`TEXT_BLOCK_EM`), shorter words are marked too,
down to :data:`SHORTEST` characters, so such a table breaks its longest words
rather than run off the page, and a table that fits is left as it is.
Numbers are never marked: a figure broken across lines misreads. The
one-page read-ahead sets tables in a column (:data:`COLUMN_EM`): words that
only such a column needs broken are marked ``long-word-narrow``, which only
its stylesheet lets break.

Words in scripts that break between letters anyway (Chinese, Japanese,
Korean, Thai) are never marked: ``anywhere`` would override their rules for
where a line may not break. URLs and code have their own break marks
(:mod:`policybrief.render.breaks`).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

#: Characters in a word long enough to be marked: about 45 mm of a table's type.
LONG_WORD = 25
#: The shortest word marked in a table too wide for the page.
SHORTEST = 6
#: Ems of a table's type (0.85 x 10.5 pt) in the print theme's 156 mm text
#: block (A4, 27 mm margins): the widest table that fits.
TEXT_BLOCK_EM = 49.5
#: The same in a column of the one-page read-ahead (83 mm, 0.85 x 9.5 pt type).
COLUMN_EM = 29.1
#: A cell's end padding (templates/css/base.css), and what a word marked to
#: break anywhere still needs: about a letter.
_PADDING_EM = _MARKED_EM = 0.6
#: Noto Sans's advance widths (em) by kind of character; anything else 0.6.
_NARROW_CHARS = frozenset(",.:;'’|!()[]ilIjft")
_WIDE_CHARS = frozenset("mwMW%@")
#: A header cell's bold over the regular weight.
_BOLD = 1.07
#: The class of a shorter word marked because its table is too wide for the text
#: block (templates/css/base.css), and of one marked only because the one-pager's
#: column is narrower (templates/css/one-pager.css). Neither is ``word-break:
#: break-all`` like ``long-word``: on many words of a table, WeasyPrint 70 then
#: takes minutes to lay it out.
_TABLE_CLASS = "long-word-table"
_NARROW_CLASS = "long-word-narrow"
#: A character with no break opportunity of its own: no space or hyphen, no
#: character of a script that breaks between letters, and no Markdown
#: placeholder (STX ... ETX) for stashed HTML.
_WORD_CHAR = (
    r"[^\s\-\u00ad\u2010\u2011\u200b\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
    r"\uff00-\uffef\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\x02\x03]"
)
_WORD_RE = re.compile(_WORD_CHAR + "+")
#: A number (digits and their separators): never marked, since a figure broken
#: across lines misreads; a column of figures keeps its width.
_NUMBER_RE = re.compile(r"[\d.,:;%'’+\-−–/\u00a0\u202f()]*\d[\d.,:;%'’+\-−–/\u00a0\u202f()]*")


@functools.cache
def _long_word_re(length: int) -> re.Pattern[str]:
    """A run of ``length`` or more characters with no break opportunity."""
    return re.compile(_WORD_CHAR + "{" + str(length) + ",}")


_LONG_WORD_RE = _long_word_re(LONG_WORD)
_CLASS = "long-word"
#: Elements whose text keeps its own break marks.
_SKIP_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


def long_words(text: object) -> Markup:
    """``text`` as HTML with each long word in a ``long-word`` span (a template filter)."""
    if isinstance(text, Markup):
        return text  # HTML already: its words are not plain text to split
    value = str(text)
    out: list[str] = []
    start = 0
    for m in _LONG_WORD_RE.finditer(value):
        out.append(escape(value[start : m.start()]))
        out.append(Markup('<span class="long-word">%s</span>') % m.group(0))
        start = m.end()
    out.append(escape(value[start:]))
    return Markup("").join(out)


def mark_long_words(cell: ET.Element, length: int = LONG_WORD, narrow: int | None = None) -> None:
    """Put each word of ``length`` or more characters of ``cell``'s text (and its
    descendants') in a ``long-word`` span, and each of ``narrow`` (at most
    ``length``) or more but fewer than ``length`` in a ``long-word-narrow`` one."""
    shortest = min(length, narrow or length)
    pattern = _long_word_re(shortest)
    for el in _plain(cell):
        if el.text and pattern.search(el.text):
            el.text = _split_into(el, el.text, 0, pattern, length)
        for child in list(el):
            if child.tail and pattern.search(child.tail):
                index = list(el).index(child) + 1
                child.tail = _split_into(el, child.tail, index, pattern, length)


def _plain(cell: ET.Element) -> list[ET.Element]:
    """``cell`` and its descendants whose text is plain words (not code or a URL)."""
    skipped = {
        id(d)
        for el in cell.iter()
        if el.tag in _SKIP_TAGS or "url" in (el.get("class") or "").split()
        for d in el.iter()
    }
    return [el for el in cell.iter() if id(el) not in skipped]


def _words(cell: ET.Element) -> list[str]:
    """The plain words of ``cell``: not code, not a URL."""
    texts = []
    for el in _plain(cell):
        texts.append(el.text or "")
        texts.extend(child.tail or "" for child in el)
    return [m.group(0) for t in texts for m in _WORD_RE.finditer(t)]


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


def threshold(columns: list[Column], measure: float = TEXT_BLOCK_EM) -> int:
    """The shortest word to mark in a table of ``columns`` set in ``measure`` ems
    (:data:`TEXT_BLOCK_EM` or :data:`COLUMN_EM`).

    :data:`LONG_WORD` if the table then fits. Otherwise the squeeze is shared:
    every word wider than an equal share of the measure is marked (so no column
    keeps a long word whole while its neighbours break theirs), and shorter ones
    too if the table still does not fit, down to :data:`SHORTEST`. A table that
    would not fit even so (its figures, which are never marked, or its many
    short words are too wide) is left as if it fitted: breaking would not help.
    """

    def needs(column: Column, length: int) -> float:
        kept = [em for chars, em in column if chars < length]
        marked = _MARKED_EM if len(kept) < len(column) else 0.0
        return max([*kept, marked]) + _PADDING_EM

    if not columns or sum(needs(c, LONG_WORD) for c in columns) <= measure:
        return LONG_WORD
    share = measure / len(columns) - _PADDING_EM
    wide = [chars for column in columns for chars, em in column if em > share and chars]
    length = max(SHORTEST, min([LONG_WORD, *wide]))
    while length > SHORTEST and sum(needs(c, length) for c in columns) > measure:
        length -= 1
    if sum(needs(c, length) for c in columns) > measure:
        return LONG_WORD  # its figures or short words alone are too wide: breaking cannot help
    return length


def _split_into(
    parent: ET.Element, text: str, index: int, pattern: re.Pattern[str], length: int
) -> str:
    """Insert ``text``'s long words (``pattern``; never a number) as spans in ``parent``
    at ``index``, of class ``long-word`` from ``length`` characters; return the text
    before them."""
    found = [m for m in pattern.finditer(text) if not _NUMBER_RE.fullmatch(m.group(0))]
    if not found:
        return text
    for offset, m in enumerate(found):
        chars = len(m.group(0))
        kind = _CLASS if chars >= LONG_WORD else _TABLE_CLASS if chars >= length else _NARROW_CLASS
        span = ET.Element("span", {"class": kind})
        span.text = m.group(0)
        end = found[offset + 1].start() if offset + 1 < len(found) else len(text)
        span.tail = text[m.end() : end] or None
        parent.insert(index + offset, span)
    return text[: found[0].start()]


class LongWords(Treeprocessor):
    """Mark the long words in every table cell of a Markdown text: those of
    :data:`LONG_WORD` characters, or shorter ones in a table too wide for the page."""

    def run(self, root: ET.Element) -> None:
        for table in [el for el in root.iter() if el.tag == "table"]:
            rows = [[c for c in row if c.tag in ("td", "th")] for row in table.iter("tr")]
            by_index: dict[int, Column] = {}
            for row in rows:
                for index, cell in enumerate(row):
                    by_index.setdefault(index, []).extend(
                        (0 if _NUMBER_RE.fullmatch(w) else len(w), width(w, cell.tag == "th"))
                        for w in _words(cell)
                    )
            columns = list(by_index.values())
            length, narrow = threshold(columns), threshold(columns, COLUMN_EM)
            for row in rows:
                for cell in row:
                    mark_long_words(cell, length, narrow)
