"""Right-to-left text inside the brief's Markdown: block direction, isolated runs, phrase language.

Three things, in the PDF and on screen alike:

- a block (paragraph, list item, heading, table cell) written mostly in a
  right-to-left script gets ``dir="rtl"``, so it sets right-aligned and reads
  right to left (WeasyPrint has no ``dir="auto"``, so the direction is decided here);
- in a left-to-right block, each run of right-to-left words (a name in an
  English sentence) is wrapped in ``<bdi dir="rtl">``, so it cannot reorder
  the punctuation and numbers around it;
- ``[words]{lang=fa}`` marks a phrase's language: ``<span lang="fa" dir="rtl">``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from policybrief.content.languages import Direction, direction, text_direction, valid_tag
from policybrief.content.refs import PHRASE_LANG_RE

#: Letters and marks of the right-to-left scripts (Hebrew to Arabic Extended,
#: the presentation forms, and the historic right-to-left blocks).
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"
#: A run of right-to-left words: starts and ends with a right-to-left character;
#: spaces, digits and punctuation inside it belong to it, and so do the zero
#: width non-joiner and joiner (Persian writes می‌خواهد with one: the run was cut
#: in two there, and its halves set left to right in an English sentence).
#: A letter of a left-to-right script (a block with none, digits alone, keeps the page's direction).
_LTR_LETTER_RE = re.compile(rf"(?![{_RTL}])[^\W\d_]")
#: A run of left-to-right words (or numbers) in a right-to-left text: from its
#: first letter or digit to its last, over anything but right-to-left letters.
_LTR_RUN_RE = re.compile(rf"[^\W{_RTL}](?:[^{_RTL}]*[^\W{_RTL}])?")
_RTL_RUN_RE = re.compile(rf"[{_RTL}]+(?:[\s\d.,'’\"()\-–\u200c\u200d]*[{_RTL}]+)*")
_BLOCKS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "figcaption", "caption"}
)
#: Elements whose text is left alone: code, and what already says its direction.
_SKIP = frozenset({"code", "pre", "bdi", "kbd", "samp"})


class BidiExtension(Extension):
    """Block direction, isolated right-to-left runs and ``[words]{lang=xx}``.

    ``base`` is the page's direction: on a right-to-left page (a brief in
    Arabic) a block written in a left-to-right script gets ``dir="ltr"``, so an
    English paragraph keeps its punctuation and numbers where they were typed.
    """

    def __init__(self, base: str = "ltr") -> None:
        super().__init__()
        self.base = base

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Before links (160) and the brief's [[id]] (186): [words]{…} is neither.
        md.inlinePatterns.register(_PhraseLanguage(PHRASE_LANG_RE.pattern, md), "brief_lang", 190)
        # After the inline patterns (20): the text is final.
        md.treeprocessors.register(_Direction(md, self.base), "brief_bidi", 2)


class _PhraseLanguage(InlineProcessor):
    # The stubs give InlineProcessor Pattern's one-argument signature, as Markdown does.
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]  # noqa: N802
        tag = m.group(2)
        if not valid_tag(tag):
            return None, m.start(0), m.end(0)  # check reports it; the text stays as typed
        el = ET.Element("span")
        el.set("lang", tag)
        el.set("dir", direction(tag))
        el.text = m.group(1)
        return el, m.start(0), m.end(0)


class _Direction(Treeprocessor):
    def __init__(self, md: markdown.Markdown, base: str) -> None:
        super().__init__(md)
        self.base = base

    def run(self, root: ET.Element) -> None:
        for table in root.iter("table"):
            self._table(table)
        for el in list(root.iter()):
            if el.tag in _BLOCKS and "dir" not in el.attrib:
                text = _words(el)
                if text_direction(text, "rtl" if self.base == "rtl" else "ltr") == "rtl":
                    if _set_direction(el, "rtl", self.base) is el:
                        # The theme's English label keeps its order: "Table 1." read ".Table 1".
                        for label in el.iter():
                            if label.get("class") in _LABELS:
                                label.set("dir", "ltr")
                    continue
                if self.base == "rtl" and _LTR_LETTER_RE.search(text):
                    _isolate(_set_direction(el, "ltr", self.base))
                    continue
                _isolate(el)

    def _table(self, table: ET.Element) -> None:
        """Set a table written in the other direction (its first cell and two in
        three of the others) in it: its columns run that way (an Arabic table in an
        English brief read its first column on the left)."""
        if "dir" in table.attrib:
            return
        base: Direction = "rtl" if self.base == "rtl" else "ltr"
        other: Direction = "ltr" if base == "rtl" else "rtl"
        # Its first cell, and two in three of the cells with words: a weapon's or a
        # company's Latin name in one cell of an Arabic table leaves it Arabic.
        texts = [_words(cell) for cell in table.iter() if cell.tag in ("td", "th")]
        ways = [text_direction(t, base) for t in texts if any(c.isalpha() for c in t)]
        if ways and ways[0] == other and ways.count(other) * 3 >= len(ways) * 2:
            table.set("dir", other)


def _set_direction(el: ET.Element, value: str, base: str) -> ET.Element:
    """Give ``el`` the direction ``value``; return the element that holds it.

    A list item keeps its list's direction, so that its number stays on the
    list's side with the others': an English item in an Arabic list had its
    number in the gutter on the left. Its words, up to its first nested block,
    go into a ``span`` of their own direction instead (a loose item's
    paragraphs take theirs as any paragraph does).
    """
    if el.tag != "li" or value == base:
        el.set("dir", value)
        return el
    span = ET.Element("span", {"dir": value})
    span.text, el.text = el.text, None
    for child in list(el):
        if child.tag in _BLOCKS or child.tag in ("ul", "ol", "blockquote", "pre", "div", "table"):
            break  # a nested list or a loose item's paragraph: a block of its own
        el.remove(child)
        span.append(child)  # its tail goes with it
    el.insert(0, span)
    return span


#: The theme's own English labels in a writer's block ("Table 1.", "Source:"):
#: they never decide the block's direction.
_LABELS = frozenset({"exhibit-label", "source-label"})


def _words(el: ET.Element) -> str:
    """The writer's words in ``el``: its text without the theme's labels."""
    inner = "" if el.get("class") in _LABELS else (el.text or "")
    return inner + "".join(_words(child) + (child.tail or "") for child in el)


def _isolate(block: ET.Element) -> None:
    """Wrap the right-to-left runs in ``block``'s own text (not its nested blocks') in bdi."""
    if block.text:
        block.text = _wrap(block, block.text, 0)
    for child in list(block):
        if child.tag not in _SKIP and child.tag not in _BLOCKS and "dir" not in child.attrib:
            _isolate(child)
        if child.tail:
            index = list(block).index(child) + 1
            child.tail = _wrap(block, child.tail, index)


def _wrap(parent: ET.Element, text: str, index: int) -> str:
    """Insert a ``bdi`` for each run of ``text`` at child ``index`` of ``parent``;
    return the text before the first run (all of it when there is none)."""
    runs = list(_RTL_RUN_RE.finditer(text))
    if not runs:
        return text
    for offset, m in enumerate(runs):
        bdi = ET.Element("bdi")
        bdi.set("dir", "rtl")
        bdi.text = m.group(0)
        end = runs[offset + 1].start() if offset + 1 < len(runs) else len(text)
        bdi.tail = text[m.end() : end]
        parent.insert(index + offset, bdi)
    return text[: runs[0].start()]


#: Each bidirectional control that opens a level, and the one that closes it.
_CLOSER = {
    "\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
    "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069",
}  # fmt: skip
_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_RTL_CHAR_RE = re.compile(f"[{_RTL}]")
#: Left-to-right, right-to-left and pop directional isolate (Unicode's LRI, RLI, PDI).
_LRI, _RLI, _PDI = "\u2066", "\u2067", "\u2069"


def seal(text: str) -> str:
    """``text`` with its bidirectional controls balanced: a closing control with
    nothing to close is dropped, and every level left open is closed at the end,
    so an unclosed U+202B in one author's name cannot reorder the next one."""
    if not _CONTROLS_RE.search(text):
        return text
    out: list[str] = []
    open_: list[str] = []  # the closers owed, innermost last
    for char in text:
        if char in _CLOSER:
            open_.append(_CLOSER[char])
        elif char == "\u202c" and (not open_ or open_[-1] != char):
            continue  # closes nothing here (an isolate is in the way)
        elif char == _PDI:
            if _PDI not in open_:
                continue
            while open_[-1] != _PDI:  # an isolate's end closes the embeddings inside it
                out.append(open_.pop())
            open_.pop()
        elif char == "\u202c":
            open_.pop()
        out.append(char)
    return "".join(out + open_[::-1])


