"""Limits that keep reading Markdown linear, and the linear code-span reading itself."""

from __future__ import annotations

import pytest

from policybrief.content.limits import MAX_BRACKET_DEPTH, MAX_UNCLOSED_RUNS, find_excesses
from policybrief.content.markdown_lines import code_ranges, code_spans, in_ranges


def no_code(offset: int) -> bool:
    return False


def excesses(text: str) -> list[str]:
    return [message for _, message in find_excesses(text, no_code)]


@pytest.mark.parametrize(
    "text",
    [
        "[" * (MAX_BRACKET_DEPTH + 1),
        "[a " * (MAX_BRACKET_DEPTH + 1),
        "[@" * (MAX_BRACKET_DEPTH + 1),
        "[^" * (MAX_BRACKET_DEPTH + 1),
        "![" * (MAX_BRACKET_DEPTH + 1),
        "[[" * MAX_BRACKET_DEPTH,
    ],
)
def test_brackets_nested_past_the_limit_are_refused(text: str) -> None:
    assert excesses(text) == [f"'[' nested more than {MAX_BRACKET_DEPTH} deep (or never closed)"]


@pytest.mark.parametrize(
    "text",
    [
        "[a] " * 1000,
        "]" * 1000,
        "[[a]] [@b] [^c] ![d](assets/d.png) " * 200,
        # A blank line ends the paragraph, and with it the unclosed brackets.
        ("[" * MAX_BRACKET_DEPTH + "\n\n") * 3,
    ],
)
def test_ordinary_brackets_pass(text: str) -> None:
    assert excesses(text) == []


def test_brackets_in_code_do_not_count() -> None:
    text = "`" + "[" * 100 + "`"
    code = code_ranges(text)
    assert list(find_excesses(text, lambda o: any(a <= o < b for a, b in code))) == []


def test_too_many_stray_backtick_runs_are_refused() -> None:
    text = " ".join("`" * k + "a" for k in range(1, MAX_UNCLOSED_RUNS + 2))
    assert excesses(text) == [
        f"{MAX_UNCLOSED_RUNS + 1} runs of backticks open no code span (at most {MAX_UNCLOSED_RUNS})"
    ]


@pytest.mark.parametrize(
    ("text", "spans", "unclosed"),
    [
        ("a `b` c", [(2, 5)], 0),
        ("``a ` b``", [(0, 9)], 0),
        ("`a`` b`", [(0, 7)], 0),  # a run of another length inside
        ("\\`a` `b`", [(3, 6)], 1),  # an escaped run opens nothing; the one after it does
        ("\\\\`a`", [(2, 5)], 0),  # an escaped backslash does not escape the run
        ("`a", [], 1),
        ("``` a ``", [], 2),
    ],
)
def test_code_spans_follow_markdown(text: str, spans: list[tuple[int, int]], unclosed: int) -> None:
    assert code_spans(text) == (spans, unclosed)


def test_code_spans_on_the_redos_case_input_finish() -> None:
    """The shared case's 12.7 KB of backtick runs (a regex took 80 s); no time is asserted."""
    text = "x " + " ".join("`" * k + "a" for k in range(1, 1500))
    assert code_spans(text) == ([], 1499)


def test_tag_starts_without_an_end_past_the_limit_are_refused() -> None:
    assert excesses("<a " * 40) == ["more than 32 '<' start tags without a '>'"]
    assert excesses("<a> " * 400 + "a < b " * 400) == []


def test_a_paragraph_with_too_much_inline_markup_is_refused() -> None:
    assert excesses("`a` " * 2001) == [
        "a paragraph holds more than 4000 marks of inline markup (` * _ [ < &)"
    ]
    assert excesses("`a` " * 1500 + "\n\n" + "`a` " * 1500) == []


def test_raw_html_nested_past_the_limit_is_refused() -> None:
    # 200 nested <blockquote> passed check, then the PDF failed with a RecursionError.
    deep = "<blockquote>" * 40 + "deep" + "</blockquote>" * 40
    assert excesses(deep) == [
        "HTML elements nested more than 32 deep (the PDF renderer fails on such a page)"
    ]
    # Siblings, void elements and self-closing tags do not nest; code is text.
    flat = "<p>a</p>" * 100 + "<br>" * 100 + "<wbr/>" * 100
    assert excesses(flat) == []
    in_code = "`" + "<b>" * 50 + "`"
    assert [m for _, m in find_excesses(in_code, in_ranges(code_ranges(in_code)))] == []
    assert excesses("<div>" * 32 + "x" + "</div>" * 32) == []
