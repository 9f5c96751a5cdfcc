"""Find characters that no theme font can draw, before rendering.

The renderer sees only the theme's fonts, so a character none of them covers
would print as an empty box. We report it at the content file and line instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from policybrief.content.corpus import Record
from policybrief.errors import Diagnostics, position_at

_FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".woff", ".woff2"}


@cache
def _cmap(path: Path, mtime: float) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        # Open the file ourselves: TTFont leaves its own handle open when the
        # file is not a font it can read.
        with path.open("rb") as file, TTFont(file, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or ())
    except (TTLibError, OSError):
        return frozenset()


def covered(font_folders: Iterable[Path]) -> frozenset[int]:
    """Return every code point (an int) some font file in ``font_folders`` has a glyph for.

    Only the folders' top level is read; a missing folder adds nothing. Each
    font is read once per process while its modification time is unchanged.
    """
    points: set[int] = set()
    for folder in font_folders:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in _FONT_SUFFIXES:
                    points |= _cmap(path, path.stat().st_mtime)
    return frozenset(points)


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


def check_glyphs(
    records: Iterable[Record[Any]], points: frozenset[int], diags: Diagnostics
) -> set[str]:
    """Warn once per character and file about characters no font covers; return those characters.

    ``points`` is what :func:`covered` returns. Whitespace, control and format
    characters are never reported (they are not drawn). Each warning
    (``missing-glyph``) points at the character's first use in its file.
    """
    uncovered: set[str] = set()
    for record in records:
        seen: set[str] = set()
        texts = list(_strings(record.data, ()))
        if record.body:
            texts.append((("__body__",), record.body))
        for path, text in texts:
            for offset, char in enumerate(text):
                if ord(char) in points or char in seen or char.isspace():
                    continue
                if unicodedata.category(char) in ("Cc", "Cf"):
                    continue  # controls and format characters are not drawn
                seen.add(char)
                uncovered.add(char)
                if path == ("__body__",):
                    position = position_at(text, offset, record.body_line)
                else:
                    position = record.smap.in_text(path, offset)
                name = unicodedata.name(char, "unnamed character").lower()
                diags.warning(
                    record.path,
                    position,
                    f"no theme font has the character '{char}' (U+{ord(char):04X}, {name})",
                    "add a font that covers it to templates/fonts/ and name it in "
                    "css/fonts.css, or replace the character",
                    code="missing-glyph",
                )
    return uncovered
