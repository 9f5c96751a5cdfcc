"""The actors table never leaves one row alone on either side of a page break.

The ``actors-page-break`` case (a new user's brief): its five-row table broke
after four rows, the fifth alone on the last page under a repeated header.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import DATA, copy_project, run_build
from tests.pdf_layout import pdf_pages

CASE = DATA / "cases" / "actors-page-break"
NAMES = ("Wang Lijun", "Gulf Energy Council", "Ahmed al-Sayed", "Kenya", "China")


def test_no_actor_row_stands_alone_on_a_page(tmp_path: Path) -> None:
    root = copy_project(CASE, tmp_path / "project")
    run = run_build(root)
    assert run.code == 0, run.err
    pages = pdf_pages(root / "output" / "gulf-desalination" / "gulf-desalination.pdf")
    holding = []
    for page in pages:
        header = [w for w in page.find("Affiliation")]
        if not header:
            continue
        top = header[0].y1
        bottom = min((w.y0 for w in page.find("Sources") if w.y0 > top), default=page.height)
        # A row's name starts the table's first column, at the text block's left edge.
        left = min(w.x0 for w in page.words)
        rows = [
            n
            for n in NAMES
            if any(top < w.y0 < bottom and w.x0 < left + 5 for w in page.find(n.split()[0]))
        ]
        holding.append(rows)
    assert holding, "no page shows the actors table"
    assert sum(len(rows) for rows in holding) >= len(NAMES)
    assert all(len(rows) != 1 for rows in holding), holding
