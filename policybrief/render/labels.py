"""The words a brief prints for content values: statuses, kinds, date ranges.

Content stores machine values (``under-way``, a partial date); the brief, the
site and the templates print these words for them, so every format reads the
same. Likelihood and confidence words come from the project's estimative scale
(:mod:`policybrief.content.scale`).
"""

from __future__ import annotations

from policybrief.content.dates import PartialDate, Precision

#: An agenda item's status value -> its words.
STATUS = {
    "scheduled": "Scheduled",
    "under-way": "Under way",
    "held": "Held",
    "postponed": "Postponed",
    "cancelled": "Cancelled",
}
#: An analysis section's kind -> the label printed above its title.
KIND_LABELS = {
    "key-judgment": "Key judgment",
    "background": "Background",
    "assessment": "Assessment",
    "implication": "Implications",
    "outlook": "Outlook",
    "recommendation": "Recommendations",
    "indicator": "Indicators",
}


def date_range(start: PartialDate, end: PartialDate | None) -> str:
    """Return a date or range in words: ``4–5 December 2025``, never a day that is not known.

    ``end`` None (or equal to ``start``) gives the single date.
    """
    if end is None or end == start:
        return start.long()
    if start.precision is Precision.DAY and end.precision is Precision.DAY:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.long()}"
        if start.year == end.year:
            return f"{start.long().rsplit(' ', 1)[0]} – {end.long()}"
    return f"{start.long()} – {end.long()}"
