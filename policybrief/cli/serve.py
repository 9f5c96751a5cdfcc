"""``serve``: preview output/ with live reload, rebuilding on every save."""

from __future__ import annotations

import sys

import click

from policybrief.cli.common import common_options, global_options
from policybrief.errors import PolicybriefError


@click.command()
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
def serve(port: int, host: str, no_pdf: bool) -> None:
    """Preview: serve output/, rebuild on every save, reload the open page.

    Watches content/, briefs/, templates/ and policybrief.yaml. The HTML is
    rebuilt first and the page reloads; the PDFs follow in the background.
    Problems are printed here and shown in a banner on every page. Press
    Ctrl-C to stop.
    """
    from policybrief.build.options import BuildOptions
    from policybrief.build.project import build_project
    from policybrief.build.state import BuildState
    from policybrief.serve import Preview, PreviewBuild, is_loopback

    opts = global_options()
    html_state = BuildState()

    def build_html() -> PreviewBuild:
        report = build_project(
            opts.root,
            BuildOptions(formats=("html",)),
            state=html_state,
            on_wait=lambda: click.echo("waiting for another build of this project…", err=True),
        )
        return PreviewBuild(report.diagnostics.unique().sorted(), report.summary)

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
