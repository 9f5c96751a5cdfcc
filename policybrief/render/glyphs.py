"""Find characters that no theme font can draw, before rendering.

The renderer sees only the fonts the theme names, so a character none of them
covers would print as an empty box. We report it at the content file and line
instead: one diagnostic per field, naming the characters and their scripts
(fontTools' Unicode script data), an error for a final brief. A draft is
built anyway, each such character printed as its code (:func:`mark_missing`).
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Container, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from policybrief.content.characters import CHARACTER_REFERENCE_RE, composed
from policybrief.content.corpus import Record
from policybrief.content.html_tags import iter_tags
from policybrief.content.markdown_lines import code_ranges, in_ranges
from policybrief.content.model import plain_text_fields
from policybrief.errors import Diagnostics, Position, position_at
from policybrief.render.fontfiles import FontIndex

#: Characters listed in one message at most; the count says how many there are.
_LISTED = 12


def _referenced(text: str) -> Iterator[tuple[int, str]]:
    """(offset of its ``&``, character) for each character reference in Markdown
    ``text`` outside code (where it prints as typed); an unknown name is none."""
    in_code = in_ranges(code_ranges(text))
    for m in CHARACTER_REFERENCE_RE.finditer(text):
        chars = html.unescape(m.group())
        if chars != m.group() and not in_code(m.start()):
            for char in chars:
                yield m.start(), char


def covered(fonts: Iterable[Path], index: FontIndex) -> frozenset[int]:
    """Return every code point (an int) one of the font files ``fonts`` has a glyph for.

    Raises:
        OSError: a font file cannot be read.
    """
    points: set[int] = set()
    for path in fonts:
        points |= index.coverage(path)
    return frozenset(points)


class Coverage:
    """The code points some font of a list has a glyph for, reading each font only when asked.

    ``point in coverage`` is what ``point in covered(fonts, index)`` is, but the
    fonts are read, smallest first, only until one has the point: text
    without Han characters never reads the CJK collections (0.15 s each),
    which ``check`` would otherwise pay on every run of a project never built.
    Every file's size is read at once (the order), so a font that is
    gone raises here as :func:`covered` would.

    Raises:
        OSError: a font file cannot be read (also from ``in``).
    """

    def __init__(self, fonts: Iterable[Path], index: FontIndex) -> None:
        # Smallest first: a script's own font is small, and a character only the
        # CJK collections have is looked up in the first of them, not in both.
        self._pending = sorted(fonts, key=lambda path: path.stat().st_size)
        self._index = index
        self._points: set[int] = set()

    def __contains__(self, point: object) -> bool:
        while point not in self._points and self._pending:
            # Taken off the list only once read: a time limit or an error while
            # reading leaves it there for the next character.
            self._points |= self._index.coverage(self._pending[0])
            self._pending.pop(0)
        return point in self._points


def _strings(
    value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), (*path, name))


#: Default-ignorable characters that are marks, not format characters: variation
#: selectors (``©️``, ``✓︎``: Word and phones add them), the combining grapheme
#: joiner, Mongolian free variation selectors, Hangul fillers. A renderer draws
#: nothing for them, whatever the font (Unicode's Default_Ignorable_Code_Point).
_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)


def _drawn(char: str) -> bool:
    """Whether ``char`` is drawn at all: spaces, controls, format characters and
    the other default-ignorable characters (:data:`_IGNORABLE`) are not."""
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
        return False
    point = ord(char)
    return not any(low <= point <= high for low, high in _IGNORABLE)


def script_of(char: str) -> str:
    """The English name of the Unicode script of ``char`` ("Ethiopic", "Han"), or
    "private use" for a private-use character."""
    from fontTools import unicodedata as ucd

    if unicodedata.category(char) == "Co":
        return "private use"
    code = ucd.script(char)
    return ucd.script_name(code, default=code).replace("_", " ")


def _emoji(char: str) -> bool:
    """Whether ``char`` is an emoji: a pictograph, or a regional indicator letter (two
    of which make a flag). "Common script" named them to writers, who looked for a font."""
    point = ord(char)
    return 0x1F1E6 <= point <= 0x1F1FF or 0x1F300 <= point <= 0x1FAFF


def describe(chars: list[str]) -> str:
    """``chars`` (each once, in order of use) counted by script, for a message:
    "3 characters of Ethiopic script", "2 characters of Cherokee script and 1 of
    private use"."""
    counts: dict[str, int] = {}
    for char in chars:
        script = "emoji" if _emoji(char) else script_of(char)
        counts[script] = counts.get(script, 0) + 1
    parts = []
    for i, (script, count) in enumerate(counts.items()):
        if script == "emoji":
            parts.append(f"{count} emoji character{'' if count == 1 else 's'}")
            continue
        noun = ("character" if count == 1 else "characters") + " of " if i == 0 else "of "
        kind = script if script == "private use" else f"{script} script"
        parts.append(f"{count} {noun}{kind}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def check_glyphs(
    records: Iterable[Record[Any]],
    points: Container[int],
    diags: Diagnostics,
    *,
    error: bool = False,
) -> set[str]:
    """Report the characters no font covers, one diagnostic per field; return those characters.

    ``points`` is what :func:`covered` returns, or a :class:`Coverage`.
    Whitespace, control and format characters are never reported (they are
    not drawn). Each diagnostic
    (``missing-glyph``) points at the field's first uncovered character and
    names them all with their scripts; it is an error when ``error`` is set
    (a final brief), else a warning. A field is a top-level key (all items of
    a list together) or an analysis section's text.
    """
    uncovered: set[str] = set()
    fine: set[str] = set()  # characters covered or not drawn
    report = diags.error if error else diags.warning
    for record in records:
        found: dict[str, tuple[Position, list[str]]] = {}
        texts = list(_strings(record.data, ()))
        if record.body:
            texts.append((("__body__",), record.body))
        plain = plain_text_fields(type(record.data)) if isinstance(record.data, BaseModel) else {}
        for path, text in texts:
            # A character reference (&#x263A;) in Markdown prints as its character.
            referenced = (
                list(_referenced(text)) if "&" in text and path and path[0] not in plain else []
            )
            # Most texts have every character covered: test each distinct one once.
            unknown = (set(text) | {c for _, c in referenced}) - fine
            fine.update(c for c in unknown if not _drawn(c) or ord(c) in points)
            if unknown <= fine:
                continue
            field = str(path[0]) if path else "value"
            for offset, char in (
                sorted([*enumerate(text), *referenced]) if referenced else enumerate(text)
            ):
                if not _drawn(char) or ord(char) in points:
                    continue
                if field not in found:
                    if path == ("__body__",):
                        position = position_at(text, offset, record.body_line)
                    else:
                        position = record.smap.in_text(path, offset)
                    found[field] = (position, [])
                chars = found[field][1]
                if char not in chars:
                    chars.append(char)
        if record.body and ".svg" in record.body:
            _drawings(record, points, found)
        for field, (position, chars) in found.items():
            if field.startswith("svgpath:"):
                report(
                    record.path,
                    position,
                    f"the drawing '{field[8:]}' sets text along a path (<textPath>), which the "
                    f"PDF prints on a straight line at the drawing's top edge, mostly cut off: "
                    f"'{chars[0][:60]}'",
                    "export the drawing with its text as outlines (paths), or as PNG; or set "
                    "the label as plain <text> with x and y",
                    code="svg-text-on-path",
                )
                continue
            listed = " ".join(f"{c} (U+{ord(c):04X})" for c in chars[:_LISTED])
            more = f" and {len(chars) - _LISTED} more" if len(chars) > _LISTED else ""
            if field.startswith("svgshape:"):
                report(
                    record.path,
                    position,
                    f"the drawing '{field[9:]}' has text in {describe(chars)}, which the PDF "
                    f"draws letter by letter, unjoined and left to right: {listed}{more}",
                    "export the drawing with its text as outlines (paths), or as PNG; or "
                    "write the labels in the text or the figure's caption",
                    code="svg-text-unshaped",
                )
                continue
            uncovered.update(chars)
            where = (
                "the text"
                if field == "__body__"
                else f"the drawing '{field[4:]}'"
                if field.startswith("svg:")
                else field
            )
            report(
                record.path,
                position,
                f"no theme font has {describe(chars)} in {where}: {listed}{more}",
                # A flag or a pictograph wants its words, not another font.
                "write its words instead of the emoji (a flag: the country's name)"
                if all(_emoji(c) for c in chars)
                else "add a font that covers the script to templates/fonts/ and name it in "
                "templates/css/local.css (docs/languages.md), or replace the characters",
                code="missing-glyph",
            )
    return uncovered


