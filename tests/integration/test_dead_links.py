"""Links that lead nowhere are warned of at the link in the content (a breaking trial's
``dead-anchor``)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import make_project_at, run_build

BRIEF = (
    "title: Links\ndate: 2025-12-01\nstatus: final\nsummary: Links.\n"
    "sections:\n  - analysis: long-note\n"
)


def test_links_that_lead_nowhere_are_warned_of_at_the_link(tmp_path: Path) -> None:
    """A misspelt #anchor, a link with no address and one with no words built with
    "no problems" (only WeasyPrint's own warning, at the brief's first line)."""
    section = (
        "---\ntitle: Outlook\nkind: background\n---\n"
        "See [the outlook](#outlok), [the agency](), [](https://example.org) and "
        '[this note](#here).\n\n<span id="here">Here.</span>\n'
    )
    root = make_project_at(
        tmp_path / "p",
        {
            "briefs/long-note.yaml": BRIEF,
            "content/analysis/long-note.md": section,
        },
    )
    run = run_build(root, "long-note")
    assert run.code == 0, run.err
    assert "long-note.md:5:18: warning: link to '#outlok' leads nowhere" in run.err
    assert "long-note.md:5:29: warning: link '[the agency]()' has no address" in run.err
    assert "long-note.md:5:45: warning: link to https://example.org has no words" in run.err
    assert "#here" not in run.err  # a writer's own anchor is found
    assert "No anchor" not in run.err  # WeasyPrint's own warning, said once, not twice
