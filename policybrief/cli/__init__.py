"""The command line: ``python build.py [command] [options]`` (also ``policybrief``).

Argument parsing only: one module per command, each a thin shim over a library
call (:func:`policybrief.build.project.build_project`,
:func:`policybrief.build.check.check_project`, ...).

Exit codes (DESIGN.md): 0 success, 1 content/render/output errors, 2 usage
errors, 3 internal errors (bugs), 130 interrupted (Ctrl-C), 143 terminated
(SIGTERM).
"""

from __future__ import annotations

import atexit
import gc
import importlib
import signal
import sys
import traceback
from collections.abc import Sequence

import click

from policybrief import __version__
from policybrief.cli import interrupts
from policybrief.cli.common import (
    EXIT_CONTENT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
    common_options,
    program,
)
from policybrief.errors import PolicybriefError, Terminated

#: Each command's module and function, imported only when that command runs (or
#: --help lists them): the no-op build should not pay for serve's or new's imports.
COMMANDS = {
    "build": ("policybrief.cli.build", "build_command"),
    "check": ("policybrief.cli.check", "check"),
    "clean": ("policybrief.cli.clean", "clean"),
    "init": ("policybrief.cli.init", "init"),
    "new": ("policybrief.cli.new", "new_command"),
    "schema": ("policybrief.cli.schema", "schema"),
    "serve": ("policybrief.cli.serve", "serve"),
}


class _Commands(click.Group):
    """A command group whose commands are imported when first used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(module), name)
        return command


@click.group(
    cls=_Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="policybrief", message="%(prog)s %(version)s")
@common_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn structured content about a policy question into briefs.

    Without a command, builds every brief (the same as 'build').
    """
    if ctx.invoked_subcommand is None:
        from policybrief.cli.build import build_command

        ctx.invoke(build_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Never raises: user errors print ``error: …``, bugs print ``internal error: …``
    (with the traceback under ``--verbose``).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args or "--verbose" in args
    if argv is None:
        # Run as the program, whose exit follows: the interpreter's last full
        # collection walked every object of a build (0.15 s of CPU for 30
        # briefs, for nothing). Frozen objects are skipped; files are closed
        # by the build itself, not by the collector.
        atexit.register(gc.freeze)
    interrupts.install()
    try:
        cli.main(args=args, prog_name=program(), standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        click.echo("interrupted", err=True)
        # click turns an interrupt into Abort, keeping it as the cause.
        terminated = isinstance(exc, Terminated) or isinstance(exc.__cause__, Terminated)
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_CONTENT
    except PolicybriefError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except Exception as exc:  # a bug: say so, never dump a traceback on writers
        signum = interrupts.received()
        if signum is not None:  # an interrupt a library wrapped in its own error
            click.echo("interrupted", err=True)
            return EXIT_TERMINATED if signum == signal.SIGTERM else EXIT_INTERRUPTED
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
