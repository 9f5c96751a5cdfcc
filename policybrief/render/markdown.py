"""Render the brief's Markdown to HTML (links, citations, notes, figures) or to plain text.

Python-Markdown does the Markdown; this module adds the brief's own syntax with
the patterns of :mod:`policybrief.content.refs` (so rendering sees exactly what validation saw) and
numbers notes, and figures (:mod:`policybrief.render.figures`), in one sequence
each across every text of a brief. Raw HTML in content
is sanitised with an allow-list (:mod:`policybrief.render.sanitiser`): content is untrusted.
"""

from __future__ import annotations

import html as html_text
import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import markdown
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.util import AtomicString
from markupsafe import Markup, escape

from policybrief.content.apostrophes import set_apostrophes
from policybrief.content.corpus import Corpus
from policybrief.content.exhibits import is_table_start
from policybrief.content.languages import Direction, direction, reference_direction
from policybrief.content.limits import find_excesses
from policybrief.content.markdown_lines import code_ranges, code_spans, in_ranges
from policybrief.content.model import Source
from policybrief.content.refs import (
    AUTOLINK_RE,
    CITE_ITEM_RE,
    CITE_RE,
    IMAGE_RE,
    INLINE_LINK_RE,
    LINK_RE,
    footnote_definitions,
)
from policybrief.content.table_fit import row_cells
from policybrief.render.bidi import BidiExtension, isolate_fields
from policybrief.render.blocks import BlocksExtension
from policybrief.render.brief_syntax import (
    BriefExtension,
)
from policybrief.render.note_text import note_direction, note_phrasing
from policybrief.render.sanitiser import close_gaps, mark_removed, sanitise
from policybrief.render.table_notes import TableNotes
from policybrief.render.typography import TypographyExtension, smarty

#: Where a page is read: on screen (the HTML format) or in print (the PDF format).
Medium = Literal["screen", "print"]
#: Footnotes float to the page foot (print); endnotes link to a list at the end.
NoteStyle = Literal["footnotes", "endnotes"]


@dataclass(frozen=True)
class Note:
    """One note of the brief: a citation group or a footnote, numbered in reading order.

    Part of the theme's contract (``page.notes``, see ``render/context.py``):
    ``number`` counts from 1; ``html`` is the note's text as inline HTML (never
    a block: render/note_text.py); ``dir`` the direction it reads in, whatever
    the paragraph calling it. On screen a note's call links to
    ``#note-<number>`` and is ``#note-call-<number>``.
    """

    number: int
    html: Markup
    dir: Direction = "ltr"


@dataclass
class NoteSequence:
    """The brief's single note sequence, shared by every text rendered for it."""

    notes: list[Note] = field(default_factory=list)

    def add(self, html: Markup, dir: Direction = "ltr") -> int:
        """Append a note with ``html`` as its text, reading in direction ``dir``;
        return its number (1-based, brief-wide)."""
        number = len(self.notes) + 1
        self.notes.append(Note(number, html, dir))
        return number


