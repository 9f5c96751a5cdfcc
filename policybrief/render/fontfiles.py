"""The font files a template names: where they are, their digests, what they cover.

A template's fonts are the files its stylesheets name with ``url(...)`` in
``@font-face`` rules (:func:`~policybrief.render.theme.template_files`), each
found in the theme or in a font package (:data:`~policybrief.render.theme.FONT_PACKAGES`).
A font named but found nowhere is reported with the package to install, so a
brief never falls back to empty boxes because a machine lacks a package.

Hashing the CJK collections (90 MB) and reading their character maps (0.15 s
each) would slow every build and ``check``, so :class:`FontIndex` keeps both in
``.policybrief/fonts.json`` by each file's path, size and modification time: a
package upgrade changes those, and the file is read again.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policybrief.errors import Diagnostics, Position
from policybrief.render.theme import FONT_SUFFIXES, Theme, stylesheet_fonts, template_files

#: The cache file, inside the project's ``.policybrief/``.
CACHE_FILE = "fonts.json"


class FontIndex:
    """Digests and character maps of font files, cached by path, size and mtime.

    ``cache`` is the JSON file to read and (by :meth:`save`) write; None keeps
    everything in memory. A cache that cannot be read is ignored: it is only a cache.
    """

    def __init__(self, cache: Path | None) -> None:
        self.cache = cache
        self._entries: dict[str, dict[str, Any]] = {}
        self._changed = False
        self._sets: dict[str, frozenset[int]] = {}
        if cache is not None:
            try:
                loaded = json.loads(cache.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self._entries = loaded
            except (OSError, ValueError):
                pass

    def _entry(self, path: Path) -> dict[str, Any]:
        stat = path.stat()
        key = str(path)
        entry = self._entries.get(key)
        if not isinstance(entry, dict) or entry.get("stat") != [stat.st_size, stat.st_mtime_ns]:
            entry = {"stat": [stat.st_size, stat.st_mtime_ns]}
            self._entries[key] = entry
            self._sets.pop(key, None)
            self._changed = True
        return entry

    def digest(self, path: Path) -> str:
        """Return the sha256 hex digest of the font file at ``path``.

        Raises:
            OSError: the file cannot be read.
        """
        entry = self._entry(path)
        if not isinstance(entry.get("sha256"), str):
            with path.open("rb") as file:
                entry["sha256"] = hashlib.file_digest(file, "sha256").hexdigest()
            self._changed = True
        return str(entry["sha256"])

    def coverage(self, path: Path) -> frozenset[int]:
        """Return the code points the font at ``path`` has a glyph for (of a collection:
        its first font). A file that is not a font it can read covers nothing.

        Raises:
            OSError: the file cannot be read.
        """
        entry = self._entry(path)
        key = str(path)
        if key in self._sets:
            return self._sets[key]
        ranges = entry.get("ranges")
        if not isinstance(ranges, list):
            ranges = _ranges(_cmap(path))
            entry["ranges"] = ranges
            self._changed = True
        points = frozenset(p for low, high in ranges for p in range(low, high + 1))
        self._sets[key] = points
        return points

    def damage(self, path: Path) -> str | None:
        """Why the font file at ``path`` cannot be used (truncated, not a font), or None.

        Cached like the digest. A damaged font would make the PDF renderer fall
        back to another face and the site's subsetting fail, so it is reported
        as a missing font is.

        Raises:
            OSError: the file cannot be read.
        """
        entry = self._entry(path)
        if not isinstance(entry.get("damage"), str):
            entry["damage"] = _damage(path, self.coverage) or ""  # coverage: read once, kept
            self._changed = True
        return str(entry["damage"]) or None

    def save(self) -> None:
        """Write the cache if anything was added; a cache that cannot be written is skipped."""
        if self.cache is None or not self._changed:
            return
        try:
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache.parent, prefix=".fonts-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(self._entries, file, sort_keys=True)
            os.replace(tmp, self.cache)
            self._changed = False
        except OSError:
            pass


def _cmap(path: Path) -> set[int]:
    """The code points the font at ``path`` maps to a glyph, as HarfBuzz reads its cmap.

    HarfBuzz (the shaper the renderer draws with) picks the best Unicode
    subtable as fontTools' ``getBestCmap`` does, in C: a tenth of the CPU.
    It checks the table before reading it, so a character map with bytes
    changed inside it, or a file that is no font, covers nothing rather than
    raising. A WOFF or WOFF2 font (compressed tables, which HarfBuzz does not
    read) is read by fontTools.

    Raises:
        OSError: the file cannot be read.
    """
    import uharfbuzz as hb

    with path.open("rb") as file:  # an unreadable file raises OSError here, not HarfBuzz's
        if file.read(4) in (b"wOFF", b"wOF2"):
            return _cmap_of_web_font(path)  # compressed tables HarfBuzz does not read
    try:
        blob = hb.Blob.from_file_path(str(path))  # mapped, not read: CJK collections are large
    except hb.HarfBuzzError as exc:
        raise OSError(f"{path}: {exc}") from exc
    return set(hb.Face(blob, 0).unicodes)


def _cmap_of_web_font(path: Path) -> set[int]:
    """The code points of a WOFF or WOFF2 font, as fontTools reads them (its best cmap)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with path.open("rb") as file, TTFont(file, lazy=True, fontNumber=0) as font:
            if "maxp" in font:  # blank glyph names: the codes alone, without the post table
                font.setGlyphOrder([""] * font["maxp"].numGlyphs)
            return set(font.getBestCmap() or ())
    except (TTLibError, IndexError, KeyError, ValueError, AssertionError, struct.error):
        return set()  # a character map that cannot be parsed draws nothing either


