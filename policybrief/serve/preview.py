"""Preview while writing: serve ``output/``, rebuild on save, reload the open page.

The preview is the ordinary build, run again whenever a watched file changes:
first HTML only, in this process (a fraction of a second, so the page is up to
date almost as soon as the file is saved), then the full build in a child
process (``policybrief build``, see :mod:`policybrief.serve.child`), which
renders the PDFs in the background and is stopped at once when the writer
saves again.

The HTML-only builds compare against a build state held in memory, never the
one in ``.policybrief/``: that state says what the last *full* build made, so a
``build`` after the preview still renders exactly what is stale.

What the writer sees in the browser (the reload script and the problems
banner) is added by the server to the pages it sends. The files in
``output/`` are never touched, so the published site never carries either.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import click

from policybrief.errors import Diagnostic, Position, Severity
from policybrief.report import plural, print_diagnostics
from policybrief.serve.child import BackgroundBuild
from policybrief.serve.server import Status, make_server
from policybrief.serve.watch import Batch, Watcher, describe, watched_names


@dataclass(frozen=True)
class PreviewBuild:
    """What one HTML build reports back to the preview."""

    problems: list[Diagnostic]
    summary: str


class Preview:
    """Watch, rebuild, serve: the ``serve`` command's whole life.

    ``build_html`` runs an HTML-only build in this process; ``pdf_command`` is
    the command line of the full build run in the background after it (None:
    no PDFs). Making one binds ``host``:``port`` and raises OSError if it cannot.
    """

    def __init__(
        self,
        root: Path,
        output: Path,
        *,
        build_html: Callable[[], PreviewBuild],
        pdf_command: Sequence[str] | None,
        host: str,
        port: int,
        stream: TextIO | None = None,
    ) -> None:
        self.root = root
        self.output = output
        self.build_html = build_html
        self.pdf_command = list(pdf_command) if pdf_command else None
        self.stream = stream or sys.stderr
        self.status = Status(root)
        self.server = make_server(output, host, port, self.status)
        self.changes: queue.Queue[Batch] = queue.Queue()
        self.watcher = Watcher(root, self.changes)
        self.pdf: BackgroundBuild | None = None
        self.html_problems: list[Diagnostic] = []

    @property
    def url(self) -> str:
        """The address the server listens on, for a browser (an IPv6 host in brackets)."""
        host, port = self.server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGTERM raise KeyboardInterrupt here)."""
        thread = threading.Thread(target=self.server.serve_forever, name="policybrief-http")
        thread.daemon = True
        thread.start()
        try:
            self.watcher.start()
            click.echo(f"serving {self.output} at {self.url}", err=False)
            click.echo("watching " + ", ".join(watched_names()) + " (press Ctrl-C to stop)")
            sys.stdout.flush()
            self._rebuild("starting")
            while True:
                try:
                    batch = self.changes.get(timeout=0.2)
                except queue.Empty:
                    self._poll_pdf()
                    continue
                time.sleep(0.05)  # an editor's save can be several events
                while not self.changes.empty():
                    batch |= self.changes.get_nowait()
                self.watcher.refresh()
                self._rebuild(describe(batch, self.root))
        finally:
            self.status.close()
            if self.pdf is not None:
                self.pdf.stop()
            self.watcher.close()
            self.server.shutdown()
            self.server.server_close()

    def _say(self, text: str) -> None:
        click.echo(f"{time.strftime('%H:%M:%S')} {text}", file=self.stream)

    def _rebuild(self, why: str) -> None:
        if self.pdf is not None:
            self.pdf.stop()  # a PDF of the previous save is of no use now
            self.pdf = None
        self._say(why)
        started = time.perf_counter()
        try:
            result = self.build_html()
        except Exception as exc:  # the preview outlives any rebuild: the banner says what broke
            result = _broken_build(self.root, exc)
        elapsed = time.perf_counter() - started
        print_diagnostics(result.problems, self.stream, fmt="text")
        self.html_problems = list(result.problems)
        self.status.publish(self.html_problems)
        self._say(f"html: {result.summary}{_counts(result.problems)} ({elapsed:.2f} s)")
        if self.pdf_command is not None:
            self.pdf = BackgroundBuild(self.pdf_command, self.root)

    def _poll_pdf(self) -> None:
        if self.pdf is None or self.pdf.running():
            return
        child, self.pdf = self.pdf, None
        try:
            self._take_pdf(child)
        finally:
            child.close()

    def _take_pdf(self, child: BackgroundBuild) -> None:
        """Report a finished full build: its summary and the problems the HTML build missed."""
        if child.returncode not in (0, 1):
            self._say(f"pdf: the build stopped with exit code {child.returncode}")
            self.stream.write(child.errors())
            return
        from policybrief.build.state import UnusableStateError, diagnostic_from_json, load_state

        try:
            state = load_state(self.root)
        except UnusableStateError:
            state = None  # the child build that just ran reported the problem itself
        found = [diagnostic_from_json(d, self.root) for d in (state.diagnostics if state else [])]
        known = {d.sort_key() for d in self.html_problems}
        new = [d for d in found if d.sort_key() not in known]
        print_diagnostics(new, self.stream, fmt="text")
        self._say(f"pdf: {child.summary()}")
        if new:
            self.status.publish([*self.html_problems, *new])


def _broken_build(root: Path, exc: Exception) -> PreviewBuild:
    """What the preview shows when a rebuild raised instead of reporting: one error."""
    message = f"{type(exc).__name__}: {exc}"
    problem = Diagnostic(
        root,
        Position(0, 0),
        f"the rebuild stopped: {message}; the last good output is still served",
        "fix the problem and save again; if it is not in your files, please report it",
        Severity.ERROR,
        code="internal-failure",
    )
    return PreviewBuild([problem], "rebuild failed")


def _counts(problems: Sequence[Diagnostic]) -> str:
    errors = sum(d.is_error for d in problems)
    warnings = len(problems) - errors
    if not problems:
        return ", no problems"
    return f": {plural(errors, 'error')}, {plural(warnings, 'warning')}"
