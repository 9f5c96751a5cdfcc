"""The output folder: clean removes output/ and the build state, and says what it could not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policybrief.build.outputs import clean
from policybrief.errors import PolicybriefError


def test_clean_removes_output_and_state(tmp_path: Path) -> None:
    (tmp_path / "output" / "brief").mkdir(parents=True)
    (tmp_path / ".policybrief").mkdir()
    (tmp_path / "content").mkdir()
    removed = clean(tmp_path, tmp_path / "output")
    assert removed == [tmp_path / "output", tmp_path / ".policybrief"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_clean_with_nothing_to_remove(tmp_path: Path) -> None:
    assert clean(tmp_path, tmp_path / "output") == []


def test_a_file_clean_cannot_remove_is_a_user_error_naming_folder_and_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "output").mkdir()

    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted", "index.html")

    monkeypatch.setattr(shutil, "rmtree", refuse)
    with pytest.raises(PolicybriefError) as caught:
        clean(tmp_path, tmp_path / "output")
    assert str(caught.value) == (
        f"cannot remove {tmp_path / 'output'} (index.html): Operation not permitted"
    )
    assert caught.value.exit_code == 1