def _damage(path: Path, coverage: Callable[[Path], frozenset[int]]) -> str | None:
    """What is wrong with the font file at ``path`` (of a collection: its first font), or None.

    ``coverage`` gives the code points the font maps (:meth:`FontIndex.coverage`,
    which keeps them for the pages that need them).
    """
    from fontTools.ttLib import TTFont, TTLibError

    size = path.stat().st_size
    try:
        with path.open("rb") as file, TTFont(file, lazy=True, fontNumber=0) as font:
            tables = font.reader.tables
            # (a WOFF or WOFF2 font's table offsets count in its decompressed data)
            end = max((t.offset + t.length for t in tables.values()), default=0)
            if font.flavor is None and end > size:
                return f"it is cut short: its tables run to byte {end:,} but the file has {size:,}"
            if "cmap" not in tables:
                return "it maps no character to a glyph (no 'cmap' table)"
            encodings = _cmap_encodings(font.reader["cmap"])
    except (TTLibError, AssertionError, KeyError, ValueError, struct.error) as exc:
        return f"it is not a font file that can be read ({exc or type(exc).__name__})"
    # HarfBuzz reads the map in C (milliseconds even for a CJK collection) and drops a
    # subtable it cannot parse; one that should map Unicode and maps nothing is damaged.
    legacy_only = not encodings & _UNICODE_ENCODINGS and encodings & _LEGACY_ENCODINGS
    if not legacy_only and not coverage(path):
        return "its character map (the 'cmap' table) cannot be read: it is damaged"
    return None


#: (platform, encoding) pairs of a cmap subtable that maps Unicode, and of the older
#: ones (a symbol font's (3, 0), an old Mac font's (1, 0)): a font with only those may
#: map no Unicode at all and be whole.
_UNICODE_ENCODINGS = frozenset({(0, e) for e in range(7)} | {(3, 1), (3, 10)})
_LEGACY_ENCODINGS = frozenset({(3, 0), (1, 0)})


def _cmap_encodings(data: bytes) -> set[tuple[int, int]]:
    """The (platform, encoding) pairs the cmap table ``data`` lists (its header alone)."""
    if len(data) < 4:
        return set()
    count = struct.unpack(">H", data[2:4])[0]
    records = data[4 : 4 + 8 * count]
    return {struct.unpack(">HH", records[i : i + 4]) for i in range(0, len(records) - 7, 8)}


