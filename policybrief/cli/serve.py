"""``serve``: preview output/ with live reload, rebuilding on every save."""

from __future__ import annotations

import click

from policybrief.cli.common import common_options, global_options


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
    from policybrief.serve.start import serve_project

    serve_project(global_options().root, host=host, port=port, pdf=not no_pdf)
