"""The brief's own syntax inside Python-Markdown: links, note calls, URLs, figures, headings.

The processors :class:`~policybrief.render.markdown.BriefMarkdown` installs in
each Markdown instance; they call back into the renderer, which numbers notes
and figures across the whole brief.
"""

from __future__ import annotations

import html as html_text
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER, STX
from markupsafe import Markup, escape

from policybrief.content.exhibits import SOURCE_RE
from policybrief.content.refs import (
    CITE_RE,
    FOOTNOTE_CALL_RE,
    LINK_RE,
    footnote_definitions,
)
from policybrief.render.breaks import LineBreaks
from policybrief.render.exhibits import attach_sources, make_tables
from policybrief.render.exhibits import register as register_exhibit_lines
from policybrief.render.figures import make_figures

if TYPE_CHECKING:
    from policybrief.render.markdown import BriefMarkdown

_NOTE_CALL_RE = re.compile(rf"{CITE_RE.pattern}|{FOOTNOTE_CALL_RE.pattern}")
_NOTES_RUN = rf"\s*(?:{_NOTE_CALL_RE.pattern})(?:\s*(?:{_NOTE_CALL_RE.pattern}))*(?P<punct>[.,;:]?)"
#: Between two note calls that touch; set like a call by the stylesheets.
_NOTE_SEPARATOR = Markup('<sup class="note-sep">,</sup>')
_SAFE_URL_RE = re.compile(r"^(https?:|mailto:|#|[^:]*$)", re.IGNORECASE)


class BriefExtension(Extension):
    """The brief's own Markdown: links, note calls and definitions, URLs, figures, headings."""

    def __init__(self, renderer: BriefMarkdown) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        r = self.renderer
        md.preprocessors.register(_FootnoteDefinitions(md, r), "brief_footnote_defs", 25)
        register_exhibit_lines(md)
        md.inlinePatterns.register(_LinkPattern(LINK_RE.pattern, md, r), "brief_link", 186)
        md.inlinePatterns.register(_NotesPattern(_NOTES_RUN, md, r), "brief_notes", 185)
        md.treeprocessors.register(_Urls(md, r), "brief_urls", 5)
        md.treeprocessors.register(_Figures(md, r), "brief_figures", 4)
        md.treeprocessors.register(LineBreaks(md), "brief_line_breaks", 4)
        md.treeprocessors.register(_HeadingWords(md, r), "brief_heading_words", 3)


class _FootnoteDefinitions(Preprocessor):
    """Take ``[^label]: text`` definitions (with indented continuation lines) out."""

    def __init__(self, md: markdown.Markdown, renderer: BriefMarkdown) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, lines: list[str]) -> list[str]:
        # The tokenizer's definitions, so that check and the page agree on every note.
        definitions = footnote_definitions("\n".join(lines))
        taken: dict[int, int] = {}  # first line -> last line of each definition
        for definition in definitions:
            self.renderer.footnotes[definition.label] = definition.text
            taken[definition.lines[0]] = definition.lines[1]
        kept: list[str] = []
        index = 0
        while index < len(lines):
            if index not in taken:
                kept.append(lines[index])
                index += 1
                continue
            index = taken[index] + 1
            blanks = index
            while index < len(lines) and not lines[index].strip():
                index += 1
            # Blank lines after a note: one stays, unless another note or the end follows.
            if index > blanks and index < len(lines) and index not in taken:
                kept.append("")
        # Blank lines left where trailing definitions were would reach the last
        # block: a table would read the line break as one more (empty) row.
        while kept and not kept[-1].strip():
            kept.pop()
        return kept


class _LinkPattern(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, renderer: BriefMarkdown) -> None:
        super().__init__(pattern, md)
        self.renderer = renderer

    # The stubs give InlineProcessor Pattern's one-argument signature, as Markdown does.
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]  # noqa: N802
        words = " ".join((m.group(2) or "").split()) or None  # a wrapped line is one space
        return (
            self.renderer.link(m.group(1).strip(), words),
            m.start(0),
            m.end(0),
        )


