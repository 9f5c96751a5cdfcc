"""policybrief's GitHub Action, run step by step in a content-only repository.

The repository is what ``init`` writes (no constraints.txt, no build.py: the
action must bring everything itself); the action's scripts run as a runner runs
them (tests/action_runner.py), installing policybrief from this checkout into a
fresh virtual environment, as ``github.action_path`` would on GitHub.
"""

from __future__ import annotations

import venv
from pathlib import Path

import pytest

from policybrief.authoring.init import init_project
from tests.action_runner import run_action
from tests.helpers import plain_environment, write_files


@pytest.fixture(scope="module")
def python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment standing in for actions/setup-python."""
    folder = tmp_path_factory.mktemp("runner") / "python"
    venv.create(folder, with_pip=True)
    return folder / "bin" / "python"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "briefs-repo"
    init_project(root)
    assert not (root / "constraints.txt").exists()
    assert not (root / "build.py").exists()
    return root


def test_the_action_checks_builds_and_skips_what_is_built(python: Path, repository: Path) -> None:
    with plain_environment():
        first = run_action(repository, python)
    assert first.ok, first.log
    assert [code for _, code in first.steps] == [None, 0, 0, 0, None, 0, 0, None]
    assert (repository / "output/first-brief/first-brief.pdf").is_file()
    assert (repository / "output/index.html").is_file()
    assert first.outputs == {"names.shard": "shard", "names.artifact": "briefs"}
    with plain_environment():
        again = run_action(repository, python)
    assert again.ok, again.log
    assert "nothing to do: 1 brief up to date" in again.log


def test_bad_content_fails_the_check_with_annotations(python: Path, repository: Path) -> None:
    write_files(repository, {"content/actors/example-ministry.yaml": "name: X\nkind: stat\n"})
    with plain_environment():
        run = run_action(repository, python)
    assert not run.ok
    assert run.steps[-1] == ("Check content", 1)
    assert "::error file=content/actors/example-ministry.yaml,line=2,col=7::" in run.log
    assert not (repository / "output").exists()


def test_strict_makes_warnings_fail(python: Path, repository: Path) -> None:
    # A plain value cut short by a comment is a warning (README, "Errors").
    write_files(
        repository,
        {
            "content/actors/example-ministry.yaml": "name: Example Ministry\n"
            "kind: organisation\nrole: Room C #3\n"
        },
    )
    with plain_environment():
        lenient = run_action(repository, python, {"artifact": ""})
        strict = run_action(repository, python, {"strict": "true", "artifact": ""})
    assert lenient.ok, lenient.log
    assert "::warning file=content/actors/example-ministry.yaml" in lenient.log
    assert strict.steps[-1] == ("Check content", 1)


def test_a_shard_builds_its_share_and_names_its_artifact(python: Path, repository: Path) -> None:
    with plain_environment():
        run = run_action(repository, python, {"shard": "2/2"})
    assert run.ok, run.log
    assert run.outputs == {"names.shard": "shard-2-of-2", "names.artifact": "briefs-2-of-2"}
    # One brief lands in one shard only; every shard writes the site.
    assert (repository / "output/index.html").is_file()
