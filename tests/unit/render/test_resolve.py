"""Resolution: what a brief shows, in what order, and which files it depends on."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybrief.content.corpus import Corpus
from policybrief.content.load import load_project
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics
from policybrief.render.resolve import (
    BriefView,
    ResolvedActors,
    ResolvedAgenda,
    ResolvedAnalysis,
    ResolvedSources,
    UnresolvedError,
    resolve_brief,
)
from tests.helpers import VALID


def load_corpus(root: Path, *, clean: bool = True) -> Corpus:
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    if clean:
        assert [d.message for d in diags.items] == []
    return corpus


def actor(kind: str = "person", **fields: str) -> str:
    lines = [f"name: {kind.title()} {fields.pop('name', 'X')}", f"kind: {kind}"]
    return "\n".join(lines + [f"{k}: {v}" for k, v in fields.items()]) + "\n"


def agenda(date: str, participants: str = "[]", **fields: str) -> str:
    lines = ["title: An item", "kind: meeting", f"date: {date}", "status: scheduled"]
    lines.append(f"participants: {participants}")
    return "\n".join(lines + [f"{k}: {v}" for k, v in fields.items()]) + "\n"


def analysis(body: str, kind: str = "background", **fields: str) -> str:
    meta = [f"title: {kind} section", f"kind: {kind}"]
    if kind == "key-judgment":
        meta += ["likelihood: likely", "confidence: high"]
    meta += [f"{k}: {v}" for k, v in fields.items()]
    return "---\n" + "\n".join(meta) + "\n---\n" + body + "\n"


def brief(summary: str, sections: str, **fields: str) -> str:
    lines = ["title: A brief", "date: 2025-12-01", f"summary: '{summary}'"]
    lines += [f"{k}: {v}" for k, v in fields.items()]
    return "\n".join([*lines, "sections:", sections]) + "\n"


#: A small world: actors p1..p4, a state s1 and an organisation o1.
ACTORS = {
    "content/actors/p1.yaml": actor(country="s1", summary="'Works with [[p4]]'"),
    "content/actors/p2.yaml": actor(affiliation="o1", sources="[src-e]"),
    "content/actors/p3.yaml": actor(),
    "content/actors/p4.yaml": actor(sources="[src-g]"),
    "content/actors/s1.yaml": actor("state"),
    "content/actors/o1.yaml": actor("organisation"),
    **{f"content/sources/src-{c}.yaml": "title: T\npublisher: P\n" for c in "abcdefg"},
}


def view_of(make_project, files: dict[str, str], slug: str = "b") -> BriefView:
    root = make_project({**ACTORS, **files}, base=None)
    return resolve_brief(load_corpus(root), slug)


def section_ids(section: object) -> tuple[str, ...]:
    if isinstance(section, ResolvedAgenda):
        return tuple(r.id for r in section.items)
    if isinstance(section, ResolvedActors):
        return tuple(r.id for r in section.actors)
    if isinstance(section, ResolvedSources):
        return tuple(r.id for r in section.sources)
    assert isinstance(section, ResolvedAnalysis)
    return (section.analysis.id,)


# -- the valid project ---------------------------------------------------------


def test_valid_project() -> None:
    view = resolve_brief(load_corpus(VALID), "test-brief")
    assert [type(s).__name__ for s in view.sections] == [
        "ResolvedAnalysis",
        "ResolvedAgenda",
        "ResolvedActors",
        "ResolvedAnalysis",
        "ResolvedSources",
    ]
    assert [section_ids(s) for s in view.sections] == [
        ("background",),
        ("talks", "summit"),  # 2025-12 sorts before 2025-12-04
        ("ann-smith", "bob-jones"),
        ("outlook",),
        ("gazette", "report"),
    ]
    assert [r.id for r in view.key_judgments] == ["kj-summit"]
    assert view.mentioned == ("ann-smith", "bob-jones")
    assert view.selections == (
        (1, "agenda", ("talks", "summit")),
        (2, "actors", ("ann-smith", "bob-jones")),
        (4, "sources", ("gazette", "report")),
    )
    assert [(t.record.id, t.field) for t in view.texts] == [
        ("test-brief", ("summary",)),
        ("background", None),
        ("summit", ("summary",)),
        ("summit", ("outcomes", 0)),
        ("outlook", None),
    ]


def test_valid_project_depends_on_every_file_it_shows_or_names() -> None:
    view = resolve_brief(load_corpus(VALID), "test-brief")
    every_file = {p.relative_to(VALID).as_posix() for p in VALID.rglob("*") if p.is_file()}
    # alpha and beta are countries, alpha-ministry an affiliation, of shown actors.
    assert view.dependencies == every_file


def test_settings_fill_what_the_brief_leaves_out() -> None:
    view = resolve_brief(load_corpus(VALID), "test-brief")
    assert (view.language, view.template, view.paper, view.marking) == (
        "en",
        "brief",
        "A4",
        "OFFICIAL",
    )


def test_the_brief_overrides_settings(make_project) -> None:
    text = (VALID / "briefs/test-brief.yaml").read_text(encoding="utf-8")
    extra = "language: fr\ntemplate: one-pager\npaper: Letter\nmarking: SECRET\n"
    root = make_project({"briefs/test-brief.yaml": text + extra})
    view = resolve_brief(load_corpus(root), "test-brief")
    assert (view.language, view.template, view.paper, view.marking) == (
        "fr",
        "one-pager",
        "Letter",
        "SECRET",
    )


def test_a_new_agenda_item_with_a_linked_participant_changes_the_selection(
    make_project,
) -> None:
    before = resolve_brief(load_corpus(VALID), "test-brief")
    root = make_project(
        {
            "content/agenda/visit.yaml": agenda("2025-12-10", "[ann-smith]"),
            "content/agenda/other.yaml": agenda("2025-12-11", "[alpha]"),
        }
    )
    after = resolve_brief(load_corpus(root), "test-brief")
    assert after.selections != before.selections
    assert after.selections[0] == (1, "agenda", ("talks", "summit", "visit"))
    assert "content/agenda/visit.yaml" in after.dependencies
    assert "content/agenda/other.yaml" not in after.dependencies


# -- agenda: auto --------------------------------------------------------------


def test_agenda_auto_selects_linked_items_and_items_of_linked_actors(make_project) -> None:
    view = view_of(
        make_project,
        {
            "content/agenda/with-p1.yaml": agenda("2025-03", "[p1, p4]"),
            "content/agenda/linked.yaml": agenda("2025-04"),
            "content/agenda/with-p4.yaml": agenda("2025-05", "[p4]"),
            "content/agenda/not-linked.yaml": agenda("2025-06"),
            # Links in actor summaries and agenda outcomes pull nothing in.
            "content/agenda/unrelated.yaml": agenda("2025-07"),
            "content/agenda/outcome.yaml": agenda("2025-08", outcomes="['[[p4]] [[not-linked]]']"),
            "content/analysis/unlisted.md": analysis("[[with-p4]] [[p4]]"),
            "briefs/b.yaml": brief("[[p1]] and [[linked]]", "  - agenda: auto"),
        },
    )
    assert section_ids(view.sections[0]) == ("with-p1", "linked")
    assert view.selections == ((0, "agenda", ("with-p1", "linked")),)


def test_auto_sections_that_select_nothing_are_left_out(make_project) -> None:
    """A new brief's ``auto`` sections print no heading over nothing; the selection still counts."""
    view = view_of(
        make_project,
        {
            "content/agenda/unlinked.yaml": agenda("2025-06"),
            "content/analysis/plain.md": analysis("No links here."),
            "briefs/b.yaml": brief(
                "Nothing linked.",
                "  - analysis: plain\n  - agenda: auto\n  - actors: auto\n  - sources: auto",
            ),
        },
    )
    assert [type(s) for s in view.sections] == [ResolvedAnalysis]
    # Linking a first item later changes the selection, so the brief is rebuilt.
    assert view.selections == ((1, "agenda", ()), (2, "actors", ()), (3, "sources", ()))


