"""Find the references inside Markdown: ``[[id]]``, ``[[id|text]]``, ``[@id]``, images and notes.

One tokenizer serves validation (which needs offsets for file:line:column) and
rendering (which replaces what it finds), so the two can never disagree about
what counts as a reference. References inside code spans and fenced or
indented code blocks are text, not references (where code is:
:mod:`policybrief.content.markdown_lines`). Footnotes are calls
(``[^label]``) and definitions (``[^label]: text`` at the start of a line,
with its continuation lines, :func:`footnote_definitions`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

from policybrief.content.markdown_lines import (
    FOOTNOTE_DEF_RE,
    code_ranges,
    escaped,
    in_ranges,
    scan_lines,
)

#: A line break inside a reference is allowed (writers wrap lines); a blank line is not.
_BREAK = r"\n(?![ \t]*\n)"
#: No reference holds code: not a backtick, nor (in the renderer, where code spans
#: are already taken out) Python-Markdown's placeholder for one (STX ... ETX).
_NOT_CODE = "`\x02\x03"
#: ``[[id]]`` or ``[[id|words]]``; in a table cell the bar is escaped as ``\|``.
LINK_RE = re.compile(
    rf"\[\[((?:[^\[\]|\\\n{_NOT_CODE}]|{_BREAK})*?)(?:\\?\|((?:[^\[\]\n{_NOT_CODE}]|{_BREAK})*?))?\]\]"
)
#: ``[@a]``, ``[@a; @b]``, ``[@a, p. 4]``; not a Markdown link ``[@a](url)`` or
#: ``[@a][ref]`` (but ``[@a][^note]`` is a citation and a footnote call).
CITE_RE = re.compile(rf"\[(@(?:[^\[\]\n{_NOT_CODE}]|{_BREAK})*)\](?!\(|\[(?!\^))")
CITE_ITEM_RE = re.compile(r"@([A-Za-z0-9][A-Za-z0-9_-]*)(?:\s*,\s*(.*\S))?")
#: A link's or image's destination and title, after its ``](``: the address in angle
#: brackets (CommonMark's form for a name with spaces) or plain (Python-Markdown,
#: which renders the page, takes spaces there too: ``assets/my map.png``), then a
#: title in double or single quotes, either holding the other or its own before a
#: letter ('The region's borders'), as Python-Markdown reads it; at most 300
#: characters, so a title never closed is not read on from every link.
#: A plain address may hold parentheses in pairs (``wiki/Foo_(bar)``).
_END = r"(?:[^()\s<>]|\([^()\s<>]*+\))"  # an address's first or last character
_DESTINATION = (
    r"\s*+(?:<([^<>\n]*+)>|((?:" + _END + r"(?:(?:[^()<>\n]|\([^()<>\n]*+\))*?" + _END + r")??)?))"
    r"(?:\s++(?:\"(?:[^\"\n]|\"(?=\w)){0,300}+\"|'(?:[^'\n]|'(?=\w)){0,300}+'))?\s*+\)"
)
#: ``![alt](path "title")``, ``![alt](<path with spaces> "title")``: the address is
#: group 2 in angle brackets, else 3.
# Possessive quantifiers (*+, ++): a long run of spaces must not be re-tried
# from every split (it made check quadratic: 200,000 spaces took minutes).
# No '[' in the words and no '(' in the address: an image that never closes must
# not be read on to the line's end from every '![' (that made "![a](" * n quadratic).
IMAGE_RE = re.compile(r"!\[([^\[\]\n]*+)\]\(" + _DESTINATION)
#: ``[words](address "title")``: a Markdown link (not an image: check for the ``!``
#: before it); the words are group 1 (they may run on over a line's end, not a
#: paragraph's), the address group 2 or 3 (as in :data:`IMAGE_RE`).
INLINE_LINK_RE = re.compile(r"\[((?:[^\[\]\n]|\n(?![ \t]*\n))*+)\]\(" + _DESTINATION)
#: ``<https://example.org>``, ``<mailto:a@b.org>``, ``<a@b.org>``: CommonMark's
#: autolinks, shown as their address (group 1).
AUTOLINK_RE = re.compile(
    r"<((?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*+)|(?:[\w.+-]++@[\w-]++(?:\.[\w-]++)++))>"
)
#: ``[words]{lang=fa}``: a phrase in another language (its BCP 47 tag).
PHRASE_LANG_RE = re.compile(r"\[([^\[\]\n]+)\]\{lang=([A-Za-z0-9-]+)\}")
#: ``[^label]``: a footnote call; a label has no spaces or brackets, and holds no
#: code, as the references above do not.
FOOTNOTE_CALL_RE = re.compile(rf"\[\^([^\[\]\s{_NOT_CODE}]+)\]")


def asset_name(src: str) -> str:
    """An image's address as the name of a file: percent escapes decoded, in Unicode NFC.

    A Markdown link destination is a URL, so ``assets/my%20map.png`` names
    ``my map.png``; and macOS and some editors write accented names decomposed
    (NFD), which look the same as the composed (NFC) name a writer types. Both
    sides (the text's address and the file's name) are compared in this form.
    """
    return unicodedata.normalize("NFC", unquote(src))


@dataclass(frozen=True)
class Link:
    """``[[id]]`` / ``[[id|text]]`` to an actor or agenda item."""

    offset: int
    end: int
    id: str
    text: str | None


@dataclass(frozen=True)
class Citation:
    """One source inside a citation group, with its locator (``p. 4``)."""

    id: str
    locator: str | None
    #: Where its ``@`` is in the text, so an unknown id is reported where it was typed.
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True)
class CitationGroup:
    """``[@a; @b, p. 4]``: one note in the brief. ``bad`` holds unreadable items."""

    offset: int
    end: int
    items: tuple[Citation, ...]
    bad: tuple[str, ...] = ()


@dataclass(frozen=True)
class Image:
    offset: int
    end: int
    alt: str
    src: str


@dataclass(frozen=True)
class FootnoteCall:
    """``[^label]``: where the note numbered for ``label`` is called."""

    offset: int
    end: int
    label: str


@dataclass(frozen=True)
class FootnoteDefinition:
    """``[^label]: text``: a note's text, from its first line to its last continuation line.

    ``lines`` are the indexes of its first and last line in the text;
    ``text`` is the note's text with its lines joined by single spaces.
    """

    offset: int
    end: int
    label: str
    text: str
    lines: tuple[int, int] = field(compare=False)


Reference = Link | CitationGroup | Image | FootnoteCall | FootnoteDefinition


def _parse_citations(body: str, start: int) -> tuple[tuple[Citation, ...], tuple[str, ...]]:
    items: list[Citation] = []
    bad: list[str] = []
    for raw in body.split(";"):
        offset = start + len(raw) - len(raw.lstrip())
        start += len(raw) + 1
        part = " ".join(raw.split())  # a wrapped line is one space
        m = CITE_ITEM_RE.fullmatch(part)
        if m:
            items.append(Citation(m.group(1), m.group(2), offset))
        else:
            bad.append(part)
    return tuple(items), tuple(bad)


#: A line that starts a Markdown block inside a paragraph's run: a list item, a quotation.
_BLOCK_START_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]|>")


@dataclass
class _OpenDefinition:
    """A definition being read, line by line."""

    offset: int
    label: str
    parts: list[str]
    first: int
    last: int
    end: int

    def close(self) -> FootnoteDefinition:
        # Lines as Markdown reads them: a paragraph's lines join with a space; a
        # blank line (an empty part) and a line that starts a block (a list
        # item, a quotation) keep their break, so a note's list is a list.
        text = ""
        for part in self.parts:
            if not part:
                text += "\n\n"
            elif text and not text.endswith("\n"):
                text += ("\n" if _BLOCK_START_RE.match(part) else " ") + part
            else:
                text += part
        text = text.strip()
        return FootnoteDefinition(self.offset, self.end, self.label, text, (self.first, self.last))


def footnote_definitions(
    text: str, code: list[tuple[int, int]] | None = None
) -> list[FootnoteDefinition]:
    """Every footnote definition in ``text`` outside code (``code``: its :func:`code_ranges`).

    A definition starts a line with ``[^label]:``; the lines after it continue
    its text when indented, or unindented before the first blank line
    (Markdown's lazy continuation). A blank line followed by an unindented
    line, another definition or a fenced code block ends it.
    """
    code = code_ranges(text) if code is None else code
    in_code = in_ranges(code)
    # A fenced block ends a definition; an indented line continues it, even
    # after a blank line (Markdown's rule), where it once went to the body as
    # an indented code block (a note's list after its table).
    blocks = {line.offset for line in scan_lines(text) if line.kind == "fence"}
    found: list[FootnoteDefinition] = []
    offset = 0
    current: _OpenDefinition | None = None
    blank = False
    for index, line in enumerate(text.split("\n")):
        m = FOOTNOTE_DEF_RE.fullmatch(line)
        if m and not in_code(offset):
            if current is not None:
                found.append(current.close())
            end = offset + len(line)
            current = _OpenDefinition(offset, m.group(1), [m.group(2)], index, index, end)
            blank = False
        elif current is not None and offset in blocks:
            found.append(current.close())
            current = None
        elif current is not None and not line.strip():
            blank = True
        elif current is not None and (line.startswith(("    ", "\t")) or not blank):
            if blank:
                current.parts.append("")
            current.parts.append(line.strip())
            current.last, current.end, blank = index, offset + len(line), False
        elif current is not None:
            found.append(current.close())
            current = None
        offset += len(line) + 1
    if current is not None:
        found.append(current.close())
    return found


def find_references(text: str) -> list[Reference]:
    """Every reference in ``text``, in reading order, outside code.

    A footnote definition is reported, and so is every reference inside its
    text; its own ``[^label]:`` is not also a call. The list is the caller's
    own; the references in it are immutable and shared.
    """
    return list(_references(text))


#: Texts whose references are remembered. Validation reads each text several
#: times and resolving every brief (``check``, the build) reads each section
#: once per brief that shows it: 300 briefs read their texts 16,000 times.
_REMEMBERED = 4096


@functools.lru_cache(maxsize=_REMEMBERED)
def _references(text: str) -> tuple[Reference, ...]:
    code = code_ranges(text)
    in_code = in_ranges(code)

    found: list[Reference] = []
    for m in LINK_RE.finditer(text):
        if not in_code(m.start()) and not escaped(text, m.start()):
            words = " ".join((m.group(2) or "").split()) or None
            found.append(Link(m.start(), m.end(), m.group(1).strip(), words))
    for m in CITE_RE.finditer(text):
        if not in_code(m.start()) and not escaped(text, m.start()):
            items, bad = _parse_citations(m.group(1), m.start(1))
            found.append(CitationGroup(m.start(), m.end(), items, bad))
    for m in IMAGE_RE.finditer(text):
        if not in_code(m.start()):
            address = m.group(2) if m.group(2) is not None else m.group(3)
            found.append(Image(m.start(), m.end(), m.group(1).strip(), asset_name(address)))
    definitions = footnote_definitions(text, code)
    heads = {d.offset for d in definitions}
    found.extend(definitions)
    for m in FOOTNOTE_CALL_RE.finditer(text):
        if not in_code(m.start()) and m.start() not in heads and not escaped(text, m.start()):
            found.append(FootnoteCall(m.start(), m.end(), m.group(1)))
    found.sort(key=lambda r: r.offset)
    return tuple(found)


def iter_links(text: str) -> Iterator[Link]:
    return (r for r in find_references(text) if isinstance(r, Link))