def needs_isolation(text: str, base: str = "ltr") -> bool:
    """Whether ``text`` can reorder, or be reordered by, what is around it in a
    line of direction ``base``: it holds right-to-left letters or bidirectional
    controls, or the line is right to left. Plain English in an English brief never."""
    return base == "rtl" or bool(_RTL_CHAR_RE.search(text) or _CONTROLS_RE.search(text))


def isolate_text(text: str, base: str = "ltr", *, whole: str | None = None) -> str:
    """Plain ``text`` isolated with Unicode's isolate controls, for where no
    element can hold it (a CSS string, the running head's ``string-set``).

    The text is isolated as a whole in direction ``whole`` (by default its
    own, by most letters), and each run of the other direction inside it on
    its own: a title's copy reads as the heading it repeats, and the running
    foot (an organisation, a date, an identifier: ``whole`` is the page's
    direction) keeps "30 November 2026" whole beside an Arabic name. Text
    that :func:`needs_isolation` says is safe in a ``base`` line comes back as
    it was (the PDFs of English briefs do not change).
    """
    if not needs_isolation(text, base):
        return text
    text = seal(text)
    if (whole or text_direction(text)) == "rtl":
        return _RLI + _LTR_RUN_RE.sub(lambda m: _LRI + m.group(0) + _PDI, text) + _PDI
    return _LRI + _isolate_inner(text) + _PDI