def plain_text(corpus: Corpus, text: str) -> str:
    """Markdown as plain text, for metadata: links read as their words, no note calls, no HTML.

    The page's meta description, the PDF's Subject, the site's summaries and
    the feed all read this; nothing removed leaves a space before punctuation.
    """

    def link(m: re.Match[str]) -> str:
        record = corpus.linkable(m.group(1).strip())
        name = (
            getattr(record.data, "name", None) or getattr(record.data, "title", "")
            if record
            else ""
        )
        return (m.group(2) or name or m.group(1)).strip()

    # Code and backslash-escaped characters are text as typed: their characters
    # are held out of what follows (emphasis marks, links, note calls) in
    # private-use stand-ins, and put back at the end.
    text, held = _hold_literals(text)
    if "|" in text:
        text = _tables_as_text(text)
    for definition in reversed(footnote_definitions(text)):  # a note's text stays, searchable
        text = text[: definition.offset] + definition.text + text[definition.end :]
    text = LINK_RE.sub(link, text)
    # A Markdown link reads as its words, an image as its alternative text and
    # an autolink as its address, as on the page (they were listed as typed).
    text = IMAGE_RE.sub(r"\1", text)
    text = INLINE_LINK_RE.sub(r"\1", text)
    text = AUTOLINK_RE.sub(r"\1", text)
    if "][" in text or "]:" in text:  # reference links: [words][id], and their [id]: lines
        text = _REFERENCE_DEFINITION_RE.sub("", text)
        text = _REFERENCE_LINK_RE.sub(r"\1", text)
    # A note call takes the space before it along, as on the page.
    # Spaces from their run's start only, and no '[' in a label: both were quadratic.
    text = re.sub(rf"(?<!\s)\s*+(?:{CITE_RE.pattern})", "", text)
    text = re.sub(r"(?<!\s)\s*+\[\^[^\[\]]+\]", "", text)
    text = mark_removed(text, keep=frozenset())  # no markup at all, and no gap where it was
    # Heading and quote marks only where they start a line: "C#" keeps its "#".
    text = re.sub(r"^(?:[ \t]*(?:#{1,6}(?=\s|$)|>))+", "", text, flags=re.M)
    # Emphasis marks go; a '*' between spaces and a '_' inside a word are text
    # ("file_name_v2"), as Markdown reads them.
    text = re.sub(r"(?<!\s)\*+|\*+(?!\s)", "", text)
    text = re.sub(r"(?<![^\W_])_+|_+(?![^\W_])", "", text)
    text = html_text.unescape(text.translate(held))  # "R&amp;D" is "R&D"
    # The page shows the text's apostrophes as ’, and so do the title's and names' here.
    return set_apostrophes(close_gaps(" ".join(text.split())))


#: A reference link, ``[words][id]`` or ``[words][]`` (not a note call ``[^…]``).
_REFERENCE_LINK_RE = re.compile(r"\[([^\[\]\n]++)\]\[(?!\^)[^\[\]\n]*+\]")
#: A reference link's definition line, ``[id]: https://…``.
_REFERENCE_DEFINITION_RE = re.compile(r"^[ ]{0,3}\[(?!\^)[^\[\]\n]++\]:[ \t]*+\S[^\n]*+$", re.M)

#: What a backslash escapes (CommonMark): every ASCII punctuation character.
_ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
#: Where :func:`_hold_literals` keeps the characters it holds out (Unicode's
#: supplementary private use area B, which no writer's text uses).
_HELD_BASE = 0x100000
#: A backslash escape: a backslash before ASCII punctuation is that character.
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _hold_literals(text: str) -> tuple[str, dict[int, str]]:
    """``text`` with its code spans' text and its backslash-escaped characters
    replaced by private-use stand-ins (backticks and backslashes dropped), and
    the table that puts the characters back (for ``str.translate``)."""
    held: dict[int, str] = {}
    stand_in: dict[str, str] = {}

    def hold(chars: str) -> str:
        out = []
        for char in chars:
            if char not in stand_in and not char.isalnum():
                stand_in[char] = chr(_HELD_BASE + len(stand_in))
                held[ord(stand_in[char])] = char
            out.append(stand_in.get(char, char))
        return "".join(out)

    if "`" in text:
        pieces, last = [], 0
        for start, end in code_spans(text)[0]:
            ticks = len(text[start:end]) - len(text[start:end].lstrip("`"))
            inner = text[start + ticks : end - ticks]
            if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
                inner = inner[1:-1]
            pieces += [text[last:start], hold(inner)]
            last = end
        text = "".join([*pieces, text[last:]])
    if "\\" in text:
        text = _ESCAPE_RE.sub(lambda m: hold(m.group(1)), text)
    return text, held


def _escaped_ampersands(text: str) -> str:
    """``text`` with each escaped ampersand outside code written ``&amp;``.

    A backslash before ``&`` makes it a plain character (CommonMark), but
    Python-Markdown puts the bare ``&`` back into the page, where ``\\&#x202E;``
    became the character it names (a right-to-left override) and ``\\&amp;``
    an ampersand: now they print as typed.
    """
    if "\\&" not in text:
        return text
    in_code = in_ranges(code_ranges(text))
    return _ESCAPED_AMPERSAND_RE.sub(
        lambda m: m.group(1) + ("&amp;" if not in_code(m.end() - 1) else "\\&"), text
    )


