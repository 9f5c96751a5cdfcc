"""``new KIND ID``: a commented file that passes check as written, never overwriting."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from policybrief.authoring.scaffold import KINDS, SCAFFOLDS, new_file
from policybrief.cli import main
from tests.helpers import REPO


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's example project, schemas included."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("briefs", "content", "schemas"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "policybrief.yaml", root / "policybrief.yaml")
    return root


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    root = tmp_path / "empty"
    root.mkdir()
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "--strict", "--root", str(root)], capsys)
    assert (code, err) == (0, ""), err
    assert "no problems" in out


@pytest.mark.parametrize("project", ["empty", "example"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_scaffold_passes_check_as_written(
    kind: str, project: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    root = request.getfixturevalue(project)
    code, out, err = run(["new", kind, "new-one", "--root", str(root)], capsys)
    assert (code, err) == (0, "")
    path = root / SCAFFOLDS[kind].folder / f"new-one{SCAFFOLDS[kind].suffix}"
    assert f"created {path}" in out or f"created {path.relative_to(Path.cwd())}" in out
    assert path.is_file()
    check(root, capsys)


def test_every_scaffold_together_passes_check(
    empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind in KINDS:
        assert run(["new", kind, f"first-{kind}", "--root", str(empty)], capsys)[0] == 0
    check(empty, capsys)


def test_the_walkthrough_names_work_from_the_project_folder(
    empty: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the README's walkthrough: no --root, run inside the new folder."""
    monkeypatch.chdir(empty)
    assert run(["new", "brief", "my-first-brief"], capsys)[0] == 0
    assert (empty / "briefs" / "my-first-brief.yaml").is_file()
    check(empty, capsys)


@pytest.mark.parametrize("kind", KINDS)
def test_the_schema_comment_points_at_the_schema(kind: str, empty: Path) -> None:
    created = new_file(empty, kind, "new-one")
    lines = created.path.read_text(encoding="utf-8").splitlines()
    comment = lines[1] if kind == "analysis" else lines[0]
    prefix = "# yaml-language-server: $schema="
    assert comment.startswith(prefix)
    target = (created.path.parent / comment.removeprefix(prefix)).resolve()
    name = SCAFFOLDS[kind].schema
    assert target == (empty / "schemas" / f"{name}.schema.json").resolve()
    assert target.is_file()
    # The comment is relative, so it still holds when the project folder moves.
    assert not Path(comment.removeprefix(prefix)).is_absolute()


@pytest.mark.parametrize("kind", KINDS)
def test_a_scaffold_is_accepted_by_its_schema(kind: str, empty: Path) -> None:
    created = new_file(empty, kind, "new-one")
    text = created.path.read_text(encoding="utf-8")
    if kind == "analysis":
        text = text.split("\n---\n", 1)[0].removeprefix("---\n")
    schema = json.loads((empty / "schemas" / f"{SCAFFOLDS[kind].schema}.schema.json").read_text())
    # BaseLoader: every scalar as the text typed, as policybrief reads it.
    jsonschema.validate(yaml.load(text, Loader=yaml.BaseLoader), schema)


def test_schemas_are_written_only_when_missing(
    example: Path, empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new_file(example, "actor", "new-one").schemas == ()
    created = new_file(empty, "actor", "new-one")
    assert sorted(p.name for p in created.schemas) == sorted(
        p.name for p in (empty / "schemas").iterdir()
    )
    assert len(created.schemas) == 6


def test_dates_are_today_by_default(empty: Path) -> None:
    day = datetime.date(2026, 3, 9)
    created = new_file(empty, "agenda", "talks", today=day)
    assert "\ndate: 2026-03-09 " in created.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_an_existing_file_is_never_overwritten(
    kind: str, example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["new", kind, "taken", "--root", str(example)], capsys)[0] == 0
    path = example / SCAFFOLDS[kind].folder / f"taken{SCAFFOLDS[kind].suffix}"
    path.write_text(path.read_text(encoding="utf-8") + "# my own words\n", encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run(["new", kind, "taken", "--root", str(example)], capsys)
    rel = path.relative_to(example).as_posix()
    assert (code, out) == (1, "")
    assert err == f"error: {rel} already exists; not overwritten (choose another id)\n"
    assert path.read_bytes() == before


def test_an_example_file_is_never_overwritten(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (example / "content/actors/india.yaml").read_bytes()
    code, _, err = run(["new", "actor", "india", "--root", str(example)], capsys)
    assert code == 1
    assert "content/actors/india.yaml already exists" in err
    assert (example / "content/actors/india.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("kind", "id_", "message"),
    [
        ("agenda", "india", "'india' is already an actor (content/actors/india.yaml)"),
        ("actor", "putin-modi-talks", "'putin-modi-talks' is already an agenda item"),
    ],
)
def test_actors_and_agenda_items_share_one_namespace(
    kind: str, id_: str, message: str, example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["new", kind, id_, "--root", str(example)], capsys)
    assert code == 1
    assert message in err
    check(example, capsys)  # nothing was written


@pytest.mark.parametrize(
    ("id_", "hint"),
    [
        ("Putin-Visit", "try 'putin-visit'"),
        ("putin_visit", "try 'putin-visit'"),
        ("a--b", "try 'a-b'"),
        ("-x", "try 'x'"),
        ("x.yaml", "try 'x-yaml'"),
        ("../escape", "try 'escape'"),
        ("éé", "try 'ee'"),  # accents dropped, as tags drop them
        ("Россия", "e.g. andrei-belousov\n"),  # nothing Latin to suggest
    ],
)
def test_an_id_must_be_a_slug(
    id_: str, hint: str, empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["new", "actor", "--root", str(empty), "--", id_], capsys)
    assert code == 2
    assert err.startswith(f"error: '{id_}' is not a valid id: use lowercase letters, digits")
    assert hint in err
    assert not any(empty.rglob("*.yaml"))


@pytest.mark.parametrize("slug", ["actors", "agenda", "assets", "media", "search", "tags"])
def test_a_brief_slug_may_not_be_reserved(
    slug: str, empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["new", "brief", slug, "--root", str(empty)], capsys)
    assert code == 2
    assert f"error: '{slug}' is reserved for the site's own pages" in err
    assert not (empty / "briefs").exists()


def test_an_unknown_kind_is_a_usage_error(empty: Path, capsys: pytest.CaptureFixture[str]):
    code, _, err = run(["new", "person", "x", "--root", str(empty)], capsys)
    assert code == 2
    assert "'person' is not one of 'brief', 'actor', 'agenda', 'analysis', 'source'" in err


def test_a_placeholder_title_keeps_the_capitals_of_the_project_s_people_and_states(
    example: Path,
) -> None:
    created = new_file(example, "agenda", "putin-modi-call-india")
    assert "\ntitle: Putin Modi call India" in created.path.read_text(encoding="utf-8")
    # An organisation's common words stay lowercase; a new actor's name is capitalised.
    created = new_file(example, "analysis", "defence-ministry-talks")
    assert "\ntitle: Defence ministry talks" in created.path.read_text(encoding="utf-8")
    created = new_file(example, "actor", "sergei-lavrov")
    assert "\nname: Sergei Lavrov" in created.path.read_text(encoding="utf-8")