def _isolate_inner(text: str) -> str:
    """Each right-to-left run of a left-to-right ``text`` between RLI and PDI."""
    return _RTL_RUN_RE.sub(lambda m: _RLI + m.group(0) + _PDI, text)


def bdi(text: str, base: str = "ltr") -> Markup:
    """A writer's ``text`` shown inline among other words, as HTML: in a
    ``<bdi dir="…">`` of its own direction, its bidirectional controls sealed.

    Its right-to-left runs are isolated as a title's are, but by isolate
    controls inside the one element rather than nested elements: WeasyPrint
    lays a right-to-left line's inline boxes out in reverse, whatever their
    own direction, so nested ``bdi`` would turn "Border: غزة" into
    "غزة :Border" on a right-to-left page. Text that :func:`needs_isolation`
    says is safe in a ``base`` line stays plain text.
    """
    if not needs_isolation(text, base):
        return escape(text)
    text = seal(text)
    own = text_direction(text)
    inner = _isolate_inner(text) if own == "ltr" and _RTL_CHAR_RE.search(text) else text
    return Markup('<bdi dir="{}">{}</bdi>').format(own, inner)


def isolate_fields(*values: str) -> list[Markup]:
    """The fields of one reference (publisher, title, date…) as HTML: when any
    holds right-to-left letters, each is isolated in its own ``bdi``, so an
    Arabic publisher and an English date cannot swap places; otherwise each is
    plain text (English references do not change)."""
    base = "rtl" if any(_RTL_CHAR_RE.search(v) or _CONTROLS_RE.search(v) for v in values) else "ltr"
    return [bdi(v, base) for v in values]


def isolate_runs(text: str) -> Markup:
    """Plain ``text`` as HTML with each right-to-left run in a left-to-right text in
    ``<bdi dir="rtl">``, as the Markdown's are (titles are plain text, not Markdown).
    Its bidirectional controls are sealed (:func:`seal`)."""
    text = seal(text)
    if text_direction(text) == "rtl":
        return escape(text)
    out: list[Markup] = []
    last = 0
    for m in _RTL_RUN_RE.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(Markup('<bdi dir="rtl">{}</bdi>').format(m.group(0)))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
