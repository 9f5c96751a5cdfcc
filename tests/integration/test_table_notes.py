"""Notes stay with their calls: table notes follow their table; headings lend only words.

The ``footnote-table-page`` case (a table breaking across pages, a note per
row) and more: a citation and two calls in a cell, two tables (letters
restart), the one-page read-ahead, the web page, 30 paragraphs with a note
each (footnotes stay on their call's page), and a heading that calls notes
(the PDF outline and running head show its words alone).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import DATA, overlay_case, pages_text, run_build

CASES = DATA / "cases"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each case built once: case name -> its output folder."""
    out = {}
    for case in ("footnote-table-page", "table-notes-more"):
        root = overlay_case(CASES / case, tmp_path_factory.mktemp("notes") / case)
        run = run_build(root)
        assert run.code == 0, run.err
        out[case] = root / "output"
    return out


def _page_of(pages: list[str], text: str) -> int:
    found = [i for i, page in enumerate(pages) if text in page]
    assert len(found) == 1, f"{text!r} on pages {found}"
    return found[0]


def test_table_notes_follow_their_table_in_order(built: dict[str, Path]) -> None:
    # -raw: the text in the order it is drawn, each note mark with its note.
    pages = pages_text(built["footnote-table-page"] / "bc-fntable" / "bc-fntable.pdf", "-raw")
    text = "\n".join(pages)
    # Each row calls its note with a letter, never a footnote number.
    for n, letter in enumerate("abcdefgh", start=1):
        assert f"Tariff line {n} was reviewed and left open.{letter}" in text
    # The notes come right after the table, in order, from the page the table ends on.
    notes = [f"{letter} Delegation note for row {n}." for n, letter in enumerate("abcdefgh", 1)]
    positions = [text.index(note) for note in notes]
    assert positions == sorted(positions)
    assert positions[0] > text.index("Tariff line 8 was reviewed")
    end = _page_of(pages, "Tariff line 8 was reviewed")
    assert _page_of(pages, notes[0]) == end
    assert all(_page_of(pages, note) in (end, end + 1) for note in notes)
    # No page has a footnote area (numbered notes) at all.
    assert not re.search(r"^\d+\. ", text, re.MULTILINE)


def test_the_web_page_prints_table_notes_after_the_table(built: dict[str, Path]) -> None:
    html = (built["footnote-table-page"] / "bc-fntable" / "index.html").read_text("utf-8")
    table_end = html.index("</table>")
    notes = html.index('<ol class="table-notes">')
    assert notes > table_end
    assert html.count('<li id="table-1-note-') == 8
    assert '<a href="#table-1-note-f" id="table-1-call-f" role="doc-noteref"' in html
    assert 'class="notes"' not in html  # no endnotes: every note is a table note


def test_citations_and_runs_of_calls_in_cells(built: dict[str, Path]) -> None:
    pages = pages_text(built["table-notes-more"] / "tables-brief" / "tables-brief.pdf", "-raw")
    text = "\n".join(pages)
    assert "Firsta" in text
    assert "Closedb" in text
    assert "Openc,d" in text
    assert re.search(
        r"\bb\s+Alpha Government, Official gazette notice, 30 November 2025, p\. 4\.", text
    )
    assert re.search(r"\bd\s+A further note on the second round\.", text)
    # The second table's letters restart at a.
    assert "Called againa" in text
    assert re.search(r"\ba\s+The second table’s note\.", text)  # typographic apostrophe


def test_footnotes_outside_tables_stay_on_their_calls_page(built: dict[str, Path]) -> None:
    pages = pages_text(built["table-notes-more"] / "tables-brief" / "tables-brief.pdf")
    for n in range(1, 31):
        call = _page_of(pages, f"Paragraph {n} of the record.")
        assert _page_of(pages, f"Paragraph note {n}.") == call, f"note {n}"


def test_a_headings_words_alone_in_outline_and_running_head(built: dict[str, Path]) -> None:
    import pypdf

    pdf = built["table-notes-more"] / "tables-brief" / "tables-brief.pdf"
    titles = [item.title for item in pypdf.PdfReader(pdf).outline if not isinstance(item, list)]
    assert "Trade talks resume in Alpha Land" in titles
    assert not [t for t in titles if re.search(r"\d$|resume\d", t)]
    heads = [page.splitlines()[:5] for page in pages_text(pdf)[1:]]
    assert any("Trade talks resume in Alpha Land" in head for head in heads)
    assert not any(re.search(r"resume\s*\d", line) for head in heads for line in head)


def test_the_one_pager_prints_table_notes_after_the_table(built: dict[str, Path]) -> None:
    one_pager = built["table-notes-more"] / "tables-one-pager" / "tables-one-pager.pdf"
    pages = pages_text(one_pager, "-raw")
    text = "\n".join(pages)
    assert "c The second round’s note." in text  # typographic apostrophe
    notes = text[text.index("Sources and notes") :]
    # Only the heading's notes are endnotes; the table's are not repeated there.
    assert "The heading’s note." in notes
    assert "The second round's note." not in notes
