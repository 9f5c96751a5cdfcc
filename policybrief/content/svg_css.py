"""An SVG drawing's markup and custom properties, as bytes: what both the check of
what the PDF renderer cannot draw (:mod:`.svg_limits`) and the rewriting before it
draws (:mod:`policybrief.render.svg_repairs`) read.

The markup is every start tag and every ``<style>`` element's content: where
attributes, presentation attributes and CSS live, and never a label's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: A start tag (its name in group 1); a quoted attribute value may hold ``>``
#: (``data-note="share > 50%"``), never ``<``. Possessive: linear on any input.
START_TAG_RE = re.compile(rb"<([A-Za-z][\w:.-]*+)(?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+>")
#: A custom property's declaration: its name and value (no nested blocks); a value
#: may hold quoted strings (``--font: "Noto Sans", sans-serif``).
_CUSTOM_PROPERTY_RE = re.compile(
    rb"(?<![\w-])(--[\w-]+)\s*:\s*((?:[^;{}<>\"'\s]|\"[^\"<>]*+\"|'[^'<>]*+'|\s++(?=[^;{}<>\s]))++)"
)
#: ``var(--name)`` or ``var(--name, fallback)``; a fallback may hold one level of
#: parentheses (``rgb(1 2 3)``).
VAR_RE = re.compile(rb"var\(\s*(--[\w-]+)\s*(?:,\s*((?:[^()]|\([^()]*\))*?)\s*)?\)", re.IGNORECASE)
_STYLE_NAME_RE = re.compile(rb"<(?:[\w.-]+:)?style\b", re.IGNORECASE)
_ROOT_NAME_RE = re.compile(rb"<(?:[\w.-]+:)?svg\b", re.IGNORECASE)
#: A ``<style>``'s end tag, its prefix or none (``</style``, ``</svg:style``).
_STYLE_END_RE = re.compile(rb"</(?:[\w.-]+:)?style\b", re.IGNORECASE)
#: What the scanner stops at: a comment, a CDATA section or a start tag.
_NEXT_RE = re.compile(rb"<!--|<!\[CDATA\[|<[A-Za-z]")


def markup_spans(svg: bytes) -> list[tuple[int, int, bool]]:
    """Where ``svg``'s markup is, in order: each start tag and each ``<style>``
    element's content (its CSS, CDATA sections and comments included), as
    ``(start, end, is_style)``; never inside a comment or a CDATA section
    (``<![CDATA[<style>]]>`` is text).

    A ``<style>`` whose content holds a tag, or that is never ended, has no
    stylesheet: its tags are markup, its text is not. One pass: linear in the
    file's size.
    """
    spans: list[tuple[int, int, bool]] = []
    at = 0
    while (m := _NEXT_RE.search(svg, at)) is not None:
        if m.group() in (b"<!--", b"<![CDATA["):
            close = svg.find(b"-->" if m.group() == b"<!--" else b"]]>", m.end())
            if close < 0:
                break  # never closed: the rest is comment or text
            at = close + 3
            continue
        tag = START_TAG_RE.match(svg, m.start())
        if tag is None:
            at = m.end()  # a '<' and a letter that start no whole tag
            continue
        spans.append((tag.start(), tag.end(), False))
        at = tag.end()
        if tag.group(0).endswith(b"/>") or not _STYLE_NAME_RE.match(tag.group(0)):
            continue
        end, at = _style_end(svg, at)
        if end is not None:
            spans.append((tag.end(), end, True))
    return spans


def _style_end(svg: bytes, at: int) -> tuple[int | None, int]:
    """Where the ``<style>`` content starting at ``at`` ends (its end tag), or None if
    a tag comes first or nothing ends it; and where to read on from."""
    while (lt := svg.find(b"<", at)) >= 0:
        if _STYLE_END_RE.match(svg, lt):
            return lt, lt
        for opener, closer in ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->")):
            if svg.startswith(opener, lt):
                close = svg.find(closer, lt + len(opener))
                if close < 0:
                    return None, len(svg)  # never closed: nothing after it is markup
                at = close + len(closer)
                break
        else:
            return None, lt  # a tag: no stylesheet here; read on from the tag
    return None, len(svg)


def in_markup(
    svg: bytes,
    rewrite: Callable[[bytes], bytes],
    style: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """``svg`` with ``rewrite`` applied to each span of :func:`markup_spans`, or
    ``style``, when given, to the ``<style>`` contents."""
    parts, at = [], 0
    for start, end, is_style in markup_spans(svg):
        change = style if is_style and style is not None else rewrite
        parts.append(svg[at:start])
        parts.append(change(svg[start:end]))
        at = end
    parts.append(svg[at:])
    return b"".join(parts)


def root_tag(svg: bytes) -> tuple[int, int] | None:
    """Where ``svg``'s first ``<svg>`` start tag is, outside comments and CDATA text."""
    tags = ((start, end) for start, end, style in markup_spans(svg) if not style)
    return next(((start, end) for start, end in tags if _ROOT_NAME_RE.match(svg, start)), None)


def style_contents(svg: bytes) -> list[tuple[int, int]]:
    """The spans of ``svg``'s ``<style>`` contents (see :func:`markup_spans`)."""
    return [(start, end) for start, end, style in markup_spans(svg) if style]


def markup(svg: bytes) -> bytes:
    """Every span of :func:`markup_spans`, one after another."""
    return b"\n".join(svg[start:end] for start, end, _ in markup_spans(svg))


def substitute_custom_properties(svg: bytes) -> bytes:
    """Each ``var()`` whose custom property has one value in ``svg`` written as that
    value (its fallback where the property is never set); the others left as they are.

    Scopes are not followed: most charts set their properties once, on the root.
    A property set to several values, or a cycle, stays a ``var()``.
    """
    if b"var(" not in svg.lower():
        return svg
    values: dict[bytes, set[bytes]] = {}
    for m in _CUSTOM_PROPERTY_RE.finditer(svg):
        values.setdefault(m.group(1), set()).add(m.group(2).strip())

    def value(m: re.Match[bytes]) -> bytes:
        found = values.get(m.group(1))
        if found is None:
            return m.group(2) if m.group(2) else m.group(0)
        return next(iter(found)) if len(found) == 1 else m.group(0)

    def substitute(part: bytes) -> bytes:
        for _ in range(4):  # a value may use another property; a cycle stays as it is
            new = VAR_RE.sub(value, part)
            if new == part:
                break
            part = new
        return part

    return in_markup(svg, substitute)
