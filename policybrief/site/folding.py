"""The one text folding search uses, defined here and shipped to the browser as a table.

Search matches words typed exactly as written: ``Außenminister``, ``Αθήνας``
(final sigma, tonos), ``Côte``. So the index and the query must be folded by
the same rules, and these rules are defined once, here, character by
character: :func:`fold_char` maps one character to what search compares. The
search index (:mod:`policybrief.site.search`) is folded with it, and the build
ships its table (every character it changes) to the browser in
``search/index.js``, where ``search.js`` folds the query with that table, so
the browser's own Unicode version and case rules never matter.

Folding, after the text is in NFC:

* format characters (soft hyphen, zero-width space and joiners, bidi marks)
  are dropped, so ``Au\\u00adßen`` is one word;
* compatibility forms and case fold (NFKD and full case folding: ``ß`` ->
  ``ss``, ``ς`` -> ``σ``, ``ﬁ`` -> ``fi``, full-width ``Ａ`` -> ``a``);
* diacritics are dropped: Latin, Greek and Cyrillic accents, Hebrew points and
  Arabic vowel signs (but not the vowel signs of Indic or Thai scripts, which
  are part of the letter), and a few letters with no decomposition fold to
  their base (``ł``, ``ø``, ``đ``, ``ı``; ``æ`` -> ``ae``, ``œ`` -> ``oe``);
* anything not a letter, digit or mark becomes a space: words are what the
  spaces separate.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from typing import Any

#: Combining marks that are diacritics: dropped. Indic, Thai and other marks
#: that write vowels stay, so their words stay distinct.
_DIACRITICS = (
    (0x0300, 0x036F),  # combining diacritical marks (Latin, Greek, Cyrillic accents)
    (0x0483, 0x0489),  # Cyrillic titlo and the like
    (0x0591, 0x05C7),  # Hebrew cantillation and points
    (0x0610, 0x061A),  # Arabic honorific signs
    (0x064B, 0x065F),  # Arabic harakat, hamza above and below
    (0x0670, 0x0670),  # Arabic superscript alef
    (0x06D6, 0x06ED),  # Arabic Quranic annotation signs
    (0x1AB0, 0x1AFF),  # combining diacritical marks extended
    (0x1DC0, 0x1DFF),  # combining diacritical marks supplement
    (0x20D0, 0x20FF),  # combining marks for symbols
    (0xFE20, 0xFE2F),  # combining half marks
)
#: Letters that no Unicode decomposition takes to a base letter, and the
#: Arabic tatweel (a stretch of the baseline, not a letter).
_LETTERS = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ـ": ""}


def _is_diacritic(c: str) -> bool:
    o = ord(c)
    return any(low <= o <= high for low, high in _DIACRITICS)


def _fold_once(text: str) -> str:
    out: list[str] = []
    for c in text:
        category = unicodedata.category(c)
        if category == "Cf":
            continue
        if category[0] not in "LNM":
            out.append(" ")
            continue
        for d in unicodedata.normalize("NFKD", c.casefold()):
            if not _is_diacritic(d):
                out.append(_LETTERS.get(d, d))
    return unicodedata.normalize("NFC", "".join(out))


@functools.lru_cache(maxsize=65536)
def fold_char(c: str) -> str:
    """Return what search compares for the character ``c``: "", " " or folded letters.

    Applied until nothing changes (at most a few rounds), so folding a folded
    text changes nothing and the table needs no second pass in the browser.
    Unassigned, private-use and surrogate code points are spaces.
    """
    return _fold_char(c)


def _fold_char(c: str) -> str:
    category = unicodedata.category(c)
    if category in ("Cn", "Co", "Cs"):
        return " "
    if (
        category[0] in "LNM"
        and c.casefold() == c
        and unicodedata.is_normalized("NFKD", c)
        and c not in _LETTERS
        and not _is_diacritic(c)
    ):
        return c  # most characters: the table is built from every one, so be quick
    folded = _fold_once(c)
    for _ in range(4):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded


def fold(text: str) -> str:
    """Return ``text`` folded for search: NFC, then :func:`fold_char` on each character."""
    return "".join(fold_char(c) for c in unicodedata.normalize("NFC", text))


def search_terms(text: str) -> list[str]:
    """Return the folded words of ``text``, in order, repeats kept."""
    return fold(text).split()


@functools.cache
def fold_table() -> dict[str, Any]:
    """Return :func:`fold_char` for every assigned character, as ``search.js`` reads it.

    ``map`` holds each character that folds to letters other than itself
    (``{"ß": "ss"}``); ``drop`` and ``space`` are ranges ``[first, last]`` of
    code points folded to nothing and to a space (every unassigned one among
    them, so a newer browser folds a letter Python does not know yet as a
    space, just as the index does). ``unicode`` is the Unicode
    version these rules come from (Python's ``unicodedata``).
    """
    mapping: dict[str, str] = {}
    runs: dict[str, list[list[int]]] = {"": [], " ": []}
    category = unicodedata.category
    for o in range(sys.maxunicode + 1):
        c = chr(o)
        # Unassigned and private-use code points (most of them) are spaces: no call.
        folded = " " if category(c) in ("Cn", "Co", "Cs") else _fold_char(c)
        if folded == c:
            continue
        if folded in runs and len(folded) <= 1:
            ranges = runs[folded]
            if ranges and ranges[-1][1] == o - 1:
                ranges[-1][1] = o
            else:
                ranges.append([o, o])
        else:
            mapping[c] = folded
    return {
        "unicode": unicodedata.unidata_version,
        "map": mapping,
        "drop": runs[""],
        "space": runs[" "],
    }
