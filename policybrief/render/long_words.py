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

A table of several columns can still be too wide with no word that long:
twelve columns of figures, six of 22-letter compounds. How such a table is
set is :func:`policybrief.content.table_fit.fit`'s choice, which ``check``
makes too: in smaller type, with words down to 12 characters breaking, on a
landscape page (all in print only). :class:`LongWords` marks the words it
lets break (``long-word-table``, or ``long-word-narrow`` where only a column
of the one-page read-ahead needs it, which only that stylesheet lets break)
and gives the table's exhibit the classes of its fit (:func:`exhibit_classes`;
``exhibit-spans``: the one-pager runs its section across both columns).
Numbers are never marked: a figure broken across lines misreads.

Words in scripts that break between letters anyway (Chinese, Japanese,
Korean, Thai) are never marked: ``anywhere`` would override their rules for
where a line may not break. URLs and code have their own break marks
(:mod:`policybrief.render.breaks`).
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from markupsafe import Markup, escape

from policybrief.content.characters import CHARACTER_REFERENCE_RE
from policybrief.content.table_fit import (
    AGENDA_MM,
    LONG_WORD,
    NUMBER_RE,
    ROOM,
    SCALES,
    TABLE_TYPE_MM,
    WORD_CHAR,
    WORD_RE,
    Column,
    Fit,
    cell_words,
    fit,
    table_width,
)
from policybrief.render.exhibits import SHORT_TABLE

_TABLE_CLASS = "long-word-table"
_NARROW_CLASS = "long-word-narrow"


@functools.cache
def _long_word_re(length: int) -> re.Pattern[str]:
    """A run of ``length`` or more characters with no break opportunity."""
    return re.compile(WORD_CHAR + "{" + str(length) + ",}")


_LONGWORD_RE = _long_word_re(LONG_WORD)
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
    for m in _LONGWORD_RE.finditer(value):
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
    return [m.group(0) for t in texts for m in WORD_RE.finditer(t)]


#: Elements whose words set in bold.
_BOLD_TAGS = frozenset({"th", "strong", "b"})


def _measure(cell: ET.Element, resolve: Callable[[str], str] = str) -> Column:
    """The entries ``cell`` adds to its column (:func:`~policybrief.content.table_fit.cell_words`):
    its plain words, in bold inside ``th``, ``strong`` or ``b``, and its code and URLs.
    ``resolve`` gives a text as it prints (a character reference's character)."""
    found: Column = []
    code = tuple(
        "".join(el.itertext())
        for el in cell.iter()
        if el.tag in _SKIP_TAGS or "url" in (el.get("class") or "").split()
    )
    found.extend(cell_words("", code=code))
    plain = {id(el) for el in _plain(cell)}

    def walk(el: ET.Element, bold: bool) -> None:
        bold = bold or el.tag in _BOLD_TAGS
        if id(el) not in plain:
            return
        found.extend(cell_words(resolve(el.text or ""), bold=bold))
        for child in el:
            walk(child, bold)
            found.extend(cell_words(resolve(child.tail or ""), bold=bold))

    walk(cell, False)
    return found


def _split_into(
    parent: ET.Element, text: str, index: int, pattern: re.Pattern[str], length: int
) -> str:
    """Insert ``text``'s long words (``pattern``; never a number) as spans in ``parent``
    at ``index``, of class ``long-word`` from ``length`` characters; return the text
    before them."""
    found = [m for m in pattern.finditer(text) if not NUMBER_RE.fullmatch(m.group(0))]
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


def exhibit_classes(how: Fit) -> list[str]:
    """The exhibit's classes for a table set as ``how`` says (templates/css/print.css,
    one-pager.css): ``exhibit-spans``, ``exhibit-landscape``, ``exhibit-scale-90|80``."""
    names = ["exhibit-spans"] if how.spans else []
    if how.landscape:
        names.append("exhibit-landscape")
    if how.scale < 1.0:
        names.append(f"exhibit-scale-{round(how.scale * 100)}")
    return names


#: An exhibit's (or a bare table's) class attribute that holds ``exhibit-spans``
#: (a writer's own classes all start ``content-``, so only :class:`LongWords`
#: writes this one).
_SPANS_RE = re.compile(r'<(?:figure|table) class="(?:[^"]* )?exhibit-spans[ "]')
#: The start of a landscape exhibit, and the end of an exhibit.
_LANDSCAPE_RE = re.compile(r'<figure class="(?:[^"]* )?exhibit-landscape[ "]')
_FIGURE_END = "</figure>"
#: A lead-in this long or shorter goes onto the landscape page with its table.
LEAD_IN = 400
#: Blocks that a landscape exhibit may sit in: a lead-in holding one open is not cut.
_CONTAINER_RE = re.compile(r"<(/?)(blockquote|ul|ol|li|div|table|figure|dl|details)\b")
_TAG_RE = re.compile(r"<[^>]*>")


