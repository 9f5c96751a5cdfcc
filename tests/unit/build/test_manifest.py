"""The output folder's manifest: clean and build remove only what policybrief wrote.

Case ``clean-deletes-anything`` (tests/data/cases/): ``clean --output content``
removed every content file, ``--output .`` the project, an ``output`` link its
target; a ``.policybrief`` link made ``clean`` fail with an internal error; and
``build --output EXISTING`` removed temporary files and pages it never wrote.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from policybrief.build.manifest import MANIFEST, OutputManifest, check_output_folder, clean
from policybrief.errors import PolicybriefError, UsageError
from tests.helpers import make_project_at, run_cli


def _project(tmp_path: Path) -> Path:
    return make_project_at(tmp_path / "project")


def _built(tmp_path: Path, *args: str) -> Path:
    root = _project(tmp_path)
    run = run_cli("build", "--root", str(root), "--outputs", "html", *args)
    assert run.code == 0, run.err
    return root


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


# the case


def test_clean_refuses_the_content_folder_and_removes_nothing(tmp_path: Path) -> None:
    root = _built(tmp_path)
    before = _files(root / "content")
    run = run_cli("clean", "--root", str(root), "--output", str(root / "content"))
    assert run.code == 2
    assert "refusing output folder" in run.err
    assert "content" in run.err
    assert _files(root / "content") == before
    assert (root / ".policybrief" / "state.json").is_file()


def test_clean_refuses_the_project_folder(tmp_path: Path) -> None:
    root = _built(tmp_path)
    run = run_cli("clean", "--root", str(root), "--output", str(root))
    assert run.code == 2
    assert "it holds the project itself" in run.err
    assert (root / "policybrief.yaml").is_file()


def test_clean_refuses_an_output_link_and_leaves_its_target(tmp_path: Path) -> None:
    root = _project(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "precious.txt").write_text("keep me")
    (root / "output").symlink_to(shared)
    run = run_cli("clean", "--root", str(root))
    assert run.code == 2
    assert "is a link" in run.err
    assert (shared / "precious.txt").read_text() == "keep me"


def test_a_state_folder_that_is_a_link_is_unlinked_not_emptied(tmp_path: Path) -> None:
    root = _project(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "precious.txt").write_text("keep me")
    (root / ".policybrief").symlink_to(other)
    assert run_cli("build", "--root", str(root), "--outputs", "html").code == 0
    run = run_cli("clean", "--root", str(root))
    assert run.code == 0, run.err
    assert not (root / ".policybrief").exists()
    assert (other / "precious.txt").read_text() == "keep me"


def test_build_into_an_existing_folder_removes_nothing_it_did_not_write(tmp_path: Path) -> None:
    root = _project(tmp_path)
    out = tmp_path / "docs"
    foreign = {".cache/.swap.tmp": "swap", "tags/important/index.html": "mine", "a.txt": "x"}
    for rel, text in foreign.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    for _ in range(2):  # the second build is the one that used to clean up
        run = run_cli("build", "--root", str(root), "--outputs", "html", "--output", str(out))
        assert run.code == 0, run.err
    for rel, text in foreign.items():
        assert (out / rel).read_text() == text


# more of the same kind


@pytest.mark.parametrize("inside", ["briefs", "content/actors", ".policybrief", "templates/site"])
def test_build_and_clean_refuse_a_folder_inside_the_inputs(tmp_path: Path, inside: str) -> None:
    root = _built(tmp_path)
    (root / inside).mkdir(parents=True, exist_ok=True)
    before = _files(root)
    for command in ("build", "clean"):
        run = run_cli(command, "--root", str(root), "--output", str(root / inside))
        assert run.code == 2, (command, run.err)
        assert "refusing" in run.err
    assert _files(root) == before


def test_clean_refuses_a_folder_holding_the_project(tmp_path: Path) -> None:
    root = _built(tmp_path)
    run = run_cli("clean", "--root", str(root), "--output", str(tmp_path))
    assert run.code == 2
    assert root.is_dir()
    assert (root / "output" / "index.html").is_file()


def test_clean_refuses_an_output_folder_holding_a_file_policybrief_did_not_write(
    tmp_path: Path,
) -> None:
    root = _built(tmp_path)
    (root / "output" / "test-brief" / "notes.txt").write_text("mine")
    before = _files(root / "output")
    run = run_cli("clean", "--root", str(root))
    assert run.code == 2
    assert "test-brief/notes.txt" in run.err
    assert _files(root / "output") == before


def test_clean_refuses_a_folder_without_a_manifest(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "output").mkdir()
    (root / "output" / "index.html").write_text("not policybrief's")
    run = run_cli("clean", "--root", str(root))
    assert run.code == 2
    assert (root / "output" / "index.html").is_file()


def test_clean_removes_what_build_wrote_and_then_the_folder(tmp_path: Path) -> None:
    root = _built(tmp_path)
    assert (root / "output" / MANIFEST).is_file()
    (root / "output" / "test-brief" / ".index.html.abcd1234.tmp").write_text("left by a kill")
    run = run_cli("clean", "--root", str(root))
    assert run.code == 0, run.err
    assert not (root / "output").exists()
    assert not (root / ".policybrief").exists()
    assert sorted(p.name for p in root.iterdir()) == ["briefs", "content", "policybrief.yaml"]


def test_clean_with_nothing_to_remove(tmp_path: Path) -> None:
    assert clean(tmp_path, tmp_path / "output") == []


def test_the_manifest_ignores_names_that_leave_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (tmp_path / "victim.txt").write_text("keep me")
    bad = ["../victim.txt", "/etc/passwd", "a/../../victim.txt", "a/./b", "", "x\0y"]
    (out / MANIFEST).write_text(json.dumps({"format": 1, "files": bad}))
    manifest = OutputManifest.read(out)
    assert manifest is not None
    assert manifest.files == set()
    manifest.files.add("../victim.txt")  # even when one gets in, removal stays inside
    manifest.output = out / "sub"
    (out / "sub").mkdir()
    os.symlink(tmp_path, out / "sub" / "link")
    manifest.files.add("link/victim.txt")
    manifest.remove("link/victim.txt")
    assert (tmp_path / "victim.txt").read_text() == "keep me"


def test_a_file_clean_cannot_remove_is_a_user_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _built(tmp_path)

    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted", "state.json")

    monkeypatch.setattr(shutil, "rmtree", refuse)
    with pytest.raises(PolicybriefError) as caught:
        clean(root, root / "output")
    assert "state.json" in str(caught.value)
    assert "Operation not permitted" in str(caught.value)
    assert caught.value.exit_code == 1


def test_check_output_folder_allows_the_default_and_a_folder_elsewhere(tmp_path: Path) -> None:
    root = _project(tmp_path)
    check_output_folder(root, root / "output")
    check_output_folder(root, tmp_path / "site")
    with pytest.raises(UsageError):
        check_output_folder(root, root / "content")


def test_a_build_never_writes_through_a_link_in_the_output_folder(tmp_path: Path) -> None:
    """An output folder restored from an untrusted cache with ``tags`` a link to a
    folder elsewhere: the build wrote its tag pages there, over a file it held."""
    root = _built(tmp_path)
    out = root / "output"
    victim = tmp_path / "victim"
    (victim / "test").mkdir(parents=True)
    (victim / "index.html").write_text("keep")
    shutil.rmtree(out / "tags")
    (out / "tags").symlink_to(victim)
    (out / "test-brief" / "index.html").unlink()
    (out / "test-brief" / "index.html").symlink_to(victim / "index.html")
    (out / "mine").symlink_to(victim)  # not a path policybrief writes: left alone
    run = run_cli("build", "--root", str(root), "--force")
    assert run.code == 0, run.err
    assert "removed the link output/tags" in run.err
    assert (victim / "index.html").read_text() == "keep"
    assert sorted(p.name for p in victim.iterdir()) == ["index.html", "test"]
    assert not (out / "tags").is_symlink()
    assert (out / "tags" / "index.html").is_file()
    assert not (out / "test-brief" / "index.html").is_symlink()
    assert (out / "mine").is_symlink()
