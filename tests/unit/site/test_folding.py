"""Search folding: one set of rules, the same in the index and in the browser's table."""

from __future__ import annotations

import bisect
import json
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policybrief.site.folding import compile_table, fold, fold_table, rule_fold_char, search_terms
from policybrief.site.search import search_words


def table_fold(text: str, table: dict) -> str:
    """What search.js does with the table: NFC, then map, drop or space each character."""

    def within(ranges: list[list[int]], code: int) -> bool:
        at = bisect.bisect_right(ranges, [code, sys.maxunicode + 1]) - 1
        return at >= 0 and ranges[at][0] <= code <= ranges[at][1]

    out = []
    for c in unicodedata.normalize("NFC", text):
        if c in table["map"]:
            out.append(table["map"][c])
        elif within(table["drop"], ord(c)):
            continue
        elif within(table["space"], ord(c)):
            out.append(" ")
        else:
            out.append(c)
    return "".join(out)


@pytest.fixture(scope="module")
def table() -> dict:
    # Through JSON, as the browser gets it.
    return json.loads(json.dumps(fold_table(), ensure_ascii=False))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Außenminister", ["aussenminister"]),
        ("Αθήνας ΑΘΉΝΑΣ", ["αθηνασ", "αθηνασ"]),  # final sigma, tonos, capitals
        ("Côte d’Ivoire", ["cote", "d", "ivoire"]),
        ("Au\u00adßen\u200bminister", ["aussenminister"]),  # soft hyphen, zero-width space
        ("Cafe\u0301 Café", ["cafe", "cafe"]),  # decomposed and precomposed
        ("İstanbul Łódź Øresund Æsir", ["istanbul", "lodz", "oresund", "aesir"]),
        ("ﬁnance Ａｂｃ", ["finance", "abc"]),  # compatibility forms
        ("Москва́ Ёлка", ["москва", "елка"]),
        ("שָׁלוֹם", ["שלום"]),  # Hebrew points
        ("مُحَمَّد الـعربية", ["محمد", "العربيه"]),  # harakat, tatweel; ة as ه
        # Persian yeh and kaf, alef maksura, teh marbuta: as an Arabic keyboard types them.
        ("وزیر کابل مستشفى المملكة", ["وزير", "كابل", "مستشفي", "المملكه"]),
        ("٢٠٢٥ ۱۴۰۴ १२३", ["2025", "1404", "123"]),  # every script's digits
        ("नरेन्द्र मोदी", ["नरेन्द्र", "मोदी"]),  # Indic vowel signs stay
        ("กรุงเทพมหานคร", ["กรุงเทพมหานคร"]),  # Thai vowel marks stay
        ("外交部，北京", ["外交部", "北京"]),
        ("대한민국 외교부", ["대한민국", "외교부"]),  # Hangul stays composed
        ("C++ / C#, R&D", ["c", "c", "r", "d"]),
    ],
)
def test_fold_words(text: str, words: list[str]) -> None:
    assert search_terms(text) == words


def test_search_words_keep_each_word_once_in_order() -> None:
    assert search_words("Côte d’Ivoire, CÔTE!", "Анна Смит") == "cote d ivoire анна смит"


def test_the_table_is_the_rules_compiled(table: dict) -> None:
    """The committed table folds every code point as the rules do (scripts/fold_table.py)."""
    if table["unicode"] != unicodedata.unidata_version:
        pytest.skip(f"the table is of Unicode {table['unicode']}, this Python's is another")
    assert compile_table() == table, "run python scripts/fold_table.py"


@pytest.mark.parametrize(
    "c", ["ß", "ς", "Ά", "\u00ad", "\u200b", "ﬁ", "-", "\U000e0001", "\U0010ffff"]
)
def test_the_table_folds_a_character_as_the_rules_do(c: str, table: dict) -> None:
    assert table_fold(c, table) == rule_fold_char(c)


@given(st.text())
def test_index_and_query_fold_alike(text: str) -> None:
    table = fold_table()
    assert table_fold(text, table) == fold(text)


@given(st.text())
def test_folding_twice_changes_nothing(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_table_is_small_and_says_its_unicode_version(table: dict) -> None:
    assert table["unicode"] == unicodedata.unidata_version
    assert len(json.dumps(table, ensure_ascii=False).encode()) < 120_000
