"""The words a brief prints for content values: estimates, statuses, kinds, date ranges.

Content stores machine values (``likely``, ``under-way``, a partial date); the
brief, the site and the templates print these words for them, so every format
reads the same.
"""

from __future__ import annotations

from policybrief.content.dates import PartialDate, Precision

#: ICD 203 likelihood terms: value -> (words, probability range).
LIKELIHOOD = {
    "almost-no-chance": ("Almost no chance", "1–5%"),
    "very-unlikely": ("Very unlikely", "5–20%"),
    "unlikely": ("Unlikely", "20–45%"),
    "roughly-even-chance": ("Roughly even chance", "45–55%"),
    "likely": ("Likely", "55–80%"),
    "very-likely": ("Very likely", "80–95%"),
    "almost-certain": ("Almost certain", "95–99%"),
}
#: An analysis section's confidence value -> its words.
CONFIDENCE = {"low": "Low confidence", "moderate": "Moderate confidence", "high": "High confidence"}
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
