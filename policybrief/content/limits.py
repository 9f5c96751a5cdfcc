"""Markdown that would take the renderer too long: refused by ``check`` with a clear message.

Python-Markdown reads a link's words by scanning from each ``[`` to its
matching ``]``, and a code span by trying each backtick run against the rest
of the paragraph: both are quadratic on text no writer types (20,000 ``[``
took a minute; runs of backticks, hours). Two limits keep every text's
reading linear, and cost real writing nothing:

- brackets (``[`` not yet closed by ``]``) nest at most :data:`MAX_BRACKET_DEPTH`
  deep within a paragraph;
- at most :data:`MAX_UNCLOSED_RUNS` runs of backticks in a text open no code span;
- at most :data:`MAX_INLINE_MARKS` marks that can open inline markup (a run of
  backticks, ``*`` or ``_``, a ``[``, ``<`` or ``&``) in one paragraph:
  Python-Markdown places each inline element it makes by searching its
  parent's list of children, so one paragraph of 16,000 code spans took four
  seconds, and ten times as many would take minutes;
- at most :data:`MAX_OPEN_TAGS` ``<tag`` starts follow one another with no
  ``>`` between them (Python's HTML parser, which Python-Markdown reads raw
  HTML with, reads each one to the next ``>``: ``<a `` repeated was quadratic);
- raw HTML elements nest at most :data:`MAX_HTML_DEPTH` deep.

The renderer bounds its bracket scan the same way
(:mod:`policybrief.render.brief_syntax`), so a text that reaches it unchecked
is still read in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from policybrief.content.markdown_lines import code_spans

#: How deep ``[`` may nest, unclosed ones counted, within one paragraph.
MAX_BRACKET_DEPTH = 32
#: How many runs of backticks in one text may open no code span.
MAX_UNCLOSED_RUNS = 32
#: How many marks that can open inline markup one paragraph may hold.
MAX_INLINE_MARKS = 4000
_MARK_OR_BREAK_RE = re.compile(r"`+|\*+|_+|[\[<&]|\n[ \t]*\n")
#: How many ``<tag`` starts may follow one another without a ``>``.
MAX_OPEN_TAGS = 32
_TAG_START_OR_END_RE = re.compile(r"<[A-Za-z]|>")
_BRACKET_OR_BREAK_RE = re.compile(r"[\[\]]|\n[ \t]*\n")
#: How deep a text's raw HTML elements may nest (200 nested <blockquote> made
#: the PDF renderer fail with a RecursionError after check had passed them).
MAX_HTML_DEPTH = 32
_HTML_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
#: Elements not counted: HTML's void elements, which hold nothing, and those a
#: parser closes when the next one opens (an unclosed ``<p>`` or ``<li>``, a
#: link in a link), so that they never nest by being left open.
_VOID_ELEMENTS = frozenset(
    """area base br col embed hr img input link meta source track wbr
    p li dt dd tr td th thead tbody tfoot option optgroup rb rt rp colgroup caption a""".split()
)
LIMIT_HINT = (
    "this is not Markdown a reader can use: split the paragraph, or escape the "
    "characters with a backslash"
)


def find_excesses(text: str, code: Callable[[int], bool]) -> Iterator[tuple[int, str]]:
    """Yield (offset, message) for each limit ``text`` goes past, at the offset it does.

    ``code`` tells whether an offset is inside code (brackets there are text).
    """
    depth = 0
    for m in _BRACKET_OR_BREAK_RE.finditer(text):
        char = m.group(0)
        if char == "[" and not code(m.start()):
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                yield m.start(), f"'[' nested more than {MAX_BRACKET_DEPTH} deep (or never closed)"
                break
        elif char == "]" and not code(m.start()):
            depth = max(0, depth - 1)
        elif char not in "[]":
            depth = 0  # a blank line ends the paragraph
    marks = 0
    for m in _MARK_OR_BREAK_RE.finditer(text):
        if m.group(0)[0] == "\n":
            marks = 0
        else:
            marks += 1
            if marks > MAX_INLINE_MARKS:
                yield (
                    m.start(),
                    (
                        f"a paragraph holds more than {MAX_INLINE_MARKS} marks of inline markup "
                        "(` * _ [ < &)"
                    ),
                )
                break
    if "<" in text:
        starts = 0
        for m in _TAG_START_OR_END_RE.finditer(text):
            if m.group(0) == ">":
                starts = 0
            elif not code(m.start()):
                starts += 1
                if starts > MAX_OPEN_TAGS:
                    yield m.start(), f"more than {MAX_OPEN_TAGS} '<' start tags without a '>'"
                    break
    if "<" in text:
        depth = 0
        for m in _HTML_TAG_RE.finditer(text):
            if code(m.start()):
                continue
            closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
            if closing:
                depth = max(0, depth - 1)
            elif not selfclosing and name not in _VOID_ELEMENTS:
                depth += 1
                if depth > MAX_HTML_DEPTH:
                    yield (
                        m.start(),
                        f"HTML elements nested more than {MAX_HTML_DEPTH} deep (the PDF "
                        "renderer fails on such a page)",
                    )
                    break
    if "`" in text:
        unclosed = code_spans(text)[1]
        if unclosed > MAX_UNCLOSED_RUNS:
            yield (
                text.index("`"),
                f"{unclosed} runs of backticks open no code span (at most {MAX_UNCLOSED_RUNS})",
            )
