"""The PDF worker pool: long-lived processes that import WeasyPrint once.

The pool starts before the first print page is ready, so the workers' imports
overlap with the HTML rendering in this process; each page is handed over as
soon as it is rendered. WeasyPrint itself is imported only inside the workers
(:mod:`policybrief.render.pdf`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, as_completed
from pathlib import Path
from typing import Any

from policybrief.content.corpus import Corpus
from policybrief.render.page import created_date
from policybrief.render.resolve import BriefView
from policybrief.render.theme import Theme


class PdfPool:
    """Worker processes rendering print pages to PDF, results in completion order."""

    def __init__(
        self, corpus: Corpus, theme: Theme, *, jobs: int, timeout: float, variant: str, wanted: int
    ) -> None:
        """Start ``min(wanted, jobs)`` workers (``jobs`` 0: the CPU count) and warm them up.

        ``variant`` is ``pdf/ua-1``, ``pdf/a-3b`` or ``plain``; ``timeout`` is
        the seconds one PDF may take.
        """
        from policybrief.render.pdf import start_workers, warm_up, write_fontconfig

        fontconfig = write_fontconfig(theme, corpus.root / ".policybrief")
        self.variant = None if variant == "plain" else variant
        self.theme = theme
        self.root = corpus.root
        self.timeout = timeout
        self.content = corpus.root / "content"
        #: The address print pages use for theme files (a file: URL of the first theme folder).
        self.base = theme.folders[0].as_uri() + "/"
        self.futures: dict[Future[Any], BriefView] = {}
        count = min(wanted, jobs or os.cpu_count() or 1)
        self.pool = start_workers(count, fontconfig)
        # Workers are spawned one per submitted task: warm them all up now, so
        # WeasyPrint is imported while this process renders the HTML.
        for _ in range(count):
            self.pool.submit(warm_up)

    def submit(self, view: BriefView, html: str) -> None:
        """Queue one brief's print page (HTML text) for rendering."""
        from concurrent.futures.process import BrokenProcessPool

        from policybrief.render.pdf import PdfJob, render_pdf

        job = PdfJob(
            view.slug,
            html,
            self.base,
            self.theme.folders,
            self.content,
            self.variant,
            self.timeout,
            self._attachments(view),
            created_date(view),
        )
        future: Future[Any]
        try:
            future = self.pool.submit(render_pdf, job)
        except BrokenProcessPool as exc:  # a worker died while warming up
            future = Future()
            future.set_exception(exc)
        self.futures[future] = view

    def _attachments(self, view: BriefView) -> tuple[tuple[str, Path], ...]:
        if self.variant != "pdf/a-3b":
            return ()
        return tuple((rel, self.root / rel) for rel in sorted(view.dependencies))

    def results(self) -> Iterator[tuple[BriefView, Any]]:
        """Each brief with its PdfResult (or None if its worker died), as they finish."""
        from concurrent.futures.process import BrokenProcessPool

        for future in as_completed(self.futures):
            try:
                yield self.futures[future], future.result()
            except BrokenProcessPool:
                yield self.futures[future], None

    def close(self) -> None:
        """Wait for the workers to exit."""
        self.pool.shutdown(wait=True)

    def stop(self) -> None:
        """Interrupted: stop now rather than wait for the renders in flight."""
        # The executor has no public way to stop its workers.
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for process in processes:
            process.terminate()
        try:
            self.pool.shutdown(wait=False, cancel_futures=True)
        except RuntimeError:  # interrupted while the pool was still starting its threads
            pass
