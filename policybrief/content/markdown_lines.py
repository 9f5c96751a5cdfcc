"""Markdown's lines by block (fenced and indented code, list items) and where its code is.

:func:`scan_lines` reads a text's lines once, telling fenced and indented code
blocks, list items and their continuation lines apart as Python-Markdown
(with our block extension) does; :func:`code_ranges` and :func:`code_spans`
give the offsets of code, whose text is never a reference, a note or a
limit's concern (:mod:`policybrief.content.refs`, :mod:`policybrief.content.limits`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

#: ``[^label]: text`` at the start of a line: a footnote definition's first line.
FOOTNOTE_DEF_RE = re.compile(r"\[\^([^\]\s]+)\]:[ \t]?(.*)")
#: A run of backticks: code spans open and close with whole runs.
_BACKTICKS_RE = re.compile(r"`+")
_FENCE_RE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$", re.DOTALL)
_LIST_ITEM_RE = re.compile(r"^ *([-*+]|\d+\.)[ \t]+\S")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


LineKind = Literal["fence", "code", "item", "list", "blank", "text"]


@dataclass(frozen=True)
class Line:
    """One line of a Markdown text and the block it belongs to.

    ``kind`` is ``fence`` (a fenced block, its fence lines included), ``code``
    (an indented code block), ``item`` (a list item's first line), ``list`` (a
    later line of a list item), ``blank`` or ``text``. ``depth`` is the list
    nesting of an ``item`` or ``list`` line (0 for a top-level item), however
    many spaces the writer indented by, and of the item a ``fence`` line is in
    (-1 outside any list). ``fence`` is set on a fenced block's first line.
    """

    offset: int
    text: str
    kind: LineKind
    depth: int = 0
    fence: Fence | None = None


@dataclass(frozen=True)
class Fence:
    """A fenced code block: ``indent`` spaces before its opening fence, ``info`` after it,
    ``body`` its lines as typed (the fences' indentation taken off), ``end`` the offset
    after its closing fence (or the text's end when it is never closed)."""

    offset: int
    end: int
    indent: int
    info: str
    body: str


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def _fence_at(lines: list[str], i: int, offset: int) -> Fence | None:
    """The fenced block opening at ``lines[i]``, or None when that line opens none."""
    m = _FENCE_RE.match(lines[i])
    if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
        return None  # a backtick fence's info string has no backtick (CommonMark)
    indent, marker = len(m.group(1)), m.group(2)
    close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
    end = offset + len(lines[i])
    body: list[str] = []
    for line in lines[i + 1 :]:
        end += len(line)
        if close.match(line.rstrip("\n")):
            break
        strip = min(indent, _indent(line))
        body.append(line.expandtabs(4)[strip:] if strip else line)
    return Fence(offset, end, indent, m.group(3).strip(), "".join(body))


def scan_lines(text: str) -> Iterator[Line]:
    """Read ``text`` line by line into blocks, as the renderer builds them.

    Fences open with three or more backticks or tildes indented by at most three
    spaces and close with at least as many of the same, or at the text's end. A
    line indented by four spaces after a blank line is code, except inside a list
    or a footnote definition. A list item nests under the one above when indented
    by at least two spaces more (so 2 and 4 both work); numbers must be ``1.``. A
    footnote definition at the margin ends any list, as the renderer takes it out.

    One function (longer than our usual 60 lines) because the block rules
    depend on each other line by line (a fence inside a list item, a definition
    ending a list); split, their order would be hard to see.

    One function on purpose (about 70 lines): the rules share the state of the
    open list items, and splitting them would spread one reading over several places.
    """
    lines = text.splitlines(keepends=True)
    offset = 0
    stack: list[int] = []  # marker indentation of the open list items, outermost first
    in_note = False
    block_start = True  # after a blank line, a heading or a fence, a new block may start
    i = 0
    kind: LineKind
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        indent = _indent(line)
        fence = _fence_at(lines, i, offset) if stripped else None
        if fence is not None:
            while len(stack) > 1 and indent < stack[-1] + 2:
                stack.pop()
            if not stack or indent < stack[0] + 2:  # a fence at the margin ends a list
                stack, in_note = [], False
            depth = len(stack) - 1
            yield Line(offset, lines[i], "fence", depth, fence)
            offset += len(lines[i])
            i += 1
            while offset < fence.end:
                yield Line(offset, lines[i], "fence", depth)
                offset += len(lines[i])
                i += 1
            block_start = True
            continue
        if not stripped:
            kind, depth = "blank", 0
            block_start = True
        elif (
            _LIST_ITEM_RE.match(line.expandtabs(4))
            and not _RULE_RE.match(line)
            and (stack or block_start)
        ):
            while stack and indent < stack[-1] + 2:
                stack.pop()
            if not stack and indent > 3:  # too far in to start a list
                kind, depth = ("text", 0) if in_note else ("code", 0)
            else:
                stack.append(indent)
                kind, depth = "item", len(stack) - 1
            block_start = False
        elif block_start and not stack and not in_note and indent >= 4:
            kind, depth = "code", 0
        elif stack and (not block_start or indent >= 2) and not FOOTNOTE_DEF_RE.match(line):
            if block_start:  # a paragraph of the item whose text it lines up under
                while len(stack) > 1 and indent < stack[-1] + 2:
                    stack.pop()
            kind, depth = "list", len(stack) - 1
            block_start = False
        else:
            if block_start:  # a paragraph at the margin ends a list or a note
                stack, in_note = [], False
            if FOOTNOTE_DEF_RE.match(line):
                # A definition at the margin is one even right after a list item (no
                # lazy continuation): the renderer takes definitions out first.
                stack, in_note = [], True
            kind, depth = "text", 0
            block_start = stripped.startswith("#")
        yield Line(offset, line, kind, depth)
        offset += len(line)
        i += 1


#: The deepest nesting of lists, and of block quotes, that a Markdown text may have
#: (docs/reliability.md). The renderer recurses once per level, so text nested
#: hundreds deep (generated or hostile) would stop it; no writer nests 32 deep.
MAX_NESTING = 32


def too_deep(text: str, limit: int = MAX_NESTING) -> int | None:
    """Return the offset of the first line nested deeper than ``limit``, or None.

    Counts list levels as :func:`scan_lines` reads them and the ``>`` marks
    starting a line (outside code); linear in the text's length.
    """
    for line in scan_lines(text):
        if line.kind in ("item", "list") and line.depth >= limit:
            return line.offset
        if line.kind in ("fence", "code"):
            continue
        quotes = 0
        for char in line.text:
            if char == ">":
                quotes += 1
            elif char not in " \t":
                break
        if quotes > limit:
            return line.offset
    return None


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of code blocks and code spans, where references are literal.

    Code spans are found within one block of prose, as Markdown does: a span never
    crosses a blank line, a list item's start, a heading or a footnote definition's
    first line, and a backtick after an odd number of backslashes opens none.
    """
    ranges: list[tuple[int, int]] = []
    scopes: list[tuple[int, int]] = []
    joins = False  # whether the line continues the scope before it
    for line in scan_lines(text):
        end = line.offset + len(line.text)
        heading = line.text.lstrip().startswith("#")
        # A note's definition is taken out as a block before any span is read.
        note = line.kind == "text" and FOOTNOTE_DEF_RE.match(line.text) is not None
        if line.kind in ("fence", "code"):
            if ranges and ranges[-1][1] == line.offset:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((line.offset, end))
        elif line.kind in ("text", "list") and joins and not heading and not note:
            scopes[-1] = (scopes[-1][0], end)
        elif line.kind != "blank":
            scopes.append((line.offset, end))
        joins = line.kind in ("text", "list", "item") and not heading
    for start, end in scopes:
        ranges += code_spans(text, start, end)[0]
    return sorted(ranges)


def code_spans(
    text: str, start: int = 0, end: int | None = None
) -> tuple[list[tuple[int, int]], int]:
    """The code spans in ``text[start:end]``, and how many backtick runs open none.

    Markdown's rule (Python-Markdown's): a whole run of backticks, not after an
    odd number of backslashes, opens a span that the next run of the same
    length closes. One pass over the runs, each length's runs kept in order,
    so the time is linear: a regular expression with a backreference tried
    every opener against the rest of the text (an unclosed run read to the
    end each time: 12 KB of runs took 80 s).
    """
    end = len(text) if end is None else end
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(text, start, end)]
    by_length: dict[int, list[int]] = {}
    for index, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(index)
    spans: list[tuple[int, int]] = []
    unclosed = 0
    index = 0
    while index < len(runs):
        a, b = runs[index]
        slashes = 0
        while a - slashes - 1 >= start and text[a - slashes - 1] == "\\":
            slashes += 1
        same = by_length[b - a]
        after = bisect.bisect_right(same, index)
        if slashes % 2 == 0 and after < len(same):
            close = same[after]
            spans.append((a, runs[close][1]))
            index = close + 1
            continue
        unclosed += slashes % 2 == 0
        index += 1
    return spans, unclosed


def in_ranges(ranges: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether an offset lies in one of ``ranges`` (sorted by start), in log time.

    A linear scan per reference made a text with many code spans and many
    references quadratic.
    """
    starts = [start for start, _ in ranges]
    reach: list[int] = []  # the furthest end of the ranges up to each one
    for _, end in ranges:
        reach.append(max(end, reach[-1]) if reach else end)

    def inside(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < reach[i]

    return inside


def escaped(text: str, offset: int) -> bool:
    """Whether the character at ``offset`` follows an odd number of backslashes
    (a Markdown escape: the character is text)."""
    slashes = 0
    while offset - slashes - 1 >= 0 and text[offset - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1
