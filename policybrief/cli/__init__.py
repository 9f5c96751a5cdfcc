"""The command line: ``python build.py [command] [options]`` (also ``policybrief``).

Exit codes (DESIGN.md): 0 success, 1 content/render/output errors, 2 usage
errors, 3 internal errors (bugs), 130 interrupted.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import click

from policybrief import __version__
from policybrief.authoring.scaffold import KINDS as SCAFFOLD_KINDS
from policybrief.build.scan import find_root
from policybrief.errors import Diagnostic, Diagnostics, PolicybriefError, Position, Severity
from policybrief.report import FORMATS, default_format, display_path, plural, print_diagnostics

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
    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.render.theme import Theme, template_ok

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
@click.option("--force", is_flag=True, help="Render every selected brief, stale or not.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="PDF worker processes (default: CPUs)."
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    help="Seconds one brief's PDF may take to render (default: 120).",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Render only shard K of N (a stable share of the briefs, by slug), for CI matrices.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/ua-1", "pdf/a-3b", "plain"]),
    help="PDF/UA-1 (tagged, accessible; the default), PDF/A-3b (archival, with the "
    "brief's sources attached) or plain PDF (default: pdf_variant in policybrief.yaml).",
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
    force: bool = False,
    jobs: int | None = None,
    timeout: int | None = None,
    shard: str | None = None,
    pdf_variant: str | None = None,
    output_dir: Path | None = None,
    root: Path | None = None,
    quiet: bool = False,
    verbose: bool = False,
    fmt: str | None = None,
    strict: bool = False,
) -> None:
    """Build BRIEFS (slugs or briefs/ files), or all briefs, as HTML and PDF.

    Only briefs whose inputs changed since the last build are rendered again.
    """
    opts = _options(root, quiet, verbose, fmt)
    request = BuildRequest(
        briefs=briefs,
        kinds=_parse_outputs(outputs),
        force=force,
        jobs=jobs,
        timeout=timeout,
        shard=shard,
        shard_spec=_parse_shard(shard),
        pdf_variant=pdf_variant,
        output=output_dir,
        strict=strict,
    )
    started = time.perf_counter()
    result = run_build(opts, request)
    _finish(result.opts, result.diags, result.summary, started)


@dataclass(frozen=True)
class BuildRequest:
    """What one build is asked to do: ``build``'s options, or what ``serve`` asks for."""

    briefs: tuple[str, ...] = ()
    kinds: tuple[str, ...] | None = None
    force: bool = False
    jobs: int | None = None
    timeout: int | None = None
    shard: str | None = None
    shard_spec: tuple[int, int] | None = None
    pdf_variant: str | None = None
    #: The output folder; None: output/ in the project.
    output: Path | None = None
    strict: bool = False


@dataclass(frozen=True)
class BuildResult:
    """What a build found: its diagnostics and a one-line summary, not yet printed."""

    #: The options in force, with ``strict`` from the command line or the settings.
    opts: Options
    diags: Diagnostics
    summary: str


def run_build(
    opts: Options,
    req: BuildRequest,
    *,
    state: Any = None,
    on_wait: Callable[[], None] | None = None,
) -> BuildResult:
    """Build what is stale under the project lock; print progress, return the diagnostics.

    ``build`` and ``serve`` both come here, so a preview builds exactly as the
    command line does. With ``state`` (a BuildState) the build compares against
    and updates that state in memory and leaves ``.policybrief/state.json``
    alone: ``serve``'s HTML-only builds must not make the next full build think
    the PDFs are current.
    """
    from policybrief.build.lock import project_lock
    from policybrief.render.theme import Theme

    output = (req.output or opts.root / "output").resolve()
    theme = Theme.for_project(opts.root)

    def waiting() -> None:
        click.echo("another build of this project is running; waiting for it to finish…", err=True)

    with ExitStack() as stack:
        try:
            stack.enter_context(project_lock(opts.root / ".policybrief", on_wait or waiting))
        except OSError as exc:
            raise PolicybriefError(
                f"cannot use {opts.root / '.policybrief'}: {exc.strerror}; "
                "the project folder must be writable"
            ) from None
        return _locked_build(opts, req, output, theme, state)


