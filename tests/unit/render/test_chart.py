"""The agenda timeline SVG: dates to scale, honest precision, status without colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from policybrief.content.dates import PartialDate
from policybrief.render.chart import PLOT_LEFT, PLOT_RIGHT, ChartItem, _Scale, agenda_timeline

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
    assert desc.text == "Talks: 2025-12-04–2025-12-05, scheduled. Session: 2025-12, held."


def test_a_month_is_drawn_as_the_whole_month_and_dashed() -> None:
    svg = draw(item("Month", "2025-12"), item("Day", "2025-12-04"))
    (month_x, month_w, month_dashed), (day_x, day_w, day_dashed), *_legend = spans(svg)
    assert month_dashed
    assert not day_dashed
    assert month_x == pytest.approx(PLOT_LEFT)
    assert month_x + month_w == pytest.approx(PLOT_RIGHT, abs=0.1)
    # 4 December starts three days in: 3/31 of the width, one day wide
    day = (PLOT_RIGHT - PLOT_LEFT) / 31
    assert day_x == pytest.approx(PLOT_LEFT + 3 * day, abs=0.1)
    assert day_w == pytest.approx(day, abs=0.1)


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


def test_long_titles_are_shortened_at_a_word_but_kept_whole_in_the_description() -> None:
    long = "22nd session of the Russia–India Intergovernmental Commission on Military Cooperation"
    svg = draw(item(long, "2025-12"), item("Short", "2025-12-04"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "22nd session of the Russia–India…" in texts
    desc = svg.find(f"{SVG}desc")
    assert desc is not None
    assert long in (desc.text or "")


def test_text_is_escaped() -> None:
    svg = draw(item("A <b>&</b>", "2025-12-04"), item("B", "2025-12-05"))
    assert svg.find(f".//{SVG}b") is None
    assert "A <b>&</b>" in [t.text for t in svg.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        ("2025-12-01", "2025-12-31", ["1 Dec", "8 Dec", "15 Dec", "22 Dec"]),
        ("2025-11-20", "2026-02-10", ["Dec 2025", "Jan 2026", "Feb"]),
        ("2024-02-01", "2025-09-30", ["Apr 2024", "Jul", "Oct", "Jan 2025", "Apr", "Jul"]),
        ("2020-05-01", "2026-02-10", ["2021", "2022", "2023", "2024", "2025", "2026"]),
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