def spans_columns(html: object) -> bool:
    """Does rendered ``html`` hold a table too wide for a column of the one-pager?
    (A template test: its section then runs across both columns.)"""
    return _SPANS_RE.search(str(html)) is not None


def landscape_opening(html: object) -> tuple[Markup, Markup] | None:
    """Rendered section ``html`` cut after the landscape table it opens with: the
    opening (any lead-in, at most :data:`LEAD_IN` characters of text, and the
    table's exhibit) and the rest (empty when it is as short as a lead-in,
    which then goes with the table too); None when the section does not open so.

    A template filter: the section's heading and the opening turn to a
    landscape page together, so that neither heading nor lead-in stands alone
    on the page before, and the rest of the section goes on upright. A table
    inside a list or a quotation is not cut out of it.
    """
    text = str(html)
    start = _LANDSCAPE_RE.search(text)
    if start is None:
        return None
    lead = text[: start.start()]
    if len(_TAG_RE.sub("", lead).strip()) > LEAD_IN or _open_containers(lead):
        return None
    end = text.find(_FIGURE_END, start.end())
    if end < 0:
        return None
    end += len(_FIGURE_END)
    if len(_TAG_RE.sub("", text[end:]).strip()) <= LEAD_IN:
        return Markup(text), Markup("")  # a short tail too: no page of a line or two after it
    return Markup(text[:end]), Markup(text[end:])


def _open_containers(html: str) -> bool:
    """Does ``html`` leave a list, quotation, division or exhibit open?"""
    depth = 0
    for m in _CONTAINER_RE.finditer(html):
        depth += -1 if m.group(1) else 1
    return depth != 0


class LongWords(Treeprocessor):
    """Mark the long words in every table cell of a Markdown text: those of
    :data:`LONG_WORD` characters, or shorter ones in a table too wide for the page."""

    def _printed(self, text: str) -> str:
        """``text`` with each character reference Markdown set aside (``&nbsp;``,
        ``&#8209;``) as the character it prints: ``12&nbsp;345`` is one figure."""
        if "\x02" not in text:
            return text
        stash = self.md.htmlStash.rawHtmlBlocks

        def entity(m: re.Match[str]) -> str:
            index = int(m.group(1))
            raw = str(stash[index]) if index < len(stash) else ""
            return html.unescape(raw) if CHARACTER_REFERENCE_RE.fullmatch(raw) else m.group(0)

        return HTML_PLACEHOLDER_RE.sub(entity, text)

    def run(self, root: ET.Element) -> None:
        tables = [el for el in root.iter() if el.tag == "table"]
        if not tables:
            return  # most texts: no walk for exhibits
        exhibits = {id(child): el for el in root.iter("figure") for child in el}
        for table in tables:
            rows = [[c for c in row if c.tag in ("td", "th")] for row in table.iter("tr")]
            by_index: dict[int, Column] = {}
            for row in rows:
                for index, cell in enumerate(row):
                    by_index.setdefault(index, []).extend(_measure(cell, self._printed))
            columns = list(by_index.values())
            how = fit(columns)
            figure = exhibits.get(id(table))
            if figure is not None and exhibit_classes(how):
                # A numbered exhibit (render/exhibits.py): its caption and source go with it.
                classes = [figure.get("class", ""), *exhibit_classes(how)]
                figure.set("class", " ".join(classes).strip())
            elif figure is None:
                # A table in an agenda entry's outcome: no exhibit, no page of its
                # own, and the entry's width beside the date column.
                need = table_width(columns, how.length) * TABLE_TYPE_MM
                room = AGENDA_MM * ROOM
                scale = next((s for s in SCALES if need * s <= room), SCALES[-1])
                upright = Fit(how.length, how.narrow, scale, spans=how.spans)
                classes = exhibit_classes(upright)
                if sum(1 for _ in table.iter("tr")) <= SHORT_TABLE + 1:  # its header too
                    classes.append("table-short")  # kept on one page, as a short exhibit
                if classes:
                    table.set("class", " ".join(classes))
            for row in rows:
                for cell in row:
                    mark_long_words(cell, how.length, how.narrow)
