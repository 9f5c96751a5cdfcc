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
    how = fit(_figures(12))
    assert how.landscape
    assert how.spans
    assert how.fits
    assert table_width(_figures(12)) * how.scale <= LANDSCAPE_EM


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
    # "Name", then the link's id (split at its hyphen), "and", the code span.
    assert [c for c, _ in table.columns[0]] == [4, 4, 5, 3, 0]  # code is never broken
    assert TEXT_BLOCK_EM > table_width(table.columns)


def test_check_reports_a_table_no_page_holds_at_its_line(tmp_path: Path) -> None:
    row = "| " + " | ".join(["7,890,123.45"] * 22) + " |"
    table = "| " + " | ".join(str(n) for n in range(22)) + " |\n|" + "---:|" * 22 + "\n" + row
    files = {
        "content/analysis/background.md": (
            f"---\ntitle: Background\nkind: background\n---\nDaily.\n\n{table}\n"
        )
    }
    # The valid project's brief is final: a table it would print cut is an error.
    root = make_project_at(tmp_path / "final", files)
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert run.code == 1
    lines = [ln for ln in run.err.splitlines() if "too wide for its page" in ln]
    assert len(lines) == 1
    assert lines[0].startswith(f"{root / 'content/analysis/background.md'}:7:1: error: ")
    assert "landscape page holds 257 mm" in lines[0]  # A4, the default paper
    assert "the final brief 'test-brief' would print without them" in run.err
    # In a draft it is a warning: the rest of the table still prints.
    draft = make_project_at(tmp_path / "draft", files)
    brief = draft / "briefs" / "test-brief.yaml"
    brief.write_text(brief.read_text().replace("status: final", "status: draft"))
    run = run_cli("check", "--root", str(draft), "--format", "text")
    assert run.code == 0, run.err
    assert "7:1: warning: table of 22 columns too wide for its page" in run.err


def test_figures_with_no_break_spaces_are_one_word() -> None:
    figure = "12\u202f345\u202f678,9"
    assert cell_words(figure) == [(0, cell_words(figure)[0][1])]
    assert cell_words(figure)[0][1] > cell_words("12,345,678.9")[0][1] * 0.9
    assert len(cell_words("12 345 678,9")) == 3  # ordinary spaces break


def test_code_ideographs_and_thai_take_room() -> None:
    # Code never breaks but at its punctuation, and is wide (monospace).
    (entry,) = cell_words("", code=("ABCDEFGHIJKLMNOPQR0",))
    assert entry[0] == 0
    assert entry[1] > 9
    assert len(cell_words("", code=("a/b.c",))) == 3
    assert cell_words("石油") == [(0, 1.0)]  # at least one ideograph wide
    (thai,) = cell_words("ประเทศไทยมีประชากร")
    assert thai[0] == 0
    assert thai[1] > 4


def test_check_reads_tables_in_lists_and_quotes_but_not_in_notes() -> None:
    row = "| a | b |\n"
    rule = "|---|---|\n"
    assert len(list(markdown_tables(f"- item\n\n    {row}    {rule}    {row}"))) == 1
    assert len(list(markdown_tables(f"> {row}> {rule}> {row}"))) == 1
    note = f"Text.[^n]\n\n[^n]: A note:\n\n    {row}    {rule}    {row}"
    assert list(markdown_tables(note)) == []


def test_check_counts_the_header_s_columns_and_pipes_in_code_are_text() -> None:
    (ragged,) = markdown_tables("| a | b |\n|---|---|\n| 1 | 2 | 3 | 4 | 5 |\n")
    assert len(ragged.columns) == 2  # Markdown drops the cells past the header's
    (code,) = markdown_tables("| a | b |\n|---|---|\n| `x|y|z` | 2 |\n")
    assert len(code.columns) == 2


