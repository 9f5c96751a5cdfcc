"""``init [DIR]``: make a folder a working project."""

from __future__ import annotations

from pathlib import Path

import click

from policybrief.cli.common import common_options, global_options, program
from policybrief.report import display_path


@click.command("init")
@click.argument(
    "folder",
    metavar="[DIR]",
    required=False,
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--action-repo",
    metavar="OWNER/NAME",
    help="Where your organisation hosts policybrief on GitHub, for the workflow's "
    "'uses:' (default: a placeholder to replace, your_org/policybrief); in a project "
    "whose workflow is there already, replaces the placeholder in it.",
)
@common_options
def init(folder: Path | None, action_repo: str | None) -> None:
    """Make DIR (default: this folder) a working project.

    Writes policybrief.yaml (every setting, commented), .gitignore, the content
    folders, a starter brief, a GitHub Actions workflow, a pre-commit hook and
    the editors' schemas. Writes only the files that are missing and never overwrites one; the
    starter brief only where there is no content yet. Refuses a folder inside
    another project.
    """
    from policybrief.authoring.init import init_project

    opts = global_options()
    target = folder if folder is not None else Path.cwd()
    # The files' comments and the next step run in the project's folder.
    done = init_project(target, program=program(cwd=target), action_repo=action_repo)
    if opts.quiet:
        return
    for path in done.written:
        click.echo(f"wrote {display_path(path)}")
    for path in done.updated:
        click.echo(f"updated {display_path(path)} (the action's repository named)")
    for path in done.kept:
        click.echo(f"kept {display_path(path)} (it exists; not overwritten)")
    if not done.written and not done.updated:
        click.echo("nothing to do: every file init writes is already there")
        return
    where = display_path(done.root)
    go = "" if done.root == Path.cwd().resolve() else f"cd {where} && "
    then = "build" if done.starter else "check"
    click.echo(f"initialised the project in {where}\n  next: {go}{program(cwd=done.root)} {then}")
