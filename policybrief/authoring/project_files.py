"""The texts of the set-up files ``init`` writes: settings, CI, pre-commit, editor, git.

Each text is derived from what it describes wherever that exists in code: the
settings file from the settings model (so a new setting appears, commented, with
its docstring), the editor's schema map from the schema kinds, the workflow from
the package's version. ``init`` writes them; tests and the reference in docs/ read
the same functions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from policybrief import __version__
from policybrief.content.model import Settings

#: Where ``init``'s workflow takes the action from until told (``init --action-repo``).
#: Where the workflow takes the action from until ``init --action-repo`` names the
#: organisation's copy. No GitHub account can be named ``your_org`` (names hold
#: letters, digits and hyphens only), so an unedited workflow fails to find the
#: action instead of running whatever an account called ``your-org`` published.
PLACEHOLDER_ACTION_REPO = "your_org/policybrief"
#: The placeholder of ``init`` before 0.3.2: an account anyone could register.
OLD_PLACEHOLDER_ACTION_REPO = "your-org/policybrief"


@dataclass(frozen=True)
class Setting:
    """One key of ``policybrief.yaml``: its dotted name, description, default and a sample."""

    key: str
    description: str
    #: The default as written in YAML; empty when there is none.
    default: str
    #: A value to show in the commented settings file: the default, else an example.
    sample: str
    #: The allowed values, when the key takes one of a list.
    choices: tuple[str, ...]
    #: The key holds further settings (``site``).
    is_group: bool = False


def settings(model: type[BaseModel] = Settings, prefix: str = "") -> Iterator[Setting]:
    """Every key of ``policybrief.yaml``, in the model's order, groups before their keys."""
    for name, info in model.model_fields.items():
        key = prefix + name
        nested = _nested_model(info)
        if nested is not None:
            yield Setting(key, info.description or "", "", "", (), is_group=True)
            yield from settings(nested, key + ".")
            continue
        default = "" if info.default is None else _yaml_scalar(info.default)
        example = _yaml_scalar(info.examples[0]) if info.examples else ""
        yield Setting(key, info.description or "", default, default or example, _choices(info))


def _nested_model(info: FieldInfo) -> type[BaseModel] | None:
    annotation = info.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _choices(info: FieldInfo) -> tuple[str, ...]:
    from typing import Literal, get_args, get_origin

    annotation = info.annotation
    for candidate in (annotation, *get_args(annotation)):
        if get_origin(candidate) is Literal:
            return tuple(str(v) for v in get_args(candidate))
    return ()


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):  # a flow list: [A, B C]
        return "[" + ", ".join(map(_yaml_scalar, value)) + "]"
    return str(value)


def settings_text() -> str:
    """``policybrief.yaml`` with every key commented out at its default, and what it does."""
    lines = [
        "# This project's settings. Every key is optional: each is shown commented out,",
        "# at its default or with an example value. Remove the '# ' before a key to set it",
        "# (and before 'site:' for the keys under it). Unknown keys are errors.",
    ]
    for setting in settings():
        indent = "  " * setting.key.count(".")
        name = setting.key.rsplit(".", 1)[-1]
        lines.append("")
        lines.append(f"{indent}# {setting.description}")
        if setting.is_group:
            lines.append(f"{indent}# {name}:")
        else:
            value = f" {setting.sample}" if setting.sample else ""
            lines.append(f"{indent}# {name}:{value}")
    return "\n".join(lines) + "\n"


GITIGNORE = """\
# Written by every build: publish output/, never commit it; .policybrief/ is the
# build state (a cache) and the lock.
/output/
/.policybrief/
"""


def workflow_text(action_repo: str = PLACEHOLDER_ACTION_REPO) -> str:
    """The GitHub Actions workflow of a content repository: policybrief's action.

    ``action_repo`` is where the organisation hosts policybrief (``OWNER/NAME``).
    """
    placeholder = action_repo == PLACEHOLDER_ACTION_REPO
    where = (
        "# Replace your_org/policybrief with where your organisation hosts policybrief\n"
        "      # (OWNER/NAME on your GitHub), or run 'policybrief init --action-repo OWNER/NAME'.\n"
        "      "
        if placeholder
        else ""
    )
    return f"""\
# Check and build the briefs on every change: problems appear as annotations on
# the pull request's files; output/ (the PDFs, web pages and site) is kept as the
# artifact 'briefs'. Written by 'policybrief init'; the CI guide in policybrief's
# docs/ describes the action's inputs (sharding, strict, the artifact's name).
name: briefs

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: briefs-${{{{ github.ref }}}}
  cancel-in-progress: true

jobs:
  build:
    # The PDFs' bytes depend on the system's libraries (Pango, HarfBuzz): a new
    # release behind ubuntu-latest may change them; see the CI guide.
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the whole history: "What changed since edition N" reads it
      # policybrief at the release this project was set up with; the action installs
      # it with its pinned dependencies, restores the last build, checks, builds and
      # uploads output/.
      {where}- uses: {action_repo}@v{__version__}
"""


PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): 'pre-commit install' once, then every commit
# is checked first with the policybrief installed in your environment (always: a
# commit that only deletes an actor breaks the briefs that name it, and pre-commit
# passes no deleted file to a hook's 'files'). To pin a version instead, use the hook
# policybrief's repository publishes (.pre-commit-hooks.yaml):
#   - repo: <your git server>/policybrief.git
#     rev: v{version}
#     hooks:
#       - id: policybrief-check
repos:
  - repo: local
    hooks:
      - id: policybrief-check
        name: policybrief check
        entry: policybrief check
        language: system
        pass_filenames: false
        always_run: true
""".replace("{version}", __version__)


def vscode_settings_text() -> str:
    """``.vscode/settings.json``: each kind of YAML file mapped to its schema in ``schemas/``.

    Analysis sections are Markdown, where editors apply no schema; their files
    are marked as Markdown instead.
    """
    from policybrief.authoring.schema import KINDS, SCHEMA_DIR

    schemas = {
        f"./{SCHEMA_DIR}/{kind.filename}": kind.files
        for kind in KINDS
        if kind.files.endswith(".yaml")
    }
    text = {
        "yaml.schemas": schemas,
        "yaml.yamlVersion": "1.2",
        "files.associations": {"content/analysis/*.md": "markdown"},
    }
    return json.dumps(text, indent=2) + "\n"
