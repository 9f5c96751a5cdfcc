"""Alphabetical order: the Unicode Collation Algorithm, the same on every machine."""

from __future__ import annotations

import pytest

from policybrief.site.order import collation_key


@pytest.mark.parametrize(
    "names",
    [
        ["Bob Berg", "Émile Dupont", "Óscar Ortiz", "Zoe Adams"],  # the case as written
        ["Ångström", "Bob", "de Gaulle", "Dupont", "émile", "Émile", "Zoe"],
        ["Stramm", "Strasse", "Straße"],
        ["Çelik", "Cruz", "Czech"],
        ["Άλφα", "Βήτα", "Ωμέγα"],  # Greek with tonos
        ["Анна", "Ёлкин", "Жуков", "Яков"],
        ["Zoe", "Άλφα", "Анна", "אבי", "عمر"],  # Latin, Greek, Cyrillic, Hebrew, Arabic
    ],
)
def test_names_sort_by_the_collation(names: list[str]) -> None:
    assert sorted(reversed(names), key=collation_key) == names


def test_names_equal_but_for_case_or_accents_sort_the_same_every_time() -> None:
    names = ["émile", "Emile", "Émile", "emile"]
    assert sorted(names, key=collation_key) == sorted(reversed(names), key=collation_key)