def test_check_warns_where_a_table_cannot_turn(tmp_path: Path) -> None:
    figures = " | ".join(["1,234,567.89"] * 10)
    table = "| Item | " + " | ".join(f"Q{i}" for i in range(10)) + " |\n"
    table += "|---|" + "---:|" * 10 + "\n| Oil | " + figures + " |\n"
    indented = "".join("    " + line + "\n" for line in table.splitlines())
    root = make_project_at(
        tmp_path / "p",
        {
            "content/agenda/talks.yaml": (
                "title: Preparatory talks\nkind: meeting\ndate: 2025-12\n"
                "participants: [bob-jones]\nstatus: held\noutcomes:\n  - |\n"
                "    Figures:\n\n" + indented
            ),
        },
    )
    run = run_cli("check", "--root", str(root), "--format", "text")
    lines = [ln for ln in run.err.splitlines() if "too wide" in ln]
    assert len(lines) == 1
    assert "agenda/talks.yaml:10:5: warning:" in lines[0]
    assert "an agenda entry holds 118 mm" in lines[0]


def test_check_warns_about_a_table_too_wide_for_a_one_pager(tmp_path: Path) -> None:
    table = "| Sector | " + " | ".join(f"FY{2010 + i}" for i in range(13)) + " |\n"
    table += "|---|" + "---:|" * 13 + "\n| Oil | " + " | ".join(["12,345,678.9"] * 13) + " |\n"
    root = make_project_at(
        tmp_path / "p",
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Outlook\nkind: outlook\n---\nFigures.\n\n" + table
            ),
            "briefs/one.yaml": (
                "title: One page\ndate: 2025-12-01\nstatus: final\ntemplate: one-pager\n"
                "summary: |\n  Text.\nsections:\n  - analysis: outlook\n"
            ),
        },
    )
    run = run_cli("check", "--root", str(root), "--format", "text")
    lines = [ln for ln in run.err.splitlines() if "too wide" in ln]
    assert len(lines) == 1  # the brief template's landscape page holds it
    assert (
        "analysis/outlook.md:7:1: error: table of 14 columns too wide for the one-pager 'one'"
        in lines[0]
    )


def test_a_thin_space_in_a_figure_does_not_break_it() -> None:
    assert len(cell_words("12\u2009345\u2009678,9")) == 1
    assert len(cell_words("word\u2009word")) == 2  # between letters it is a space


def test_pipes_under_a_paragraph_are_text_and_a_quote_in_a_list_item_is_read() -> None:
    row, rule = "| a | b |\n", "|---|---|\n"
    assert list(markdown_tables(f"A paragraph.\n{row}{rule}{row}")) == []
    assert len(list(markdown_tables(f"## Heading\n{row}{rule}{row}"))) == 1
    assert len(list(markdown_tables(f"- item\n\n  > {row}  > {rule}  > {row}"))) == 1


def test_check_measures_on_the_narrowest_paper_a_brief_uses(tmp_path: Path) -> None:
    # 16 columns: fit A4's landscape page (257 mm), not Letter's (239 mm).
    table = "| Sector | " + " | ".join(f"FY{2010 + i}" for i in range(15)) + " |\n"
    table += "|---|" + "---:|" * 15 + "\n| Oil | " + " | ".join(["12,345,678.9"] * 15) + " |\n"
    files = {
        "content/analysis/outlook.md": "---\ntitle: Outlook\nkind: outlook\n---\nFigures.\n\n"
        + table
    }
    a4 = make_project_at(tmp_path / "a4", files)
    assert "too wide" not in run_cli("check", "--root", str(a4), "--format", "text").err
    letter = make_project_at(
        tmp_path / "letter",
        {
            **files,
            "briefs/us.yaml": (
                "title: Letter\ndate: 2025-12-01\nstatus: final\npaper: Letter\n"
                "summary: |\n  Text.\nsections:\n  - analysis: outlook\n"
            ),
        },
    )
    err = run_cli("check", "--root", str(letter), "--format", "text").err
    assert "a landscape page holds 239 mm" in err


