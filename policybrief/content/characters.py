"""Characters no content may hold, however they were written.

Control characters (other than tab and line feed), the C1 controls, lone
surrogates, Unicode noncharacters, the line and paragraph separators and the
bidirectional overrides are refused in every file and every field, typed raw
or written as a YAML escape (``"\\f"``, ``"\\x0b"``, ``"\\uFFFF"``). Each one
either breaks an output format (XML 1.0 forbids most controls, so one title
would make ``feed.xml`` unreadable to every feed reader; a form feed ends a
CSS string), forges what a terminal or page shows (an escape sequence, a
carriage return, text displayed reversed), or is invisible in an editor.

The bidirectional *overrides* (U+202D, U+202E) are refused because they
display characters in the reverse of their order, so a marking or a name can
read as something it is not. Embeddings, isolates and marks (U+202A–U+202C,
U+2066–U+2069, U+200E, U+200F, U+061C) stay allowed: text mixing Arabic or
Hebrew with Latin needs them, and they reorder whole runs, never the letters
of one; a terminal shows them escaped (:mod:`policybrief.report`).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterator

_PLANE_ENDS = "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
#: One character that content may not hold.
FORBIDDEN_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\u2028\u2029\u202d\u202e"
    + _PLANE_ENDS
    + "]"
)
_NAMES = {
    "\x00": "null",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
}
CHARACTER_HINT = "delete it; it is invisible in most editors and breaks the outputs"


def describe(char: str) -> str:
    """``U+000C (form feed)``: a character's code point and, when it has one, its name."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    if (not name and 0xFDD0 <= ord(char) <= 0xFDEF) or (ord(char) & 0xFFFE) == 0xFFFE:
        name = "a noncharacter"
    return f"U+{ord(char):04X}" + (f" ({name.lower()})" if name else "")


def first_forbidden(text: str) -> int | None:
    """The offset of the first character of ``text`` content may not hold, or None."""
    m = FORBIDDEN_RE.search(text)
    return None if m is None else m.start()


#: Combining marks one character may carry. Vietnamese stacks two, Hebrew and
#: Arabic pointing three or four; "Zalgo" text piles dozens on a letter, which
#: the PDF and the browser draw over the lines above and below.
MAX_STACKED_MARKS = 8


@functools.cache
def stacked_marks_re() -> re.Pattern[str]:
    """A run of more than :data:`MAX_STACKED_MARKS` combining marks (Unicode's
    ``Mn`` and ``Me``) on one character, of any script, joiners
    and variation selectors between them not breaking the run. Built on first
    use from the Unicode database (about 30 ms)."""
    ignorable = "\u034f\u200c\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef"
    marks: list[str] = []
    start = None
    for point in (*range(0x300, 0x20000), *range(0xE0000, 0xE0200), 0x110000):
        char = chr(point) if point < 0x110000 else ""
        mark = (
            bool(char)
            and unicodedata.category(char) in ("Mn", "Me")
            and (
                not 0xFE00 <= point <= 0xFE0F and not 0xE0100 <= point <= 0xE01EF and point != 0x34F
            )
        )
        if mark and start is None:
            start = point
        elif not mark and start is not None:
            marks.append(f"{re.escape(chr(start))}-{re.escape(chr(point - 1))}")
            start = None
    cls = "".join(marks)
    return re.compile(f"(?:[{cls}][{ignorable}]*+){{{MAX_STACKED_MARKS + 1},}}")


#: An HTML character reference, which Markdown and the page print as its
#: character: ``&#x263A;``, ``&#9786;``, ``&starf;``.
CHARACTER_REFERENCE_RE = re.compile(
    r"&(?:#[xX][0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});"
)
#: A numeric character reference, which Markdown and the page print as its character.
_NUMERIC_REFERENCE_RE = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));")


def forbidden_references(text: str) -> Iterator[tuple[int, str | None]]:
    """(offset, character) for each numeric character reference in ``text`` that
    stands for a character content may not hold (``&#x202E;``, ``&#8;``), and
    (offset, None) for one that stands for no character at all (``&#0;``, a
    surrogate, past U+10FFFF: the page prints U+FFFD). HTML's mapping of
    ``&#128;``–``&#159;`` to Windows-1252's characters is followed."""
    if "&#" not in text:
        return
    for m in _NUMERIC_REFERENCE_RE.finditer(text):
        value = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            yield m.start(), None
            continue
        # Python gives "" for the controls HTML calls invalid; a browser prints them.
        char = html.unescape(m.group()) or chr(value)
        if len(char) == 1 and FORBIDDEN_RE.match(char):
            yield m.start(), char


def composed(text: str) -> str:
    """``text`` with each letter and the combining marks after it composed into one
    character where Unicode has one (``e`` + U+0301 is ``é``).

    Not NFC as a whole: NFC also splits the characters Unicode keeps out of
    composition (Devanagari ज़ U+095B, Hebrew שׁ U+FB2A) into a letter and a
    mark, which the PDF renderer, drawing letter by letter, would set on a
    dotted circle. A cluster is taken composed only when that is shorter.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    out: list[str] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        cluster = text[start:i]
        nfc = unicodedata.normalize("NFC", cluster)
        out.append(nfc if len(nfc) < len(cluster) else cluster)
        start = i
    return "".join(out)
