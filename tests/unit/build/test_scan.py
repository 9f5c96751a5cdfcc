"""Input digests: which files are a build's inputs, and that any change shows in them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from policybrief.build.scan import scan_inputs
from policybrief.content.project import find_root
from policybrief.render.theme import Theme
from tests.helpers import write_files

PROJECT = {
    "policybrief.yaml": "title: Test\n",
    "briefs/one.yaml": "title: One\n",
    "content/actors/alpha.yaml": "name: Alpha\n",
    "content/analysis/outlook.md": "---\ntitle: Outlook\n---\nText.\n",
}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def theme(tmp_path: Path) -> Theme:
    """A two-folder theme: the project's own (first) over a stand-in for the packaged one."""
    own, packaged = tmp_path / "project/templates", tmp_path / "packaged"
    write_files(packaged, {"brief.html": "packaged brief", "css/print.css": "p {}"})
    write_files(own, {"brief.html": "own brief"})
    return Theme((own, packaged))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_files(root, PROJECT)
    return root


def test_inputs_are_the_settings_briefs_content_and_theme(root: Path, theme: Theme) -> None:
    assert scan_inputs(root, theme) == {
        "policybrief.yaml": sha("title: Test\n"),
        "briefs/one.yaml": sha("title: One\n"),
        "content/actors/alpha.yaml": sha("name: Alpha\n"),
        "content/analysis/outlook.md": sha("---\ntitle: Outlook\n---\nText.\n"),
        "theme:brief.html": sha("own brief"),
        "theme:css/print.css": sha("p {}"),
    }


def test_files_outside_the_input_folders_do_not_count(root: Path, theme: Theme) -> None:
    before = scan_inputs(root, theme)
    write_files(
        root,
        {
            "README.md": "notes",
            ".gitignore": "output/\n",
            "output/one/index.html": "<p>built</p>",
            ".policybrief/state.json": "{}",
            "drafts/two.yaml": "title: Two\n",
        },
    )
    assert scan_inputs(root, theme) == before


def test_every_file_in_briefs_and_content_counts_even_stray_and_hidden_ones(
    root: Path, theme: Theme
) -> None:
    """A stray file is an error ``check`` reports, so it must make the build look again."""
    write_files(
        root,
        {
            "content/README.md": "about",
            "content/actors/.alpha.yaml.swp": "swap",
            "briefs/notes.txt": "notes",
        },
    )
    found = scan_inputs(root, theme)
    assert found["content/README.md"] == sha("about")
    assert found["content/actors/.alpha.yaml.swp"] == sha("swap")
    assert found["briefs/notes.txt"] == sha("notes")


def test_a_changed_file_changes_its_digest_only(root: Path, theme: Theme) -> None:
    before = scan_inputs(root, theme)
    (root / "content/actors/alpha.yaml").write_text("name: Alpha State\n", encoding="utf-8")
    after = scan_inputs(root, theme)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"content/actors/alpha.yaml"}


def test_a_new_modification_time_alone_changes_nothing(root: Path, theme: Theme) -> None:
    before = scan_inputs(root, theme)
    os.utime(root / "briefs/one.yaml", (1_000_000, 1_000_000))
    assert scan_inputs(root, theme) == before


def test_added_and_removed_files_show(root: Path, theme: Theme) -> None:
    before = scan_inputs(root, theme)
    write_files(root, {"briefs/two.yaml": "title: Two\n"})
    (root / "content/actors/alpha.yaml").unlink()
    after = scan_inputs(root, theme)
    # The removed file was the folder's only one: the folder now counts as empty.
    assert set(after) - set(before) == {"briefs/two.yaml", "content/actors/"}
    assert set(before) - set(after) == {"content/actors/alpha.yaml"}


def test_an_empty_folder_counts(root: Path, theme: Theme) -> None:
    """``check`` reports an empty folder too, so adding one must not look like a no-op."""
    (root / "content/sources").mkdir()
    assert scan_inputs(root, theme)["content/sources/"] == "empty folder"
    write_files(root, {"content/sources/report.yaml": "title: Report\n"})
    found = scan_inputs(root, theme)
    assert "content/sources/" not in found
    assert "content/sources/report.yaml" in found


def test_a_project_without_settings_or_folders_has_only_theme_inputs(
    tmp_path: Path, theme: Theme
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert set(scan_inputs(empty, theme)) == {"theme:brief.html", "theme:css/print.css"}


def test_a_changed_theme_file_changes_the_inputs(root: Path, theme: Theme) -> None:
    before = scan_inputs(root, theme)
    (theme.folders[1] / "css/print.css").write_text("p { color: red }", encoding="utf-8")
    assert scan_inputs(root, theme)["theme:css/print.css"] != before["theme:css/print.css"]


def test_a_packaged_file_hidden_by_the_project_does_not_count(root: Path, theme: Theme) -> None:
    before = scan_inputs(root, theme)
    (theme.folders[1] / "brief.html").write_text("packaged, changed", encoding="utf-8")
    assert scan_inputs(root, theme) == before


# the theme's files


def test_theme_files_take_the_project_file_first(theme: Theme) -> None:
    own, packaged = theme.folders
    assert theme.files() == {
        "brief.html": own / "brief.html",
        "css/print.css": packaged / "css/print.css",
    }


def test_theme_files_include_templates_and_hidden_files(theme: Theme) -> None:
    """Unlike the assets copied to output/, every file may change a rendering."""
    write_files(theme.folders[1], {"layout/base.html.j2": "x", ".hidden": "y"})
    assert {"brief.html", "layout/base.html.j2", ".hidden"} <= set(theme.files())


# the project's root


def test_find_root_climbs_to_the_settings_file(root: Path) -> None:
    assert find_root(root / "content/actors") == root.resolve()
    assert find_root(root) == root.resolve()


def test_find_root_also_knows_a_project_by_its_briefs_folder(tmp_path: Path) -> None:
    write_files(tmp_path / "p", {"briefs/one.yaml": "title: One\n", "content/x/y.yaml": ""})
    assert find_root(tmp_path / "p/content/x") == (tmp_path / "p").resolve()


def test_find_root_takes_the_nearest_project(root: Path) -> None:
    inner = root / "content/nested"
    write_files(inner, {"policybrief.yaml": "title: Inner\n", "deeper/x.md": ""})
    assert find_root(inner / "deeper") == inner.resolve()


def test_find_root_without_a_project_is_the_start(tmp_path: Path) -> None:
    start = tmp_path / "a/b"
    start.mkdir(parents=True)
    if any((p / "policybrief.yaml").is_file() or (p / "briefs").is_dir() for p in start.parents):
        pytest.skip("a folder above the temporary folder looks like a project")
    assert find_root(start) == start.resolve()
