"""The command line: ``python build.py [command] [options]`` (also ``policybrief``).

Exit codes (DESIGN.md): 0 success, 1 content/render/output errors, 2 usage
errors, 3 internal errors (bugs), 130 interrupted.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import Diagnostic, Diagnostics, PolicybriefError, Severity
from .load import find_root, load_project
from .report import FORMATS, default_format, plural, print_diagnostics
from .theme import Theme, template_ok
from .validate import validate_project

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@dataclass(frozen=True)
class Options:
    """Options every command shares."""

    root: Path
    quiet: bool
    verbose: bool
    fmt: str
    strict: bool = False


def common_options(func: F) -> F:
    """Add --root, --quiet, --verbose and --format (shared by every subcommand)."""
    decorators = [
        click.option(
            "--root",
            type=click.Path(file_okay=False, path_type=Path),
            help="Project folder (default: the nearest folder up holding "
            "policybrief.yaml or briefs/).",
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
        click.option("-v", "--verbose", is_flag=True, help="Print details and tracebacks."),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            help="Diagnostics as text, or as GitHub Actions annotations "
            "(default: github when GITHUB_ACTIONS=true).",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _options(root: Path | None, quiet: bool, verbose: bool, fmt: str | None) -> Options:
    ctx = click.get_current_context(silent=True)
    parent = (ctx.find_root().obj if ctx else None) or {}
    root = root or parent.get("root")
    quiet = quiet or parent.get("quiet", False)
    verbose = verbose or parent.get("verbose", False)
    fmt = fmt or parent.get("fmt")
    if root is not None:
        if not root.is_dir():
            raise click.BadParameter(f"'{root}' is not a folder", param_hint="--root")
        root = root.resolve()
    else:
        root = find_root(Path.cwd())
    return Options(root, quiet, verbose and not quiet, fmt or default_format())


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="policybrief")
@common_options
@click.pass_context
def cli(ctx: click.Context, root: Path | None, quiet: bool, verbose: bool, fmt: str | None) -> None:
    """Turn structured content about a policy question into briefs.

    Without a command, builds every brief (the same as 'build').
    """
    # Options given before the command apply to it too: `policybrief -q build`.
    ctx.obj = {"root": root, "quiet": quiet, "verbose": verbose, "fmt": fmt}
    if ctx.invoked_subcommand is None:
        ctx.invoke(build_command)


STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@cli.command()
@STRICT
@common_options
def check(root: Path | None, quiet: bool, verbose: bool, fmt: str | None, strict: bool) -> None:
    """Validate all content and briefs; render nothing."""
    opts = _options(root, quiet, verbose, fmt)
    started = time.perf_counter()
    diags = Diagnostics()
    project = load_project(opts.root, diags)
    corpus = validate_project(project, diags)
    opts = replace(opts, strict=strict or corpus.settings.strict)
    theme = Theme.for_project(opts.root)
    for record in corpus.briefs.values():
        template_ok(corpus, record, theme, diags)
    files = len(project.documents) + (project.settings is not None)
    _finish(opts, diags, f"checked {plural(files, 'file')}", started)


@cli.command("build")
@click.argument("briefs", nargs=-1)
@click.option(
    "--outputs",
    help="Comma-separated kinds to write, html and/or pdf (default: each brief's outputs:).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="PDF worker processes (default: CPUs)."
)
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: output/ in the project).",
)
@STRICT
@common_options
def build_command(
    briefs: tuple[str, ...] = (),
    outputs: str | None = None,
    jobs: int | None = None,
    output_dir: Path | None = None,
    root: Path | None = None,
    quiet: bool = False,
    verbose: bool = False,
    fmt: str | None = None,
    strict: bool = False,
) -> None:
    """Build BRIEFS (slugs or briefs/ files), or all briefs, as HTML and PDF."""
    from .engine import BuildOptions, build

    opts = _options(root, quiet, verbose, fmt)
    kinds = _parse_outputs(outputs)
    started = time.perf_counter()
    diags = Diagnostics()
    project = load_project(opts.root, diags)
    corpus = validate_project(project, diags)
    opts = replace(opts, strict=strict or corpus.settings.strict)
    brief_files = {d.id for d in project.documents if d.kind == "briefs"}
    output = (output_dir or opts.root / "output").resolve()
    report = build(
        corpus,
        brief_files,
        BuildOptions(output, briefs, kinds, jobs or corpus.settings.jobs or 0),
        diags,
    )
    if not opts.quiet:
        for slug in report.built:
            click.echo(f"built {slug}")
    what = f"built {plural(len(report.built), 'brief')}"
    if report.failed:
        what += f", {len(report.failed)} failed"
    _finish(opts, diags, what + f" into {output}", started)


def _parse_outputs(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    kinds = tuple(dict.fromkeys(k.strip() for k in value.split(",") if k.strip()))
    bad = [k for k in kinds if k not in ("html", "pdf")]
    if bad or not kinds:
        raise click.BadParameter("give html, pdf or html,pdf", param_hint="--outputs")
    return kinds


def _finish(opts: Options, diags: Diagnostics, what: str, started: float) -> None:
    """Print the diagnostics and a summary; exit 1 on errors (and warnings under --strict)."""
    if opts.strict:
        diags.items = [
            Diagnostic(d.path, d.position, d.message, d.hint, Severity.ERROR) for d in diags.items
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code (never raises)."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args or "--verbose" in args
    try:
        cli.main(args=args, prog_name="policybrief", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_CONTENT
    except PolicybriefError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except Exception as exc:  # a bug: say so, never dump a traceback on writers
        if verbose:
            traceback.print_exc()
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "  this is a bug in policybrief, not in your content; run with --verbose "
            "for the traceback and report it",
            err=True,
        )
        return EXIT_INTERNAL
    return EXIT_OK
