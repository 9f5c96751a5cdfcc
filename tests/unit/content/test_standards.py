"""Sourcing findings, lint-ignore with reasons, --strict and check --explain."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybrief.build.check import check_project
from policybrief.content.model import Source
from policybrief.content.sourcing import reliability_group, source_summary
from tests.conftest import MakeProject
from tests.helpers import edit_file, load_corpus, run_cli

KJ = "content/analysis/kj-summit.md"


def found(root: Path) -> list[tuple[str, str, int, int]]:
    """(code, file, line, column) of every diagnostic of a check."""
    return [
        (d.code, d.path.relative_to(root).as_posix(), d.position.line, d.position.column)
        for d in check_project(root).diagnostics.sorted()
    ]


# -- unsourced-judgment ----------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("sources: [report]\n", ""),  # neither listed nor cited
        ("sources: [report]\n", "sources: []\n"),
    ],
)
def test_a_key_judgment_without_a_source_is_flagged(
    make_project: MakeProject, old: str, new: str
) -> None:
    root = make_project()
    edit_file(root, KJ, old, new)
    edit_file(root, KJ, " [@report]", "")
    assert ("unsourced-judgment", KJ, 2, 1) in found(root)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("sources: [report]\n", ""),  # cited in its body only
        (" [@report]", ""),  # listed only
        ("", ""),  # both
    ],
)
def test_a_key_judgment_with_a_source_is_not_flagged(
    make_project: MakeProject, old: str, new: str
) -> None:
    root = make_project()
    if old:
        edit_file(root, KJ, old, new)
    assert "unsourced-judgment" not in {code for code, *_ in found(root)}


def test_a_source_cited_nowhere_is_flagged(make_project: MakeProject) -> None:
    root = make_project({"content/sources/unused.yaml": "title: Unused\npublisher: Nobody\n"})
    assert found(root) == [("uncited-source", "content/sources/unused.yaml", 1, 1)]


def test_a_source_listed_by_an_actor_is_used(make_project: MakeProject) -> None:
    root = make_project({"content/sources/unused.yaml": "title: Used\npublisher: Nobody\n"})
    edit_file(root, "content/actors/alpha.yaml", "kind: state", "kind: state\nsources: [unused]")
    assert found(root) == []


# -- the source summary ------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "group"),
    [
        ("Official statement, quoted in translation.", "Official statement"),
        ("Secondary news report; unattributed.", "Secondary news report"),
        ("Eyewitness account. Unverified.", "Eyewitness account"),
        (None, "Reliability not stated"),
    ],
)
def test_reliability_group_is_the_notes_first_phrase(note: str | None, group: str) -> None:
    source = Source(title="T", publisher="P", reliability=note)
    assert reliability_group(source) == group


def test_source_summary_counts_each_judgments_sources(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/sources/wire.yaml": "title: W\npublisher: P\nreliability: Wire report, x\n",
            "content/sources/wire2.yaml": "title: W\npublisher: P\nreliability: Wire report.\n",
        }
    )
    edit_file(root, KJ, "[@report]", "[@report; @wire; @wire2]")
    corpus = load_corpus(root)
    report_group = reliability_group(corpus.sources["report"].data)
    assert source_summary(corpus, corpus.analysis["kj-summit"]) == (
        ("Wire report", 2),
        (report_group, 1),
    )


# -- lint-ignore -------------------------------------------------------------------


def test_lint_ignore_silences_a_finding_and_keeps_its_reason(make_project: MakeProject) -> None:
    root = make_project()
    edit_file(root, KJ, "sides have", "sides may have")
    assert [code for code, *_ in found(root)] == ["hedge"]
    edit_file(root, KJ, "sources: [report]", 'sources: [report]\nlint-ignore: {hedge: "quoted"}')
    report = check_project(root)
    assert report.diagnostics.items == []
    (silenced,) = report.silenced
    assert (silenced.diagnostic.code, silenced.reason, silenced.where.line) == (
        "hedge",
        "quoted",
        7,
    )


def test_an_unknown_or_unused_lint_ignore_is_reported(make_project: MakeProject) -> None:
    root = make_project()
    edit_file(
        root, KJ, "sources: [report]",
        "sources: [report]\nlint-ignore:\n  hedge: nothing to hide\n  hedges: typo",
    )  # fmt: skip
    diags = check_project(root).diagnostics.sorted()
    assert [(d.code, d.position.line, d.message, d.hint) for d in diags] == [
        (
            "unused-lint-ignore",
            8,
            "lint-ignore: nothing in this file is reported as 'hedge'",
            "remove the entry: the finding it silenced is gone",
        ),
        (
            "invalid-value",
            9,
            "lint-ignore: 'hedges' is not the code of a finding",
            "did you mean 'hedge'? codes: likelihood-mismatch, other-scale-term, hedge, "
            "mixed-estimate, no-estimative-word, unsourced-judgment, uncited-source, "
            "edition-history",
        ),
    ]


# -- the command line ----------------------------------------------------------------


def test_findings_are_warnings_and_errors_under_strict(make_project: MakeProject) -> None:
    root = make_project()
    edit_file(root, KJ, "sides have", "sides may have")
    plain = run_cli("check", "--root", str(root), "--format", "text")
    assert plain.code == 0
    assert ":8:41: warning: 'may' is a vague hedge: it does not say how likely" in plain.err
    strict = run_cli("check", "--strict", "--root", str(root), "--format", "text")
    assert strict.code == 1
    assert ":8:41: error: 'may' is a vague hedge" in strict.err


def test_check_explain_lists_what_is_silenced_and_why(make_project: MakeProject) -> None:
    root = make_project()
    edit_file(root, KJ, "sides have", "sides may have")
    edit_file(
        root, KJ, "sources: [report]",
        'sources: [report]\nlint-ignore: {hedge: "quoted from the communique"}',
    )  # fmt: skip
    run = run_cli("check", "--explain", "--root", str(root), "--format", "text")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "lint-ignore silences 1 finding:"
    assert lines[1].endswith(
        "content/analysis/kj-summit.md:9:41: hedge: "
        "'may' is a vague hedge: it does not say how likely"
    )
    means = "a vague hedge (may, might, could, possibly, perhaps, cannot rule out) in a judgment"
    assert lines[2] == f"  means: {means}"
    assert lines[3] == "  reason (line 7): quoted from the communique"
    quiet = run_cli("check", "--explain", "--root", str(make_project()))
    assert quiet.out.splitlines()[0] == "lint-ignore silences nothing"
