"""An SVG drawing's markup and custom properties, as bytes: what both the check of
what the PDF renderer cannot draw (:mod:`.svg_limits`) and the rewriting before it
draws (:mod:`policybrief.render.svg_repairs`) read.

The markup is every start tag and every ``<style>`` element's content: where
attributes, presentation attributes and CSS live, and never a label's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: A start tag (its name in group 1), never holding ``<`` or ``>``.
START_TAG_RE = re.compile(rb"<([A-Za-z][\w:.-]*)\b[^<>]*>")
#: A ``<style>`` element: start tag, content and end tag.
STYLE_RE = re.compile(rb"(<style\b[^<>]*>)(.*?)(</style\s*>)", re.IGNORECASE | re.DOTALL)
#: A custom property's declaration: its name and value (no nested blocks).
_CUSTOM_PROPERTY_RE = re.compile(rb"(?<![\w-])(--[\w-]+)\s*:\s*([^;{}<>\"']*[^;{}<>\"'\s])")
#: ``var(--name)`` or ``var(--name, fallback)``; a fallback may hold one level of
#: parentheses (``rgb(1 2 3)``).
VAR_RE = re.compile(rb"var\(\s*(--[\w-]+)\s*(?:,\s*((?:[^()]|\([^()]*\))*?)\s*)?\)", re.IGNORECASE)


def in_markup(svg: bytes, rewrite: Callable[[bytes], bytes]) -> bytes:
    """``svg`` with ``rewrite`` applied to each start tag and each ``<style>``'s content."""
    svg = START_TAG_RE.sub(lambda m: rewrite(m.group(0)), svg)
    return STYLE_RE.sub(lambda m: m.group(1) + rewrite(m.group(2)) + m.group(3), svg)


def markup(svg: bytes) -> bytes:
    """Every start tag and ``<style>`` content of ``svg``, one after another."""
    parts = [m.group(0) for m in START_TAG_RE.finditer(svg)]
    parts.extend(m.group(2) for m in STYLE_RE.finditer(svg))
    return b"\n".join(parts)


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
