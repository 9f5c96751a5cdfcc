"""Find the references inside Markdown: ``[[id]]``, ``[[id|text]]``, ``[@id]``, images and notes.

One tokenizer serves validation (which needs offsets for file:line:column) and
rendering (which replaces what it finds), so the two can never disagree about
what counts as a reference. References inside code spans and fenced or
indented code blocks are text, not references. Footnotes are calls
(``[^label]``) and definitions (``[^label]: text`` at the start of a line,
with its continuation lines, :func:`footnote_definitions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

#: A line break inside a reference is allowed (writers wrap lines); a blank line is not.
_BREAK = r"\n(?![ \t]*\n)"
#: ``[[id]]`` or ``[[id|words]]``; in a table cell the bar is escaped as ``\|``.
LINK_RE = re.compile(rf"\[\[((?:[^\[\]|\\\n]|{_BREAK})*?)(?:\\?\|((?:[^\[\]\n]|{_BREAK})*?))?\]\]")
#: ``[@a]``, ``[@a; @b]``, ``[@a, p. 4]``; not a Markdown link ``[@a](url)`` or
#: ``[@a][ref]`` (but ``[@a][^note]`` is a citation and a footnote call).
CITE_RE = re.compile(rf"\[(@(?:[^\[\]\n]|{_BREAK})*)\](?!\(|\[(?!\^))")
CITE_ITEM_RE = re.compile(r"@([A-Za-z0-9][A-Za-z0-9_-]*)(?:\s*,\s*(.*\S))?")
#: ``![alt](path "title")``
IMAGE_RE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
#: ``[^label]``: a footnote call; a label has no spaces or brackets.
FOOTNOTE_CALL_RE = re.compile(r"\[\^([^\]\s]+)\]")
#: ``[^label]: text`` at the start of a line: a footnote definition's first line.
_FOOTNOTE_DEF_RE = re.compile(r"\[\^([^\]\s]+)\]:[ \t]?(.*)")
_CODE_SPAN_RE = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM_RE = re.compile(r"^ {0,3}([-*+]|\d+[.)])\s")


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


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of code blocks and code spans, where references are literal."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    fence: str | None = None
    fence_start = 0
    previous_blank = True
    in_list = False
    prose: list[tuple[int, int]] = []
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                ranges.append((fence_start, offset + len(line)))
                fence = None
        elif m := _FENCE_RE.match(line):
            fence, fence_start = m.group(1), offset
        elif previous_blank and not in_list and stripped and line.startswith(("    ", "\t")):
            # An indented code block; inside a list the same indent continues an item.
            ranges.append((offset, offset + len(line)))
            previous_blank = True  # the block continues on the next indented line
            offset += len(line)
            continue
        else:
            prose.append((offset, offset + len(line)))
            if _LIST_ITEM_RE.match(line):
                in_list = True
            elif stripped and not line.startswith((" ", "\t")):
                in_list = False
        previous_blank = not stripped
        offset += len(line)
    if fence is not None:
        ranges.append((fence_start, len(text)))
    for start, end in _merge(prose):
        for m in _CODE_SPAN_RE.finditer(text, start, end):
            ranges.append(m.span())
    return sorted(ranges)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


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
        text = " ".join(self.parts)
        return FootnoteDefinition(self.offset, self.end, self.label, text, (self.first, self.last))


def footnote_definitions(
    text: str, code: list[tuple[int, int]] | None = None
) -> list[FootnoteDefinition]:
    """Every footnote definition in ``text`` outside code (``code``: its :func:`code_ranges`).

    A definition starts a line with ``[^label]:``; the lines after it continue
    its text when indented, or unindented before the first blank line
    (Markdown's lazy continuation). A blank line followed by an unindented
    line, or another definition, ends it.
    """
    code = code_ranges(text) if code is None else code
    found: list[FootnoteDefinition] = []
    offset = 0
    current: _OpenDefinition | None = None
    blank = False
    for index, line in enumerate(text.split("\n")):
        m = _FOOTNOTE_DEF_RE.fullmatch(line)
        if m and not any(a <= offset < b for a, b in code):
            if current is not None:
                found.append(current.close())
            end = offset + len(line)
            current = _OpenDefinition(offset, m.group(1), [m.group(2)], index, index, end)
            blank = False
        elif current is not None and not line.strip():
            blank = True
        elif current is not None and (line.startswith(("    ", "\t")) or not blank):
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
    text; its own ``[^label]:`` is not also a call.
    """
    code = code_ranges(text)

    def in_code(pos: int) -> bool:
        return any(start <= pos < end for start, end in code)

    found: list[Reference] = []
    for m in LINK_RE.finditer(text):
        if not in_code(m.start()):
            words = " ".join((m.group(2) or "").split()) or None
            found.append(Link(m.start(), m.end(), m.group(1).strip(), words))
    for m in CITE_RE.finditer(text):
        if not in_code(m.start()):
            items, bad = _parse_citations(m.group(1), m.start(1))
            found.append(CitationGroup(m.start(), m.end(), items, bad))
    for m in IMAGE_RE.finditer(text):
        if not in_code(m.start()):
            found.append(Image(m.start(), m.end(), m.group(1).strip(), m.group(2)))
    definitions = footnote_definitions(text, code)
    heads = {d.offset for d in definitions}
    found.extend(definitions)
    for m in FOOTNOTE_CALL_RE.finditer(text):
        if not in_code(m.start()) and m.start() not in heads:
            found.append(FootnoteCall(m.start(), m.end(), m.group(1)))
    found.sort(key=lambda r: r.offset)
    return found


def iter_links(text: str) -> Iterator[Link]:
    return (r for r in find_references(text) if isinstance(r, Link))
