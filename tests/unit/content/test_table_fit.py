"""How a table too wide for its measure is set, and how ``check`` reads tables."""

from __future__ import annotations

from pathlib import Path

from policybrief.content.table_fit import (
    BREAKABLE,
    COLUMN_EM,
    LANDSCAPE_EM,
    LONG_WORD,
    TEXT_BLOCK_EM,
    Fit,
    cell_words,
    fit,
    markdown_tables,
    table_width,
)
from tests.helpers import make_project_at, run_cli

YEARS = (
    "| Sector | FY2019-20 | FY2020-21 | FY2021-22 | FY2022-23 | FY2023-24 | FY2024-25 | Change % |"
)
RULE = "|---|" + "---:|" * 7
OIL = (
    "| Crude oil and petroleum products | 1,234,567.89 | 2,345,678.90 | 3,456,789.01 "
    "| 45,678,901.23 | 56,789,012.34 | 67,890,123.45 | +1,234.5 |"
)


def _table(*rows: str) -> list[list[tuple[int, float]]]:
    (table,) = markdown_tables("\n".join(rows) + "\n")
    return table.columns


def _figures(count: int) -> list[list[tuple[int, float]]]:
    return [cell_words("45,678,901.23")] * count


def test_a_table_that_fits_is_set_as_it_is() -> None:
    assert fit(_table("| A | B |", "|---|---|", "| 12 | oil |")) == Fit()


def test_figures_too_wide_for_the_page_set_in_smaller_type_and_never_break() -> None:
    how = fit(_table(YEARS, RULE, OIL))
    assert how.scale in (0.9, 0.8)
    assert not how.landscape
    assert how.length == LONG_WORD  # "petroleum" does not break
    assert how.spans  # too wide for a column of the one-pager
    assert how.fits


def test_a_table_wider_than_small_type_allows_turns_the_page() -> None:
    how = fit(_figures(13))
    assert how.landscape
    assert how.spans
    assert how.fits
    assert table_width(_figures(13)) * how.scale <= LANDSCAPE_EM


def test_a_table_too_wide_for_any_page_does_not_fit() -> None:
    how = fit(_figures(22))
    assert not how.fits
    assert how.landscape
    assert how.scale == 0.8


def test_compounds_break_before_the_page_turns_but_short_words_never() -> None:
    words = (
        "Interoperabilitätsrahmen",
        "Verteidigungsministerium",
        "Rahmenvereinbarungsentwurf",
        "Unterzeichnungsvorbereitung",
        "Rüstungsbeschaffungsamt",
        "Grundsatzvereinbarung",
    )
    six = [cell_words(w) for w in words]
    assert fit(six) == Fit(scale=0.9, narrow=fit(six).narrow)  # smaller type suffices
    how = fit([*six, *six[:3]])  # nine: smaller type alone does not
    assert not how.landscape
    assert BREAKABLE <= how.length < LONG_WORD
    # Twelve columns of an 11-letter word: too short to break, so the page turns.
    how = fit([cell_words("Beschaffung")] * 12)
    assert how.length == LONG_WORD
    assert how.landscape


def test_a_column_of_the_one_pager_breaks_only_long_words() -> None:
    words = ["Verteidigungsministerium", "Rüstungsbeschaffungsamt", "Grundsatzvereinbarung"]
    how = fit([cell_words(w) for w in [*words, "Ministerium"]])
    assert (how.length, how.scale, how.landscape, how.spans) == (LONG_WORD, 1.0, False, False)
    assert BREAKABLE <= how.narrow < LONG_WORD  # the compounds break in a column
    assert fit([cell_words("Ministerium")] * 5).spans  # short words never break: it spans
    assert table_width([cell_words("Ministerium")] * 5) > COLUMN_EM


def test_markdown_tables_skip_code_and_read_marks_and_escaped_pipes() -> None:
    text = (
        "Intro.\n\n```\n| a | b |\n|---|---|\n```\n\n"
        "| **Name** | Value |\n|---|---:|\n| [[some-actor]] and `x\\|y` | 1,234[^1] |\n\n"
        "[^1]: A note.\n"
    )
    (table,) = markdown_tables(text)
    assert text[table.offset :].startswith("| **Name**")
    assert len(table.columns) == 2
    assert [c for c, _ in table.columns[1]] == [5, 0]  # "Value"; a figure counts 0
    # "Name", then the link's id (split at its hyphen), "and", the code's text.
    assert [c for c, _ in table.columns[0]] == [4, 4, 5, 3, 4]
    assert TEXT_BLOCK_EM > table_width(table.columns)


def test_check_warns_at_the_line_of_a_table_no_page_holds(tmp_path: Path) -> None:
    row = "| " + " | ".join(["7,890,123.45"] * 22) + " |"
    table = "| " + " | ".join(str(n) for n in range(22)) + " |\n|" + "---:|" * 22 + "\n" + row
    root = make_project_at(
        tmp_path / "p",
        {
            "content/analysis/background.md": (
                f"---\ntitle: Background\nkind: background\n---\nDaily.\n\n{table}\n"
            )
        },
    )
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert run.code == 0, run.err  # a warning: the rest of the table still prints
    lines = [ln for ln in run.err.splitlines() if "too wide for any page" in ln]
    assert len(lines) == 1
    assert lines[0].startswith(f"{root / 'content/analysis/background.md'}:7:1: warning: ")
    assert "landscape page holds 239 mm" in lines[0]
