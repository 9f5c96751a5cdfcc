"""Write docs/reference.md from the code: every command, option, setting, code and input.

    python scripts/reference.py          rewrite docs/reference.md
    python scripts/reference.py --check  exit 1 if docs/reference.md is out of date

Each part is read from where it is defined, so the reference cannot drift: the
commands' help from the click commands, the settings from the settings model
(their docstrings), the diagnostic codes from ``errors.CODES``, the action's
inputs from ``action.yml``. tests/unit/test_docs.py runs the ``--check``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "docs" / "reference.md"
#: Help is wrapped at this width, whatever the terminal, so the file is stable.
WIDTH = 88

_EXIT_CODES = [
    ("0", "success; warnings are allowed unless `--strict` (or `strict: true`)"),
    ("1", "content, render or output errors the writer can fix, each at `file:line:column`"),
    ("2", "usage errors: a bad option or argument, an unknown brief"),
    ("3", "an internal error: a bug in policybrief (`--verbose` shows the traceback)"),
    ("130", "interrupted by Ctrl-C (SIGINT); the last good outputs are kept"),
    ("143", "stopped by SIGTERM (a CI runner cancelling the job, `kill`); as for 130"),
]

_ENVIRONMENT = [
    ("GITHUB_ACTIONS", "`true` (set by GitHub on every runner): `--format github` by default"),
    ("NO_COLOR", "set: never colour the output (nor with `TERM=dumb`, nor when not a terminal)"),
    (
        "SOURCE_DATE_EPOCH",
        "seconds since 1970: the PDFs' creation date instead of the brief's date; "
        "part of each brief's fingerprint",
    ),
]


def _help(command: click.Command, ctx: click.Context) -> str:
    return command.get_help(ctx).rstrip() + "\n"


def commands_part() -> list[str]:
    """``policybrief --help`` and each command's ``--help``, as a user sees them."""
    from policybrief.cli import COMMANDS, cli

    out = ["## Commands", ""]
    out += [
        "Every command takes the common options (`--root`, `-q`, `-v`, `--format`), before",
        "or after its name, and finds the project from any folder inside it.",
        "",
    ]
    root = click.Context(
        cli,
        info_name="policybrief",
        terminal_width=WIDTH,
        max_content_width=WIDTH,
        **cli.context_settings,
    )
    out += ["### policybrief", "", "```text", _help(cli, root) + "```", ""]
    for name in sorted(COMMANDS):
        command = cli.get_command(root, name)
        assert command is not None
        ctx = click.Context(command, info_name=name, parent=root, terminal_width=WIDTH)
        ctx.max_content_width = WIDTH
        out += [f"### policybrief {name}", "", "```text", _help(command, ctx) + "```", ""]
    out += ["### Exit codes", "", "| code | meaning |", "| --- | --- |"]
    out += [f"| `{code}` | {meaning} |" for code, meaning in _EXIT_CODES]
    out += ["", "### Environment", "", "| variable | effect |", "| --- | --- |"]
    out += [f"| `{name}` | {effect} |" for name, effect in _ENVIRONMENT]
    return [*out, ""]


def settings_part() -> list[str]:
    """The keys of ``policybrief.yaml`` from the settings model."""
    from policybrief.authoring.project_files import settings

    out = [
        "## Settings: `policybrief.yaml`",
        "",
        "Every key is optional; `policybrief init` writes them all, commented out. Unknown",
        "keys are errors. A command-line option (`--jobs`, `--timeout`, `--memory-limit`,",
        "`--pdf-variant`, `--strict`) overrides its key.",
        "",
        "| key | default | values | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for s in settings():
        if s.is_group:
            out.append(f"| `{s.key}:` | | | {s.description} |")
            continue
        default = f"`{s.default}`" if s.default else "none"
        values = " ".join(f"`{c}`" for c in s.choices)
        out.append(f"| `{s.key}` | {default} | {values} | {s.description} |")
    return [*out, ""]


def codes_part() -> list[str]:
    """Every diagnostic code, as ``errors.CODES`` registers it."""
    from policybrief.errors import CODES

    out = [
        "## Diagnostic codes",
        "",
        "Each problem carries a stable code (in the build state and to scripts using",
        "`policybrief.check_project`); the printed message and hint say the fix.",
        "",
        "| code | meaning |",
        "| --- | --- |",
    ]
    out += [f"| `{code}` | {meaning} |" for code, meaning in sorted(CODES.items())]
    return [*out, ""]


def action_part() -> list[str]:
    """The GitHub Action's inputs, from ``action.yml``."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    out = [
        "## The GitHub Action's inputs",
        "",
        "`uses: OWNER/policybrief@vX.Y.Z` with these inputs under `with:` (all optional);",
        "the [CI guide](ci-guide.md) shows them at work.",
        "",
        "| input | default | meaning |",
        "| --- | --- | --- |",
    ]
    for name, spec in action["inputs"].items():
        default = spec.get("default", "")
        shown = f"`{default}`" if default else "empty"
        out.append(f"| `{name}` | {shown} | {spec['description']} |")
    return [*out, ""]


def reference_text() -> str:
    """The whole of docs/reference.md."""
    from policybrief import __version__

    head = [
        "# Reference",
        "",
        "<!-- Generated by `python scripts/reference.py` from the code: do not edit by hand;",
        "     tests/unit/test_docs.py fails when this file is out of date. -->",
        "",
        f"Every command, option, setting, diagnostic code and action input of policybrief"
        f" {__version__}, generated from the code. The content format's fields are in the"
        " [writers' guide](writers-guide.md#the-content-format).",
        "",
        "- [Commands](#commands) ([exit codes](#exit-codes), [environment](#environment))",
        "- [Settings: `policybrief.yaml`](#settings-policybriefyaml)",
        "- [Diagnostic codes](#diagnostic-codes)",
        "- [The GitHub Action's inputs](#the-github-actions-inputs)",
        "",
    ]
    parts = [head, commands_part(), settings_part(), codes_part(), action_part()]
    return "\n".join(line for part in parts for line in part).rstrip() + "\n"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    text = reference_text()
    if argv[1:] == ["--check"]:
        if REFERENCE.read_text(encoding="utf-8") != text:
            sys.stdout.write("docs/reference.md is out of date: run python scripts/reference.py\n")
            return 1
        return 0
    REFERENCE.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {REFERENCE.relative_to(REPO)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
