"""The brief's own syntax inside Python-Markdown: links, note calls, URLs, figures, headings.

The processors :class:`~policybrief.render.markdown.BriefMarkdown` installs in
each Markdown instance; they call back into the renderer, which numbers notes
and figures across the whole brief.
"""

from __future__ import annotations

import functools
import html as html_text
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, LinkInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER, STX
from markupsafe import Markup, escape

from policybrief.content.exhibits import SOURCE_RE
from policybrief.content.limits import MAX_BRACKET_DEPTH
from policybrief.content.markdown_lines import escaped
from policybrief.content.refs import (
    CITE_RE,
    FOOTNOTE_CALL_RE,
    LINK_RE,
    asset_name,
    footnote_definitions,
)
from policybrief.content.urls import url_problem
from policybrief.render.breaks import LineBreaks
from policybrief.render.exhibits import align_numbers, attach_sources, make_tables
from policybrief.render.exhibits import register as register_exhibit_lines
from policybrief.render.figures import make_figures
from policybrief.render.long_words import LongWords
from policybrief.render.sanitiser import content_classes
from policybrief.render.table_columns import EmptyColumns

if TYPE_CHECKING:
    from policybrief.render.markdown import BriefMarkdown

_NOTE_CALL_RE = re.compile(rf"{CITE_RE.pattern}|{FOOTNOTE_CALL_RE.pattern}")
# The spaces before a run are taken from their start only ((?<!\s), possessive): tried
# from every space of a long run of them, the pattern was quadratic. (Not *+ on the
# group: Python 3.11's re gets a possessive group holding captures wrong.)
_NOTES_RUN = (
    rf"(?<!\s)\s*+(?:{_NOTE_CALL_RE.pattern})(?:\s*+(?:{_NOTE_CALL_RE.pattern}))*"
    r"(?P<punct>[.,;:]?)"
)
#: Between two note calls that touch; set like a call by the stylesheets.
_NOTE_SEPARATOR = Markup('<sup class="note-sep">,</sup>')


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
        md.treeprocessors.register(_HeadingLevels(md, r), "brief_heading_levels", 3.5)
        md.treeprocessors.register(_HeadingWords(md, r), "brief_heading_words", 3)
        md.treeprocessors.register(EmptyColumns(md), "brief_empty_columns", 2)
        md.treeprocessors.register(LongWords(md), "brief_long_words", 1)
        # Before Markdown's raw_html (30) puts the writer's HTML back into the page.
        md.postprocessors.register(_ContentClasses(md), "brief_content_classes", 35)
        for pattern in md.inlinePatterns:
            if isinstance(pattern, LinkInlineProcessor):
                # An instance attribute: each link, image and reference processor.
                pattern.getText = functools.partial(_bounded_text, pattern)  # type: ignore[method-assign]
                pattern.getLink = functools.partial(_bounded_link, pattern, pattern.getLink)  # type: ignore[method-assign]


_BRACKET_RE = re.compile(r"[\[\]]")


