"""The printed brief's page furniture: marking line, running foot, product identifier.

A page's margin boxes never wrap well: a marking that wraps runs into the
running head, a foot on two lines runs into the marking. So what goes into them
is measured here with the theme's Noto Sans metrics, against the narrowest text
block of the shipped templates (:data:`LINE_WIDTH`): the marking's type shrinks
until it sets on one line (``check`` refuses markings over
:data:`MARKING_LIMIT` characters, so it never shrinks far), and the foot keeps
the parts that fit, most important first.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from policybrief.render.theme import PACKAGED_THEME

#: Points in a millimetre.
_MM = 72 / 25.4
#: The width a line of furniture must fit, in points: the A4 brief's 156 mm
#: text block less a margin, so Letter (162 mm) and the one-pager (174 mm) fit too.
LINE_WIDTH = 150 * _MM
#: The marking's type: bold, 8.5 pt, letters spaced .08 em (templates/css/print.css).
MARKING_SIZE = 8.5
MARKING_TRACKING = 0.08
#: The running foot's type: regular, 7.5 pt; its text box is 76% of the line,
#: "Page X of Y" has the rest.
FOOT_SIZE = 7.5
FOOT_SHARE = 0.76
_BOLD = "NotoSans-Bold.ttf"
_REGULAR = "NotoSans-Regular.ttf"


@functools.cache
def _advances(font_file: str) -> tuple[dict[int, float], float]:
    """Each character's advance in em of the theme's ``font_file``, and the em-wide default.

    A character the font lacks (CJK, say, drawn by another family) counts one em,
    as wide as such a glyph is.
    """
    from fontTools.ttLib import TTFont

    with TTFont(Path(PACKAGED_THEME, "fonts", font_file)) as font:
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        cmap = font.getBestCmap()
        return {cp: metrics[name][0] / units for cp, name in cmap.items()}, 1.0


def text_width(text: str, size: float, *, bold: bool = False, tracking: float = 0.0) -> float:
    """The width in points of ``text`` set in Noto Sans at ``size`` points.

    ``tracking`` is the letter spacing in em, added after every character.
    """
    advances, missing = _advances(_BOLD if bold else _REGULAR)
    return sum(advances.get(ord(c), missing) + tracking for c in text) * size


def marking_size(line: str) -> float:
    """The type size in points that sets the marking ``line`` on one line of the page."""
    width = text_width(line, MARKING_SIZE, bold=True, tracking=MARKING_TRACKING)
    if width <= LINE_WIDTH:
        return MARKING_SIZE
    # Rounded down to a tenth of a point, so the line always fits.
    return int(MARKING_SIZE * LINE_WIDTH / width * 10) / 10


def product_id(slug: str, edition: int, given: str | None) -> str:
    """The brief's product identifier: the manifest's ``product_id``, else ``SLUG-E<edition>``."""
    return given or f"{slug.upper()}-E{edition}"


def site_address(base_url: str | None, slug: str) -> str | None:
    """The brief's page on the site (``<base_url>/<slug>/``), or None without a base URL."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/{slug}/"


@dataclass(frozen=True)
class Foot:
    """The running foot's text and its type size in points."""

    text: str
    size: float


def running_foot(identifier: str, address: str | None, date: str, organisation: str | None) -> Foot:
    """The running foot: one line that always holds the product ``identifier``.

    The site ``address`` comes next (the type shrinks down to 6.5 pt to keep it),
    then the ``date`` and the ``organisation`` where they fit; the parts print
    in the order organisation, date, identifier, address.
    """
    room = LINE_WIDTH * FOOT_SHARE
    size = FOOT_SIZE
    if address:
        while size > 6.5 and text_width(f"{identifier} · {address}", size) > room:
            size -= 0.5
        if text_width(f"{identifier} · {address}", size) > room:
            address = None
            size = FOOT_SIZE
    kept = {"identifier": identifier, "address": address}
    for name, value in (("date", date), ("organisation", organisation)):
        trial = {**kept, name: value}
        if value and text_width(_join(trial), size) <= room:
            kept = trial
    return Foot(_join(kept), size)


def _join(parts: dict[str, str | None]) -> str:
    order = ("organisation", "date", "identifier", "address")
    return " · ".join(v for k in order if (v := parts.get(k)))
