"""Run policybrief's GitHub Action (action.yml) on this machine, as a runner would.

Each ``run:`` step of the composite action is executed with bash as GitHub runs
it (``bash --noprofile --norc -eo pipefail``), its ``env:`` expressions replaced
by their values (the action's inputs, ``github.action_path`` = this checkout,
earlier steps' outputs), in the content repository's folder. Steps that ``uses:``
another action (setup-python, cache, upload-artifact) are GitHub's own and are
recorded, not run: the caller provides the Python (first on ``PATH``).

Used by tests/integration/test_action.py, and by hand to try the action on a
content repository::

    python -m tests.action_runner PROJECT [--python VENV/bin/python] [--input shard=1/2]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
ACTION = REPO / "action.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


@dataclass
class ActionRun:
    """What happened: each step's name and exit code (None: another action, not run)."""

    steps: list[tuple[str, int | None]] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    log: str = ""

    @property
    def ok(self) -> bool:
        return all(code in (0, None) for _, code in self.steps)


def run_action(
    workspace: Path, python: Path, inputs: dict[str, str] | None = None, timeout: float = 600
) -> ActionRun:
    """Run the action's scripts in ``workspace`` with ``python``'s folder first on PATH.

    Stops at the first failing step, as a runner does.

    Raises:
        KeyError: an ``env:`` expression this runner cannot evaluate (a test must notice).
    """
    action: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    values = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    values |= {f"inputs.{k}": v for k, v in (inputs or {}).items()}
    values |= {"github.action_path": str(REPO), "github.action_ref": ""}
    done = ActionRun()
    environment = {
        **os.environ,
        "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
    }
    for number, step in enumerate(action["runs"]["steps"]):
        name = step.get("name") or step["uses"]
        if "run" not in step:
            done.steps.append((name, None))
            continue
        output_file = workspace.parent / f".github-output-{number}"
        output_file.write_text("", encoding="utf-8")
        env = {
            k: _EXPRESSION.sub(lambda m: values[m.group(1)], str(v))
            for k, v in step.get("env", {}).items()
        }
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env={**environment, **env, "GITHUB_OUTPUT": str(output_file)},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        done.log += f"== {name} (exit {result.returncode})\n{result.stdout}{result.stderr}"
        done.steps.append((name, result.returncode))
        for line in output_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            values[f"steps.{step.get('id')}.outputs.{key}"] = value
            done.outputs[f"{step.get('id')}.{key}"] = value
        output_file.unlink()
        if result.returncode != 0:
            break
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--python", type=Path, default=Path(sys.executable))
    parser.add_argument("--input", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    inputs = dict(item.split("=", 1) for item in args.input)
    done = run_action(args.project.resolve(), args.python, inputs)
    sys.stdout.write(done.log)
    for name, code in done.steps:
        sys.stdout.write(
            f"{'ran' if code is not None else 'GitHub runs'}: {name}"
            f"{'' if code is None else f' (exit {code})'}\n"
        )
    return 0 if done.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