def _locked_build(
    opts: Options, req: BuildRequest, output: Path, theme: Any, state: Any
) -> BuildResult:
    from policybrief.build.scan import scan_inputs
    from policybrief.build.state import (
        BuildState,
        code_digest,
        combine,
        diagnostic_from_json,
        load_state,
    )

    digests = scan_inputs(opts.root, theme)
    request = {
        "code": code_digest(),
        "output": str(output),
        "briefs": ",".join(req.briefs),
        "outputs": ",".join(req.kinds or ()),
        "shard": req.shard or "",
        "pdf_variant": req.pdf_variant or "",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    inputs = combine([*digests.items(), *(("request:" + k, v) for k, v in request.items())])
    persist = state is None
    if state is None:
        state = load_state(opts.root) or BuildState()
    if not req.force and state.inputs == inputs and _outputs_present(state, output):
        # Nothing changed since the last build: show its diagnostics again, stop.
        diags = Diagnostics([diagnostic_from_json(d, opts.root) for d in state.diagnostics])
        opts = replace(opts, strict=req.strict or state.strict)
        return BuildResult(
            opts, diags, f"nothing to do: {plural(len(state.briefs), 'brief')} up to date"
        )
    return _full_build(opts, req, output, digests, inputs, state, persist)


def _full_build(
    opts: Options,
    req: BuildRequest,
    output: Path,
    digests: dict[str, str],
    inputs: str,
    state: Any,
    persist: bool,
) -> BuildResult:
    from policybrief.build.engine import DEFAULT_TIMEOUT, BuildOptions, BuildReport, build
    from policybrief.build.progress import make_progress
    from policybrief.build.state import diagnostic_to_json, save_state
    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project

    diags = Diagnostics()
    project = load_project(opts.root, diags)
    corpus = validate_project(project, diags)
    opts = replace(opts, strict=req.strict or corpus.settings.strict)
    brief_files = {d.id for d in project.documents if d.kind == "briefs"}
    brief_files |= {p.stem for p in (opts.root / "briefs").glob("*.yaml")}
    build_options = BuildOptions(
        output,
        req.briefs,
        req.kinds,
        req.jobs or corpus.settings.jobs or 0,
        req.force,
        req.shard_spec,
        req.timeout or corpus.settings.timeout or DEFAULT_TIMEOUT,
        req.pdf_variant,
    )
    report = BuildReport()
    progress = make_progress(sys.stderr, quiet=opts.quiet, verbose=opts.verbose)
    try:
        with progress:
            report = build(
                corpus,
                brief_files,
                build_options,
                diags,
                digests=digests,
                state=state,
                progress=progress.update,
            )
    finally:
        # Save what was built even when interrupted: the next build finishes the job.
        complete = not report.failed and not any(
            d.message.startswith(("PDF rendering failed", "cannot write")) for d in diags.items
        )
        state.inputs = inputs if complete else ""
        state.output = str(output)
        state.strict = corpus.settings.strict
        state.diagnostics = [diagnostic_to_json(d, opts.root) for d in diags.sorted()]
        try:
            if persist:
                save_state(opts.root, state)
        except OSError as exc:
            diags.warning(
                opts.root / ".policybrief",
                Position(0, 0),
                f"cannot save build state: {exc.strerror}",
            )
    what = f"built {len(report.built)}, skipped {len(report.skipped)}, failed {len(report.failed)}"
    if report.removed:
        what += f", removed {len(report.removed)}"
    return BuildResult(opts, diags, what)


def _outputs_present(state: Any, output: Path) -> bool:
    from policybrief.build.state import SITE_FILES

    briefs = all((output / rel).is_file() for b in state.briefs.values() for rel in b.outputs)
    return briefs and all((output / rel).is_file() for rel in SITE_FILES)


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter("write K/N, e.g. 1/4", param_hint="--shard") from None
    if not 1 <= k <= n:
        raise click.BadParameter("K must be between 1 and N", param_hint="--shard")
    return k, n


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default is reachable from this machine only.",
)
@click.option("--no-pdf", is_flag=True, help="Build HTML only; leave the PDFs as they are.")
@common_options
def serve(
    port: int,
    host: str,
    no_pdf: bool,
    root: Path | None,
    quiet: bool,
    verbose: bool,
    fmt: str | None,
) -> None:
    """Preview: serve output/, rebuild on every save, reload the open page.

    Watches content/, briefs/, templates/ and policybrief.yaml. The HTML is
    rebuilt first and the page reloads; the PDFs follow in the background.
    Problems are printed here and shown in a banner on every page. Press
    Ctrl-C to stop.
    """
    from policybrief.build.state import BuildState
    from policybrief.serve import Preview, PreviewBuild, is_loopback

    opts = _options(root, quiet, verbose, fmt)
    html_state = BuildState()

    def build_html() -> PreviewBuild:
        result = run_build(
            replace(opts, quiet=True),
            BuildRequest(kinds=("html",)),
            state=html_state,
            on_wait=lambda: click.echo("waiting for another build of this project…", err=True),
        )
        return PreviewBuild(_unique(result.diags).sorted(), result.summary)

    pdf_command = [sys.executable, "-m", "policybrief", "build", "--root", str(opts.root)]
    if not is_loopback(host):
        click.echo(
            f"warning: serving on {host}: anyone who can reach this machine can read the briefs",
            err=True,
        )
    try:
        preview = Preview(
            opts.root,
            opts.root / "output",
            build_html=build_html,
            pdf_command=None if no_pdf else [*pdf_command, "--format", "text"],
            host=host,
            port=port,
        )
    except OSError as exc:
        raise PolicybriefError(
            f"cannot listen on {host}:{port}: {exc.strerror}; choose another port with --port"
        ) from None
    preview.run()


