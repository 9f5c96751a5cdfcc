"""``schema``: write the editors' JSON Schemas."""

from __future__ import annotations

from pathlib import Path

import click

from policybrief.cli.common import common_options, global_options
from policybrief.errors import PolicybriefError
from policybrief.report import display_path


@click.command()
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the schemas into (default: schemas/ in the project).",
)
@common_options
def schema(output_dir: Path | None) -> None:
    """Write a JSON Schema for each kind of file, for editors' completion and inline errors.

    The schemas are generated from the models that 'check' validates with, so
    they never disagree with it.
    """
    from policybrief.authoring.schema import SCHEMA_DIR, write_schemas

    opts = global_options()
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
