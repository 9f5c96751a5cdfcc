"""PartialDate: dates known to a year, a month or a day."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from policybrief.content.dates import DateError, PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2025", PartialDate(2025), Precision.YEAR),
        ("2025-12", PartialDate(2025, 12), Precision.MONTH),
        ("2025-12-04", PartialDate(2025, 12, 4), Precision.DAY),
        (" 2025-12-04 ", PartialDate(2025, 12, 4), Precision.DAY),
        ("2024-02-29", PartialDate(2024, 2, 29), Precision.DAY),
        ("0999", PartialDate(999), Precision.YEAR),
    ],
)
def test_parse_forms(text: str, expected: PartialDate, precision: Precision) -> None:
    date = PartialDate.parse(text)
    assert date == expected
    assert date.precision is precision


@pytest.mark.parametrize(
    "text",
    [
        "",
        "25",
        "20251",
        "2025-1",
        "2025-1-04",
        "2025-12-4",
        "2025/12/04",
        "04/12/2025",
        "4 December 2025",
        "2025-12-04T10:00",
        "2025-12-04-01",
        "December",
    ],
)
def test_parse_refuses_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date: write YYYY-MM-DD, or YYYY-MM / YYYY"):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("2025-13", "'2025-13' has no month 13", "months run 01 to 12"),
        ("2025-00-10", "'2025-00-10' has no month 00", "months run 01 to 12"),
        ("2025-02-29", "'2025-02-29' is not a day of February 2025", "February 2025 has 28 days"),
        ("2025-02-30", "'2025-02-30' is not a day of February 2025", "February 2025 has 28 days"),
        ("2025-04-31", "'2025-04-31' is not a day of April 2025", "April 2025 has 30 days"),
        ("2025-12-00", "'2025-12-00' is not a day of December 2025", "December 2025 has 31 days"),
    ],
)
def test_parse_refuses_impossible_dates(text: str, message: str, hint: str) -> None:
    with pytest.raises(DateError) as info:
        PartialDate.parse(text)
    assert (info.value.problem, info.value.hint) == (message, hint)
    assert str(info.value) == f"{message}: {hint}"  # a ValueError that reads on its own


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2025-02", dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        ("2025-11", dt.date(2025, 11, 1), dt.date(2025, 11, 30)),
        ("2025-12-04", dt.date(2025, 12, 4), dt.date(2025, 12, 4)),
    ],
)
def test_first_and_last_day(text: str, first: dt.date, last: dt.date) -> None:
    date = PartialDate.parse(text)
    assert date.first_day() == first
    assert date.last_day() == last


def test_sort_order_is_first_day_then_coarser_precision_first() -> None:
    texts = ["2025-01-02", "2025-01-01", "2025-01", "2025", "2024-12-31", "2024-12", "2026"]
    ordered = sorted((PartialDate.parse(t) for t in texts), key=PartialDate.sort_key)
    assert [d.iso() for d in ordered] == [
        "2024-12",
        "2024-12-31",
        "2025",
        "2025-01",
        "2025-01-01",
        "2025-01-02",
        "2026",
    ]


def test_precisions_order_coarser_first() -> None:
    assert Precision.YEAR < Precision.MONTH < Precision.DAY


@pytest.mark.parametrize(
    ("text", "long"),
    [
        ("2025", "2025"),
        ("2025-12", "December 2025"),
        ("2025-01", "January 2025"),
        ("2025-12-04", "4 December 2025"),
        ("2025-05-31", "31 May 2025"),
    ],
)
def test_long_claims_no_more_than_is_known(text: str, long: str) -> None:
    assert PartialDate.parse(text).long() == long


@pytest.mark.parametrize("text", ["2025", "2025-12", "2025-12-04", "0999-01-05"])
def test_iso_and_str_give_back_the_written_form(text: str) -> None:
    date = PartialDate.parse(text)
    assert date.iso() == text
    assert str(date) == text


def test_round_trip_every_day_month_and_year() -> None:
    day = dt.date(2024, 1, 1)
    dates = []
    while day.year == 2024:
        dates.append(PartialDate(day.year, day.month, day.day))
        day += dt.timedelta(days=1)
    dates += [PartialDate(2025, m) for m in range(1, 13)]
    dates += [PartialDate(y) for y in (1, 1900, 2000, 9999)]
    for date in dates:
        assert PartialDate.parse(date.iso()) == date
        assert date.first_day() <= date.last_day()


def test_is_frozen() -> None:
    date = PartialDate(2025, 12)
    with pytest.raises(dataclasses.FrozenInstanceError):
        date.day = 4  # type: ignore[misc]