def test_tables_of_hostile_cells_are_read_in_linear_time() -> None:
    """A breaking trial's inputs, which took minutes each before (no time is
    asserted; this test would not end): a run of digits ending in a letter (a
    figure's pattern backtracked, quadratic), a run of backticks (a code span's
    pattern with a backreference, cubic)."""
    digits = "1" * 60000 + "x"
    (table,) = markdown_tables(f"| a | b |\n|---|---|\n| {digits} | `{'`' * 20000} |\n")
    assert [chars for chars, _ in table.columns[0]] == [1, len(digits)]
    assert cell_words("1" * 60000 + "x")[0][0] == 60001  # a word, not a figure
    assert cell_words("12,345.6")[0][0] == 0  # a figure


def test_a_figure_joined_by_hyphens_is_one_word_as_the_renderer_breaks() -> None:
    # No line break before a digit after a hyphen-minus (Unicode LB25): an ISO
    # date is one unbreakable figure; after a hyphen before a letter, a line may break.
    (date,) = cell_words("2025-12-04")
    assert date[0] == 0  # a figure: never marked
    assert date[1] > sum(w for _, w in cell_words("2025 12 04"))
    assert len(cell_words("A-1")) == 1
    assert len(cell_words("x\u2011y")) == 1  # a non-breaking hyphen
    assert len(cell_words("co-production")) == 2


def test_a_row_with_cells_past_the_header_s_is_an_error_at_the_first_lost_cell(
    tmp_path: Path,
) -> None:
    # Markdown leaves them out: "4.3" printed nowhere, and check said nothing.
    table = (
        "| Year | Exports |\n| --- | --- |\n| 2023 | 61.4 | 4.3 |\n"
        "| 2024 | 4.3 | 4.9 | +7% |\n| 2025 | 1 | |\n| `a|b` | x \\| y |\n"
    )
    (found,) = markdown_tables(table)
    assert [(table[at : at + 3], lost) for at, lost in found.overflows] == [
        ("4.3", 1),
        ("4.9", 2),
    ]  # an empty last cell loses nothing; pipes in code or escaped are text
    (quoted,) = markdown_tables("> | a | b |\n> |---|---|\n> | 1 | 2 | 3 |\n")
    assert quoted.overflows == [(36, 1)]
    files = {
        "content/analysis/background.md": (
            f"---\ntitle: Background\nkind: background\n---\nFigures.\n\n{table}"
        )
    }
    root = make_project_at(tmp_path / "p", files)
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert run.code == 1
    lines = [ln.removeprefix(f"{root}/") for ln in run.err.splitlines()]
    assert (
        "content/analysis/background.md:9:17: error: this row has 1 cell more than the table's "
        "header: '4.3' would not print"
    ) in lines
    assert (
        "content/analysis/background.md:10:16: error: this row has 2 cells more than the "
        "table's header: '4.9' and the rest would not print"
    ) in lines


def test_identifiers_and_character_references_measure_as_they_print() -> None:
    # "REF-2025-11-004521" never breaks (nor is marked): it counted as a word
    # that may break. "12&nbsp;345" is one figure, as "12 345" typed with U+00A0.
    assert cell_words("REF-2025-11-004521")[0][0] == 0
    assert cell_words("ABC\u2011DEF\u2011GHI")[0][0] == 0
    (typed,) = markdown_tables("| a |\n|---|\n| 98\u00a0765\u00a0432 |\n")
    (entity,) = markdown_tables("| a |\n|---|\n| 98&nbsp;765&nbsp;432 |\n")
    assert entity.columns == typed.columns


def test_rows_with_outer_pipes_under_a_header_without_them_lose_cells() -> None:
    # Markdown keeps such a row's outer pipes: "| 2023 | 61.4 |" under "Year | Exports"
    # is an empty cell, 2023, and 61.4 lost; check said nothing.
    text = "Year | Exports\n---- | -------\n| 2023 | 61.4 |\n"
    (table,) = markdown_tables(text)
    assert not table.border
    assert [(text[at : at + 4], n) for at, n in table.overflows] == [("61.4", 1)]
    (alike,) = markdown_tables("Year | Exports\n---- | -------\n2023 | 61.4\n")
    assert alike.overflows == []
