"""``clean``: remove what policybrief wrote into the output folder, and the build state."""

from __future__ import annotations

import os
from pathlib import Path

import click

from policybrief.cli.common import common_options, global_options, waiting_for_build


@click.command()
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: output/ in the project).",
)
@common_options
def clean(output_dir: Path | None) -> None:
    """Remove what policybrief wrote into the output folder, and the build state (.policybrief/).

    Refuses a folder that holds files policybrief did not write, the project or
    one of its input folders, or a link (docs/reliability.md). Waits for a
    build of the project that is running to finish first.
    """
    from policybrief.build.manifest import clean as clean_project

    opts = global_options()
    # Not resolved: an output folder that is a link must be seen as one.
    output = Path(os.path.abspath(output_dir or opts.root / "output"))
    removed = clean_project(opts.root, output, on_wait=waiting_for_build)
    if not opts.quiet:
        for path in removed:
            click.echo(f"removed {path}")
        if not removed:
            click.echo("nothing to remove")
