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


def test_under_strict_a_brief_with_a_warning_is_not_published(tmp_path: Path) -> None:
    """--strict made the run fail but still wrote the brief it warned of ("built 1,
    failed 0: 11 errors"): a warning now fails the brief as an error does, and its
    last good build stays."""
    section = "---\ntitle: Outlook\nkind: background\n---\nSee [the outlook](#outlok).\n"
    root = make_project_at(
        tmp_path / "p",
        {"briefs/long-note.yaml": BRIEF, "content/analysis/long-note.md": section},
    )
    run = run_build(root, "long-note", "--strict")
    assert run.code == 1
    assert "failed 1" in run.out + run.err
    assert not (root / "output" / "long-note").exists()
    (root / "content/analysis/long-note.md").write_text(section.replace("(#outlok)", ""))
    assert run_build(root, "long-note", "--strict").code == 0
    page = (root / "output" / "long-note" / "index.html").read_bytes()
    (root / "content/analysis/long-note.md").write_text(section)  # the warning again
    run = run_build(root, "long-note", "--strict")
    assert run.code == 1
    assert (root / "output" / "long-note" / "index.html").read_bytes() == page  # last good


def test_an_id_given_twice_and_a_raw_link_without_words_are_warned_of(tmp_path: Path) -> None:
    """Both passed check and build; the only report was WeasyPrint's "Anchor defined
    twice", at the brief's first line (the security trial's item 7)."""
    brief = BRIEF.replace(
        "  - analysis: long-note\n", "  - analysis: long-note\n  - analysis: two\n"
    )
    root = make_project_at(
        tmp_path / "p",
        {
            "briefs/long-note.yaml": brief,
            "content/analysis/long-note.md": (
                "---\ntitle: One\nkind: background\n---\n"
                'See <span id="note">here</span> and <a href="https://example.org/"> </a>.\n'
            ),
            "content/analysis/two.md": (
                '---\ntitle: Two\nkind: background\n---\nSee <span id="note">there</span>.\n'
            ),
        },
    )
    run = run_build(root, "long-note")
    assert run.code == 0, run.err
    assert (
        "long-note.md:5:11: warning: the id 'note' is given 2 times on this brief's page" in run.err
    )
    assert "long-note.md:5:40: warning: link with no words" in run.err
    assert "Anchor defined twice" not in run.err