#: A backslash escaping an ampersand (after an even run of backslashes).
_ESCAPED_AMPERSAND_RE = re.compile(r"(?<!\\)((?:\\\\)*)\\&")


def _tables_as_text(text: str) -> str:
    """``text`` with each pipe table as a sentence: cells joined by commas, rows
    by semicolons, the delimiter row left out ("Group, Lead; Trade, DG TRADE.")."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        if not is_table_start(lines, index):
            out.append(lines[index])
            index += 1
            continue
        rows = [lines[index]]
        end = index + 2
        while end < len(lines) and "|" in lines[end]:
            rows.append(lines[end])
            end += 1
        cells = (", ".join(c.strip() for c in row_cells(r) if c.strip()) for r in rows)
        out.append("; ".join(c for c in cells if c) + ".")
        index = end
    return "\n".join(out)


def _past_limits(text: str) -> bool:
    """Whether ``text`` goes past a limit of :mod:`policybrief.content.limits`."""
    return next(find_excesses(text, in_ranges(code_ranges(text))), None) is not None


#: Words a shortened title does not end on ("46th session of the…"): English
#: articles, prepositions and conjunctions.
_DANGLING = frozenset(
    "a an the of and or nor but in on at by for from to with into onto about as "
    "than via per".split()
)


def short_title(title: str) -> str:
    """A source's title shortened for notes: the part before a colon or dash, at most
    eight words; a cut title ends on a word of its own, not on "the" or a comma."""
    short = re.split(r":\s|\s[–—]\s", title, maxsplit=1)[0]
    words = short.split()
    if len(words) <= 8:
        return " ".join(words)
    kept = words[:8]
    while len(kept) > 4 and kept[-1].casefold() in _DANGLING:
        kept.pop()
    return " ".join(kept).rstrip(",;:.–—-") + "…"


def short_form(source: Source, locator: str | None) -> Markup:
    """Return ``Publisher, *Short title*, date, locator`` as policy publishers' notes give it.

    ``locator`` (``p. 4``) is the citation's, None or empty for none; the
    source's date is left out when it has none.
    """
    values = [source.publisher, short_title(source.title)]
    if source.date is not None:
        values.append(source.date.long())
    if locator:
        values.append(locator)
    parts = isolate_fields(*values)
    parts[1] = Markup("<cite>%s</cite>") % parts[1]
    return Markup(", ").join(parts)


class BriefMarkdown:
    """A Markdown renderer for one brief and one medium (screen or print).

    ``link_href`` maps an actor or agenda id (or ``source:ID``) to the URL of its entry, or None
    when the brief does not show it (its name is then plain text).
    ``image_url`` maps ``assets/NAME`` to the URL the output uses; the address
    is rewritten after sanitising, so the sanitiser vets what the writer wrote.
    An image with a title becomes a figure, numbered from 1 in rendering order
    (the template's reading order, as for notes); inline texts get no figures.
    ``language`` (a BCP 47 tag) sets the quotation marks straight quotes print as.
    ``heading_context`` is the level (1-6) of the page's heading the texts sit
    under: a text's headings skip no level below it (2 in a brief, whose texts
    follow its sections' h2; 1 on an actor's page, under the name's h1).
    """

    def __init__(
        self,
        corpus: Corpus,
        *,
        note_style: NoteStyle,
        notes: NoteSequence,
        link_href: Callable[[str], str | None],
        image_url: Callable[[str], str],
        language: str = "en",
        heading_context: int = 2,
    ) -> None:
        self.corpus = corpus
        self.language = language
        self.heading_context = heading_context
        self.note_style = note_style
        self.notes = notes
        self.link_href = link_href
        self.image_url = image_url
        self.footnotes: dict[str, str] = {}
        #: The numbers the next figure and the next table get (render/exhibits.py).
        self.next_figure = 1
        self.next_table = 1
        #: ``assets/NAME`` sources the Markdown's own images use: only these get an address.
        self.images: set[str] = set()
        #: Put before the source of each image the Markdown itself wrote, so that
        #: a raw ``<img>`` naming the same asset is told apart (and removed, as
        #: ``check`` says); random, so no text can write it.
        self.image_mark = f"img{secrets.token_hex(8)}-"
        #: Conversions running now: a note's text is converted (and cleaned) inside
        #: its paragraph's, whose cleaning gives its images their address.
        self._converting = 0
        #: Notes whose text is being rendered: a citation there prints in full in
        #: the note's text, since a note of a note would be numbered before it.
        self.in_note = 0
        #: Ids and link targets this renderer made; a writer's other ids get a prefix.
        self._anchors: set[str] = set()
        self.table_notes = TableNotes()
        #: Stash placeholders that hold note calls (a heading's words leave them out).
        self.call_placeholders: set[str] = set()
        self._md = self._make()
        self._inline_md = self._make()
        #: The instance converting right now: note calls go into its HTML stash.
        self._active = self._md

    def _make(self) -> markdown.Markdown:
        # Raw HTML passes through Markdown; everything rendered is then sanitised.
        # sane_lists keeps a numbered list's first number and keeps ol and ul apart;
        # BlocksExtension nests lists indented by 2 or 4 and reads fences as check does.
        extensions: list[str | Extension] = [
            # align= rather than style=: the sanitiser keeps no style attribute,
            # so a column typed ---: lost its alignment.
            TableExtension(use_align_attribute=True),
            "sane_lists",
            BlocksExtension(),
            smarty(self.language),
            TypographyExtension(self.language),
            BriefExtension(self),
            BidiExtension(direction(self.language)),
        ]
        md = markdown.Markdown(extensions=extensions, output_format="html")
        # A backslash before any ASCII punctuation is that character, as CommonMark
        # has it (and plain_text reads it): "\\<angle\\>" and "100\\%" kept their backslash.
        md.ESCAPED_CHARS = [
            *md.ESCAPED_CHARS,
            *(c for c in _ASCII_PUNCTUATION if c not in md.ESCAPED_CHARS),
        ]
        return md

    def _clean(self, html: str) -> str:
        return sanitise(
            html,
            image_src=self._image_src,
            element_id=self._element_id,
            fragment=self._fragment,
        )

    def _image_src(self, src: str) -> str | None:
        """The output's address for an image the Markdown wrote; None for any other source."""
        if not src.startswith(self.image_mark):
            return None  # a raw <img>, which check reports as removed
        if self._converting:
            return src  # a note's image, inside a text still being converted
        src = src[len(self.image_mark) :]
        return self.image_url(src) if src in self.images else None

    def _own(self, href: str | None) -> str | None:
        """Note ``href`` as a link this renderer made (when it is a ``#fragment``)."""
        if href and href.startswith("#"):
            self._anchors.add(href[1:])
        return href

    def _element_id(self, value: str) -> str:
        """A writer's ``id`` lives in the ``content-`` namespace; ids made here stay."""
        return value if value in self._anchors else f"content-{value}"

    def _fragment(self, value: str) -> str:
        """Where a ``#fragment`` link lands: an anchor made here, an analysis
        section shown in the brief (by its id), else a writer's own ``id``."""
        if value in self._anchors:
            return value
        section = self.link_href(f"section:{value}")
        if section and section.startswith("#"):
            return section[1:]
        return f"content-{value}"

    def render(self, text: str) -> Markup:
        """Render a block of Markdown (paragraphs, lists, tables).

        A text past the limits that keep Markdown linear (``check``'s
        ``markdown-limit`` errors) is shown as escaped plain text instead, so
        a build that renders it anyway never takes quadratic time.
        """
        if _past_limits(text):
            return Markup("<p>%s</p>") % text
        self.footnotes = {}
        self._md.reset()
        self._active = self._md
        self._converting += 1
        try:
            html = self.table_notes.place(self._md.convert(_escaped_ampersands(text)))
        finally:
            self._converting -= 1
        self._anchors |= self.table_notes.anchors
        return Markup(self._clean(html))

    def render_inline(self, text: str) -> Markup:
        """Render a one-paragraph Markdown string without its ``<p>`` wrapper."""
        if _past_limits(text):
            return escape(text)
        previous = self._active
        self._active = self._inline_md
        self._inline_md.reset()
        # Only this text's own footnote definitions count, not the last block's.
        saved, self.footnotes = self.footnotes, {}
        self._converting += 1
        try:
            # A table in an inline text (an agenda outcome) has its notes too.
            html = self.table_notes.place(self._inline_md.convert(_escaped_ampersands(text)))
            self._anchors |= self.table_notes.anchors
        finally:
            self._converting -= 1
            self._active = previous
            self.footnotes = saved
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(self._clean(html))

    # pieces used by the Markdown extension

    def link(self, id_: str, words: str | None) -> ET.Element:
        """Return an entity's name (or ``words``, when given): a link to its entry, else a span.

        An unknown id is shown as itself rather than failing: validation reports it.
        """
        record = self.corpus.linkable(id_)
        if record is None:  # validation reports it; render the id rather than fail
            name = id_
        else:
            name = record.data.name if hasattr(record.data, "name") else record.data.title
        href = self._own(self.link_href(id_))
        el = ET.Element("a" if href else "span")
        if href:
            el.set("href", href)
        el.set("class", "entity")
        el.text = AtomicString(words or name)  # literal text, never more Markdown or HTML
        return el

    def note(self, content: Markup, *, citation: bool = False) -> Markup:
        """Number a note and return its call: a footnote in print, a linked number on screen.

        A note reads in the direction of its words; a ``citation`` (a source's
        short form, its fields isolated each in their own direction) in the
        brief's when it holds any word of the brief's direction: its separators,
        date and page are the brief's words, and an Arabic title in an English
        brief's note turned them round ("4 December … .p. 3 ,2025").
        """
        if self.note_style == "endnotes":
            # An endnote is printed from the list, never cleaned with its paragraph.
            content = self._images_addressed(content)
        way = note_direction(content)
        if citation and way != direction(self.language):
            way = reference_direction(content.striptags(), direction(self.language))
        number = self.notes.add(content, way)
        if self.note_style == "footnotes":
            return Markup('<span class="footnote" dir="{}">{}</span>').format(way, content)
        self._anchors.update((f"note-{number}", f"note-call-{number}"))
        return Markup(
            '<sup class="note-call"><a href="#note-{n}" id="note-call-{n}" '
            'role="doc-noteref" aria-label="Note {n}">{n}</a></sup>'
        ).format(n=number)

    def _images_addressed(self, html: Markup) -> Markup:
        """``html`` (cleaned already) with each image's marked source given its address."""
        if self.image_mark not in html:
            return html
        pattern = re.compile(r'src="' + re.escape(self.image_mark) + r'([^"]*)"')

        def address(m: re.Match[str]) -> str:
            src = html_text.unescape(m.group(1))
            return f'src="{escape(self.image_url(src))}"' if src in self.images else ""

        return Markup(pattern.sub(address, str(html)))

    def stash(self, html: Markup) -> str:
        """Keep finished HTML away from the rest of the Markdown pipeline."""
        return self._active.htmlStash.store(html)

    def citation(self, body: str) -> Markup:
        """A citation group's note text: each source's short form, joined by semicolons."""
        forms: list[Markup] = []
        for part in body.split(";"):
            part = " ".join(part.split())  # a citation wrapped over lines
            m = CITE_ITEM_RE.fullmatch(part)
            if not m:
                forms.append(escape(part))
                continue
            source = self.corpus.sources.get(m.group(1))
            if source is None:
                forms.append(escape(m.group(1)))
                continue
            form = short_form(source.data, m.group(2))
            # The short form leads to the full entry when the brief lists its sources.
            href = self._own(self.link_href(f"source:{m.group(1)}"))
            if href:
                form = Markup('<a class="source-link" href="{}">{}</a>').format(href, form)
            forms.append(form)
        return Markup("; ").join(forms) + Markup(".")

    def footnote(self, label: str) -> Markup:
        """A footnote's text as inline HTML; the call as written when it has no definition."""
        text = self.footnotes.get(label)
        if text is None:  # a call without a definition: keep the text as written
            return escape(f"[^{label}]")
        saved = self.footnotes
        self.in_note += 1
        try:
            body = note_phrasing(self.render_inline(text))
        finally:
            self.in_note -= 1
        self.footnotes = saved
        return body
