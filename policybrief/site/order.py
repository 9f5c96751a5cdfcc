"""Alphabetical order for the site's lists: the Unicode Collation Algorithm.

Names sort as readers expect in any script, accents as variants of their
letter (Bob Berg, Émile Dupont, Óscar Ortiz, Zoe Adams), never by code point
and never after Z. pyuca is a pure-Python implementation of the algorithm with
the Unicode collation table (DUCET) built in; we pin its 10.0.0 table by name,
so every machine and Python version sorts the same. The DUCET order is the
root collation, right for most languages; it has no language tailoring
(Swedish å, ä, ö after z, or Spanish ñ as a letter of its own, sort as
accented a, o, n). Ties (names equal but for case or accents) fall back to
the exact text, then the caller's id.
"""

from __future__ import annotations

import functools

from pyuca.collator import Collator_10_0_0


@functools.cache
def _collator() -> Collator_10_0_0:
    return Collator_10_0_0()


def collation_key(text: str) -> tuple[tuple[int, ...], str]:
    """Return a sort key for ``text``: its UCA key, then the text itself for ties."""
    return _collator().sort_key(text), text
