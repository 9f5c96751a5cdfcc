"""A long agenda prints each entry once, its date beside it (a breaking trial's
``agenda-row-doubled``): with 37 items, the first entry after the chart was
drawn twice at the top of the next page, its date once alone at the margin and
once in its row pushed right (the date was a float, and WeasyPrint 70 drew it
again when its entry moved to the next page)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers import make_project_at, pages_text, run_build
from tests.pdf_layout import pdf_pages


def _agenda_project(root: Path, items: int) -> Path:
    files = {
        "content/actors/someone.yaml": "name: Someone\nkind: person\n",
        "briefs/agenda-only.yaml": (
            "title: Agenda only\ndate: 2025-12-01\nstatus: final\n"
            "summary: Meetings with [[someone]].\nsections:\n  - agenda: auto\n"
        ),
    }
    start = dt.date(2025, 1, 10)
    for n in range(items):
        day = start + dt.timedelta(days=9 * n)
        files[f"content/agenda/m{n}.yaml"] = (
            f"title: Meeting {n}\nkind: meeting\ndate: {day.isoformat()}\n"
            "participants: [someone]\nstatus: scheduled\n"
        )
    return make_project_at(root, files, base=None)


def test_each_agenda_entry_prints_once_with_its_date_beside_it(tmp_path: Path) -> None:
    root = _agenda_project(tmp_path / "p", 37)
    run = run_build(root, "agenda-only")
    assert run.code == 0, run.err
    pdf = root / "output" / "agenda-only" / "agenda-only.pdf"
    text = " ".join(" ".join(pages_text(pdf)).split())
    start = dt.date(2025, 1, 10)
    for n in range(37):
        day = start + dt.timedelta(days=9 * n)
        long_date = f"{day.day} {day:%B} {day.year}"  # the list's; the chart's is "10 Jan 2025"
        assert text.count(long_date) == (2 if day.month == 5 else 1), long_date  # "May" is both
    # Every entry's title starts at the same place: none pushed right by a stray date.
    starts = {
        round(w.x0)
        for page in pdf_pages(pdf)
        for w, after in zip(page.words, page.words[1:], strict=False)
        if w.text == "Meeting" and after.text.isdigit()  # a title, not the kind "Meeting"
    }
    assert max(starts) - min(starts) <= 1, starts


def test_a_forty_item_agenda_keeps_its_heading_with_its_chart(tmp_path: Path) -> None:
    # Page 1 held the title alone, page 2 the contents' one entry, page 3 the
    # heading "Agenda" alone, page 4 the chart (the breaking trial's heading-alone).
    root = _agenda_project(tmp_path / "p", 40)
    run = run_build(root, "agenda-only")
    assert run.code == 0, run.err
    pages = pages_text(root / "output" / "agenda-only" / "agenda-only.pdf")
    assert "Contents" in pages[0]  # a short contents stays under the bottom line
    (chart_page,) = [p for p in pages if "Figure 1. Agenda" in p]
    lines = [line for line in chart_page.splitlines() if line.strip()]
    assert "Agenda" in lines[:4]  # the section's heading (after the running head)
    assert "40" in chart_page.split()  # the chart's last row is on the page
