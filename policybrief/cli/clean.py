"""``clean``: remove the output folder and the build state."""

from __future__ import annotations

from pathlib import Path

import click

from policybrief.cli.common import common_options, global_options


@click.command()
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: output/ in the project).",
)
@common_options
def clean(output_dir: Path | None) -> None:
    """Remove the output folder and the build state (.policybrief/)."""
    from policybrief.build.options import BuildOptions
    from policybrief.build.outputs import clean as clean_project

    opts = global_options()
    output = BuildOptions(output=output_dir).output_folder(opts.root)
    removed = clean_project(opts.root, output)
    if not opts.quiet:
        for path in removed:
            click.echo(f"removed {path}")
        if not removed:
            click.echo("nothing to remove")
