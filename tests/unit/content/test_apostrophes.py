"""Straight apostrophes in names and titles are set as ’, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybrief.content.apostrophes import set_apostrophes
from tests.helpers import load_corpus, make_project_at


@pytest.mark.parametrize(
    ("typed", "set_"),
    [
        ("India's role", "India’s role"),
        ("O'Brien", "O’Brien"),
        ("Côte d'Ivoire", "Côte d’Ivoire"),
        ("ministers' meeting", "ministers’ meeting"),
        ("the '90s", "the ’90s"),
        ("don't", "don’t"),
        ("Russia’s", "Russia’s"),  # typed typographic already
        ("No apostrophe", "No apostrophe"),
    ],
)
def test_apostrophes_are_set(typed: str, set_: str) -> None:
    assert set_apostrophes(typed) == set_


@pytest.mark.parametrize(
    "typed",
    [
        "'hawks' and doves'",  # a quotation opens: its closing mark is the writer's to set
        "צ'יפס",  # Hebrew writes a geresh there
        "5' 3\"",  # feet and inches
        "'quoted'",
    ],
)
def test_quotation_marks_and_other_scripts_stay_as_typed(typed: str) -> None:
    assert set_apostrophes(typed) == typed


def test_every_character_keeps_its_place() -> None:
    typed = "Ministers' talks on India's and Côte d'Ivoire's role in the '90s"
    assert len(set_apostrophes(typed)) == len(typed)


def test_names_and_titles_are_set_but_markings_and_ids_are_not(tmp_path: Path) -> None:
    root = make_project_at(
        tmp_path / "p",
        {
            "briefs/test-brief.yaml": (
                "title: India's choice\nsubtitle: The ministers' talks\ndate: 2025-12-01\n"
                "status: final\nmarking: O'NEIL'S EYES ONLY\nsummary: |\n  Text.\n"
                "sections:\n  - analysis: background\n"
            ),
        },
    )
    corpus = load_corpus(root)
    brief = corpus.briefs["test-brief"].data
    assert (brief.title, brief.subtitle) == ("India’s choice", "The ministers’ talks")
    assert brief.marking == "O'NEIL'S EYES ONLY"  # a marking prints exactly as typed