@cli.command()
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: output/ in the project).",
)
@common_options
def clean(
    output_dir: Path | None, root: Path | None, quiet: bool, verbose: bool, fmt: str | None
) -> None:
    """Remove the output folder and the build state (.policybrief/)."""
    from policybrief.build.engine import clean as clean_project

    opts = _options(root, quiet, verbose, fmt)
    output = (output_dir or opts.root / "output").resolve()
    removed = clean_project(opts.root, output)
    if not opts.quiet:
        for path in removed:
            click.echo(f"removed {path}")
        if not removed:
            click.echo("nothing to remove")


@cli.command()
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the schemas into (default: schemas/ in the project).",
)
@common_options
def schema(
    output_dir: Path | None, root: Path | None, quiet: bool, verbose: bool, fmt: str | None
) -> None:
    """Write a JSON Schema for each kind of file, for editors' completion and inline errors.

    The schemas are generated from the models that 'check' validates with, so
    they never disagree with it.
    """
    from policybrief.authoring.schema import SCHEMA_DIR, write_schemas

    opts = _options(root, quiet, verbose, fmt)
    folder = (output_dir or opts.root / SCHEMA_DIR).resolve()
    try:
        written = write_schemas(folder)
    except OSError as exc:
        raise PolicybriefError(f"cannot write {exc.filename or folder}: {exc.strerror}") from None
    if not opts.quiet:
        for path in written:
            click.echo(f"wrote {display_path(path)}")
        if not written:
            click.echo(f"schemas in {display_path(folder)} are up to date")


@cli.command("new")
@click.argument("kind", type=click.Choice(SCAFFOLD_KINDS), metavar="KIND")
@click.argument("id_", metavar="ID")
@common_options
def new_command(
    kind: str, id_: str, root: Path | None, quiet: bool, verbose: bool, fmt: str | None
) -> None:
    """Create a commented file for a new KIND named ID, ready to fill in.

    KIND is brief, actor, agenda, analysis or source; ID is the new file's name
    without extension (lowercase letters, digits and single hyphens). The file
    passes 'check' as written; an existing file is never overwritten.
    """
    from policybrief.authoring.scaffold import new_file

    opts = _options(root, quiet, verbose, fmt)
    try:
        created = new_file(opts.root, kind, id_)
    except OSError as exc:
        raise PolicybriefError(f"cannot write {exc.filename}: {exc.strerror}") from None
    if not opts.quiet:
        for path in created.schemas:
            click.echo(f"wrote {display_path(path)}")
        click.echo(f"created {display_path(created.path)}")
        then = "serve" if kind == "brief" else "check"
        click.echo(f"  next: fill it in, then run '{_program()} {then}'")


def _program() -> str:
    """How the writer ran us, so a suggested command works as typed."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "policybrief"


def _parse_outputs(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    kinds = tuple(dict.fromkeys(k.strip() for k in value.split(",") if k.strip()))
    bad = [k for k in kinds if k not in ("html", "pdf")]
    if bad or not kinds:
        raise click.BadParameter("give html, pdf or html,pdf", param_hint="--outputs")
    return kinds


def _unique(diags: Diagnostics) -> Diagnostics:
    """One file shown by several briefs yields its warning once."""
    return Diagnostics(
        list({(d.path, d.position, d.message, d.severity): d for d in diags.items}.values())
    )


def _finish(opts: Options, diags: Diagnostics, what: str, started: float) -> None:
    """Print the diagnostics and a summary; exit 1 on errors (and warnings under --strict)."""
    diags = _unique(diags)
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


def _interrupt_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl-C, so temporary files are removed and state is saved."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code (never raises)."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args or "--verbose" in args
    _interrupt_on_sigterm()
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
