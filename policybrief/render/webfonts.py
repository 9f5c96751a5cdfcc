"""The site's web fonts: each theme font subset to the characters the site uses, as WOFF2.

The PDF embeds only the glyphs it uses, but a browser downloads whole font
files: the theme's fonts are 4.4 MB and the CJK collections 90 MB. So the
site's stylesheets name WOFF2 subsets instead, holding the characters any page
can show (every text of the corpus, the theme's own words, and printable
Latin-1 and punctuation), with ``font-display: swap`` and a ``unicode-range``
so a browser fetches a script's font only for a page that has the script. A
face that would hold no letter of its script (an Arabic font for a site with
no Arabic) is left out.

HarfBuzz cuts the fonts and fontTools writes the WOFF2 (:func:`subset_woff2`).
Subsetting is deterministic (no timestamps; the same font, characters and
recipe give the same bytes) and each result is kept in ``.policybrief/webfonts/``
under the digest of its font, characters and :func:`subset_recipe`, since
writing the WOFF2 of all the theme's faces still takes a second or more.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from policybrief.content.corpus import Corpus
from policybrief.render.fontfiles import FontIndex
from policybrief.render.theme import FONT_SUFFIXES, Theme, theme_relative

#: Characters the theme's templates and labels may show whatever the content says.
_ALWAYS = frozenset(
    [
        *range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2028),
        *range(0x2030, 0x205F), 0x20AC, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212,
    ]
)  # fmt: skip
#: A font collection (the CJK fonts) gives only these: the stacks put a Latin font
#: before it, and so content that adds a Latin letter does not subset it again.
#: Chinese and Japanese text puts the CJK font first (base.css), for its full-width
#: quotation marks, dashes, ellipsis and middle dot: those come from it too.
_COLLECTION_RANGES = (
    (0x00B7, 0x00B7), (0x1100, 0x11FF), (0x2014, 0x2015), (0x2018, 0x201F),
    (0x2026, 0x2026), (0x2E80, 0x10FFFF),
)  # fmt: skip
#: How :func:`subset_woff2` cuts a font; a new value whenever that changes the bytes.
_RECIPE = (
    "woff2 recipe 4: hb-subset, all features, all names, notdef outline, "
    "glyf untransformed, brotli 6"
)
#: Brotli's quality for the WOFF2 (fontTools uses 11, the highest). With the
#: glyph table stored as it is (no WOFF2 glyph transform, fontTools' Python
#: encoder), writing all eleven faces of a site takes a thirteenth of the CPU of
#: quality 10 with the transform, for files a fifth larger; qualities 7 to 9 would
#: add a hash table of 12-30 MB to the worker's peak (docs/performance.md,
#: "Web fonts").
BROTLI_QUALITY = 6
_FONT_FACE_RE = re.compile(r"@font-face\s*\{[^}]*\}", re.IGNORECASE)
_SRC_RE = re.compile(
    r"src\s*:\s*[^;}]*url\(\s*[\"']?([^\"')\s]+)[\"']?\s*\)[^;}]*;?", re.IGNORECASE
)


def site_characters(corpus: Corpus, theme: Theme, kept: Iterable[str] = ()) -> frozenset[int]:
    """Every character a site page or brief page can show: the corpus's texts (all of
    them, so every shard of a build agrees), the theme's templates, the texts ``kept``
    (pages served from an earlier build), :data:`_ALWAYS`, and the capitals of all
    these (the theme's text-transform: uppercase)."""
    points = set(_ALWAYS)
    for text in kept:
        points.update(ord(c) for c in text)
    kinds = (corpus.actors, corpus.agenda, corpus.analysis, corpus.sources, corpus.briefs)
    for kind in kinds:
        for record in kind.values():
            points.update(ord(c) for text in _texts(record.data) for c in text)
            points.update(ord(c) for c in record.body)
    if corpus.settings_record is not None:
        points.update(ord(c) for text in _texts(corpus.settings.model_dump()) for c in text)
    for rel, path in theme.files().items():
        if rel.endswith(".html"):
            points.update(ord(c) for c in path.read_text(encoding="utf-8", errors="replace"))
    # The theme sets markings, kickers and labels in capitals (text-transform):
    # a Cyrillic or Greek marking's capitals were drawn in the reader's fallback font.
    points.update(ord(u) for p in list(points) for u in chr(p).upper())
    return frozenset(p for p in points if p >= 0x20)


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))


