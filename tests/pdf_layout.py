"""Where words sit on a PDF's pages, from ``pdftotext -bbox``: for layout assertions.

Positions are in points from the page's top-left corner, as poppler gives them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import run_tool

_PAGE_RE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD_RE = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    """One word and its box: ``x0``–``x1`` across, ``y0``–``y1`` down the page."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PdfPage:
    """A page's size in points and its words in reading order."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    def lines(self) -> dict[float, list[Word]]:
        """The words grouped by their baseline (``y1`` rounded to a tenth of a point)."""
        out: dict[float, list[Word]] = {}
        for w in self.words:
            out.setdefault(round(w.y1, 1), []).append(w)
        return out

    def find(self, text: str) -> list[Word]:
        """The words equal to ``text``."""
        return [w for w in self.words if w.text == text]

    def body_words(self, top: float, bottom: float) -> list[Word]:
        """The words between ``top`` and ``bottom`` points from the page's top."""
        return [w for w in self.words if w.y0 >= top and w.y1 <= bottom]


def pdf_pages(pdf: Path) -> list[PdfPage]:
    """Every page of ``pdf`` with its words' positions."""
    text = run_tool("pdftotext", "-bbox", str(pdf), "-")
    pages = []
    for n, m in enumerate(_PAGE_RE.finditer(text), start=1):
        words = tuple(
            Word(html.unescape(w[4]), float(w[0]), float(w[1]), float(w[2]), float(w[3]))
            for w in _WORD_RE.findall(m.group(3))
        )
        pages.append(PdfPage(n, float(m.group(1)), float(m.group(2)), words))
    return pages


def band_lines(page: PdfPage, top: float, bottom: float) -> list[str]:
    """The text of each line whose words lie between ``top`` and ``bottom`` points."""
    lines = page.lines()
    return [
        " ".join(w.text for w in sorted(ws, key=lambda w: w.x0))
        for y, ws in sorted(lines.items())
        if top <= y <= bottom
    ]


def words_outside(
    page: PdfPage, margin_mm: float, slack: Callable[[Word], float] = lambda _word: 0.5
) -> list[Word]:
    """The words of ``page`` that reach into a side margin of ``margin_mm`` millimetres,
    give or take ``slack(word)`` points."""
    margin = margin_mm * 72 / 25.4
    return [
        w for w in page.words if w.x0 < margin - slack(w) or w.x1 > page.width - margin + slack(w)
    ]