def _ranges(points: set[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for point in sorted(points):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return ranges


_CSS_ESCAPE_RE = re.compile(r"\\([0-9a-fA-F]{1,6})")


class FontChoice:
    """Which packaged fonts (``fonts/NAME``) each print page leaves unused.

    The theme's own text fonts (its font files with a glyph for "A") head every
    font stack, so a character all of them have is never drawn from a font
    package; a packaged font is needed only for a character of the page or of
    the theme's stylesheets (generated content) that it has and they lack. The
    renderer skips the others' ``@font-face`` rules: it copies every font it
    loads (93 MB for the CJK collections) and searches more fonts for each run
    of text. The theme is read once, here; each page is then a set test.

    Raises:
        OSError: a font file or stylesheet cannot be read.
    """

    def __init__(self, theme: Theme, index: FontIndex) -> None:
        files = theme.files()
        self._packaged = {rel: index.coverage(path) for rel, path in theme.packaged_fonts().items()}
        own = [
            index.coverage(p)
            for rel, p in files.items()
            if Path(rel).suffix.lower() in FONT_SUFFIXES
        ]
        text_fonts = [points for points in own if ord("A") in points]
        self._base = frozenset.intersection(*text_fonts) if text_fonts else frozenset()
        styles = "".join(
            path.read_text(encoding="utf-8", errors="replace")
            for rel, path in files.items()
            if rel.endswith(".css")
        )
        # Escapes too: generated content often names its characters ("\\2014").
        escaped = {int(code, 16) for code in _CSS_ESCAPE_RE.findall(styles)}
        self._styles = frozenset({ord(c) for c in set(styles)} | escaped)

    def unused(self, page: str) -> tuple[str, ...]:
        """The packaged fonts that draw nothing of the print page ``page`` (HTML text),
        in theme-relative path order."""
        if not self._packaged:
            return ()
        # Unescaped, so a character written as a reference (&#1603;) counts too.
        chars = ({ord(c) for c in set(html.unescape(page))} | self._styles) - self._base
        return tuple(rel for rel, points in self._packaged.items() if not chars & points)


@dataclass(frozen=True)
class MissingFont:
    """A font file a stylesheet names that neither the theme nor a font package has,
    or that is there but damaged (:attr:`damage`)."""

    rel: str
    #: The stylesheet that names it, and where.
    stylesheet: Path
    position: Position
    #: The Debian package that provides it, when the theme knows one.
    package: str | None
    #: Why the file found cannot be used (:meth:`FontIndex.damage`); None if none was found.
    damage: str | None = None
    #: The file found, when it is damaged.
    path: Path | None = None


def template_fonts(
    theme: Theme, template: str, index: FontIndex | None = None
) -> tuple[dict[str, Path], list[MissingFont]]:
    """The font files the template NAME uses, by theme-relative path, and those missing.

    With ``index``, a font that is found but damaged (cut short, not a font)
    counts as missing, with the reason.

    Raises:
        OSError: a stylesheet or font file cannot be read.
    """
    found: dict[str, Path] = {}
    missing: list[MissingFont] = []
    for rel in sorted(template_files(theme, template)):
        path = theme.find(rel)
        if path is None:
            continue
        if Path(rel).suffix.lower() in FONT_SUFFIXES:
            found[rel] = path
        elif rel.endswith(".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for font in stylesheet_fonts(rel, text):
                if font in {m.rel for m in missing}:
                    continue
                where = _position(text, Path(font).name)
                font_path = theme.find(font)
                if font_path is None:
                    package = theme.font_package(font)
                    name = package.name if package else None
                    missing.append(MissingFont(font, path, where, name))
                elif index is not None and (damage := index.damage(font_path)) is not None:
                    missing.append(MissingFont(font, path, where, None, damage, font_path))
    return found, missing


def _position(text: str, needle: str) -> Position:
    m = re.search(re.escape(needle), text)
    if m is None:
        return Position(1, 1)
    line = text.count("\n", 0, m.start()) + 1
    return Position(line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1)


def report_missing(missing: list[MissingFont], diags: Diagnostics) -> None:
    """Report each missing font (``missing-font``) or damaged one (``damaged-font``) at the
    stylesheet line that names it."""
    for font in missing:
        name = Path(font.rel).name
        if font.damage is not None:
            diags.error(
                font.stylesheet,
                font.position,
                f"font file '{name}' ({font.path}) is damaged: {font.damage}",
                f"copy {name} again from where it came from (its release, or a Debian font "
                "package), or remove its @font-face rule",
                code="damaged-font",
            )
            continue
        if font.package:
            hint = (
                f"install the Debian package {font.package} (bash scripts/setup.sh does, or "
                f"apt-get install {font.package}), or copy {name} into templates/fonts/"
            )
        else:
            hint = f"copy {name} into templates/fonts/, or remove its @font-face rule"
        diags.error(
            font.stylesheet,
            font.position,
            f"font file '{name}' is not installed",
            hint,
            code="missing-font",
        )