def subset_woff2(path: Path, points: frozenset[int]) -> bytes:
    """The font at ``path`` (of a collection: its first font) cut down to ``points``, as WOFF2.

    HarfBuzz's subsetter cuts the font (in C++: about a millisecond where
    fontTools' took a third of a second) and fontTools writes the WOFF2: every
    table as it is (the format's null transform, which browsers decode as they
    do the glyph transform) compressed by Brotli at :data:`BROTLI_QUALITY`. Every layout feature
    (ligatures, Arabic joining, Indic conjuncts, CJK regional forms), every
    name record (the copyright and licence among them) and the hinting are
    kept; unused glyphs are dropped and ``.notdef`` keeps its outline. The
    same font, points and :func:`subset_recipe` give the same bytes. Each
    result is checked as browsers check it (:func:`browsers_reject`).

    Raises:
        OSError: the font cannot be read.
        fontTools.ttLib.TTLibError: it is not a font that can be subset, or
            its subset fails the browsers' font checks (the message starts
            with ``path``).
    """
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont, TTLibError, woff2

    from policybrief.render.patching import replaced

    face = hb.Face(hb.Blob(path.read_bytes()), 0)
    keep = hb.SubsetInput()
    keep.unicode_set.update(sorted(points))
    for every in (
        hb.SubsetInputSets.LAYOUT_FEATURE_TAG,
        hb.SubsetInputSets.NAME_ID,
        hb.SubsetInputSets.NAME_LANG_ID,
    ):
        chosen = keep.sets(every)
        chosen.clear()  # the defaults are lists (features of common shapers, names 0-6)
        chosen.invert()
    keep.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NAME_LEGACY
    try:
        sfnt = hb.subset(face, keep).blob.data
    except RuntimeError as exc:  # HarfBuzz says only "Subsetting failed"
        raise TTLibError(f"{path}: not a font that can be subset") from exc
    with (
        TTFont(io.BytesIO(sfnt), recalcBBoxes=False, recalcTimestamp=False) as font,
        replaced((woff2, "brotli", _AtQuality)),
    ):
        out = io.BytesIO()
        font.flavor = "woff2"
        font.flavorData = woff2.WOFF2FlavorData(transformedTables=())
        font.save(out)
    data = out.getvalue()
    rejected = browsers_reject(data)
    if rejected:
        raise TTLibError(f"{path}: its web font fails the browsers' font checks (OTS: {rejected})")
    return data


def browsers_reject(woff2_data: bytes) -> str:
    """Why the OpenType Sanitizer rejects the WOFF2 font ``woff2_data``; empty if it passes.

    Chromium and Firefox run every web font through this sanitizer (OTS) and
    draw the page in a fallback font when it fails: a font whose outlines are
    damaged inside an intact table directory, say, which nothing else reads
    before a browser does. About half a millisecond a face. The reason is
    OTS's own messages, such as ``glyf: Failed to parse glyph 3``.
    """
    import pyots

    with tempfile.TemporaryDirectory(prefix="policybrief-ots-") as folder:
        file = Path(folder) / "font.woff2"  # OTS reads only from a file
        file.write_bytes(woff2_data)
        result = pyots.sanitize(str(file))
    if result.sanitized:
        return ""
    messages = [m.removeprefix("ERROR: ") for m in result.messages if m.startswith("ERROR")]
    return "; ".join(messages) or "it is not a font OTS can read"


