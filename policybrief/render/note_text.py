"""A note's text as phrasing content, with its own direction.

A printed footnote is a ``<span class="footnote">`` inside the paragraph that
calls it (WeasyPrint's ``float: footnote``). HTML allows no block in a span
inside a ``<p>``: a parser meeting ``<p>`` there closes the calling paragraph,
so the note's text lands in the body and the page foot gets an empty number.
Markdown wraps a footnote's text in a block whenever it is not a plain
left-to-right sentence: ``<p dir="rtl">`` for a note in Hebrew or Arabic, a
list for ``[^n]: - a``, a quotation for ``[^n]: > a``. So a note's text is
reduced to phrasing content here: a lone paragraph is unwrapped, and every
other block becomes a ``<span class="note-block note-TAG">`` that the theme's
stylesheets set as a block (print.css, screen.css).

A note also takes its own direction, never the calling paragraph's: an
English citation called from an Arabic paragraph reads left to right.
"""

from __future__ import annotations

import html as html_module
import re

from markupsafe import Markup

from policybrief.content.languages import Direction, text_direction

#: Block elements Markdown and the sanitiser let into a note's text.
_BLOCK_TAGS = (
    "p|ul|ol|li|blockquote|h[1-6]|pre|dl|dt|dd|figure|figcaption|table|caption"
    "|thead|tbody|tfoot|tr|td|th|hr|div"
)
#: A block tag, with the line breaks Markdown writes around it (they would set as spaces).
_BLOCK_RE = re.compile(rf"\s*<(/?)({_BLOCK_TAGS})\b([^>]*)>\s*", re.IGNORECASE)
_LONE_P_RE = re.compile(r"<p(?: dir=\"(?:rtl|ltr)\")?>((?:(?!</?p\b).)*)</p>", re.DOTALL)
_CLASS_RE = re.compile(r'\sclass="([^"]*)"')
_TAG_RE = re.compile(r"<[^>]*>")


def note_phrasing(html: str) -> Markup:
    """``html`` (a rendered, sanitised note text) with no block element left in it.

    A text that is one paragraph loses its ``<p>`` (its ``dir`` goes to the
    note, see :func:`note_direction`); other blocks become spans of class
    ``note-block note-TAG`` keeping their attributes (``<hr>`` a
    ``note-hr`` span). Raises nothing.
    """
    html = html.strip()
    lone = _LONE_P_RE.fullmatch(html)
    if lone:
        return Markup(lone.group(1))
    return Markup(_BLOCK_RE.sub(_span, html))


def _span(m: re.Match[str]) -> str:
    closing, tag, attributes = m.group(1), m.group(2).lower(), m.group(3)
    if closing:
        return "</span>"
    attributes = attributes.rstrip("/").rstrip()
    names = f"note-block note-{tag}"
    given = _CLASS_RE.search(attributes)
    if given:
        names += " " + given.group(1)
        attributes = attributes[: given.start()] + attributes[given.end() :]
    span = f'<span class="{names}"{attributes}>'
    return span + "</span>" if tag == "hr" else span


def note_direction(html: str) -> Direction:
    """The direction a note's text reads in, by its letters (``rtl`` or ``ltr``)."""
    return text_direction(html_module.unescape(_TAG_RE.sub("", html)))
