"""The agenda timeline as inline SVG: dates to scale, status by shape and word.

Drawn here rather than by a charting library because the chart is small and
must say exactly what the content says: a date known to the month is drawn as
the whole month, never as a day somebody picked, and a status is a shape and a
word, so the chart reads the same in greyscale print and to a colour-blind
reader. The markup uses presentation attributes and ``currentColor`` only, so
WeasyPrint (print) and browsers (screen, light and dark) draw it alike, and the
``<title>``/``<desc>`` pair is the chart's text alternative in both (WeasyPrint
takes a tagged PDF figure's alternative text from the SVG's ``<title>``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from policybrief.content.dates import PartialDate, Precision

#: Drawing units (the SVG scales to the column width).
WIDTH = 640
#: Where the key column's number ends, and its status mark and words start.
NUMBER_RIGHT = 20
MARK_X = 32
WORDS_X = 44
PLOT_LEFT = 270
PLOT_RIGHT = WIDTH - 16
AXIS_HEIGHT = 30
ROW_HEIGHT = 22
#: The rows' height a chart keeps to while it can (171 mm at the brief's 156 mm
#: width: with the axis, legend, heading, caption and source line, a page):
#: past 31 items its rows close up, down to the tightest row that still reads
#: (15: a bar is 9 high, text 10), so the chart of up to 46 items stands on one
#: page under its heading; a 40-item chart once left "Agenda" alone on a page.
ROWS_BUDGET = 700
MIN_ROW_HEIGHT = 15
LEGEND_LINE = 16
#: Drawing units per character of 10-unit text, on the wide side (Noto Sans
#: averages about 0.55 em a character), so the legend never runs past the frame.
CHAR_WIDTH = 6.0
#: Half the width of the diamond that marks a one-day item; the narrowest bar.
DAY_MARK = 5.5
MIN_BAR = 5
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)


@dataclass(frozen=True)
class ChartItem:
    """One agenda item as the chart needs it."""

    title: str
    start: PartialDate
    end: PartialDate | None
    status: str  # the model's key: scheduled, under-way, held, postponed, cancelled
    status_label: str  # as printed: "Under way"
    when: str  # as printed: "4–5 December 2025"


def agenda_timeline(items: Sequence[ChartItem], chart_id: str) -> Markup:
    """Return an SVG timeline of ``items`` (in agenda order); empty when fewer than two.

    Rows are numbered from 1 in that order and keyed to the agenda list, which
    carries the titles: the SVG holds no text of the content's own, because
    PDF renderers draw SVG text glyph by glyph, which breaks Arabic, Hebrew and
    Indic scripts, and a title of 90 characters has no room beside a bar.
    ``chart_id`` prefixes the ids of the chart's title and description, so it
    must be unique in the page.
    """
    if len(items) < 2:
        return Markup("")
    first = min(i.start.first_day() for i in items)
    last = max((i.end or i.start).last_day() for i in items)
    scale = _Scale(first, last)
    legend = _legend(items)
    row_height = max(MIN_ROW_HEIGHT, min(ROW_HEIGHT, ROWS_BUDGET / len(items)))
    rows_bottom = round(AXIS_HEIGHT + row_height * len(items))
    height = rows_bottom + 8 + LEGEND_LINE * legend.lines
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" role="img" '
            'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            'aria-labelledby="{id}-title {id}-desc" font-family="Noto Sans, sans-serif">'
        ).format(w=WIDTH, h=height, id=chart_id),
        Markup('<title id="{id}-title">{t}</title>').format(
            id=chart_id, t=f"Timeline of {len(items)} agenda items, {_span(first, last)}"
        ),
        Markup('<desc id="{id}-desc">{d}</desc>').format(
            id=chart_id,
            d=" ".join(
                f"{n}. {i.title}: {i.when}, {i.status_label.lower()}."
                for n, i in enumerate(items, 1)
            ),
        ),
    ]
    parts += _axis(scale, rows_bottom)
    for row, item in enumerate(items):
        y = AXIS_HEIGHT + row * row_height + row_height / 2 + 3
        parts += _row(scale, item, row + 1, round(y, 1))
    parts += legend.draw(rows_bottom + 8)
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def caption(items: Sequence[ChartItem]) -> str:
    """The chart's title for its caption, with its dates: "Agenda, September to December 2025"."""
    first = min(i.start.first_day() for i in items)
    last = max((i.end or i.start).last_day() for i in items)
    a, b = _MONTH_NAMES[first.month - 1], _MONTH_NAMES[last.month - 1]
    if (first.year, first.month) == (last.year, last.month):
        return f"Agenda, {b} {last.year}"
    if first.year == last.year:
        return f"Agenda, {a} to {b} {last.year}"
    return f"Agenda, {a} {first.year} to {b} {last.year}"


