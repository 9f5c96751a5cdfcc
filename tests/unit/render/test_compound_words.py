"""Words that hold a hyphen are never hyphenated again (render/typography.py)."""

from __future__ import annotations

import markdown
import pytest

from policybrief.render.typography import TypographyExtension, smarty


def convert(text: str) -> str:
    md = markdown.Markdown(extensions=[smarty("en"), TypographyExtension("en")])
    return md.convert(text)


@pytest.mark.parametrize(
    "word", ["defence-industrial", "S-400", "Russia-India", "co-production", "well-to-do"]
)
def test_a_word_with_a_hyphen_is_kept_from_hyphenation(word: str) -> None:
    assert f'<span class="compound">{word}</span>' in convert(f"The {word} case.")


def test_compounds_inside_emphasis_and_link_words_too() -> None:
    html = convert("*co-production* and [long-range plan](https://example.org/x)")
    assert '<em><span class="compound">co-production</span></em>' in html
    assert '<span class="compound">long-range</span> plan</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "see https://a-b.example/x-y today",
        "write to j-doe@ex-a.org today",
        "`a-b` in code",
        "<https://a-b.example/c-d>",
    ],
)
def test_addresses_and_code_are_left_alone(text: str) -> None:
    assert "compound" not in convert(text)


def test_plain_words_get_no_span() -> None:
    assert convert("Plain words – with a dash – stay.") == (
        "<p>Plain words – with a dash – stay.</p>"
    )


def test_a_query_string_is_part_of_its_address() -> None:
    html = convert("see https://x.example/a?lang=en&section=press-releases#top-part now")
    assert "compound" not in html
