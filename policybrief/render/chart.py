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
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from policybrief.content.dates import PartialDate, Precision

#: Drawing units (the SVG scales to the column width).
WIDTH = 640
LABEL_WIDTH = 236
PLOT_LEFT = LABEL_WIDTH + 14
PLOT_RIGHT = WIDTH - 12
AXIS_HEIGHT = 30
ROW_HEIGHT = 32
LEGEND_HEIGHT = 30
#: Characters of a title that fit the label column at the label font size.
LABEL_CHARS = 38
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


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

    ``chart_id`` prefixes the ids of the chart's title and description, so it
    must be unique in the page.
    """
    if len(items) < 2:
        return Markup("")
    first = min(i.start.first_day() for i in items)
    last = max((i.end or i.start).last_day() for i in items)
    scale = _Scale(first, last)
    height = AXIS_HEIGHT + ROW_HEIGHT * len(items) + LEGEND_HEIGHT
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
            d=" ".join(f"{i.title}: {i.when}, {i.status_label.lower()}." for i in items),
        ),
    ]
    parts += _axis(scale, height - LEGEND_HEIGHT)
    for row, item in enumerate(items):
        parts += _row(scale, item, AXIS_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2 - 2)
    uncertain = any(_uncertain(i) for i in items)
    parts += _legend(dict.fromkeys((i.status, i.status_label) for i in items), uncertain, height)
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


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
        """Tick dates and labels: days for a few weeks, months, or years for a long span."""
        ticks: list[tuple[dt.date, str]] = []
        if self.days <= 75:
            day = self.first
            for offset in range(self.days):
                day = self.first + dt.timedelta(days=offset)
                if day.day in (1, 8, 15, 22):
                    ticks.append((day, f"{day.day} {_MONTHS[day.month - 1]}"))
        elif self.days <= 3 * 366:
            step = 1 if self.days <= 400 else 3
            year, month = self.first.year, self.first.month
            while year <= dt.MAXYEAR and (day := dt.date(year, month, 1)) <= self.last:
                if day >= self.first and (month - 1) % step == 0:
                    label = _MONTHS[month - 1] + (f" {year}" if month == 1 or not ticks else "")
                    ticks.append((day, label))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        else:
            # A year a tick up to a dozen years; beyond, every 2, 5, 10, 20, 50… years.
            years = self.last.year - self.first.year
            step = next(s for s in _YEAR_STEPS if years <= 12 * s)
            for year in range(self.first.year + 1, self.last.year + 1):
                if year % step == 0:
                    ticks.append((dt.date(year, 1, 1), str(year)))
        return ticks


def _axis(scale: _Scale, bottom: float) -> list[Markup]:
    parts = [
        Markup(
            '<line x1="{a}" y1="{y}" x2="{b}" y2="{y}" stroke="currentColor" stroke-width="1"/>'
        ).format(a=PLOT_LEFT, b=PLOT_RIGHT, y=AXIS_HEIGHT - 6)
    ]
    for day, label in scale.ticks():
        x = _n(scale.x(day))
        parts.append(
            Markup(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="currentColor" '
                'stroke-opacity="0.25" stroke-width="0.75"/>'
                '<text x="{x}" y="{ty}" font-size="9.5" text-anchor="middle" '
                'fill="currentColor">{label}</text>'
            ).format(x=x, top=AXIS_HEIGHT - 10, bottom=_n(bottom), ty=AXIS_HEIGHT - 14, label=label)
        )
    return parts


def _row(scale: _Scale, item: ChartItem, y: float) -> list[Markup]:
    """One item: its status mark, title and date in words on the left; its span on the axis.

    The mark sits by the title, not on the axis, where a dot in the middle of a
    month would claim a day nobody knows.
    """
    start = scale.x(item.start.first_day())
    end = scale.x_after((item.end or item.start).last_day())
    dash = Markup(' stroke-dasharray="3 2"') if _uncertain(item) else Markup("")
    return [
        _shape(item.status, 6, y - 4),
        Markup(
            '<text x="18" y="{y1}" font-size="11" fill="currentColor">{t}</text>'
            '<text x="18" y="{y2}" font-size="9" fill="currentColor" fill-opacity="0.8">'
            "{s} · {w}</text>"
        ).format(y1=_n(y), y2=_n(y + 11), t=_shorten(item.title), s=item.status_label, w=item.when),
        Markup(
            '<rect x="{x}" y="{y}" width="{w}" height="9" rx="2" fill="currentColor" '
            'fill-opacity="0.18" stroke="currentColor" stroke-width="0.9"{dash}/>'
        ).format(x=_n(start), y=_n(y - 4), w=_n(max(end - start, 4)), dash=dash),
    ]


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


def _legend(statuses: dict[tuple[str, str], None], uncertain: bool, height: float) -> list[Markup]:
    parts: list[Markup] = []
    x = float(PLOT_LEFT)
    y = height - 10
    for status, label in statuses:
        parts.append(_shape(status, x + 5, y - 3.5))
        parts.append(
            Markup('<text x="{x}" y="{y}" font-size="9" fill="currentColor">{t}</text>').format(
                x=_n(x + 14), y=_n(y), t=label
            )
        )
        x += 24 + len(label) * 5.4
    if not uncertain:
        return parts
    parts.append(
        Markup(
            '<rect x="{x}" y="{y}" width="18" height="8" rx="2" fill="currentColor" '
            'fill-opacity="0.12" stroke="currentColor" stroke-width="0.75" '
            'stroke-dasharray="3 2"/><text x="{tx}" y="{ty}" font-size="9" '
            'fill="currentColor">date known only to the month or year</text>'
        ).format(x=_n(x), y=_n(y - 7.5), tx=_n(x + 24), ty=_n(y))
    )
    return parts


def _shorten(title: str) -> str:
    """The title cut at a word to fit the label column (the full title is in ``<desc>``)."""
    if len(title) <= LABEL_CHARS:
        return title
    cut = title[: LABEL_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def _span(first: dt.date, last: dt.date) -> str:
    a = f"{_MONTHS[first.month - 1]} {first.year}"
    b = f"{_MONTHS[last.month - 1]} {last.year}"
    return a if a == b else f"{a} to {b}"


def _n(value: float) -> str:
    """A coordinate with at most one decimal, so output is stable and small."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
