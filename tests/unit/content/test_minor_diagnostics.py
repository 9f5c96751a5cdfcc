"""Small diagnostics that said the wrong thing (break report item 18)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from policybrief.content.project import suggest_slug
from policybrief.content.urls import url_problem
from tests.conftest import MakeProject
from tests.helpers import run_cli


def _check(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    return run_cli("check", "--format", "text").err.splitlines()


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("dangling.yaml", "nowhere.yaml"),  # the report's
        ("loop.yaml", "loop.yaml"),  # the report's: a link to itself
        ("a.yaml", "b.yaml"),  # two links round a loop (b -> a below)
        ("gone.yaml", "../../nowhere/x.yaml"),
    ],
)
def test_a_broken_link_is_reported_as_one(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, name: str, target: str
) -> None:
    root = make_project({})
    actors = root / "content" / "actors"
    os.symlink(target, actors / name)
    if name == "a.yaml":
        os.symlink("a.yaml", actors / "b.yaml")
    lines = _check(root, monkeypatch)
    assert (
        f"content/actors/{name}:1:1: error: 'content/actors/{name}' is a broken link: what it "
        "points to does not exist, or it points back to itself"
    ) in lines
    assert "  hint: remove the link, or replace it with the file itself" in lines
    assert not any("unexpected file" in line for line in lines)


@pytest.mark.parametrize(
    ("name", "clash"),
    [
        ("Bob-Jones.yaml", True),  # the report's kind: the lowercase file exists
        ("BOB-JONES.yaml", True),
        ("Bob_Jones.yaml", True),  # its slug is bob-jones too
        ("Carol-King.yaml", False),
    ],
)
def test_the_rename_hint_says_when_the_new_name_is_taken(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, name: str, clash: bool
) -> None:
    root = make_project({f"content/actors/{name}": "name: X\nkind: person\n"})
    lines = _check(root, monkeypatch)
    at = lines.index(
        f"content/actors/{name}:1:1: error: '{name}' is not a valid id: ids are lowercase "
        "letters, digits and single hyphens"
    )
    slug = suggest_slug(name.removesuffix(".yaml"))
    if slug == "bob-jones":
        assert lines[at + 1] == (
            "  hint: 'bob-jones.yaml' exists already, so the two would clash: merge this file "
            "into it, or rename it to another id"
        )
    else:
        assert not clash
        assert lines[at + 1] == f"  hint: rename the file to '{slug}.yaml'"


@pytest.mark.parametrize(
    ("text", "brief", "slug"),
    [
        ("Actors", True, "actors-brief"),  # the report's: reserved
        ("timeline", True, "timeline-brief"),
        ("Actors", False, "actors"),  # an actor may be called that
        ("ümlaut", False, "umlaut"),  # the report's
        ("Ærø Æble", False, "aero-aeble"),
        ("Łódź  2025", False, "lodz-2025"),
        ("Россия", False, ""),
    ],
)
def test_a_suggested_id_transliterates_and_avoids_reserved_slugs(
    text: str, brief: bool, slug: str
) -> None:
    assert suggest_slug(text, brief=brief) == slug


@pytest.mark.parametrize(
    ("kind", "name", "try_"), [("brief", "Actors", "actors-brief"), ("actor", "ümlaut", "umlaut")]
)
def test_new_suggests_a_usable_id(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, kind: str, name: str, try_: str
) -> None:
    monkeypatch.chdir(make_project({}))
    run = run_cli("new", kind, name)
    assert run.code == 2
    assert f"try '{try_}'" in run.err


@pytest.mark.parametrize(
    "url",
    [
        "https://exa mple.org/",  # the report's
        "https://exa%20mple.org/",
        "http://example .org",
        "https://exa\u00a0mple.org/",
        "https://ex\u200bample.org/",
    ],
)
def test_a_host_with_a_space_is_refused(url: str) -> None:
    problem = url_problem(url, relative=False)
    assert problem is not None
    assert "has a space or an invisible character in it" in problem


@pytest.mark.parametrize(
    "url", ["https://example.org/a b", "https://user@example.org:8080/x", "mailto:a@b.org"]
)
def test_a_space_elsewhere_is_not_the_hosts(url: str) -> None:
    assert url_problem(url, relative=False) is None


@pytest.mark.parametrize(
    ("name", "fmt", "endings"),
    [
        ("noext", "JPEG", "*.jpg or *.jpeg"),  # the report's
        ("p.jfif", "JPEG", "*.jpg or *.jpeg"),  # the report's
        ("scan.tif", "PNG", "*.png"),
        ("anim.png", "GIF", "*.gif"),
    ],
)
def test_a_misnamed_image_gets_one_message_shown_or_not(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, name: str, fmt: str, endings: str
) -> None:
    root = make_project({})
    (root / "content" / "assets").mkdir()
    Image.new("RGB", (8, 8)).save(root / "content" / "assets" / name, fmt)
    lines = _check(root, monkeypatch)
    at = lines.index(
        f"content/assets/{name}:1:1: error: 'assets/{name}' cannot be shown: a {fmt} image "
        f"must be named {endings}, not '{name}'"
    )
    assert lines[at + 1].startswith(f"  hint: rename the file to end in {endings.replace('*', '')}")
