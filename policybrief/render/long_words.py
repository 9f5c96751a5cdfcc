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

Words in scripts that break between letters anyway (Chinese, Japanese,
Korean, Thai) are never marked: ``anywhere`` would override their rules for
where a line may not break. URLs and code have their own break marks
(:mod:`policybrief.render.breaks`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

#: Characters in a word long enough to be marked: about 45 mm of a table's type.
LONG_WORD = 25
#: A run of characters with no break opportunity of its own: no space or
#: hyphen, no character of a script that breaks between letters, and no
#: Markdown placeholder (STX ... ETX) for stashed HTML.
_LONG_WORD_RE = re.compile(
    r"[^\s\-\u00ad\u2010\u2011\u200b\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
    r"\uff00-\uffef\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\x02\x03]"
    r"{" + str(LONG_WORD) + r",}"
)
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


def mark_long_words(cell: ET.Element) -> None:
    """Put each long word of ``cell``'s text (and its descendants') in a ``long-word`` span."""
    for el in list(cell.iter()):
        if el.tag in _SKIP_TAGS or "url" in (el.get("class") or "").split():
            continue
        if el.text and _LONG_WORD_RE.search(el.text):
            el.text = _split_into(el, el.text, 0)
        for child in list(el):
            if child.tail and _LONG_WORD_RE.search(child.tail):
                child.tail = _split_into(el, child.tail, list(el).index(child) + 1)


def _split_into(parent: ET.Element, text: str, index: int) -> str:
    """Insert ``text``'s long words as spans in ``parent`` at ``index``; return the text before."""
    pieces = _LONG_WORD_RE.split(text)
    words = _LONG_WORD_RE.findall(text)
    for offset, (word, after) in enumerate(zip(words, pieces[1:], strict=True)):
        span = ET.Element("span", {"class": _CLASS})
        span.text = word
        span.tail = after or None
        parent.insert(index + offset, span)
    return pieces[0]


class LongWords(Treeprocessor):
    """Mark the long words in every table cell of a Markdown text."""

    def run(self, root: ET.Element) -> None:
        for cell in [el for el in root.iter() if el.tag in ("td", "th")]:
            mark_long_words(cell)