#: Drawing units between two tick labels, at the least.
_LABEL_GAP = 6
#: Years between ticks on a long axis (the last covers 0001 to 9999).
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


class _Scale:
    """Days to drawing units, with at least two weeks shown so one day is not a line."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        span = (last - first).days + 1
        if span < 14:
            # Widen on both sides, but never past the calendar's ends (0001 and 9999):
            # the days that do not fit on one side go to the other.
            pad = min((14 - span) // 2, (first - dt.date.min).days)
            pad = max(pad, 14 - span - (dt.date.max - last).days)
            first -= dt.timedelta(days=pad)
            last += dt.timedelta(days=14 - span - pad)
        self.first, self.last = first, last
        self.days = (last - first).days + 1

    def x(self, day: dt.date) -> float:
        """The left edge of ``day``."""
        width = PLOT_RIGHT - PLOT_LEFT
        return PLOT_LEFT + width * (day - self.first).days / self.days

    def x_after(self, day: dt.date) -> float:
        """The right edge of ``day`` (the left edge of the next, even after 9999-12-31)."""
        width = PLOT_RIGHT - PLOT_LEFT
        return PLOT_LEFT + width * ((day - self.first).days + 1) / self.days

    def ticks(self) -> list[tuple[dt.date, str]]:
        """Tick dates and labels: days for a few weeks, months, or years for a long span;
        as many as fit without two labels touching (every week, then every fortnight or
        month; every month, then every 2, 3 or 6; every year, then every 2, 5, 10…)."""
        if self.days <= 75:
            for days in ((1, 8, 15, 22), (1, 15), (1,)):
                ticks = self._day_ticks(days)
                if self._fits(ticks):
                    break
        elif self.days <= 3 * 366:
            for step in (1, 2, 3, 6, 12) if self.days <= 400 else (3, 6, 12):
                ticks = self._month_ticks(step)
                if self._fits(ticks):
                    break
        else:
            # A year a tick up to a dozen years; beyond, every 2, 5, 10, 20, 50… years.
            years = self.last.year - self.first.year
            for step in (s for s in _YEAR_STEPS if years <= 12 * s):
                ticks = [
                    (dt.date(year, 1, 1), str(year))
                    for year in range(self.first.year + 1, self.last.year + 1)
                    if year % step == 0
                ]
                if self._fits(ticks):
                    break
        return ticks

    def _day_ticks(self, days: tuple[int, ...]) -> list[tuple[dt.date, str]]:
        """A tick on each of ``days`` of the month; the year on the first and on 1 January."""
        ticks: list[tuple[dt.date, str]] = []
        for offset in range(self.days):
            day = self.first + dt.timedelta(days=offset)
            if day.day in days:
                new_year = not ticks or (day.month, day.day) == (1, 1)
                suffix = f" {day.year}" if new_year else ""
                ticks.append((day, f"{day.day} {_MONTHS[day.month - 1]}{suffix}"))
        return ticks

    def _month_ticks(self, step: int) -> list[tuple[dt.date, str]]:
        """A tick on the first of every ``step`` months from January; the year on the first
        tick and on January."""
        ticks: list[tuple[dt.date, str]] = []
        year, month = self.first.year, self.first.month
        while year <= dt.MAXYEAR and (day := dt.date(year, month, 1)) <= self.last:
            if day >= self.first and (month - 1) % step == 0:
                label = _MONTHS[month - 1] + (f" {year}" if month == 1 or not ticks else "")
                ticks.append((day, label))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return ticks

    def _fits(self, ticks: list[tuple[dt.date, str]]) -> bool:
        """Whether no two neighbouring labels of ``ticks`` touch (centred on their ticks)."""
        return all(
            self.x(b) - self.x(a) >= (len(la) + len(lb)) * CHAR_WIDTH / 2 + _LABEL_GAP
            for (a, la), (b, lb) in itertools.pairwise(ticks)
        )


def _axis(scale: _Scale, bottom: float) -> list[Markup]:
    parts = [
        Markup(
            '<line x1="{a}" y1="{y}" x2="{b}" y2="{y}" stroke="currentColor" stroke-width="1"/>'
        ).format(a=PLOT_LEFT, b=PLOT_RIGHT, y=AXIS_HEIGHT - 6)
    ]
    for day, label in scale.ticks():
        x = scale.x(day)
        # A label that would run past the frame's right edge ends at its tick.
        anchor = "end" if x + len(label) * CHAR_WIDTH / 2 > WIDTH - 2 else "middle"
        parts.append(
            Markup(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="currentColor" '
                'stroke-opacity="0.25" stroke-width="0.75"/>'
                '<text x="{x}" y="{ty}" font-size="10" text-anchor="{anchor}" '
                'fill="currentColor">{label}</text>'
            ).format(
                x=_n(x),
                top=AXIS_HEIGHT - 10,
                bottom=_n(bottom),
                ty=AXIS_HEIGHT - 14,
                anchor=anchor,
                label=label,
            )
        )
    return parts


def _row(scale: _Scale, item: ChartItem, number: int, y: float) -> list[Markup]:
    """One item: its number, status mark and date in words on the left; its span on the axis.

    The mark sits by the number, not on the axis, where a dot in the middle of a
    month would claim a day nobody knows. A single day is a diamond wide enough
    to see; a longer span a bar.
    """
    start = scale.x(item.start.first_day())
    end = scale.x_after((item.end or item.start).last_day())
    parts = [
        Markup(
            '<text x="{nx}" y="{y}" font-size="10" font-weight="700" text-anchor="end" '
            'fill="currentColor">{n}</text>'
        ).format(nx=NUMBER_RIGHT, y=_n(y), n=number),
        _shape(item.status, MARK_X, y - 3.5),
        Markup('<text x="{x}" y="{y}" font-size="10" fill="currentColor">{s} · {w}</text>').format(
            x=WORDS_X, y=_n(y), s=item.status_label, w=_short_months(item.when)
        ),
    ]
    if _one_day(item):
        parts.append(_diamond((start + end) / 2, y - 3.5))
        return parts
    dash = Markup(' stroke-dasharray="3 2"') if _uncertain(item) else Markup("")
    # A span of a few days is too narrow to read as a hollow bar: it is drawn solid.
    width = max(end - start, MIN_BAR)
    fill = "0.18" if width >= 3 * MIN_BAR else "0.8"
    parts.append(
        Markup(
            '<rect x="{x}" y="{y}" width="{w}" height="9" rx="1.5" fill="currentColor" '
            'fill-opacity="{fill}" stroke="currentColor" stroke-width="0.9"{dash}/>'
        ).format(x=_n(start), y=_n(y - 8), w=_n(width), fill=fill, dash=dash)
    )
    return parts


def _diamond(x: float, y: float) -> Markup:
    """The solid diamond of a one-day item, centred on its day."""
    return Markup(
        '<path class="day-mark" d="M{x} {t} L{r} {y} L{x} {b} L{l} {y} Z" fill="currentColor"/>'
    ).format(
        x=_n(x),
        y=_n(y),
        t=_n(y - DAY_MARK),
        b=_n(y + DAY_MARK),
        l=_n(x - DAY_MARK),
        r=_n(x + DAY_MARK),
    )


def _shape(status: str, x: float, y: float) -> Markup:
    """A mark per status, distinct without colour: filled, hollow, half, diamond, cross."""
    ink = 'stroke="currentColor" stroke-width="1.5"'
    cx, cy = _n(x), _n(y)
    if status == "held":
        return Markup('<circle cx="{x}" cy="{y}" r="5" fill="currentColor"/>').format(x=cx, y=cy)
    if status == "under-way":
        return Markup(
            '<circle cx="{x}" cy="{y}" r="4.5" fill="none" {ink}/>'
            '<path d="M{x} {top} A4.5 4.5 0 0 0 {x} {bottom} Z" fill="currentColor"/>'
        ).format(x=cx, y=cy, top=_n(y - 4.5), bottom=_n(y + 4.5), ink=Markup(ink))
    if status == "postponed":
        return Markup('<path d="M{x} {t} L{r} {y} L{x} {b} L{l} {y} Z" fill="none" {ink}/>').format(
            x=cx, y=cy, t=_n(y - 5.5), b=_n(y + 5.5), l=_n(x - 5.5), r=_n(x + 5.5), ink=Markup(ink)
        )
    if status == "cancelled":
        return Markup('<path d="M{l} {t} L{r} {b} M{l} {b} L{r} {t}" fill="none" {ink}/>').format(
            l=_n(x - 4.5), r=_n(x + 4.5), t=_n(y - 4.5), b=_n(y + 4.5), ink=Markup(ink)
        )
    # scheduled (and anything new): hollow
    return Markup('<circle cx="{x}" cy="{y}" r="4.5" fill="white" fill-opacity="0" {ink}/>').format(
        x=cx, y=cy, ink=Markup(ink)
    )


def _uncertain(item: ChartItem) -> bool:
    """Is a date of ``item`` known only to the month or year?"""
    return any(d is not None and d.precision < Precision.DAY for d in (item.start, item.end))


def _one_day(item: ChartItem) -> bool:
    """Is ``item`` a single known day?"""
    end = item.end or item.start
    return not _uncertain(item) and item.start.first_day() == end.last_day()


class _Legend:
    """The key under the rows: each status shown, one day, a month or year; wrapped to fit."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        self.entries = entries  # (kind of mark, words)
        self.placed: list[tuple[float, int]] = []  # (x, line) of each entry
        x, line = 8.0, 0
        for _mark, words in entries:
            width = _KEY_WIDTH + len(words) * CHAR_WIDTH
            if x > 8 and x + width > WIDTH - 8:
                x, line = 8.0, line + 1
            self.placed.append((x, line))
            x += width + 14
        self.lines = line + 1 if entries else 0

    def draw(self, top: float) -> list[Markup]:
        parts: list[Markup] = []
        for (mark, words), (x, line) in zip(self.entries, self.placed, strict=True):
            y = top + LEGEND_LINE * line + 10
            if mark == "day":
                parts.append(_diamond(x + 6, y - 3.5))
            elif mark == "uncertain":
                parts.append(
                    Markup(
                        '<rect x="{x}" y="{y}" width="18" height="8" rx="2" fill="currentColor" '
                        'fill-opacity="0.12" stroke="currentColor" stroke-width="0.75" '
                        'stroke-dasharray="3 2"/>'
                    ).format(x=_n(x - 4), y=_n(y - 7.5))
                )
            else:
                parts.append(_shape(mark, x + 5, y - 3.5))
            parts.append(
                Markup(
                    '<text x="{x}" y="{y}" font-size="10" fill="currentColor">{t}</text>'
                ).format(x=_n(x + _KEY_WIDTH), y=_n(y), t=words)
            )
        return parts


#: Room for a legend entry's mark before its words.
_KEY_WIDTH = 18


def _legend(items: Sequence[ChartItem]) -> _Legend:
    entries = [
        (status, label)
        for status, label in dict.fromkeys((i.status, i.status_label) for i in items)
    ]
    if any(_one_day(i) for i in items):
        entries.append(("day", "one day"))
    if any(_uncertain(i) for i in items):
        entries.append(("uncertain", "date known only to the month or year"))
    return _Legend(entries)


def _short_months(when: str) -> str:
    """``when`` with its months abbreviated, to fit the key column: "1 Nov 2025"."""
    return _MONTH_RE.sub(lambda m: m.group(0)[:3], when)


_MONTH_RE = re.compile("|".join(_MONTH_NAMES))


def _span(first: dt.date, last: dt.date) -> str:
    a = f"{_MONTHS[first.month - 1]} {first.year}"
    b = f"{_MONTHS[last.month - 1]} {last.year}"
    return a if a == b else f"{a} to {b}"


def _n(value: float) -> str:
    """A coordinate with at most one decimal, so output is stable and small."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
