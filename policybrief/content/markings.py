"""Markings in order: which of several handling markings is the highest.

A page that shows several briefs carries the highest of their markings. The
order is the ``markings`` setting, lowest first. A marking ranks at the level
of the longest listed marking it begins with, word for word, so a caveat keeps
its level (``SECRET UK EYES ONLY`` ranks as ``SECRET``); one that begins with
none ranks above every listed marking (the safe side), and ``check`` warns.
Case, spaces and hyphens do not matter (``Official Sensitive`` is
``OFFICIAL-SENSITIVE``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from policybrief.content.tags import tag_key

if TYPE_CHECKING:
    from policybrief.content.corpus import Corpus
    from policybrief.errors import Diagnostics

#: The default ``markings`` setting, lowest first: common national and UK levels.
DEFAULT_MARKINGS = (
    "UNCLASSIFIED",
    "PUBLIC",
    "OFFICIAL",
    "OFFICIAL-SENSITIVE",
    "RESTRICTED",
    "CONFIDENTIAL",
    "SECRET",
    "TOP SECRET",
)


def marking_level(marking: str, order: Sequence[str]) -> int | None:
    """Return the index in ``order`` of the longest marking ``marking`` begins with, or None."""
    key = tag_key(marking)
    level = None
    length = -1
    for i, listed in enumerate(order):
        prefix = tag_key(listed)
        if (key == prefix or key.startswith(prefix + "-")) and len(prefix) > length:
            level, length = i, len(prefix)
    return level


def highest_marking(markings: Iterable[str | None], order: Sequence[str]) -> str | None:
    """Return the highest of ``markings`` (None ones ignored), or None when there is none.

    Unranked markings rank above all ranked ones. Several different markings
    at the top level are all kept, joined by `` / `` in sorted order, except
    one that another extends (``SECRET`` beside ``SECRET UK EYES ONLY``).
    """
    by_key = {tag_key(m): m for m in markings if m}
    if not by_key:
        return None
    levels = {key: marking_level(m, order) for key, m in by_key.items()}
    top = max(len(order) if lv is None else lv for lv in levels.values())
    tops = [k for k, lv in levels.items() if (len(order) if lv is None else lv) == top]
    kept = [k for k in tops if not any(o != k and o.startswith(k + "-") for o in tops)]
    return " / ".join(sorted(by_key[k] for k in kept))


def check_markings(corpus: Corpus, diags: Diagnostics) -> None:
    """Warn (``unranked-marking``) at a brief's or the project's marking the order lacks."""
    from policybrief.errors import Position

    order = corpus.settings.markings
    places = [(corpus.settings_record, corpus.settings.marking)] + [
        (r, r.data.marking) for r in corpus.briefs.values()
    ]
    for record, marking in places:
        if marking is None or marking_level(marking, order) is not None:
            continue
        where = record.smap.value(("marking",)) if record else Position(1, 1)
        path = record.path if record else corpus.root / "policybrief.yaml"
        diags.warning(
            path,
            where,
            f"marking '{marking}' is not in the markings setting: site pages that show "
            "this brief rank it above every listed marking",
            "add it to 'markings:' in policybrief.yaml, in order from lowest to highest",
            code="unranked-marking",
        )
