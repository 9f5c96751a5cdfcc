"""One tag however it is spelled, and which of several markings is the highest."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybrief.content.load import load_project
from policybrief.content.markings import DEFAULT_MARKINGS, highest_marking, marking_level
from policybrief.content.tags import tag_key
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics

BRIEF = (
    "title: {title}\ndate: 2025-12-02\nstatus: final\nsummary: Hi.\n"
    "sections:\n  - analysis: background\n{extra}"
)


def diagnostics_of(root: Path) -> Diagnostics:
    diags = Diagnostics()
    validate_project(load_project(root, diags), diags)
    return diags


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("C++", "c++"),
        ("EU Sanctions", "eu-sanctions"),
        ("  Defence   industry ", "defence-industry"),
        ("Cafe\u0301", "café"),  # decomposed and precomposed
        ("ΑΘΉΝΑ", "αθήνα"),
        ("ﬁnance", "finance"),  # a compatibility ligature
    ],
)
def test_spellings_of_one_tag_share_a_key(one: str, other: str) -> None:
    assert tag_key(one) == tag_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("C++", "C#"), ("R&D", "R-D"), ("EU/UK", "EU-UK"), ("Côte", "Cote"), ("C", "C++")],
)
def test_different_tags_have_different_keys(one: str, other: str) -> None:
    assert tag_key(one) != tag_key(other)


def test_check_names_both_spellings_with_file_and_line(make_project) -> None:
    root = make_project(
        {
            "briefs/a.yaml": BRIEF.format(title="A", extra="tags: [EU Sanctions, R&D]\n"),
            "briefs/b.yaml": BRIEF.format(title="B", extra="tags:\n  - R-D\n  - eu sanctions\n"),
        }
    )
    found = [(d.path.name, d.position.line, d.message) for d in diagnostics_of(root).warnings]
    assert (
        "b.yaml",
        9,
        "tag 'eu sanctions' is the same tag as 'EU Sanctions' (briefs/a.yaml:7:8), "
        "spelled differently",
    ) in found
    assert not [m for _, _, m in found if "'R-D'" in m]
    codes = [d.code for d in diagnostics_of(root).warnings]
    assert codes.count("tag-spelling") == 1


@pytest.mark.parametrize("tag", ["-", "--", " ", " – ", "—", "\u2010", "\u00a0-\u00a0"])
def test_a_tag_of_only_spaces_and_dashes_is_an_error_at_its_place(make_project, tag: str) -> None:
    # Its page was tags//index.html: it replaced the site's list of tags.
    analysis = "content/analysis/background.md"
    root = make_project(
        {
            "briefs/a.yaml": BRIEF.format(title="A", extra=f'tags: [defence, "{tag}"]\n'),
            analysis: f'---\ntitle: Background\nkind: background\ntags: ["{tag}"]\n---\nText.\n',
        }
    )
    found = [(d.path.name, d.position.line, d.code, d.message) for d in diagnostics_of(root).errors]
    message = f"tags: '{tag}' has nothing to list a tag by: only spaces and dashes"
    assert ("a.yaml", 7, "invalid-value", message) in found
    assert ("background.md", 4, "invalid-value", message) in found


def test_no_tag_has_the_page_of_the_list_of_tags() -> None:
    from policybrief.site.entries import tag_slug

    assert tag_slug("-").startswith("tag-")
    assert tag_slug("defence") == "defence"


# markings


@pytest.mark.parametrize(
    ("markings", "highest"),
    [
        (["OFFICIAL", "OFFICIAL-SENSITIVE", None], "OFFICIAL-SENSITIVE"),
        (["UNCLASSIFIED", "SECRET", "OFFICIAL"], "SECRET"),
        (["official sensitive", "OFFICIAL"], "official sensitive"),  # case and spaces
        (["SECRET", "SECRET UK EYES ONLY", "OFFICIAL"], "SECRET UK EYES ONLY"),  # a caveat
        (["TOP SECRET", "SECRET UK EYES ONLY"], "TOP SECRET"),
        (["SECRET", "NATO RESTRICTED"], "NATO RESTRICTED"),  # unranked: above all
        (["SECRET", "NATO RESTRICTED", "EYES ONLY"], "EYES ONLY / NATO RESTRICTED"),
        ([None, None], None),
    ],
)
def test_highest_marking(markings: list[str | None], highest: str | None) -> None:
    assert highest_marking(markings, DEFAULT_MARKINGS) == highest


def test_the_order_is_a_setting() -> None:
    order = ["NATO UNCLASSIFIED", "NATO RESTRICTED", "NATO CONFIDENTIAL", "NATO SECRET"]
    assert highest_marking(["NATO SECRET", "NATO RESTRICTED"], order) == "NATO SECRET"
    assert marking_level("SECRET", order) is None
    assert marking_level("NATO SECRET RELEASABLE TO EU", order) == 3


def test_check_warns_of_a_marking_the_order_lacks(make_project) -> None:
    root = make_project(
        {
            "briefs/a.yaml": BRIEF.format(title="A", extra="marking: EYES ONLY\n"),
            "policybrief.yaml": "marking: OFFICIAL\nmarkings: [OFFICIAL, SECRET]\n",
        }
    )
    found = [(d.path.name, d.position.line, d.code) for d in diagnostics_of(root).warnings]
    assert found == [("a.yaml", 7, "unranked-marking")]
