"""The one text folding search uses: rules defined here, a table both sides apply.

Search matches words typed exactly as written: ``Außenminister``, ``Αθήνας``
(final sigma, tonos), ``Côte``. So the index and the query must be folded by
the same rules, and these rules are defined once, here, character by
character (:func:`rule_fold_char`). They are compiled into a table,
``fold_table.json`` beside this module (``python scripts/fold_table.py``
writes it; a test checks it against the rules): the build folds the search
index with it (:func:`fold`) and ships it in ``search/index.js``, where
``search.js`` folds the query with it in the same steps. Neither the
browser's nor the build machine's Unicode version changes a single fold, and
no build spends time compiling the rules.

The rules, after the text is in NFC:

* format characters (soft hyphen, zero-width space and joiners, bidi marks)
  are dropped, so ``Au\u00adßen`` is one word;
* compatibility forms and case fold (NFKD and full case folding: ``ß`` ->
  ``ss``, ``ς`` -> ``σ``, ``ﬁ`` -> ``fi``, full-width ``Ａ`` -> ``a``);
* diacritics are dropped: Latin, Greek and Cyrillic accents, Hebrew points and
  Arabic vowel signs (but not the vowel signs of Indic or Thai scripts, which
  are part of the letter), and a few letters with no decomposition fold to
  their base (``ł``, ``ø``, ``đ``, ``ı``; ``æ`` -> ``ae``, ``œ`` -> ``oe``);
* the Arabic and Persian forms of one letter are one (``ی``, ``ى`` -> ``ي``;
  ``ک`` -> ``ك``; ``ة`` -> ``ه``), and every script's digits are ASCII digits
  (``٢٠٢٥`` and ``۱۴۰۴`` are found by ``2025`` and ``1404``);
* anything not a letter, digit or mark becomes a space (unassigned and
  private-use code points too): words are what the spaces separate.
"""

from __future__ import annotations

import bisect
import functools
import json
import sys
import unicodedata
from importlib import resources
from typing import Any

#: The compiled table, beside this module (package data).
TABLE_FILE = "fold_table.json"

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
_LETTERS = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ı": "i",
    "æ": "ae",
    "œ": "oe",
    "ـ": "",
    # Arabic and Persian spellings of one letter, as keyboards type them: yeh
    # (Persian ی, alef maksura ى), kaf (Persian ک), teh marbuta (ة, written ه).
    "ی": "ي",
    "ى": "ي",
    "ک": "ك",
    "ة": "ه",
}


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
        if category == "Nd" and not c.isascii():
            out.append(str(unicodedata.decimal(c)))  # ٢٠٢٥ and ۱۴۰۴ are 2025 and 1404
            continue
        for d in unicodedata.normalize("NFKD", c.casefold()):
            if not _is_diacritic(d):
                out.append(_LETTERS.get(d, d))
    return unicodedata.normalize("NFC", "".join(out))


def rule_fold_char(c: str) -> str:
    """Return what the rules fold the character ``c`` to: "", " " or letters.

    Applied until nothing changes (at most a few rounds), so folding a folded
    text changes nothing and the table needs no second pass.
    """
    category = unicodedata.category(c)
    if category in ("Cn", "Co", "Cs"):
        return " "
    if (
        category[0] in "LNM"
        and (category != "Nd" or c.isascii())
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
    """Return ``text`` folded for search: NFC, then each character by the table.

    The steps of ``search.js``'s ``fold``, with the same table.
    """
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def search_terms(text: str) -> list[str]:
    """Return the folded words of ``text``, in order, repeats kept."""
    return fold(text).split()


@functools.cache
def fold_table() -> dict[str, Any]:
    """Return the table: what ``search/index.js`` carries and :func:`fold` applies.

    ``map`` holds each character that folds to letters other than itself
    (``{"ß": "ss"}``); ``drop`` and ``space`` are ranges ``[first, last]`` of
    code points folded to nothing and to a space; any other character stays.
    ``unicode`` is the Unicode version of the rules' compilation.
    """
    data = resources.files(__package__).joinpath(TABLE_FILE).read_text(encoding="utf-8")
    table: dict[str, Any] = json.loads(data)
    return table


@functools.lru_cache(maxsize=65536)
def _fold_char(c: str) -> str:
    table = fold_table()
    if c in table["map"]:
        return str(table["map"][c])
    code = ord(c)
    for kind, folded in (("drop", ""), ("space", " ")):
        ranges = table[kind]
        at = bisect.bisect_right(ranges, [code, sys.maxunicode + 1]) - 1
        if at >= 0 and ranges[at][0] <= code <= ranges[at][1]:
            return folded
    return c


def compile_table() -> dict[str, Any]:
    """Compile :func:`rule_fold_char` for every code point into :func:`fold_table`'s form."""
    mapping: dict[str, str] = {}
    runs: dict[str, list[list[int]]] = {"": [], " ": []}
    for o in range(sys.maxunicode + 1):
        if 0xD800 <= o <= 0xDFFF:
            folded = " "  # surrogates: never in text, but one run with their neighbours
        else:
            folded = rule_fold_char(chr(o))
        if folded == chr(o):
            continue
        if folded in runs:
            ranges = runs[folded]
            if ranges and ranges[-1][1] == o - 1:
                ranges[-1][1] = o
            else:
                ranges.append([o, o])
        else:
            mapping[chr(o)] = folded
    return {
        "unicode": unicodedata.unidata_version,
        "map": mapping,
        "drop": runs[""],
        "space": runs[" "],
    }
