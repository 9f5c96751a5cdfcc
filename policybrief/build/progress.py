"""Report a build's progress: a bar on a terminal, one plain line per brief elsewhere (CI)."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol, TextIO

import click


class ProgressReporter(Protocol):
    """A context manager whose ``update`` is the build's progress callback.

    ``update(event, slug, detail)`` is a :data:`policybrief.build.options.Progress`;
    leaving the context finishes the display (a bar's last line).
    """

    def __enter__(self) -> ProgressReporter: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
        /,
    ) -> None: ...

    def update(self, event: str, slug: str, detail: str) -> None:
        """Show one build event (``stale``, ``start``, ``queued``, ``done``, ``failed``)."""


class _Plain:
    """One line per finished brief: greppable logs for CI."""

    def __init__(self, stream: TextIO, verbose: bool) -> None:
        self.stream = stream
        self.verbose = verbose

    def __enter__(self) -> _Plain:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, event: str, slug: str, detail: str) -> None:
        if event == "stale" and self.verbose:
            click.echo(f"stale {slug}: {detail}", file=self.stream)
        elif event == "done":
            click.echo(f"built {slug} ({detail})", file=self.stream)
        elif event == "failed":
            click.echo(f"failed {slug}", file=self.stream)


class _Quiet(_Plain):
    def update(self, event: str, slug: str, detail: str) -> None:
        return None


class _Bar:
    """A progress bar naming the brief being rendered (click's, on stderr)."""

    def __init__(self, stream: TextIO, verbose: bool) -> None:
        self.stream = stream
        self.verbose = verbose
        self.stale: list[str] = []
        self.current = ""
        self.bar: Any = None

    def __enter__(self) -> _Bar:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.render_finish()

    def update(self, event: str, slug: str, detail: str) -> None:
        if event == "stale":
            self.stale.append(slug)
            if self.verbose:
                click.echo(f"stale {slug}: {detail}", file=self.stream)
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=max(1, len(self.stale)),
                label="rendering",
                file=self.stream,
                item_show_func=lambda _: self.current,
                show_pos=True,
            )
            self.bar.render_progress()
        if event in ("start", "queued"):
            self.current = slug
            self.bar.render_progress()
        elif event in ("done", "failed"):
            self.current = f"{slug} {'failed' if event == 'failed' else 'done'}"
            self.bar.update(1)


def make_progress(stream: TextIO, *, quiet: bool, verbose: bool) -> ProgressReporter:
    """Return the progress reporter for this run, writing to ``stream``.

    ``quiet``: nothing at all; else a bar when ``stream`` is a terminal, or one
    line per finished brief (CI logs). ``verbose`` adds a line per stale brief
    saying why it is rebuilt.
    """
    if quiet:
        return _Quiet(stream, verbose)
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return _Bar(stream, verbose)
    return _Plain(stream, verbose)
