"""Reading a project from disk: what the overlays in tests/data/broken cannot express."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybrief.content import load
from policybrief.content.load import find_root, load_project
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics, Position


def check(root: Path) -> list[tuple[str, Position, str]]:
    diags = Diagnostics()
    validate_project(load_project(root, diags), diags)
    return [(d.path.relative_to(root).as_posix(), d.position, d.message) for d in diags.sorted()]


def test_valid_project_loads_every_file(make_project) -> None:
    root = make_project()
    diags = Diagnostics()
    project = load_project(root, diags)
    assert diags.items == []
    assert project.settings is not None
    assert sorted(f"{d.kind}/{d.id}" for d in project.documents) == [
        "actors/alpha",
        "actors/alpha-ministry",
        "actors/ann-smith",
        "actors/beta",
        "actors/bob-jones",
        "agenda/summit",
        "agenda/talks",
        "analysis/background",
        "analysis/kj-summit",
        "analysis/outlook",
        "briefs/test-brief",
        "sources/gazette",
        "sources/report",
    ]
    outlook = next(d for d in project.documents if d.id == "outlook")
    assert outlook.body == "No estimate here. `[[not-a-link]]`\n"
    assert outlook.body_line == 5
    assert outlook.rel == "content/analysis/outlook.md"


def test_readme_and_dotfiles_are_ignored(make_project) -> None:
    root = make_project(
        {
            "content/README.md": "# Content\n",
            "content/actors/README.md": "# Actors\n",
            "content/actors/.carol.yaml.swp": "junk",
            "content/.obsidian/config": "junk",
            "briefs/README.md": "# Briefs\n",
            "content/assets/.DS_Store": "junk",
        }
    )
    assert check(root) == []


def test_crlf_and_bom_keep_positions(make_project) -> None:
    text = "\ufeffname: Beta State\r\nkind: stat\r\n"
    root = make_project()
    (root / "content/actors/beta.yaml").write_bytes(text.encode("utf-8"))
    assert check(root) == [
        ("content/actors/beta.yaml", Position(2, 7), "'stat' is not a valid kind")
    ]


def test_crlf_in_markdown_keeps_body_positions(make_project) -> None:
    root = make_project()
    path = root / "content/analysis/outlook.md"
    path.write_bytes(b"---\r\ntitle: Outlook\r\nkind: outlook\r\n---\r\nSee [[nobody]].\r\n")
    assert check(root) == [
        ("content/analysis/outlook.md", Position(5, 5), "unknown actor or agenda item 'nobody'")
    ]


def test_too_large_file(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 2048)
    root = make_project({"content/sources/report.yaml": "title: T\npublisher: P\n" + "#" * 4096})
    assert check(root) == [
        (
            "content/sources/report.yaml",
            Position(1, 1),
            "file is too large (4 KiB; the limit is 2 KiB)",
        )
    ]


def test_link_to_a_file_outside_the_project(make_project, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: Outsider\nkind: person\n", encoding="utf-8")
    root = make_project()
    (root / "content/actors/outsider.yaml").symlink_to(outside)
    assert check(root) == [
        (
            "content/actors/outsider.yaml",
            Position(1, 1),
            "file is a link to somewhere outside content/",
        )
    ]


def test_asset_link_to_a_file_outside_the_project(make_project, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG")
    root = make_project()
    (root / "content/assets").mkdir(exist_ok=True)
    (root / "content/assets/map.png").symlink_to(outside)
    diags = Diagnostics()
    project = load_project(root, diags)
    assert [(d.path.name, d.message) for d in diags.items] == [
        ("map.png", "asset is a link to a file outside content/")
    ]
    assert project.assets == set()


def test_assets_are_listed_relative_to_content(make_project) -> None:
    root = make_project({"content/assets/maps/region.png": "x", "content/assets/a.svg": "x"})
    project = load_project(root, Diagnostics())
    assert project.assets == {"assets/maps/region.png", "assets/a.svg"}


def test_unreadable_files_still_count_as_existing(make_project) -> None:
    root = make_project()
    (root / "content/actors/beta.yaml").write_bytes(b"name: B\xe9ta\nkind: state\n")
    diags = Diagnostics()
    project = load_project(root, diags)
    assert ("actors", "beta") in project.unreadable
    # bob-jones names beta as its country: one error (the encoding), not two.
    assert check(root) == [
        ("content/actors/beta.yaml", Position(1, 8), "file is not UTF-8 (byte 0xe9)")
    ]


def test_a_project_without_settings_or_content(make_project) -> None:
    root = make_project(base=None)
    assert check(root) == []


def test_find_root(make_project, tmp_path: Path) -> None:
    root = make_project()
    assert find_root(root / "content" / "actors") == root.resolve()
    no_settings = make_project({"briefs/x.txt": ""}, base=None)
    assert find_root(no_settings / "briefs") == no_settings.resolve()
    lost = tmp_path / "lost" / "deeper"
    lost.mkdir(parents=True)
    assert find_root(lost) == lost.resolve()


def test_an_oversized_image_is_refused(make_project) -> None:
    root = make_project()
    big = root / "content/assets/huge.png"
    big.parent.mkdir(parents=True, exist_ok=True)
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    diags = Diagnostics()
    project = load_project(root, diags)
    assert "assets/huge.png" not in project.assets
    [error] = diags.errors
    assert error.path == big
    assert error.message == "image is too large (21 MiB; the limit is 20 MiB)"


def test_every_control_character_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    """Text pasted from a PDF brings several; one run each took six runs to find six."""
    from tests.helpers import make_project_at, run_cli

    line = "Pasted \u2029 text \x0c with \x85 many \x0b controls \x07 and \x1b more."
    many = "\x07" * 30
    root = make_project_at(
        tmp_path / "p",
        {
            "content/analysis/background.md": (
                f"---\ntitle: Background\nkind: background\n---\n{line}\n{many}\n"
            )
        },
    )
    run = run_cli("--root", str(root), "check")
    assert run.err.count(": error: control character") == 20
    assert "content/analysis/background.md:5:8: error: control character U+2029" in run.err
    assert "16 more control characters from here on" in run.err
