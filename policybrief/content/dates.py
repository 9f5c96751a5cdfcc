"""Dates as precise as the writer knows them: a year, a month or a day.

A brief must never show a day nobody knows, so ``2025-12`` stays a month from
file to page instead of becoming 1 December.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip


class DateError(ValueError):
    """A date that cannot be read: what is wrong, and how to write it."""

    def __init__(self, problem: str, hint: str) -> None:
        """Keep ``problem`` (what is wrong) and ``hint`` (how to write it) apart for diagnostics.

        The exception's text joins them as "problem: hint".
        """
        super().__init__(f"{problem}: {hint}")
        self.problem = problem
        self.hint = hint


class Precision(enum.IntEnum):
    """Coarser precisions sort first (DESIGN.md's agenda ordering)."""

    YEAR = 0
    MONTH = 1
    DAY = 2


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (years 0001 to 9999).

        Surrounding whitespace is ignored.

        Raises:
            DateError: ``text`` is not in one of those forms, or names a year,
                month or day the calendar does not have (0000, 2025-02-30), so
                every date that parses can be sorted, drawn and printed; its
                ``hint`` says how to write the date. DateError is a ValueError.
        """
        match = _DATE_RE.fullmatch(text.strip())
        if not match:
            raise DateError(
                f"'{text}' is not a date",
                "write YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known",
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year == 0:
            # The calendar has no year 0 (1 BC is followed by AD 1): nothing could show it.
            raise DateError(f"'{text}' has no year 0", "years run 0001 to 9999")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}' has no month {month:02d}", "months run 01 to 12")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(
                    f"'{text}' is not a day of {_MONTHS[month - 1]} {year}",
                    f"{_MONTHS[month - 1]} {year} has {last} days",
                )
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        """How much of the date is known: the year, the month or the day."""
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def first_day(self) -> dt.date:
        """Return the earliest day the date can mean (``2025`` → 1 January 2025).

        Raises:
            ValueError: the year is 0, which :meth:`parse` reads but ``datetime`` lacks.
        """
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """Return the latest day the date can mean (``2024-02`` → 29 February 2024).

        Raises:
            ValueError: the year is 0, as for :meth:`first_day`.
        """
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> tuple[dt.date, Precision]:
        """Return the chronological key: first day the date can mean, then coarser precision first.

        So ``2025`` sorts before ``2025-01`` before ``2025-01-01``.
        """
        return (self.first_day(), self.precision)

    def iso(self) -> str:
        """The date in the form the writer used: ``2025``, ``2025-12`` or ``2025-12-04``."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def long(self) -> str:
        """Human form that claims no more than is known: ``4 December 2025``, ``December 2025``."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def __str__(self) -> str:
        return self.iso()