def test_agenda_is_ordered_by_first_day_coarser_first_then_id(make_project) -> None:
    dates = {
        "e-day": "2025-01-01",
        "a-day": "2025-01-01",
        "b-month": "2025-01",
        "c-year": "2025",
        "d-old": "2024-12-31",
        "f-later": "2025-01-02",
        "g-month": "2024-12",
    }
    files = {f"content/agenda/{i}.yaml": agenda(d, "[p1]") for i, d in dates.items()}
    files["briefs/b.yaml"] = brief("[[p1]]", "  - agenda: auto")
    view = view_of(make_project, files)
    assert section_ids(view.sections[0]) == (
        "g-month",
        "d-old",
        "c-year",
        "b-month",
        "a-day",
        "e-day",
        "f-later",
    )


def test_agenda_lists_are_ordered_by_date_too(make_project) -> None:
    view = view_of(
        make_project,
        {
            "content/agenda/late.yaml": agenda("2026"),
            "content/agenda/early.yaml": agenda("2025-02-03"),
            "briefs/b.yaml": brief("Text.", "  - agenda: [late, early]"),
        },
    )
    assert section_ids(view.sections[0]) == ("early", "late")
    assert view.sections[0].auto is False  # type: ignore[union-attr]
    assert view.selections == ()


# -- actors: auto --------------------------------------------------------------


