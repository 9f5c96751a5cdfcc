"""The build state is an untrusted cache: anything unexpected means a full rebuild and a note.

Case ``state-json-trusted`` (tests/data/cases/): a brief entry whose outputs
were ``../../../victim.txt`` made the next build delete a file outside output/,
and a saved diagnostic with ``"severity": "fatal"`` made every later build exit
3 until ``.policybrief/`` was deleted by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policybrief.build.state import UnusableStateError, load_state, state_path
from tests.helpers import make_project_at, run_cli

Poison = Callable[[dict[str, Any]], None]


def _build(root: Path) -> tuple[int, str]:
    run = run_cli("build", "--root", str(root), "--outputs", "html", "--format", "text")
    return run.code, run.out + run.err


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = make_project_at(tmp_path / "deep" / "er" / "project")
    assert _build(root)[0] == 0
    return root


def _poison(root: Path, change: Poison) -> None:
    path = state_path(root)
    state = json.loads(path.read_text())
    change(state)
    path.write_text(json.dumps(state))


def _brief(**fields: Any) -> dict[str, Any]:
    base = {"deps": {}, "selections": [], "outputs": [], "warnings": [], "listing": None}
    return {**base, "seconds": None, "media": [], **fields}


def _diagnostic(**fields: Any) -> dict[str, Any]:
    base = {
        "path": "x",
        "line": 1,
        "column": 1,
        "message": "m",
        "hint": None,
        "severity": "error",
        "code": "unknown-field",
    }
    return {**base, **fields}


# the case


def test_outputs_outside_the_output_folder_are_never_deleted(built: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")

    def change(state: dict[str, Any]) -> None:
        state["inputs"] = ""
        state["briefs"]["gone"] = _brief(outputs=["../../../victim.txt"])

    _poison(built, change)
    code, err = _build(built)
    assert code == 0, err
    assert "note: ignored the build state in .policybrief/" in err
    assert "not the brief's own files" in err
    assert victim.read_text() == "keep me"


def test_a_diagnostic_with_an_unknown_severity_is_not_an_internal_error(built: Path) -> None:
    _poison(built, lambda s: s.update(diagnostics=[_diagnostic(severity="fatal")]))
    code, err = _build(built)
    assert code == 0, err
    assert "internal error" not in err
    assert "rebuilt everything" in err
    assert "built test-brief" in err
    code, err = _build(built)
    assert code == 0
    assert "nothing to do" in err


# more of the same kind

POISONS: dict[str, Poison] = {
    "slug that climbs": lambda s: s["briefs"].update({"../../../dir": _brief()}),
    "absolute output": lambda s: s["briefs"].update({"gone": _brief(outputs=["/etc/hostname"])}),
    "another brief's output": lambda s: s["briefs"].update(
        {"gone": _brief(outputs=["test-brief/index.html"])}
    ),
    "missing path": lambda s: s.update(diagnostics=[{**_diagnostic(), "path": None}]),
    "line as text": lambda s: s.update(diagnostics=[_diagnostic(line="1e9")]),
    "huge line": lambda s: s.update(diagnostics=[_diagnostic(line=10**30)]),
    "unknown code": lambda s: s.update(diagnostics=[_diagnostic(code="no-such-code")]),
    "extra key": lambda s: s.update(surprise=1),
    "brief not a mapping": lambda s: s["briefs"].update({"test-brief": [1, 2]}),
    "last good copy outside": lambda s: s["good"].update({"../../victim.txt": "0" * 64}),
    "last good digest not a digest": lambda s: s["good"].update({"briefs/x.yaml": "../x"}),
    "listing of another brief": lambda s: s["briefs"]["test-brief"]["listing"].update(slug="other"),
    "listing with an impossible date": lambda s: s["briefs"]["test-brief"]["listing"].update(
        date="2025-02-30"
    ),
    "negative render seconds": lambda s: s["briefs"]["test-brief"].update(seconds=-1.0),
    "render seconds as text": lambda s: s["briefs"]["test-brief"].update(seconds="2.5"),
    "render seconds not a number": lambda s: s["briefs"]["test-brief"].update(seconds=float("nan")),
    "render seconds missing": lambda s: s["briefs"]["test-brief"].pop("seconds"),
    "image that climbs": lambda s: s["briefs"]["test-brief"].update(media=["media/../../x"]),
    "image outside media/": lambda s: s["briefs"]["test-brief"].update(
        media=["test-brief/index.html"]
    ),
    "absolute image": lambda s: s["briefs"]["test-brief"].update(media=["/etc/hostname"]),
    "images missing": lambda s: s["briefs"]["test-brief"].pop("media"),
}


#: Poisons that name a path: each is also built, to see nothing outside output/ go.
PATHS = ("slug that climbs", "absolute output", "another brief's output", "last good copy outside")


@pytest.mark.parametrize("name", sorted(set(POISONS) - set(PATHS)))
def test_poisoned_state_is_refused_whole(built: Path, name: str) -> None:
    _poison(built, POISONS[name])
    with pytest.raises(UnusableStateError):
        load_state(built)


@pytest.mark.parametrize("name", PATHS)
def test_poisoned_paths_mean_a_full_rebuild_with_a_note_and_no_deletion(
    built: Path, tmp_path: Path, name: str
) -> None:
    (tmp_path / "deep" / "dir").mkdir()
    (tmp_path / "victim.txt").write_text("keep me")
    _poison(built, POISONS[name])
    with pytest.raises(UnusableStateError):
        load_state(built)
    code, err = _build(built)
    assert code == 0, err
    assert err.count("note: ignored the build state") == 1
    assert "built test-brief" in err
    assert (tmp_path / "deep" / "dir").is_dir()
    assert (tmp_path / "victim.txt").read_text() == "keep me"
    assert (built / "output" / "test-brief" / "index.html").is_file()
    assert load_state(built) is not None  # the rebuild saved a good state again


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '"text"', "{" * 100_000])
def test_state_that_is_not_a_json_object_means_a_full_rebuild(built: Path, text: str) -> None:
    state_path(built).write_text(text)
    code, err = _build(built)
    assert code == 0, err
    assert "note: ignored the build state" in err


def test_state_of_another_version_is_a_silent_full_rebuild(built: Path) -> None:
    _poison(built, lambda s: s.update(version="0.0.0"))
    code, err = _build(built)
    assert code == 0
    assert "note:" not in err
    assert "built test-brief" in err


def test_a_poisoned_last_good_copy_is_never_shown(built: Path) -> None:
    """A copy whose bytes are not what its digest names is not read."""
    actor = built / "content/actors/beta.yaml"
    digest = hashlib.sha256(actor.read_bytes()).hexdigest()
    copy = built / ".policybrief/good" / digest
    assert copy.is_file()
    copy.write_text("name: POISONED\nkind: state\n")
    actor.write_text(actor.read_text() + "name: [unclosed\n")
    code, err = _build(built)
    assert code == 1
    assert "POISONED" not in (built / "output/actors/index.html").read_text()
    assert "internal" not in err
