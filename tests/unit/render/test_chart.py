"""The agenda timeline SVG: dates to scale, honest precision, status without colour."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from policybrief.content.dates import PartialDate
from policybrief.render.chart import (
    CHAR_WIDTH,
    DAY_MARK,
    MIN_BAR,
    PLOT_LEFT,
    PLOT_RIGHT,
    WORDS_X,
    ChartItem,
    _Scale,
    agenda_timeline,
    caption,
)

SVG = "{http://www.w3.org/2000/svg}"


def item(title: str, start: str, end: str | None = None, status: str = "held") -> ChartItem:
    label = status.replace("-", " ").capitalize()
    return ChartItem(
        title,
        PartialDate.parse(start),
        PartialDate.parse(end) if end else None,
        status,
        label,
        f"{start}–{end}" if end else start,
    )


def draw(*items: ChartItem) -> ET.Element:
    return ET.fromstring(str(agenda_timeline(items, "c")))


def spans(svg: ET.Element) -> list[tuple[float, float, bool]]:
    """(x, width, dashed) of each item's bar, in row order (the legend's key comes last)."""
    return [
        (float(r.get("x", 0)), float(r.get("width", 0)), r.get("stroke-dasharray") is not None)
        for r in svg.iter(f"{SVG}rect")
    ]


def test_fewer_than_two_items_draw_nothing() -> None:
    assert agenda_timeline([], "c") == ""
    assert agenda_timeline([item("One", "2025-12-04")], "c") == ""


def test_the_chart_is_an_image_with_a_title_and_a_description_of_every_item() -> None:
    svg = draw(item("Talks", "2025-12-04", "2025-12-05", "scheduled"), item("Session", "2025-12"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None
    assert title.get("id") == "c-title"
    assert title.text == "Timeline of 2 agenda items, Dec 2025"
    assert desc is not None
    assert desc.text == "1. Talks: 2025-12-04–2025-12-05, scheduled. 2. Session: 2025-12, held."


def test_a_month_is_drawn_as_the_whole_month_and_dashed() -> None:
    svg = draw(item("Month", "2025-12"), item("Day", "2025-12-04"))
    (month_x, month_w, month_dashed), *_legend = spans(svg)
    assert month_dashed
    assert month_x == pytest.approx(PLOT_LEFT)
    assert month_x + month_w == pytest.approx(PLOT_RIGHT, abs=0.1)


def test_a_single_day_is_a_diamond_wide_enough_to_see_centred_on_its_day() -> None:
    svg = draw(item("Month", "2025-12"), item("Day", "2025-12-04"))
    marks = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "day-mark"]
    assert len(marks) == 2  # the row's, and the legend's key
    xs = [float(v) for v in re.findall(r"([\d.]+) [\d.]+", marks[0].get("d", ""))]
    day = (PLOT_RIGHT - PLOT_LEFT) / 31
    centre = PLOT_LEFT + 3.5 * day  # the middle of 4 December
    assert min(xs) == pytest.approx(centre - DAY_MARK, abs=0.1)
    assert max(xs) == pytest.approx(centre + DAY_MARK, abs=0.1)
    assert max(xs) - min(xs) >= 10  # never a hairline that reads as nothing
    assert "one day" in [t.text for t in svg.iter(f"{SVG}text")]


def test_a_span_of_two_days_is_never_thinner_than_the_narrowest_bar() -> None:
    long = item("Year", "2025-01-01", "2025-12-31")
    svg = draw(long, item("Two days", "2025-06-04", "2025-06-05"))
    (_x, _w, _d), (_x2, width, _d2), *_ = spans(svg)
    assert width >= MIN_BAR


def test_a_range_of_days_spans_its_days() -> None:
    svg = draw(item("Visit", "2025-12-04", "2025-12-05"), item("Month", "2025-12"))
    (_x, width, dashed), *_ = spans(svg)
    assert not dashed
    assert width == pytest.approx(2 * (PLOT_RIGHT - PLOT_LEFT) / 31, abs=0.1)


def test_the_uncertainty_key_appears_only_when_a_date_is_partial() -> None:
    exact = str(agenda_timeline([item("A", "2025-12-04"), item("B", "2025-12-09")], "c"))
    partial = str(agenda_timeline([item("A", "2025-12-04"), item("B", "2025-12")], "c"))
    assert "known only to the month or year" not in exact
    assert "known only to the month or year" in partial


STATUSES = ("held", "scheduled", "under-way", "postponed", "cancelled")


def test_each_status_has_its_own_shape_and_its_word() -> None:
    items = [item(f"Item {s}", f"2025-12-0{i + 1}", status=s) for i, s in enumerate(STATUSES)]
    svg = ET.fromstring(str(agenda_timeline(items, "c")))
    # the legend repeats each status once with its word
    legend_words = [t.text for t in svg.iter(f"{SVG}text") if t.text in _labels()]
    assert sorted(legend_words) == sorted(_labels())
    shapes = {s: _shape_signature(s) for s in STATUSES}
    assert len(set(shapes.values())) == len(STATUSES), shapes


def _labels() -> list[str]:
    return [s.replace("-", " ").capitalize() for s in STATUSES]


def _shape_signature(status: str) -> str:
    """The mark drawn for ``status``, without its coordinates."""
    from policybrief.render.chart import _shape

    return re.sub(r"[\d.]+", "N", str(_shape(status, 0, 0)))


LONG = [
    "22nd session of the Russia–India Intergovernmental Commission on Military Cooperation",
    "اجتماع وزراء الخارجية لمناقشة التعاون الإقليمي والأمن البحري في المحيط الهندي",
    "रक्षा मंत्रियों की वार्षिक बैठक और सैन्य-तकनीकी सहयोग पर संयुक्त वक्तव्य",
    "关于能源、航天和基础设施合作的政府间协定签署仪式以及联合新闻发布会",
]


def twelve() -> list[ChartItem]:
    """Twelve items of every status, long titles in four scripts, days, spans and months."""
    dates = [
        ("2025-09", None), ("2025-09-22", "2025-09-28"), ("2025-10", None),
        ("2025-10-14", "2025-10-15"), ("2025-09-30", "2026-02-28"), ("2025-11-03", None),
        ("2025-11-20", "2025-11-21"), ("2025-12-04", "2025-12-05"), ("2025-12-05", None),
        ("2026-01", None), ("2026-01-31", None), ("2026-02-10", "2026-02-11"),
    ]  # fmt: skip
    return [
        item(f"{LONG[n % 4]} ({n + 1})", start, end, STATUSES[n % 5])
        for n, (start, end) in enumerate(dates)
    ]


def test_rows_are_numbered_and_titles_stay_whole_in_the_description() -> None:
    items = twelve()
    svg = ET.fromstring(str(agenda_timeline(items, "c")))
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    numbers = [t.text for t in svg.iter(f"{SVG}text") if t.get("font-weight") == "700"]
    assert numbers == [str(n) for n in range(1, 13)]
    # No title is drawn (the agenda list carries them), so none is ever cut.
    assert not any("…" in t or "..." in t for t in texts)
    assert not any(i.title[:20] in t for i in items for t in texts)
    desc = svg.find(f"{SVG}desc")
    assert desc is not None
    for n, i in enumerate(items, 1):
        assert f"{n}. {i.title}:" in (desc.text or "")


def test_the_legend_stays_inside_the_frame() -> None:
    svg = ET.fromstring(str(agenda_timeline(twelve(), "c")))
    _x, _y, width, height = (float(v) for v in svg.get("viewBox", "").split())
    legend = [t for t in svg.iter(f"{SVG}text") if t.text in {*_labels(), "one day"}]
    legend += [t for t in svg.iter(f"{SVG}text") if "known only" in (t.text or "")]
    assert len(legend) == 7  # five statuses, one day, month or year
    for text in legend:
        x, y = float(text.get("x", 0)), float(text.get("y", 0))
        assert x + len(text.text or "") * CHAR_WIDTH <= width, text.text
        assert 0 < y <= height
    # The key wrapped onto a second line rather than run past the right edge.
    assert len({t.get("y") for t in legend}) >= 2


def test_every_drawn_mark_and_label_is_inside_the_view_box() -> None:
    svg = ET.fromstring(str(agenda_timeline(twelve(), "c")))
    _x, _y, width, height = (float(v) for v in svg.get("viewBox", "").split())
    for rect in svg.iter(f"{SVG}rect"):
        x, w = float(rect.get("x", 0)), float(rect.get("width", 0))
        assert 0 <= x
        assert x + w <= width
        assert float(rect.get("y", 0)) + float(rect.get("height", 0)) <= height
    for text in svg.iter(f"{SVG}text"):
        x = float(text.get("x", 0))
        chars = len(text.text or "") * CHAR_WIDTH
        anchor = text.get("text-anchor", "start")
        left = x - chars if anchor == "end" else x - chars / 2 if anchor == "middle" else x
        assert left >= 0, text.text
        assert left + chars <= width, text.text
        if x == WORDS_X:  # a row's status and dates end before the plot starts
            assert left + chars <= PLOT_LEFT, text.text


def test_the_axis_shows_the_year() -> None:
    svg = draw(item("A", "2025-12-04"), item("B", "2025-12-20"))
    axis = [t.text or "" for t in svg.iter(f"{SVG}text")]
    assert "1 Dec 2025" in axis or "8 Dec 2025" in axis


def test_text_is_escaped() -> None:
    svg = draw(item("A <b>&</b>", "2025-12-04"), item("B", "2025-12-05"))
    assert svg.find(f".//{SVG}b") is None
    desc = svg.find(f"{SVG}desc")
    assert desc is not None
    assert "A <b>&</b>" in (desc.text or "")


def test_the_caption_gives_the_chart_its_dates() -> None:
    assert caption([item("A", "2025-12-04"), item("B", "2025-12-20")]) == "Agenda, December 2025"
    assert caption(twelve()) == "Agenda, September 2025 to February 2026"
    same_year = [item("A", "2025-03-04"), item("B", "2025-12")]
    assert caption(same_year) == "Agenda, March to December 2025"


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        ("2025-12-01", "2025-12-31", ["1 Dec 2025", "8 Dec", "15 Dec", "22 Dec"]),
        ("2025-12-10", "2026-01-20", ["15 Dec 2025", "22 Dec", "1 Jan 2026", "8 Jan", "15 Jan"]),
        ("2025-11-20", "2026-02-10", ["Dec 2025", "Jan 2026", "Feb"]),
        ("2024-02-01", "2025-09-30", ["Apr 2024", "Jul", "Oct", "Jan 2025", "Apr", "Jul"]),
        ("2020-05-01", "2026-02-10", ["2021", "2022", "2023", "2024", "2025", "2026"]),
        # Fewer ticks where every one would crowd its neighbour's label ("Dec 2026Jan 2027").
        ("2026-11-20", "2027-07-15", ["Jan 2027", "Mar", "May", "Jul"]),
        ("2025-12-20", "2026-03-04", ["1 Jan 2026", "15 Jan", "1 Feb", "15 Feb", "1 Mar"]),
        ("2014-01-01", "2026-12-31", ["2016", "2018", "2020", "2022", "2024", "2026"]),
    ],
)
def test_ticks_suit_the_span(first: str, last: str, labels: list[str]) -> None:
    import datetime as dt

    scale = _Scale(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    assert [label for _day, label in scale.ticks()] == labels


def test_a_short_span_is_widened_to_two_weeks() -> None:
    import datetime as dt

    scale = _Scale(dt.date(2025, 12, 4), dt.date(2025, 12, 5))
    assert scale.days == 14
    assert scale.first <= dt.date(2025, 12, 4)
    assert scale.last >= dt.date(2025, 12, 5)


@pytest.mark.parametrize(
    "days", [20, 40, 60, 75, 76, 120, 200, 300, 400, 401, 700, 1100, 1200, 5000]
)
def test_no_two_tick_labels_touch(days: int) -> None:
    import datetime as dt

    first = dt.date(2025, 11, 20)
    scale = _Scale(first, first + dt.timedelta(days=days))
    ticks = scale.ticks()
    assert len(ticks) >= 2
    for (a, la), (b, lb) in itertools.pairwise(ticks):
        assert scale.x(b) - scale.x(a) >= (len(la) + len(lb)) * CHAR_WIDTH / 2, (la, lb)
