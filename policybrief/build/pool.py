"""The PDF worker pool: long-lived processes that import WeasyPrint once.

The pool starts before the first print page is ready, so the workers' imports
overlap with the HTML rendering in this process; each page is handed over as
soon as it is rendered. WeasyPrint itself is imported only inside the workers
(:mod:`policybrief.render.pdf`).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.render.theme import Theme

if TYPE_CHECKING:  # annotations only: the build starts its pool before importing the renderer
    from policybrief.render.fontfiles import FontChoice
    from policybrief.render.pdf import PdfResult
    from policybrief.render.resolve import BriefView


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while workers are spawned; raise them afterwards.

    An interrupt in the middle of a spawn left a new worker without its
    start-up data, and it printed a traceback (``EOFError``) under the build's
    own "interrupted". Held, the interrupt is raised once every worker is in
    the pool, which :meth:`PdfPool.stop` then stops. Signal handlers rather
    than a signal mask: a mask would be inherited by the workers, and one that
    has already arrived would still be raised inside the block.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    arrived: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, frame: arrived.append(signum)) for s in held}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if arrived:
        raise KeyboardInterrupt


class PdfPool:
    """Worker processes rendering print pages to PDF, results in completion order."""

    def __init__(
        self, root: Path, theme: Theme, *, workers: int, memory_limit: int | None = None
    ) -> None:
        """Start ``workers`` workers (at least one) for the project at ``root``; warm them up.

        The build starts the pool before it loads the content
        (:mod:`policybrief.build.project`), so that the workers import
        WeasyPrint while this process loads, validates and renders HTML.
        ``memory_limit`` is the MiB of address space each worker may use
        (None: the default, 2 GiB).
        """
        from policybrief.render.pdf import (
            remove_stale_temporary_folders,
            start_workers,
            warm_up,
            write_fontconfig,
        )

        fontconfig = write_fontconfig(theme, root / ".policybrief")
        #: The workers' temporary files: removed when they stop, or by the next pool.
        self.temporary = root / ".policybrief" / "tmp"
        remove_stale_temporary_folders(self.temporary)
        self.theme = theme
        self.root = root
        self.content = root / "content"
        #: How many workers the pool has.
        self.workers = max(1, workers)
        #: MiB of address space each worker may use (None: the default).
        self.memory_limit = memory_limit
        #: The fonts each PDF leaves unused (made with the first job: it reads every font).
        self.fonts: FontChoice | None = None
        #: The address print pages use for theme files (a file: URL of the first theme folder).
        self.base = theme.folders[0].as_uri() + "/"
        self.futures: dict[Future[PdfResult], BriefView] = {}
        self._released = False
        with _interrupts_held():
            self.pool = start_workers(
                self.workers,
                fontconfig,
                os.getpid(),
                self.temporary,
                memory_limit and memory_limit << 20,
            )
            # Workers are spawned one per submitted task: warm them all up now, so
            # WeasyPrint is imported while this process loads and renders the HTML.
            for _ in range(self.workers):
                self.pool.submit(warm_up)

    def submit(self, view: BriefView, html: str, *, variant: str, timeout: float) -> None:
        """Queue one brief's print page (HTML text) for rendering.

        ``variant`` is ``pdf/ua-1``, ``pdf/a-3b`` or ``plain``; ``timeout`` is
        the seconds this PDF may take.
        """
        from concurrent.futures.process import BrokenProcessPool

        from policybrief.render.fontfiles import CACHE_FILE, FontChoice, FontIndex
        from policybrief.render.page import created_date
        from policybrief.render.pdf import PdfJob, render_pdf

        if self.fonts is None:
            self.fonts = FontChoice(self.theme, FontIndex(self.root / ".policybrief" / CACHE_FILE))

        pdf_variant = None if variant == "plain" else variant
        job = PdfJob(
            view.slug,
            html,
            self.base,
            self.theme.folders,
            self.content,
            pdf_variant,
            timeout,
            self._attachments(view, pdf_variant),
            created_date(view),
            self.fonts.unused(html),
            self.theme.page_limit(view.template, view.brief.data.max_pages),
        )
        future: Future[PdfResult]
        try:
            future = self.pool.submit(render_pdf, job)
        except BrokenProcessPool as exc:  # a worker died while warming up
            future = Future()
            future.set_exception(exc)
        self.futures[future] = view

    def subset(self, font: Path, points: frozenset[int]) -> Callable[[], bytes]:
        """Queue one site web font subset behind the PDFs queued so far; the call returned
        waits for its WOFF2 bytes.

        Queued last, the subsets fill the time a worker would otherwise idle
        while another renders the last PDFs. One whose worker died is made in
        this process instead, when its bytes are asked for.

        Raises (from the call):
            OSError, fontTools.ttLib.TTLibError: as
            :func:`~policybrief.render.webfonts.subset_woff2` raises them.
        """
        from concurrent.futures.process import BrokenProcessPool

        from policybrief.render.webfonts import subset_woff2

        try:
            future: Future[bytes] = self.pool.submit(subset_woff2, font, points)
        except BrokenProcessPool:
            return lambda: subset_woff2(font, points)

        def result() -> bytes:
            try:
                return future.result()
            except BrokenProcessPool:
                return subset_woff2(font, points)

        return result

    def _attachments(self, view: BriefView, variant: str | None) -> tuple[tuple[str, Path], ...]:
        if variant != "pdf/a-3b":
            return ()
        return tuple((rel, self.root / rel) for rel in sorted(view.dependencies))

    def results(self) -> Iterator[tuple[BriefView, PdfResult | None]]:
        """Yield each submitted brief with its result, in the order the renders finish.

        The result is None when the brief's worker died (the pool is broken); a
        render that failed in a living worker has its reason in ``error``.
        """
        from concurrent.futures.process import BrokenProcessPool

        for future in as_completed(self.futures):
            try:
                yield self.futures[future], future.result()
            except BrokenProcessPool:
                yield self.futures[future], None

    def close(self) -> None:
        """Let the workers go and wait for them to exit; remove their temporary files.

        Quick: a worker leaves without tearing down its heap
        (:func:`~policybrief.render.pdf.start_workers`). Closing again does nothing.
        """
        from policybrief.render.pdf import remove_stale_temporary_folders

        if self._released:
            return
        self.pool.shutdown(wait=True)
        self._released = True  # only now: stop() must still kill workers a Ctrl-C left
        remove_stale_temporary_folders(self.temporary)

    def stop(self) -> None:
        """Stop now rather than wait for the jobs in flight: interrupted, or not needed after all.

        Stopping again, or after :meth:`close`, does nothing.
        """
        if self._released:
            return
        self._released = True
        # The executor has no public way to stop its workers. SIGKILL, not SIGTERM:
        # a worker still starting holds SIGTERM (the mask it was spawned with) and
        # would outlive this process, then fail loudly on the pool's removed
        # semaphores. Workers write nothing, so killing one loses nothing.
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for process in processes:
            process.kill()
        for process in processes:
            process.join(timeout=5)
        try:
            self.pool.shutdown(wait=False, cancel_futures=True)
        except RuntimeError:  # interrupted while the pool was still starting its threads
            pass
        from policybrief.render.pdf import remove_stale_temporary_folders

        remove_stale_temporary_folders(self.temporary)
