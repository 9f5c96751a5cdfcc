"""A brief named by its path must be a brief of this project (break report item 16).

``cd P; build /tmp/xx/briefs/first-brief.yaml`` (another project's brief) built
P's own ``first-brief`` and exited 0: only the file's name was looked at. A
path now has to lead to a ``.yaml`` file in the project's ``briefs/``, or the
command exits 2 naming the file and the project, before anything is built.
Commands that take no brief (``check``, ``serve``) refuse a path as an
argument they do not take, and ``new`` refuses it as an id.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import edit_file, run_cli

NOT_OURS = "is not a brief of this project"


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``init``'s project with its brief final and web page only (fast to build)."""
    root = tmp_path_factory.mktemp("starter") / "P"
    assert run_cli("init", str(root)).code == 0
    edit_file(root, "briefs/first-brief.yaml", "status: draft", "status: final")
    with (root / "briefs/first-brief.yaml").open("a", encoding="utf-8") as f:
        f.write("outputs: [html]\n")
    return root


@pytest.fixture
def projects(starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """This project (the current folder) and another one beside it (``xx``)."""
    root, other = tmp_path / "P", tmp_path / "xx"
    shutil.copytree(starter, root)
    shutil.copytree(starter, other)
    monkeypatch.chdir(root)
    return root, other


def refused(run_code: int, err: str, shown: Path, root: Path) -> None:
    assert run_code == 2, err
    assert f"error: {shown} {NOT_OURS} ({root})" in err
    assert not (root / "output").exists(), "nothing may be built"


def test_a_brief_of_another_project_is_refused(projects: tuple[Path, Path]) -> None:
    root, other = projects
    brief = other / "briefs/first-brief.yaml"
    run = run_cli("build", str(brief))
    refused(run.code, run.err, brief, root)
    assert f"its .yaml file in {root / 'briefs'}" in run.err


def test_a_relative_path_out_of_the_project_is_refused(projects: tuple[Path, Path]) -> None:
    root, other = projects
    run = run_cli("build", "../xx/briefs/first-brief.yaml")
    refused(run.code, run.err, other / "briefs/first-brief.yaml", root)


def test_a_file_of_this_project_that_is_no_brief_is_refused(projects: tuple[Path, Path]) -> None:
    root, _ = projects
    (root / "notes.yaml").write_text("title: not a brief\n")
    for rel in ("content/analysis/example-background.md", "policybrief.yaml", "notes.yaml"):
        run = run_cli("build", rel)
        refused(run.code, run.err, root / rel, root)


def test_a_file_in_a_folder_under_briefs_is_refused(projects: tuple[Path, Path]) -> None:
    root, _ = projects
    nested = root / "briefs/old/first-brief.yaml"
    nested.parent.mkdir()
    shutil.copy(root / "briefs/first-brief.yaml", nested)
    run = run_cli("build", "briefs/old/first-brief.yaml")
    refused(run.code, run.err, nested, root)


def test_one_foreign_path_among_good_names_builds_nothing(projects: tuple[Path, Path]) -> None:
    root, other = projects
    run = run_cli("build", "first-brief", str(other / "briefs/first-brief.yaml"))
    refused(run.code, run.err, other / "briefs/first-brief.yaml", root)


def test_another_projects_brief_with_root_given_is_refused(
    projects: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, other = projects
    monkeypatch.chdir(other)
    run = run_cli("build", "--root", str(root), "briefs/first-brief.yaml")
    refused(run.code, run.err, other / "briefs/first-brief.yaml", root)


@pytest.mark.parametrize("command", ["check", "serve"])
def test_commands_taking_no_brief_refuse_a_path(projects: tuple[Path, Path], command: str) -> None:
    root, other = projects
    run = run_cli(command, str(other / "briefs/first-brief.yaml"))
    assert run.code == 2
    assert "unexpected extra argument" in run.err
    assert not (root / "output").exists()


def test_new_refuses_a_path_as_an_id(projects: tuple[Path, Path]) -> None:
    root, other = projects
    run = run_cli("new", "brief", str(other / "briefs/second.yaml"))
    assert run.code == 2
    assert "is not a valid id" in run.err
    assert not (other / "briefs/second.yaml").exists()
    assert sorted(p.name for p in (root / "briefs").iterdir()) == ["first-brief.yaml"]


def test_this_projects_brief_by_any_path_is_built(
    projects: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = projects
    link = tmp_path / "link"
    link.symlink_to(root)
    names = [
        "briefs/first-brief.yaml",
        "./briefs/../briefs/first-brief.yaml",
        str(root / "briefs/first-brief.yaml"),
        str(link / "briefs/first-brief.yaml"),
        "first-brief.yaml",
        "first-brief",
    ]
    for name in names:
        run = run_cli("build", "--force", "--format", "text", name)
        assert run.code == 0, (name, run.err)
        assert "built first-brief" in run.err, name
    monkeypatch.chdir(root / "briefs")
    run = run_cli("build", "--force", "--format", "text", "first-brief.yaml")
    assert run.code == 0, run.err
    assert "built first-brief" in run.err
    # From another folder, briefs/NAME.yaml is the project's when that folder has none.
    monkeypatch.chdir(tmp_path)
    run = run_cli(
        "build", "--root", str(root), "--force", "--format", "text", "briefs/first-brief.yaml"
    )
    assert run.code == 0, run.err
    assert "built first-brief" in run.err
