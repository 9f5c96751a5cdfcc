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

from policybrief.content.languages import direction, text_direction, valid_tag
from policybrief.content.refs import PHRASE_LANG_RE

#: Letters and marks of the right-to-left scripts (Hebrew to Arabic Extended,
#: the presentation forms, and the historic right-to-left blocks).
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"
#: A run of right-to-left words: starts and ends with a right-to-left character;
#: spaces, digits and punctuation inside it belong to it.
_RTL_RUN_RE = re.compile(rf"[{_RTL}]+(?:[\s\d.,'’\"()\-–]*[{_RTL}]+)*")
_BLOCKS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "figcaption", "caption"}
)
#: Elements whose text is left alone: code, and what already says its direction.
_SKIP = frozenset({"code", "pre", "bdi", "kbd", "samp"})


class BidiExtension(Extension):
    """Block direction, isolated right-to-left runs and ``[words]{lang=xx}``."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Before links (160) and the brief's [[id]] (186): [words]{…} is neither.
        md.inlinePatterns.register(_PhraseLanguage(PHRASE_LANG_RE.pattern, md), "brief_lang", 190)
        # After the inline patterns (20): the text is final.
        md.treeprocessors.register(_Direction(md), "brief_bidi", 2)


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
    def run(self, root: ET.Element) -> None:
        for el in list(root.iter()):
            if el.tag in _BLOCKS and "dir" not in el.attrib:
                text = "".join(el.itertext())
                if text_direction(text) == "rtl":
                    el.set("dir", "rtl")
                    continue
                _isolate(el)


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


def isolate_runs(text: str) -> Markup:
    """Plain ``text`` as HTML with each right-to-left run in a left-to-right text in
    ``<bdi dir="rtl">``, as the Markdown's are (titles are plain text, not Markdown)."""
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