class _NotesPattern(_LinkPattern):
    """A run of touching note calls: ``[@a][^b]`` prints as "1,2", never "12".

    The run swallows the space before it, and punctuation just after it moves
    before the calls (Pandoc's rule).
    """

    # The stubs give InlineProcessor Pattern's one-argument signature, as Markdown does.
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]  # noqa: N802
        r = self.renderer
        calls: list[Markup] = []
        numbered = False
        # A note called in a table cell prints after the table (render/table_notes.py).
        ancestors = getattr(self.md.treeprocessors["inline"], "ancestors", [])
        in_table = "td" in ancestors or "th" in ancestors
        # An exhibit's source line names its sources in full, not in a note.
        if SOURCE_RE.match(data) and FOOTNOTE_CALL_RE.search(m.group(0)) is None:
            forms = [
                Markup(str(r.citation(c.group(1))).removesuffix("."))
                for c in CITE_RE.finditer(m.group(0))
            ]
            space = m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())]
            html = escape(space) + Markup("; ").join(forms) + escape(m.group("punct"))
            return r.stash(html), m.start(0), m.end(0)
        for call in _NOTE_CALL_RE.finditer(m.group(0)):
            cite, label = call.group(1), call.group(2)
            if cite is not None or label in r.footnotes:
                content = r.citation(cite) if cite is not None else r.footnote(label)
                calls.append(r.table_notes.call(content) if in_table else r.note(content))
                numbered = True
            elif calls:  # a call without a definition: keep the text as written
                calls[-1] += escape(call.group(0))
            else:
                calls.append(escape(call.group(0)))
        if not numbered:
            return None, m.start(0), m.end(0)
        html = escape(m.group("punct")) + _NOTE_SEPARATOR.join(calls)
        placeholder = r.stash(html)
        r.call_placeholders.add(placeholder)
        return placeholder, m.start(0), m.end(0)


class _Urls(Treeprocessor):
    """Note the content images the text shows; drop link targets that could run code."""

    def __init__(self, md: markdown.Markdown, renderer: BriefMarkdown) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        for el in root.iter():
            if el.tag == "img":
                # Kept as written; the sanitiser swaps in the output's address.
                if (src := el.get("src", "")) in self.renderer.corpus.assets:
                    self.renderer.images.add(src)
            elif el.tag == "a":
                href = el.get("href", "")
                if not _SAFE_URL_RE.match(href.strip()):
                    del el.attrib["href"]


class _Figures(Treeprocessor):
    """Number titled images as figures and tables as tables, each with its source
    line, in block texts only (a note's or an outcome's inline text has no room
    for an exhibit)."""

    def __init__(self, md: markdown.Markdown, renderer: BriefMarkdown) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        if self.md is self.renderer._md:
            self.renderer.next_figure = make_figures(root, self.renderer.next_figure)
            self.renderer.next_table = make_tables(root, self.renderer.next_table)
            attach_sources(root)


_PLACEHOLDER_RE = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"(\d+)"))
#: A backslash-escaped character, until Markdown's last tree step puts it back.
_ESCAPED_RE = re.compile(re.escape(STX) + r"(\d+)" + re.escape(ETX))


class _HeadingWords(Treeprocessor):
    """Give a heading that calls a note its words alone, as ``title``.

    The print stylesheet takes the PDF bookmark and the running head from it,
    so neither shows note numbers, citation marks or markup.
    """

    def __init__(self, md: markdown.Markdown, renderer: BriefMarkdown) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        calls = self.renderer.call_placeholders
        for el in root.iter():
            if el.tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
                continue
            text = "".join(el.itertext())
            if not any(p in text for p in calls):
                continue

            def words(m: re.Match[str]) -> str:
                if m.group(0) in calls:
                    return ""
                raw = self.md.htmlStash.rawHtmlBlocks[int(m.group(1))]
                return html_text.unescape(re.sub(r"<[^>]*>", "", str(raw)))

            text = _PLACEHOLDER_RE.sub(words, text)
            text = _ESCAPED_RE.sub(lambda m: chr(int(m.group(1))), text)
            el.set("title", " ".join(text.split()))
