"""Start the preview of a project: the HTML build, the background build and the server.

The one call the ``serve`` command makes (:func:`serve_project`); it wires the
library's build into the preview loop, so ``cli`` only parses arguments.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policybrief.build.options import BuildOptions
from policybrief.build.project import build_project
from policybrief.build.state import BriefState, BuildState, UnusableStateError, load_state
from policybrief.errors import PolicybriefError
from policybrief.serve.preview import Preview, PreviewBuild
from policybrief.serve.server import is_loopback


def _preview_state(root: Path) -> BuildState:
    """The preview's state in memory: no brief counts as built, so each is rendered once,
    but each brief's last good listing and each file's last good copy come from the
    saved state, so what has errors stays on the preview's site as it is published."""
    try:
        saved = load_state(root)
    except UnusableStateError:
        saved = None
    if saved is None:
        return BuildState()
    briefs = {
        slug: BriefState(
            deps={}, selections=[], outputs=b.outputs, listing=b.listing, media=b.media
        )
        for slug, b in saved.briefs.items()
    }
    return BuildState(briefs=briefs, good=dict(saved.good))


def serve_project(root: Path, *, host: str, port: int, pdf: bool) -> None:
    """Preview the project at ``root`` on ``host``:``port`` until interrupted.

    HTML builds run here against a build state held in memory; with ``pdf``
    the full build follows in a child process after each one. Warns on stderr
    when ``host`` is reachable from other machines.

    Raises:
        PolicybriefError: the address cannot be listened on.
        KeyboardInterrupt: Ctrl-C or SIGTERM, the normal way to stop.
    """
    html_state = _preview_state(root)

    def build_html() -> PreviewBuild:
        report = build_project(
            root,
            BuildOptions(formats=("html",), keep_other_formats=True),
            state=html_state,
            on_wait=lambda: click.echo("waiting for another build of this project…", err=True),
        )
        return PreviewBuild(report.diagnostics.unique().sorted(), report.summary)

    pdf_command = [sys.executable, "-m", "policybrief", "build", "--root", str(root)]
    if not is_loopback(host):
        click.echo(
            f"warning: serving on {host}: anyone who can reach this machine can read the briefs",
            err=True,
        )
    try:
        preview = Preview(
            root,
            BuildOptions().output_folder(root),
            build_html=build_html,
            pdf_command=[*pdf_command, "--format", "text"] if pdf else None,
            host=host,
            port=port,
        )
    except OSError as exc:
        raise PolicybriefError(
            f"cannot listen on {host}:{port}: {exc.strerror}; choose another port with --port"
        ) from None
    preview.run()
