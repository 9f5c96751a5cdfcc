"""``init [DIR]``: a working project in an empty or existing folder, never overwriting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from policybrief import __version__
from policybrief.authoring.init import STARTER, init_project
from policybrief.authoring.project_files import settings, settings_text, vscode_settings_text
from policybrief.cli import main
from policybrief.content.model import Settings
from tests.helpers import REPO, write_files

pytestmark = pytest.mark.usefixtures("clean_environment")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_init_makes_a_project_that_passes_check_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["init", str(tmp_path / "desk")], capsys)
    assert (code, err) == (0, ""), err
    root = tmp_path / "desk"
    written = set(files_under(root))
    assert {
        "policybrief.yaml",
        ".gitignore",
        ".github/workflows/briefs.yml",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        "schemas/brief.schema.json",
        "content/agenda/.gitkeep",
        "content/assets/.gitkeep",
        *STARTER,
    } == written - {p for p in written if p.startswith("schemas/") and "brief" not in p}
    assert "next: cd " in out
    assert "policybrief build" in out
    code, out, err = run(["check", "--strict", "--root", str(root)], capsys)
    assert (code, err) == (0, ""), err
    assert "checked 5 files, no problems" in out


def test_the_gitignore_keeps_build_products_out(tmp_path: Path) -> None:
    init_project(tmp_path)
    lines = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/output/", "/.policybrief/"} <= set(lines)


def test_the_settings_file_names_every_setting_of_the_model() -> None:
    text = settings_text()
    keys = [s.key.rsplit(".", 1)[-1] for s in settings()]
    assert set(Settings.model_fields) | {"title", "base_url", "include_drafts"} <= set(keys)
    for key in keys:
        assert re.search(rf"^ *# {key}:", text, re.MULTILINE), key
    assert all(s.description for s in settings()), "a setting without a docstring"


def test_every_value_the_settings_file_shows_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Uncommented as a whole, the settings file passes check: its samples are valid."""
    uncommented = re.sub(r"^( *)# (\w+:)", r"\1\2", settings_text(), flags=re.MULTILINE)
    write_files(tmp_path, {"policybrief.yaml": uncommented})
    assert yaml.safe_load(uncommented)["site"]["title"] == "Policy briefs"
    code, _, err = run(["check", "--strict", "--root", str(tmp_path)], capsys)
    assert (code, err) == (0, ""), err


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(tmp_path, {"policybrief.yaml": "organisation: Desk\n", ".gitignore": "*.tmp\n"})
    before = files_under(tmp_path)
    code, out, _ = run(["init", str(tmp_path)], capsys)
    assert code == 0
    after = files_under(tmp_path)
    assert {k: after[k] for k in before} == before
    assert "policybrief.yaml (it exists; not overwritten)" in out
    code, out, _ = run(["init", str(tmp_path)], capsys)
    assert code == 0
    assert files_under(tmp_path) == after
    assert "nothing to do" in out


def test_an_existing_project_gets_no_starter_content(tmp_path: Path) -> None:
    write_files(tmp_path, {"briefs/mine.yaml": "title: Mine\n"})
    done = init_project(tmp_path)
    assert not done.starter
    assert not (tmp_path / "content").exists()
    assert (tmp_path / ".github/workflows/briefs.yml").is_file()


@pytest.mark.parametrize("inner", ["content/actors", "briefs", "deeper/still"])
def test_init_refuses_a_folder_inside_another_project(
    tmp_path: Path, inner: str, capsys: pytest.CaptureFixture[str]
) -> None:
    init_project(tmp_path / "outer")
    before = files_under(tmp_path)
    code, _, err = run(["init", str(tmp_path / "outer" / inner)], capsys)
    assert code == 1
    assert "is inside the project at" in err
    assert files_under(tmp_path) == before


def test_init_of_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(tmp_path, {"afile": ""})
    code, _, err = run(["init", str(tmp_path / "afile")], capsys)
    assert code == 2
    assert "is a file" in err


def test_the_workflow_uses_the_action_at_this_release(tmp_path: Path) -> None:
    init_project(tmp_path, action_repo="analysis/policybrief")
    flow = yaml.safe_load((tmp_path / ".github/workflows/briefs.yml").read_text("utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    assert [s.get("uses") for s in steps] == [
        "actions/checkout@v4",
        f"analysis/policybrief@v{__version__}",
    ]
    # The whole history, or "What changed since edition N" is left out in CI.
    assert steps[0]["with"] == {"fetch-depth": 0}


@pytest.mark.parametrize("bad", ["policybrief", "a/b/c", "https://git.example/a/b"])
def test_a_bad_action_repo_is_a_usage_error(
    tmp_path: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["init", str(tmp_path / "p"), "--action-repo", bad], capsys)
    assert code == 2, err
    assert not (tmp_path / "p").exists()


def test_comments_name_the_command_as_typed(tmp_path: Path) -> None:
    init_project(tmp_path, program="python build.py")
    brief = (tmp_path / "briefs/first-brief.yaml").read_text(encoding="utf-8")
    assert "'python build.py new brief SLUG'" in brief


def test_the_editor_settings_map_every_yaml_kind_to_its_schema(tmp_path: Path) -> None:
    init_project(tmp_path)
    mapping = json.loads((tmp_path / ".vscode/settings.json").read_text("utf-8"))["yaml.schemas"]
    for schema, files in mapping.items():
        assert (tmp_path / schema).is_file()
        assert files.endswith(".yaml")
    # This repository's own editor settings are the same file.
    assert (REPO / ".vscode/settings.json").read_text("utf-8") == vscode_settings_text()


def test_the_pre_commit_config_runs_check(tmp_path: Path) -> None:
    init_project(tmp_path)
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    published = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    assert hook["entry"] == published["entry"] == "policybrief check"
    assert hook["always_run"] is published["always_run"] is True


def test_init_with_action_repo_names_it_in_a_workflow_kept(tmp_path: Path) -> None:
    """The workflow's comment said to run 'init --action-repo', which then said
    "nothing to do" and left the placeholder; an older init's placeholder
    (your-org, an account anyone could register) is replaced too."""
    init_project(tmp_path)
    workflow = tmp_path / ".github/workflows/briefs.yml"
    assert "uses: your_org/policybrief@" in workflow.read_text(encoding="utf-8")
    workflow.write_text(
        workflow.read_text(encoding="utf-8").replace("your_org/", "your-org/"), encoding="utf-8"
    )
    done = init_project(tmp_path, action_repo="analysis-tools/policybrief")
    assert done.updated == [workflow]
    text = workflow.read_text(encoding="utf-8")
    assert "uses: analysis-tools/policybrief@" in text
    assert "your-org" not in text
    assert "your_org" not in text
    assert init_project(tmp_path, action_repo="analysis-tools/policybrief").updated == []
