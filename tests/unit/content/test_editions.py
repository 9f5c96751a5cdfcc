"""Judgments across editions: the earlier edition read from a temporary git repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from policybrief.build.check import check_project
from policybrief.content.editions import PastJudgment
from policybrief.content.load import load_project
from policybrief.content.standards import check_standards
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics
from policybrief.render.changes import edition_changes
from tests.conftest import MakeProject
from tests.helpers import edit_file, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

KJ_NEW = """\
---
title: The talks will continue into next year
kind: key-judgment
likelihood: likely
confidence: low
sources: [report]
---
The talks are likely to continue into next year [@report].
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def set_edition(root: Path, edition: int, extra: str = "") -> None:
    """Give the valid project's brief ``edition`` (on line 3, after its date)."""
    path = root / "briefs/test-brief.yaml"
    text = re.sub(r"^edition: .*\n", "", path.read_text(), flags=re.M)
    path.write_text(
        text.replace("date: 2025-12-01\n", f"date: 2025-12-01\nedition: {edition}\n{extra}")
    )


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def read(root: Path) -> tuple[dict[str, object], list[str]]:
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    past = check_standards(corpus, diags).corpus.past_editions
    return dict(past), [f"{d.code}: {d.message}" for d in diags.sorted()]


@pytest.fixture
def history(make_project: MakeProject) -> Path:
    """Three commits: edition 1; edition 1 revised; edition 2 with judgments changed."""
    root = make_project()
    set_edition(root, 1)
    git(root, "init", "-q")
    commit(root, "edition 1")
    # Still edition 1: the last state before the edition changes is what counts.
    edit_file(root, "content/analysis/kj-summit.md", "confidence: moderate", "confidence: high")
    commit(root, "edition 1, confidence raised")
    set_edition(root, 2)
    edit_file(
        root, "content/analysis/kj-summit.md", "likelihood: likely", "likelihood: very-likely"
    )
    edit_file(root, "content/analysis/kj-summit.md", "is likely:", "is very likely:")
    edit_file(root, "content/analysis/kj-summit.md", "confidence: high", "confidence: low")
    write_files(root, {"content/analysis/kj-talks.md": KJ_NEW})
    edit_file(
        root, "briefs/test-brief.yaml", "key_judgments: [kj-summit]",
        "key_judgments: [kj-summit, kj-talks]",
    )  # fmt: skip
    commit(root, "edition 2")
    return root


def test_the_fixture_relies_on_the_valid_brief(make_project: MakeProject) -> None:
    text = (make_project() / "briefs/test-brief.yaml").read_text()
    assert "date: 2025-12-01\n" in text
    assert "key_judgments: [kj-summit]" in text


def test_the_earlier_edition_is_its_last_state_before_the_new_one(history: Path) -> None:
    past, problems = read(history)
    assert problems == []
    edition = past["test-brief"]
    assert edition.edition == 1  # type: ignore[attr-defined]
    assert edition.judgments == (  # type: ignore[attr-defined]
        PastJudgment("kj-summit", "The summit will likely produce a joint statement",
                     "likely", "high"),
    )  # fmt: skip
    first = git(history, "rev-parse", "--short", "HEAD~1").strip()
    assert edition.commit == first  # type: ignore[attr-defined]


def test_what_changed_lists_added_and_revised_judgments(history: Path) -> None:
    diags = Diagnostics()
    corpus = check_standards(validate_project(load_project(history, diags), diags), diags).corpus
    kjs = tuple(corpus.analysis[i] for i in corpus.briefs["test-brief"].data.key_judgments)
    changes = edition_changes(corpus.past_editions["test-brief"], kjs, corpus.scale)
    assert changes.since == 1
    assert [(c.change, c.title, c.details) for c in changes.items] == [
        (
            "revised",
            "The summit will likely produce a joint statement",
            (
                ("Likelihood", "Likely (55–80%)", "Very likely (80–95%)"),
                ("Confidence", "High confidence", "Low confidence"),
            ),
        ),
        ("added", "The talks will continue into next year", ()),
    ]


