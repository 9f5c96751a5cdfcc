"""What every command shares: the global options, the exit codes and the closing report.

``--root``, ``-q/--quiet``, ``-v/--verbose`` and ``--format`` are defined once
here and accepted before or after the command (``policybrief -q build`` and
``policybrief build -q`` are the same); their values are gathered into one
:class:`GlobalOptions` instead of being a parameter of every command.
"""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from policybrief.content.project import find_root
from policybrief.errors import Diagnostic, Diagnostics, Severity
from policybrief.report import REPORT_FORMATS, default_format, plural, print_diagnostics

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
#: Stopped by SIGTERM (128 + 15), as a shell reports it; Ctrl-C is 130 (128 + SIGINT's 2).
EXIT_TERMINATED = 143


@dataclass(frozen=True)
class GlobalOptions:
    """The options every command shares, after defaults are applied."""

    #: The project folder (absolute).
    root: Path
    quiet: bool
    verbose: bool
    #: How diagnostics are printed: ``text`` or ``github``.
    fmt: str


#: ``--strict`` of ``build`` and ``check``.
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """Keep a global option's value for the whole command line; a later one wins."""
    if value:
        ctx.find_root().ensure_object(dict)[param.name] = value


def common_options(func: F) -> F:
    """Accept --root, --quiet, --verbose and --format on a command or the group."""
    decorators = [
        click.option(
            "--root",
            type=click.Path(file_okay=False, path_type=Path),
            expose_value=False,
            callback=_remember,
            help="Project folder (default: the nearest folder up holding "
            "policybrief.yaml, briefs/ or content/).",
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            expose_value=False,
            callback=_remember,
            help="Print errors only.",
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            expose_value=False,
            callback=_remember,
            help="Print details and tracebacks.",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(REPORT_FORMATS),
            expose_value=False,
            callback=_remember,
            help="Diagnostics as text, or as GitHub Actions annotations "
            "(default: github when GITHUB_ACTIONS=true).",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def global_options() -> GlobalOptions:
    """The global options of the command being run, with their defaults.

    Raises:
        click.BadParameter: ``--root`` is not a folder.
    """
    ctx = click.get_current_context(silent=True)
    given: dict[str, Any] = (ctx.find_root().obj if ctx else None) or {}
    root: Path | None = given.get("root")
    quiet = bool(given.get("quiet", False))
    verbose = bool(given.get("verbose", False))
    if root is not None:
        if not root.is_dir():
            raise click.BadParameter(f"'{root}' is not a folder", param_hint="--root")
        root = root.resolve()
    else:
        root = find_root(Path.cwd())
    return GlobalOptions(root, quiet, verbose and not quiet, given.get("fmt") or default_format())


def waiting_for_build() -> None:
    """Say why a command waits: another build (or clean) of the project holds its lock."""
    click.echo("another build of this project is running; waiting for it to finish…", err=True)


def program(cwd: Path | None = None) -> str:
    """How the writer ran us, so a suggested command works as typed from ``cwd``
    (the folder the suggestion runs in; default: the current one).

    ``python build.py`` in a checkout run from its own folder, ``python
    /path/to/build.py`` from any other (a project made by ``init`` elsewhere
    holds no ``build.py``), ``python -m policybrief`` for the module, else the
    installed ``policybrief`` command.
    """
    started = Path(sys.argv[0])
    if started.name == "build.py":
        script = started.resolve()
        if script.parent == (cwd or Path.cwd()).resolve():
            return "python build.py"
        return f"python {shlex.quote(str(script))}"
    if started.name == "__main__.py" and started.parent.name == "policybrief":
        return "python -m policybrief"
    return "policybrief"


def finish(
    opts: GlobalOptions, diags: Diagnostics, what: str, started: float, *, strict: bool
) -> None:
    """Print the diagnostics and a summary; exit 1 on errors (and warnings when ``strict``).

    ``what`` is the summary's start (``built 2, skipped 0, failed 0``);
    ``started`` the ``time.perf_counter()`` reading when the command began.
    Diagnostics go to stderr, the summary to stdout (stderr on errors).

    Raises:
        SystemExit: with :data:`EXIT_CONTENT` when there are errors (after
            ``strict`` has made every warning one), so the command fails.
    """
    diags = diags.unique()
    if strict:
        diags.items = [
            Diagnostic(d.path, d.position, d.message, d.hint, Severity.ERROR, code=d.code)
            for d in diags.items
        ]
    shown = diags.sorted() if not opts.quiet else [d for d in diags.sorted() if d.is_error]
    print_diagnostics(shown, sys.stderr, fmt=opts.fmt)
    errors, warnings = len(diags.errors), len(diags.warnings)
    elapsed = time.perf_counter() - started
    if errors:
        summary = f"{what}: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
        click.echo(summary, err=True)
        raise SystemExit(EXIT_CONTENT)
    if not opts.quiet:
        extra = f", {plural(warnings, 'warning')}" if warnings else ", no problems"
        click.echo(f"{what}{extra} ({elapsed:.2f} s)")
