"""A note too tall for the foot of a page is never left out of a PDF without a word.

WeasyPrint lays a note out whole at the foot of its call's page, or the next;
one taller than a page's foot (a note of some 770 words) was left out of the
PDF, the build said "no problems", and the brief printed a heading alone on a
page. Found by a breaking trial (the ``giant-note`` input).
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import make_project_at, pages_text, run_build

SENTENCE = (
    "The survey weights were recalibrated against the census, and the standard errors "
    "were recomputed with a bootstrap of the sampling units. "
)
BRIEF = (
    "title: Long note\ndate: 2025-12-01\nstatus: {status}\nsummary: One long note.\n"
    "sections:\n  - analysis: long-note\n"
)


def _project(root: Path, status: str, repeats: int, short: bool = True) -> Path:
    note = "START " + SENTENCE * repeats + "END"
    section = (
        "---\ntitle: A long note\nkind: background\n---\n"
        "The estimate rests on three surveys.[^method] The text goes on.\n\n"
        + ("A short one.[^short]\n\n" if short else "Another paragraph.\n\n")
        + f"[^method]: {note}\n"
        + ("\n[^short]: A short note.\n" if short else "")
    )
    return make_project_at(
        root,
        {
            "briefs/long-note.yaml": BRIEF.format(status=status),
            "content/analysis/long-note.md": section,
        },
    )


def test_a_final_brief_with_a_note_too_long_for_a_page_is_not_built(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "final", 45)
    run = run_build(root, "long-note")
    assert run.code == 1
    # The long note runs off the top of its page, and crowds out the short one.
    assert "content/analysis/long-note.md:9:1: error: note 1 (“START The survey" in run.err
    assert "too long for the foot of a page" in run.err
    assert "long-note.md:11:1: error: note 2 (“A short note. …”) would be left out" in run.err
    assert not (root / "output" / "long-note" / "long-note.pdf").exists()


def test_a_draft_is_built_and_warned_of_the_note_it_leaves_out(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "draft", 45)
    run = run_build(root, "long-note")
    assert run.code == 0, run.err
    assert "long-note.md:9:1: warning: note 1" in run.err
    assert (root / "output" / "long-note" / "long-note.pdf").is_file()


def test_a_note_too_long_to_place_at_all_is_named(tmp_path: Path) -> None:
    # 35 sentences: WeasyPrint placed it nowhere (the breaking trial's input).
    root = _project(tmp_path / "p", "final", 35, short=False)
    run = run_build(root, "long-note")
    assert run.code == 1
    assert "long-note.md:9:1: error: note 1 (“START" in run.err
    assert "too long for the foot of a page" in run.err


def test_a_long_note_that_fits_prints_whole_without_a_word(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "final", 12)
    run = run_build(root, "long-note")
    assert run.code == 0, run.err
    assert "note-too-long" not in run.err
    assert "foot of a page" not in run.err
    text = " ".join("".join(pages_text(root / "output" / "long-note" / "long-note.pdf")).split())
    assert "START" in text
    assert "END" in text