def test_actors_in_order_of_first_mention_participants_at_the_agenda_section(
    make_project,
) -> None:
    view = view_of(
        make_project,
        {
            "content/agenda/meeting.yaml": agenda("2025-03", "[p1]"),
            "content/analysis/first.md": analysis("About [[p2]] and [[p3]]."),
            "content/analysis/second.md": analysis("Then [[p4]], [[p1]] and [[p2]]."),
            "briefs/b.yaml": brief(
                "[[p3]] first.",
                "  - analysis: first\n  - agenda: [meeting]\n  - analysis: second\n"
                "  - actors: auto",
            ),
        },
    )
    assert view.mentioned == ("p3", "p2", "p1", "p4")
    assert section_ids(view.sections[3]) == ("p3", "p2", "p1", "p4")
    assert view.selections == ((3, "actors", ("p3", "p2", "p1", "p4")),)


def test_key_judgments_are_read_before_sections_and_once(make_project) -> None:
    view = view_of(
        make_project,
        {
            "content/analysis/kj.md": analysis("Because of [[p2]].", "key-judgment"),
            "content/analysis/first.md": analysis("About [[p1]]."),
            "briefs/b.yaml": brief(
                "[[p3]] first.",
                "  - analysis: first\n  - analysis: kj\n  - actors: auto",
                key_judgments="[kj]",
            ),
        },
    )
    assert view.mentioned == ("p3", "p2", "p1")
    assert [r.id for r in view.key_judgments] == ["kj"]
    assert [section_ids(s) for s in view.sections[:2]] == [("first",), ("kj",)]
    bodies = [t.record.id for t in view.texts if t.field is None]
    assert bodies == ["first", "kj"]


def test_explicit_actor_list_keeps_its_order(make_project) -> None:
    view = view_of(
        make_project,
        {"briefs/b.yaml": brief("[[p1]] [[p2]]", "  - actors: [p3, p1]")},
    )
    assert section_ids(view.sections[0]) == ("p3", "p1")
    assert view.selections == ()


# -- sources: auto -------------------------------------------------------------