def _bounded_text(pattern: LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:
    """Python-Markdown's ``getText`` (a link's words, up to the matching ``]``), bounded.

    Its scan runs from each ``[`` to the matching ``]``, so a paragraph of
    unclosed ``[`` was quadratic (20,000 of them took a minute). This one
    jumps from bracket to bracket and gives up once brackets nest deeper
    than ``check`` allows (:data:`~policybrief.content.limits.MAX_BRACKET_DEPTH`):
    no character is then scanned by more than that many ``[``.
    """
    depth = 1
    for m in _BRACKET_RE.finditer(data, index):
        depth += 1 if m.group(0) == "[" else -1
        if depth == 0:
            return data[index : m.start()], m.end(), True
        if depth > MAX_BRACKET_DEPTH:
            break
    return "", index, False  # not a link: callers ignore the words


_PAREN_RE = re.compile(r"[()]")


def _bounded_link(
    pattern: LinkInlineProcessor,
    original: Callable[[str, int], tuple[str, str | None, int, bool]],
    data: str,
    index: int,
) -> tuple[str, str | None, int, bool]:
    """Python-Markdown's ``getLink`` (a link's ``(address "title")``), bounded.

    It scans from each ``(`` to the matching ``)``, and past it while a quote
    is open, so ``![a](`` repeated was quadratic. The address's parentheses
    are matched here first, giving up past the same depth as brackets; the
    original then reads only up to that ``)``.
    """
    depth = 0
    for m in _PAREN_RE.finditer(data, index):
        depth += 1 if m.group(0) == "(" else -1
        if depth == 0:
            return original(data[: m.end()], index)
        if depth > MAX_BRACKET_DEPTH or depth < 0:
            break
    return "", None, index, False


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
        if escaped(data, m.start(0)):
            return None, None, None  # type: ignore[return-value]  # "\[[" is text
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
        if escaped(data, m.start(0) + m.group(0).index("[")):
            return None, None, None  # type: ignore[return-value]  # "\[@" and "\[^" are text
        r = self.renderer
        calls: list[Markup] = []
        numbered = False
        # A note called in a table cell prints after the table (render/table_notes.py).
        ancestors = getattr(self.md.treeprocessors["inline"], "ancestors", [])
        in_table = "td" in ancestors or "th" in ancestors
        # An exhibit's source line names its sources in full, not in a note; so
        # does a note (a citation there was a note numbered before its own).
        if (SOURCE_RE.match(data) or r.in_note) and FOOTNOTE_CALL_RE.search(m.group(0)) is None:
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
                if in_table:
                    calls.append(r.table_notes.call(content))
                else:
                    calls.append(r.note(content, citation=cite is not None))
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
                # Marked as the Markdown's own; the sanitiser swaps in the output's address.
                if (src := asset_name(el.get("src", ""))) in self.renderer.corpus.assets:
                    self.renderer.images.add(src)
                    el.set("src", self.renderer.image_mark + src)
            elif el.tag == "a":
                if url_problem(el.get("href", "")) is not None:
                    el.attrib.pop("href", None)


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
        else:
            # An outcome's table is no exhibit, but its figures align as an exhibit's.
            for table in root.iter("table"):
                align_numbers(table)


_PLACEHOLDER_RE = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"(\d+)"))
#: A backslash-escaped character, until Markdown's last tree step puts it back.
_ESCAPED_RE = re.compile(re.escape(STX) + r"(\d+)" + re.escape(ETX))


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _HeadingLevels(Treeprocessor):
    """Give the text's headings levels that skip none, below the page's heading.

    The page has its one h1 (the brief's title, an actor's name), which the
    sanitiser keeps for itself: a writer's ``# Heading`` lost its element and
    ran into the next paragraph; it is a heading, as ``## Heading`` is. A
    heading deeper than one level below the heading before it (``####`` right
    under a section's h2, or under an actor's name) is raised to that level:
    screen readers navigate by levels, and a skipped one reads as a missing
    part (axe's heading-order). The writer's ``##`` and ``###`` keep theirs.
    """

    def __init__(self, md: markdown.Markdown, renderer: BriefMarkdown) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        level = self.renderer.heading_context
        for el in root.iter():
            if el.tag in _HEADINGS:
                level = min(max(int(el.tag[1]), 2), level + 1)
                el.tag = f"h{level}"


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
            if el.tag not in _HEADINGS:
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


class _ContentClasses(Postprocessor):
    """Give every class in the writer's raw HTML the content prefix.

    Python-Markdown keeps raw HTML aside as plain strings; the renderer's own
    HTML is kept aside as ``Markup``, and its elements are built in the tree,
    so only what the writer typed is rewritten.
    """

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if type(block) is str:  # not Markup, which is the renderer's own
                blocks[index] = content_classes(block)
        return text
