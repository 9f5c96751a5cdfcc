"""``new KIND ID``: write a commented file for a new entity or brief."""

from __future__ import annotations

import click

from policybrief.authoring.scaffold import KINDS
from policybrief.cli.common import common_options, global_options, program
from policybrief.errors import PolicybriefError
from policybrief.report import display_path


@click.command("new")
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
@click.argument("id_", metavar="ID")
@common_options
def new_command(kind: str, id_: str) -> None:
    """Create a commented file for a new KIND named ID, ready to fill in.

    KIND is brief, actor, agenda, analysis or source; ID is the new file's name
    without extension (lowercase letters, digits and single hyphens). The file
    passes 'check' as written; an existing file is never overwritten.
    """
    from policybrief.authoring.scaffold import new_file

    opts = global_options()
    try:
        created = new_file(opts.root, kind, id_, program=program())
    except OSError as exc:
        raise PolicybriefError(f"cannot write {exc.filename}: {exc.strerror}") from None
    if not opts.quiet:
        for path in created.schemas:
            click.echo(f"wrote {display_path(path)}")
        click.echo(f"created {display_path(created.path)}")
        then = "serve" if kind == "brief" else "check"
        click.echo(f"  next: fill it in, then run '{program()} {then}'")