def _drawings(
    record: Record[Any], points: Container[int], found: dict[str, tuple[Position, list[str]]]
) -> None:
    """Add to ``found`` the characters no font covers in the text of each SVG the
    record's body shows, at its image (field ``svg:assets/NAME.svg``), those the
    PDF would draw unshaped (``svgshape:``), and its text set along a path
    (``svgpath:``, the labels as one entry)."""
    from policybrief.content.images import drawings

    content = next((p for p in record.path.parents if p.name == "content"), None)
    if content is None:
        return
    for offset, src, text in drawings(record.body, content):
        where = position_at(record.body, offset, record.body_line)
        chars = list(dict.fromkeys(c for c in text if _drawn(c) and ord(c) not in points))
        if chars:
            found.setdefault(f"svg:{src}", (where, chars))
        # The PDF composes a decomposed accent first (render/svg_repairs.py); a mark
        # left over falls on a dotted circle, as a Thai vowel does.
        shaped = list(dict.fromkeys(c for c in composed(text) if _drawn(c) and _needs_shaping(c)))
        if shaped:
            found.setdefault(f"svgshape:{src}", (where, shaped))
    for offset, src, text in drawings(record.body, content, on_path=True):
        if labels := " ".join(text.split()):
            where = position_at(record.body, offset, record.body_line)
            found.setdefault(f"svgpath:{src}", (where, [labels]))


