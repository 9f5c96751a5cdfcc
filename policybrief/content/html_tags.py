"""Read the tags of raw HTML as a browser's tokenizer does, in one pass over the text.

``check`` locates raw HTML with it, to report what the sanitiser removes at its
line and column, and the renderer rewrites a writer's ``class`` attributes
with it (:mod:`policybrief.render.sanitiser`). It follows the HTML standard's
tag states (a ``/`` between attributes, an ``=`` starting a name, quoted
values holding ``>``), so a tag it reads is the tag a browser reads; it never
backtracks, so its time is linear in the text (no regular expression here
repeats a group, the trap of hand-written HTML patterns).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

_TAG_NAME_RE = re.compile(r"[^\t\n\f\r />]*")
_SPACE_RE = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME_RE = re.compile(r"[^\t\n\f\r />=]*")
_BLANK_RE = re.compile(r"[\t\n\f\r ]*")
_UNQUOTED_RE = re.compile(r"[^\t\n\f\r >]*")


@dataclass(frozen=True)
class Tag:
    """One tag: where it starts and ends in the text, its name and attributes.

    ``name`` is lowercased, or ``!--`` for a comment; ``closing`` is True for an
    end tag. ``attributes`` are (lowercased name, value with entities decoded),
    duplicates kept in order. ``complete`` is False when the text ends inside
    the tag (a browser drops such a tag).
    """

    start: int
    end: int
    name: str
    closing: bool = False
    attributes: tuple[tuple[str, str], ...] = ()
    complete: bool = True


def _attributes(text: str, pos: int) -> tuple[list[tuple[str, str]], int, bool]:
    """Read attributes from ``pos`` to the tag's ``>``: (attributes, end, complete)."""
    found: list[tuple[str, str]] = []
    size = len(text)
    while True:
        pos = _SPACE_RE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= size:
            return found, size, False
        if text[pos] == ">":
            return found, pos + 1, True
        # A name may start with '=' (the standard's "unexpected equals sign").
        end = _ATTR_NAME_RE.match(text, pos + 1).end()  # type: ignore[union-attr]
        name = text[pos:end].lower()
        pos = _BLANK_RE.match(text, end).end()  # type: ignore[union-attr]
        value = ""
        if pos < size and text[pos] == "=":
            pos = _BLANK_RE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if pos < size and text[pos] in "\"'":
                close = text.find(text[pos], pos + 1)
                if close < 0:
                    return found, size, False
                value, pos = text[pos + 1 : close], close + 1
            else:
                end = _UNQUOTED_RE.match(text, pos).end()  # type: ignore[union-attr]
                value, pos = text[pos:end], end
        found.append((name, html.unescape(value)))


def iter_tags(text: str) -> Iterator[Tag]:
    """Yield every tag and comment of ``text`` in order; text between them is skipped.

    A ``<`` that opens no tag (``a < b``, ``<3``) is text. A comment runs to
    ``-->`` or the end of the text.
    """
    pos = text.find("<")
    size = len(text)
    while 0 <= pos < size - 1:
        start = pos
        nxt = text[pos + 1]
        if text.startswith("<!--", pos):
            close = text.find("-->", pos + 4)
            end = size if close < 0 else close + 3
            yield Tag(start, end, "!--", complete=close >= 0)
            pos = text.find("<", end)
            continue
        closing = nxt == "/"
        name_at = pos + 2 if closing else pos + 1
        if name_at >= size or not text[name_at].isascii() or not text[name_at].isalpha():
            pos = text.find("<", pos + 1)
            continue
        name_end = _TAG_NAME_RE.match(text, name_at).end()  # type: ignore[union-attr]
        attributes, end, complete = _attributes(text, name_end)
        yield Tag(start, end, text[name_at:name_end].lower(), closing, tuple(attributes), complete)
        pos = text.find("<", end)


def start_tag(name: str, attributes: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    """Write a start tag from its parts, every value quoted and escaped."""
    parts = "".join(f' {n}="{html.escape(v, quote=True)}"' for n, v in attributes)
    return f"<{name}{parts}>"
