"""Estimative scales: the two that ship, a team's own file, a broken one, the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybrief.build.check import check_project
from policybrief.content.load import load_project
from policybrief.content.scale import SHIPPED, shipped_scale
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics
from tests.conftest import MakeProject

KJ = """\
---
title: The summit will produce a joint statement
kind: key-judgment
likelihood: {likelihood}
confidence: {confidence}
sources: [report]
---
A joint statement is {words}: both sides have prepared the ground [@report]. See [[summit]].
"""

UK_SETTINGS = "estimative_scale: uk-yardstick\n"
OWN_SCALE = """\
name: Three-step scale
note: Likelihood terms follow our team's three-step scale.
steps:
  - id: doubtful
    label: Doubtful
    range: [0, 40]
    words: [doubtful]
  - id: toss-up
    label: Toss-up
    range: [40, 60]
    words: [toss-up, toss up]
  - id: expected
    label: Expected
    range: [60, 100]
    words: [expected]
confidence:
  - id: weak
    label: Weak confidence
  - id: solid
    label: Solid confidence
"""


def report(root: Path) -> list[str]:
    """Every diagnostic of a check, formatted as printed, with paths relative to ``root``."""
    lines = []
    for d in check_project(root).diagnostics.sorted():
        where = f"{d.path.relative_to(root).as_posix()}:{d.position.line}:{d.position.column}"
        hint = f" |   hint: {d.hint}" if d.hint else ""
        lines.append(f"{where}: {d.severity.value}: {d.message}{hint}")
    return lines


def test_icd_203_is_the_default_and_matches_the_printed_values() -> None:
    scale = shipped_scale("icd203")
    assert scale.name == "ICD 203"
    assert [s.band for s in scale.steps] == [
        "1–5%", "5–20%", "20–45%", "45–55%", "55–80%", "80–95%", "95–99%"
    ]  # fmt: skip
    assert scale.confidence == (
        ("low", "Low confidence"), ("moderate", "Moderate confidence"), ("high", "High confidence")
    )  # fmt: skip


def test_the_uk_yardstick_has_its_own_steps_and_ranges() -> None:
    scale = shipped_scale("uk-yardstick")
    assert [(s.id, s.band) for s in scale.steps] == [
        ("remote-chance", "≤5%"),
        ("highly-unlikely", "10–20%"),
        ("unlikely", "25–35%"),
        ("realistic-possibility", "40–50%"),
        ("likely", "55–75%"),
        ("highly-likely", "80–90%"),
        ("almost-certain", "≥95%"),
    ]
    assert scale.step("likely").label == "Likely or probably"  # type: ignore[union-attr]


def test_every_shipped_scale_loads() -> None:
    for name in SHIPPED:
        assert len(shipped_scale(name).steps) == 7


def test_the_uk_yardstick_takes_its_own_step_names(make_project: MakeProject) -> None:
    kj = KJ.format(likelihood="realistic-possibility", confidence="moderate",
                   words="a realistic possibility")  # fmt: skip
    root = make_project(
        {
            "policybrief.yaml": "estimative_scale: uk-yardstick\n",
            "content/analysis/kj-summit.md": kj,
        }
    )
    assert report(root) == []


def test_another_scales_step_is_not_a_likelihood(make_project: MakeProject) -> None:
    kj = KJ.format(likelihood="very-likely", confidence="moderate", words="highly likely")
    root = make_project(
        {
            "policybrief.yaml": "estimative_scale: uk-yardstick\n",
            "content/analysis/kj-summit.md": kj,
        }
    )
    assert report(root) == [
        "content/analysis/kj-summit.md:4:13: error: 'very-likely' is not a valid likelihood"
        " |   hint: did you mean 'highly-likely'? (remote-chance, highly-unlikely, unlikely,"
        " realistic-possibility, likely, highly-likely, almost-certain)"
    ]


@pytest.mark.parametrize(
    ("scale", "typed", "meant"),
    [
        ("icd203", "probable", "likely"),  # ICD 203 prints "probable" for "likely"
        ("icd203", "Highly-Improbable", "very-unlikely"),
        ("icd203", "remote", "almost-no-chance"),
        ("uk-yardstick", "probable", "likely"),  # ICD 203's word, the yardstick's step
        ("uk-yardstick", "realistic possibility", "realistic-possibility"),
    ],
)
def test_a_word_of_a_step_suggests_that_step(
    make_project: MakeProject, scale: str, typed: str, meant: str
) -> None:
    kj = KJ.format(likelihood=typed, confidence="moderate", words="likely")
    root = make_project(
        {"policybrief.yaml": f"estimative_scale: {scale}\n", "content/analysis/kj-summit.md": kj}
    )
    (line,) = report(root)
    assert f"error: '{typed}' is not a valid likelihood |   hint: did you mean '{meant}'?" in line


def test_a_teams_own_scale(make_project: MakeProject) -> None:
    kj = KJ.format(likelihood="toss-up", confidence="solid", words="a toss-up")
    root = make_project(
        {
            "policybrief.yaml": "estimative_scale: scales/ours.yaml\n",
            "scales/ours.yaml": OWN_SCALE,
            "content/analysis/kj-summit.md": kj,
        }
    )
    assert report(root) == []
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    assert corpus.scale.name == "Three-step scale"
    assert corpus.scale.likelihoods["toss-up"] == ("Toss-up", "40–60%")
    assert corpus.scale.confidence_label("solid") == "Solid confidence"


def test_a_teams_own_scale_flags_its_words_and_the_shipped_terms(
    make_project: MakeProject,
) -> None:
    kj = KJ.format(likelihood="toss-up", confidence="solid", words="expected, and very likely")
    root = make_project(
        {
            "policybrief.yaml": "estimative_scale: scales/ours.yaml\n",
            "scales/ours.yaml": OWN_SCALE,
            "content/analysis/kj-summit.md": kj,
        }
    )
    lines = report(root)
    assert lines[0].startswith(
        "content/analysis/kj-summit.md:8:22: warning: 'expected' expresses expected (≥60%), "
        "but the declared likelihood is toss-up (40–60%)"
    )
    assert lines[1].startswith(
        "content/analysis/kj-summit.md:8:36: warning: 'very likely' is a term of another scale "
        "(ICD 203), not of Three-step scale |   hint: Three-step scale says 'expected' for ≥60%"
    )


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        (
            OWN_SCALE.replace("range: [40, 60]", "range: [60, 40]"),
            "scales/ours.yaml:10:12: error: range [60, 40] runs backwards",
        ),
        (
            OWN_SCALE.replace("range: [60, 100]", "range: [50, 100]"),
            "scales/ours.yaml:14:12: error: range [50, 100] starts below the step before it (60%)",
        ),
        (
            OWN_SCALE.replace("words: [expected]", "words: [doubtful]"),
            "scales/ours.yaml:15:13: error: 'doubtful' is also a word of step 'doubtful'",
        ),
        (
            OWN_SCALE.replace("label: Toss-up\n", "lable: Toss-up\n"),
            "scales/ours.yaml:9:5: error: unknown field 'lable' |   hint: did you mean 'label'?",
        ),
        (
            OWN_SCALE.replace("range: [0, 40]", "range: [0, 140]"),
            "scales/ours.yaml:6:16: error: 'range' must be 100 or less",
        ),
        (
            OWN_SCALE.replace("  - id: weak", "  - id: Weak"),
            "scales/ours.yaml:17:9: error: 'Weak' is not a valid id",
        ),
        (
            OWN_SCALE.replace("steps:", "steps: ["),
            "scales/ours.yaml:4:3: error: invalid YAML: did not find expected node content",
        ),
    ],
    ids=["backwards", "overlap", "shared-word", "typo", "over-100", "bad-id", "yaml-syntax"],
)
def test_a_broken_scale_is_an_error_at_its_line(
    make_project: MakeProject, scale: str, expected: str
) -> None:
    root = make_project(
        {"policybrief.yaml": "estimative_scale: scales/ours.yaml\n", "scales/ours.yaml": scale}
    )
    lines = report(root)
    assert any(line.startswith(expected) for line in lines), lines


def test_an_unknown_scale_is_an_error_at_the_setting(make_project: MakeProject) -> None:
    root = make_project({"policybrief.yaml": "estimative_scale: uk-yardstik\n"})
    assert report(root) == [
        "policybrief.yaml:1:19: error: estimative_scale 'uk-yardstik' is neither a shipped "
        "scale nor a .yaml file in the project |   hint: did you mean 'uk-yardstick'? write "
        "icd203 or uk-yardstick, or the path of your own scale file from the project folder, "
        "such as scales/our-scale.yaml"
    ]