def test_sources_are_cited_ones_then_those_of_shown_entities(make_project) -> None:
    view = view_of(
        make_project,
        {
            "content/analysis/kj.md": analysis("Text.", "key-judgment", sources="[src-f]"),
            "content/analysis/first.md": analysis(
                "As said [@src-a; @src-b, p. 3].", sources="[src-c, src-a]"
            ),
            "content/agenda/meeting.yaml": agenda("2025-03", "[p2]", sources="[src-d]"),
            "briefs/b.yaml": brief(
                "Cited [@src-b].",
                "  - analysis: first\n  - agenda: [meeting]\n  - actors: auto\n  - sources: auto",
                key_judgments="[kj]",
            ),
        },
    )
    expected = ("src-b", "src-a", "src-f", "src-c", "src-d", "src-e")
    assert view.cited == ("src-b", "src-a")
    assert section_ids(view.sections[3]) == expected
    assert view.selections[-1] == (3, "sources", expected)
    assert "content/sources/src-g.yaml" not in view.dependencies


# -- dependencies --------------------------------------------------------------


def test_dependencies(make_project) -> None:
    view = view_of(
        make_project,
        {
            "content/assets/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="9"/>',
            "content/agenda/meeting.yaml": agenda("2025-03", "[p3]"),
            "content/agenda/elsewhere.yaml": agenda("2025-04"),
            "content/agenda/unrelated.yaml": agenda("2025-05"),
            "content/analysis/first.md": analysis(
                "[[p1]] and [[p2]] met at [[elsewhere]].\n\n![A map](assets/map.svg)"
            ),
            "content/analysis/unused.md": analysis("Unused."),
            "briefs/b.yaml": brief(
                "Text.", "  - analysis: first\n  - agenda: [meeting]\n  - actors: [p1]"
            ),
            "briefs/other.yaml": brief("Text.", "  - analysis: unused"),
        },
    )
    assert view.dependencies == {
        "briefs/b.yaml",
        "content/analysis/first.md",
        "content/agenda/meeting.yaml",
        "content/actors/p3.yaml",  # a participant of a shown agenda item
        "content/actors/p1.yaml",  # shown
        "content/actors/s1.yaml",  # the country of a shown actor
        "content/actors/p2.yaml",  # linked, not shown: its name is printed
        "content/agenda/elsewhere.yaml",  # linked, not shown
        "content/assets/map.svg",
    }


def test_dependencies_include_affiliations_and_settings(make_project) -> None:
    view = view_of(
        make_project,
        {
            "policybrief.yaml": "organisation: Unit\n",
            "briefs/b.yaml": brief("Text.", "  - actors: [p2]"),
        },
    )
    assert view.dependencies == {
        "briefs/b.yaml",
        "policybrief.yaml",
        "content/actors/p2.yaml",
        "content/actors/o1.yaml",
        "content/sources/src-e.yaml",
    }


def test_content_with_errors_cannot_be_resolved(make_project) -> None:
    root = make_project(
        {"content/analysis/background.md": "---\ntitle: Background\nkind: bad\n---\nText.\n"}
    )
    corpus = load_corpus(root, clean=False)
    with pytest.raises(UnresolvedError) as info:
        resolve_brief(corpus, "test-brief")
    assert info.value.slug == "test-brief"
    assert info.value.missing == ["analysis 'background'"]


def test_a_key_judgment_s_citations_are_listed_though_only_its_title_prints(
    make_project,
) -> None:
    # Its mentions filled the actors table while a source only its text cited was
    # in no Sources list (a new user's brief).
    view = view_of(
        make_project,
        {
            "content/analysis/kj.md": analysis(
                "Likely so [@src-g; @src-b].", "key-judgment", sources="[src-f]"
            ),
            "content/analysis/first.md": analysis("As said [@src-a].", sources="[src-c]"),
            "briefs/b.yaml": brief(
                "Cited [@src-b].",
                "  - analysis: first\n  - sources: auto",
                key_judgments="[kj]",
            ),
        },
    )
    assert view.cited == ("src-b", "src-a")
    assert section_ids(view.sections[1]) == ("src-b", "src-a", "src-g", "src-f", "src-c")