def test_an_uncommitted_new_edition_compares_with_head(history: Path) -> None:
    set_edition(history, 3)
    edit_file(
        history, "briefs/test-brief.yaml", "key_judgments: [kj-summit, kj-talks]",
        "key_judgments: [kj-talks]",
    )  # fmt: skip
    past, _ = read(history)
    edition = past["test-brief"]
    assert edition.edition == 2  # type: ignore[attr-defined]
    assert [j.id for j in edition.judgments] == ["kj-summit", "kj-talks"]  # type: ignore[attr-defined]


def test_outside_a_git_checkout_the_section_is_omitted_and_the_build_says_why(
    make_project: MakeProject,
) -> None:
    root = make_project()
    set_edition(root, 2)
    past, problems = read(root)
    assert past == {}
    assert problems == [
        "edition-history: no 'What changed since edition 1' section: "
        "the project is not in a git checkout"
    ]
    (d,) = check_project(root).diagnostics.items
    assert (d.position.line, d.hint) == (
        3,
        "build in a git checkout with its full history; in CI, check out with "
        "fetch-depth: 0 (actions/checkout) or run 'git fetch --unshallow'",
    )


def test_a_shallow_clone_without_the_earlier_edition_says_so(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", history.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    past, problems = read(clone)
    assert past == {}
    assert problems == [
        "edition-history: no 'What changed since edition 1' section: this is a shallow "
        "clone and its history holds no earlier edition"
    ]


def test_history_without_a_lower_edition_says_so(make_project: MakeProject) -> None:
    root = make_project()
    set_edition(root, 2)
    git(root, "init", "-q")
    commit(root, "starts at edition 2")
    _, problems = read(root)
    assert problems == [
        "edition-history: no 'What changed since edition 1' section: the git history "
        "holds no commit of this brief with an edition below 2"
    ]


def test_a_first_edition_reads_no_history(make_project: MakeProject) -> None:
    past, problems = read(make_project())  # no git repository, and no need for one
    assert (past, problems) == ({}, [])


def test_lint_ignore_silences_the_history_warning(make_project: MakeProject) -> None:
    root = make_project()
    set_edition(root, 2, "lint-ignore:\n  edition-history: edition 1 predates this repository\n")
    report = check_project(root)
    assert report.diagnostics.items == []
    assert [(s.diagnostic.code, s.reason) for s in report.silenced] == [
        ("edition-history", "edition 1 predates this repository")
    ]


def test_the_earlier_editions_judgments_are_in_the_briefs_fingerprint(
    make_project: MakeProject,
) -> None:
    from dataclasses import replace

    from policybrief.build.options import BuildOptions
    from policybrief.build.staleness import brief_inputs, build_inputs
    from policybrief.content.editions import PastEdition
    from policybrief.render.resolve import resolve_brief
    from policybrief.render.theme import Theme
    from tests.helpers import load_corpus

    root = make_project()
    corpus = load_corpus(root)
    theme = Theme.for_project(root)
    shared = build_inputs(corpus, BuildOptions())

    def inputs(past: PastEdition | None) -> dict[str, str]:
        editions = {"test-brief": past} if past else {}
        view = resolve_brief(replace(corpus, past_editions=editions), "test-brief")
        return brief_inputs(view, theme, {}, ("html",), shared)

    one = PastEdition(1, "abc", (PastJudgment("kj-summit", "T", "likely", "low"),))
    other = PastEdition(1, "abc", (PastJudgment("kj-summit", "T", "unlikely", "low"),))
    assert "edition:past" not in inputs(None)
    assert inputs(one)["edition:past"] != inputs(other)["edition:past"]
    assert inputs(one) == inputs(replace(one, commit="def"))  # the same judgments