class _AtQuality:
    """Stands in for Brotli in fontTools' WOFF2 writer: compresses at :data:`BROTLI_QUALITY`."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def compress(self, data: bytes, *args: Any, **kwargs: Any) -> bytes:
        kwargs["quality"] = BROTLI_QUALITY
        return bytes(self._module.compress(data, *args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


@functools.cache
def subset_recipe() -> str:
    """What decides a subset's bytes besides its font and characters: kept in its cache key.

    :data:`_RECIPE` names how :func:`subset_woff2` cuts (change it with the
    code), and the versions of HarfBuzz, fontTools and Brotli that run it, so
    that a subset made by another recipe or library is never reused: a cold
    build and a warm one give the same bytes.
    """
    import fontTools
    import uharfbuzz as hb
    from fontTools.ttLib import woff2  # its Brotli: brotli, or brotlicffi where that is there

    versions = f"harfbuzz {hb.version_string()}; fonttools {fontTools.version}"
    return f"{_RECIPE}; {versions}; brotli {woff2.brotli.__version__}"


def unicode_range(points: frozenset[int]) -> str:
    """``points`` as a CSS ``unicode-range`` value: ``U+20-7E, U+A0``."""
    parts: list[str] = []
    start = previous = -2
    for point in sorted(points):
        if point != previous + 1:
            if start >= 0:
                parts.append(_range(start, previous))
            start = point
        previous = point
    if start >= 0:
        parts.append(_range(start, previous))
    return ", ".join(parts)


def _range(low: int, high: int) -> str:
    return f"U+{low:X}" if low == high else f"U+{low:X}-{high:X}"


@dataclass(frozen=True)
class Subset:
    """One WOFF2 subset the site names: ``name`` in the output's ``assets/``, its cache
    ``key`` (font, characters and recipe), the ``font`` file and the ``points`` it keeps."""

    name: str
    key: str
    font: Path
    points: frozenset[int]


@dataclass(frozen=True)
class RejectedFont:
    """A face the site leaves out: the theme ``stylesheet`` (theme-relative) and
    ``line`` that name it, its ``font`` file, and why it cannot be used."""

    stylesheet: str
    line: int
    font: Path
    reason: str


class WebFonts:
    """Rewrite the theme's stylesheets for the site, making the WOFF2 subsets they name.

    ``points`` is :func:`site_characters`; ``cache`` the folder of kept subsets
    (None: keep nothing); ``index`` reads fonts' digests and coverage; ``made``
    maps a subset's key to a call that gives its bytes, made elsewhere (the
    build's PDF workers: see :meth:`wanted`); any other subset is made here.
    After :meth:`stylesheet` calls, :attr:`files` maps each ``fonts/NAME.woff2``
    to its bytes.
    """

    def __init__(
        self,
        theme: Theme,
        points: frozenset[int],
        index: FontIndex,
        cache: Path | None,
        made: Mapping[str, Callable[[], bytes]] | None = None,
    ) -> None:
        self.theme, self.points, self.index, self.cache = theme, points, index, cache
        self.made = made or {}
        self.files: dict[str, bytes] = {}
        #: Faces left out because their font could not be subset or its subset fails
        #: the browsers' font checks: reported as ``damaged-font`` by the caller.
        self.rejected: list[RejectedFont] = []

    def stylesheet(self, rel: str, text: str) -> str:
        """``text`` (the stylesheet ``rel``) with each ``@font-face`` naming a subset;
        a face none of whose characters the site uses is left out, and so is one
        whose font cannot be subset or whose subset browsers would reject (it is
        added to :attr:`rejected`: a browser would draw the next font anyway).

        Raises:
            OSError: a font cannot be read.
        """
        if "@font-face" not in text.lower():
            return text
        base = Path(rel).parent
        return _FONT_FACE_RE.sub(lambda m: self._face(m, base, rel, text), text)

    def wanted(self, rel: str, text: str) -> list[Subset]:
        """The subsets :meth:`stylesheet` makes for ``text`` that the cache does not hold.

        Raises:
            OSError: a font cannot be read.
        """
        found: list[Subset] = []
        if "@font-face" in text.lower():
            for face in _FONT_FACE_RE.finditer(text):
                m = _SRC_RE.search(face.group(0))
                if m is not None and _is_font_file(m.group(1)):
                    subset = self._subset(m.group(1), Path(rel).parent)
                    if subset is not None and self._kept(subset) is None:
                        found.append(subset)
        return found

    def _face(self, face: re.Match[str], base: Path, rel: str, text: str) -> str:
        from fontTools.ttLib import TTLibError

        rule = face.group(0)
        m = _SRC_RE.search(rule)
        if m is None or not _is_font_file(m.group(1)):
            return rule
        subset = self._subset(m.group(1), base)
        if subset is None:
            return ""  # a missing or damaged font (reported where briefs render), or no letter
        try:
            self.files[subset.name] = self._make(subset)
        except TTLibError as exc:
            reason = str(exc).removeprefix(f"{subset.font}: ")
            line = text.count("\n", 0, face.start() + m.start(1)) + 1
            self.rejected.append(RejectedFont(rel, line, subset.font, reason))
            return ""
        src = (
            f'src: url({_relative(subset.name, base)}) format("woff2"); font-display: swap; '
            f"unicode-range: {unicode_range(subset.points)};"
        )
        return rule[: m.start()] + src + rule[m.end() :]

    def _subset(self, url: str, base: Path) -> Subset | None:
        """The subset of the font at ``url`` (relative to the folder ``base``) the site needs;
        None if the font is missing or damaged or would hold only digits and punctuation, which a
        font before it in the stack gives."""
        font_rel = theme_relative(base / url)
        path = self.theme.find(font_rel)
        if path is None or self.index.damage(path) is not None:
            return None  # reported where briefs render (missing-font, damaged-font)
        points = self.points & self.index.coverage(path)
        if path.suffix.lower() == ".ttc":
            points = frozenset(p for p in points if any(a <= p <= b for a, b in _COLLECTION_RANGES))
        if not _has_letters(points):
            return None
        key = hashlib.sha256(
            f"{self.index.digest(path)}\n{unicode_range(points)}\n{subset_recipe()}".encode()
        ).hexdigest()
        return Subset(f"fonts/{Path(font_rel).stem}-{key[:12]}.woff2", key, path, points)

    def _kept(self, subset: Subset) -> Path | None:
        """The cache file of ``subset`` if there is one."""
        kept = self.cache / f"{subset.key}.woff2" if self.cache is not None else None
        return kept if kept is not None and kept.is_file() else None

    def _make(self, subset: Subset) -> bytes:
        """The bytes of ``subset``: kept, made elsewhere or made now; kept for the next build."""
        if (kept := self._kept(subset)) is not None:
            return kept.read_bytes()
        made = self.made.get(subset.key)
        data = made() if made is not None else subset_woff2(subset.font, subset.points)
        if self.cache is not None:
            kept = self.cache / f"{subset.key}.woff2"
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(kept)
        return data


def _is_font_file(url: str) -> bool:
    """Whether a ``src`` URL names a font file of the theme (not ``data:`` or a web address)."""
    return Path(url).suffix.lower() in FONT_SUFFIXES and ":" not in url


def _has_letters(points: frozenset[int]) -> bool:
    """Whether ``points`` hold a character of some script, not only common ones."""
    from fontTools import unicodedata as ucd

    return any(ucd.script(chr(p)) not in ("Zyyy", "Zinh", "Zzzz") for p in points)


def _relative(target: str, base: Path) -> str:
    """``target`` (theme-relative) as a URL relative to the folder ``base``."""
    depth = len([p for p in base.parts if p not in ("", ".")])
    return "../" * depth + target