#: Scripts whose letters join, reorder or stack (right to left, Indic clusters, Thai
#: and Lao vowels and tones): the PDF renderer draws an SVG's text letter by letter,
#: left to right, unshaped.
_SHAPED_SCRIPTS = frozenset(
    "Arab Hebr Syrc Thaa Nkoo Deva Beng Guru Gujr Orya Taml Telu Knda Mlym Sinh Mymr Khmr "
    "Tibt Thai Laoo".split()
)


def _needs_shaping(char: str) -> bool:
    from fontTools import unicodedata as ucd

    if ord(char) <= 0x2FF:
        return False
    # A combining mark of any script (one NFC has no composed letter for) is drawn alone.
    return ucd.script(char) in _SHAPED_SCRIPTS or unicodedata.category(char) in ("Mn", "Mc")


#: Elements whose content is text a PDF never shows as such (or cannot hold markup).
_RAW_TEXT = frozenset({"style", "script", "title", "textarea"})


def mark_missing(html: str, chars: Container[str]) -> str:
    """``html`` (a print page) with each character of ``chars`` shown by its code.

    A character no font covers would print as an empty box (a draft may be
    built with one: ``missing-glyph`` is a warning there). It becomes
    ``<span class="missing-glyph">[U+0BA4]</span>`` in the page's text, so a
    reader sees that something is missing and what; tags, attribute values and
    the content of ``<style>``, ``<script>`` and ``<title>`` are left alone.
    """
    out: list[str] = []
    pos = 0
    raw: str | None = None  # the raw-text element being skipped
    for tag in iter_tags(html):
        if raw is None:
            out.append(_marked(html[pos : tag.start], chars))
        else:
            out.append(html[pos : tag.start])
        out.append(html[tag.start : tag.end])
        pos = tag.end
        if raw is None and not tag.closing and tag.name in _RAW_TEXT:
            raw = tag.name
        elif raw is not None and tag.closing and tag.name == raw:
            raw = None
    out.append(_marked(html[pos:], chars) if raw is None else html[pos:])
    return "".join(out)


def _marked(text: str, chars: Container[str]) -> str:
    if "&" in text:  # a character reference the page prints as its character
        text = CHARACTER_REFERENCE_RE.sub(
            lambda m: (
                _marked(ch, chars)
                if len(ch := html.unescape(m.group())) == 1 and ch in chars
                else m.group()
            ),
            text,
        )
    if not any(c in chars for c in text):
        return text
    return "".join(
        f'<span class="missing-glyph">[U+{ord(c):04X}]</span>' if c in chars else c for c in text
    )
