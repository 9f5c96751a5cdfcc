"""The PDF worker pool: long-lived processes that import WeasyPrint once.

The pool starts before the first print page is ready, so the workers' imports
overlap with the HTML rendering in this process; each page is handed over as
soon as it is rendered. WeasyPrint itself is imported only inside the workers
(:mod:`policybrief.render.pdf`).

A thread of this process feeds and watches the workers
(:mod:`policybrief.build.dispatch`): a worker stuck past a job's time limit
plus :data:`KILL_MARGIN` is killed and replaced, and its brief alone fails; so
does the brief of a worker that dies.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.errors import Terminated
from policybrief.render.theme import Theme

if TYPE_CHECKING:  # annotations only: the build starts its pool before importing the renderer
    from policybrief.build.dispatch import Dispatcher
    from policybrief.render.fontfiles import FontChoice
    from policybrief.render.pdf import PdfResult
    from policybrief.render.resolve import BriefView
    from policybrief.render.worker import Render

#: Seconds past a job's time limit before the pool kills its worker: the worker
#: stops a render at its limit itself, and needs a moment to send that back.
KILL_MARGIN = 5.0
#: Seconds a worker may take to import WeasyPrint and warm up (about one, idle).
START_LIMIT = 120.0
#: The function workers render with; None: render_pdf (tests inject stuck ones).
RENDER: Render | None = None


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while workers are spawned; raise them afterwards.

    An interrupt in the middle of a spawn left a new worker without its
    start-up data, and it printed a traceback (``EOFError``) under the build's
    own "interrupted". Held, the interrupt is raised once every worker has
    started, and the pool stops them before it passes the interrupt on.
    Signal handlers rather than a signal mask: a mask would be inherited by
    the workers, and one that has already arrived would still be raised
    inside the block.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    arrived: list[int] = []
    # A signal the build ignores (SIGINT in a script's background job) stays ignored:
    # the workers spawned meanwhile inherit that, and a stray one must not stop them.
    held = [s for s in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(s) != signal.SIG_IGN]
    previous = {s: signal.signal(s, lambda signum, frame: arrived.append(signum)) for s in held}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if arrived:
        raise Terminated if signal.SIGTERM in arrived else KeyboardInterrupt


class PdfPool:
    """Worker processes rendering print pages to PDF, results in completion order."""

    def __init__(
        self,
        root: Path,
        theme: Theme,
        *,
        workers: int,
        memory_limit: int | None = None,
        memory_origin: str = "the default",
    ) -> None:
        """Start ``workers`` workers (at least one) for the project at ``root``.

        The build starts the pool before it loads the content
        (:mod:`policybrief.build.project`), so that the workers import
        WeasyPrint while this process loads, validates and renders HTML.
        ``memory_limit`` is the MiB of address space each worker may use
        (None: the default, 2 GiB), set by ``memory_origin`` (named in the
        messages of workers that die: ``--memory-limit``, say).
        """
        from policybrief.build.dispatch import Dispatcher, WorkerSettings
        from policybrief.build.options import DEFAULT_MEMORY_LIMIT
        from policybrief.render.pdf import remove_stale_temporary_folders, write_fontconfig

        fontconfig = write_fontconfig(theme, root / ".policybrief")
        #: The workers' temporary files: removed when they stop, or by the next pool.
        self.temporary = root / ".policybrief" / "tmp"
        remove_stale_temporary_folders(self.temporary)
        self.theme = theme
        self.root = root
        self.content = root / "content"
        #: How many workers the pool keeps running.
        self.workers = max(1, workers)
        #: MiB of address space each worker may use (None: the default).
        self.memory_limit = memory_limit
        #: The fonts each PDF leaves unused (made with the first job: it reads every font).
        self.fonts: FontChoice | None = None
        #: The address print pages use for theme files (a file: URL of the first theme folder).
        self.base = theme.folders[0].as_uri() + "/"
        self._submitted = self._answered = 0
        self._released = False
        settings = WorkerSettings(
            fontconfig,
            self.temporary,
            memory_limit or DEFAULT_MEMORY_LIMIT,
            memory_origin,
            KILL_MARGIN,  # read now, so a test's injected values hold for the pool's life
            START_LIMIT,
            RENDER,
        )
        dispatcher: Dispatcher | None = None
        try:
            with _interrupts_held():
                dispatcher = Dispatcher(settings, self.workers)
        except KeyboardInterrupt:  # held until the workers were started: stop them
            if dispatcher is not None:
                dispatcher.stop()
            raise
        self._dispatcher = dispatcher

    def submit(self, view: BriefView, html: str, *, variant: str, timeout: float) -> None:
        """Queue one brief's print page (HTML text) for rendering.

        ``variant`` is ``pdf/ua-1``, ``pdf/a-3b`` or ``plain``; ``timeout`` is
        the seconds this PDF may take (0: no limit).
        """
        from policybrief.build.workers import Job
        from policybrief.render.fontfiles import CACHE_FILE, FontChoice, FontIndex
        from policybrief.render.page import created_date
        from policybrief.render.pdf import PdfJob

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
            # The text of the brief's SVG drawings needs its fonts too.
            self.fonts.unused(html + _drawings_text(view, self.content)),
            self.theme.page_limit(view.template, view.brief.data.max_pages),
        )
        self._dispatcher.put(Job(view, job))
        self._submitted += 1

    def subset(self, font: Path, points: frozenset[int]) -> Callable[[], bytes]:
        """Queue one site web font subset behind the PDFs queued so far; the call returned
        waits for its WOFF2 bytes.

        Queued last, the subsets fill the time a worker would otherwise idle
        while another renders the last PDFs. One whose worker died, hung, never
        started or ran out of memory (its limit is the PDFs') is made in this
        process instead, when its bytes are asked for.

        Raises (from the call):
            OSError, fontTools.ttLib.TTLibError: as
            :func:`~policybrief.render.webfonts.subset_woff2` raises them.
        """
        from concurrent.futures import Future

        from policybrief.build.workers import Job, WorkerLostError
        from policybrief.render.webfonts import subset_woff2
        from policybrief.render.worker import Task

        future: Future[bytes] = Future()
        # Bounded like a PDF, so that a worker stuck on it is killed, not waited for.
        task = Task(subset_woff2, (font, points), timeout=START_LIMIT)
        self._dispatcher.put(Job(None, task, future))

        def result() -> bytes:
            try:
                return future.result()
            except (WorkerLostError, MemoryError):  # a huge font, past the worker's limit
                return subset_woff2(font, points)

        return result

    def _attachments(self, view: BriefView, variant: str | None) -> tuple[tuple[str, Path], ...]:
        if variant != "pdf/a-3b":
            return ()
        return tuple((rel, self.root / rel) for rel in sorted(view.dependencies))

    def results(self) -> Iterator[tuple[BriefView, PdfResult]]:
        """Yield each submitted brief with its result, in the order the renders finish.

        A failed render has its reason in ``error``: one the worker reported,
        or the pool's own when the worker died, could not start or was killed
        past the job's deadline (:mod:`policybrief.build.workers`).
        """
        while self._answered < self._submitted:
            view, result = self._dispatcher.outcomes.get()
            self._answered += 1
            if view is not None:  # always: tasks are answered through their futures
                yield view, result

    def close(self) -> None:
        """Let the workers go and wait for them to exit; remove their temporary files.

        Quick: a worker leaves without tearing down its heap
        (:func:`~policybrief.render.pdf._exit_at_once`). Closing again does
        nothing; interrupted, the pool is stopped.
        """
        from policybrief.render.pdf import remove_stale_temporary_folders

        if self._released:
            return
        try:
            self._dispatcher.close()
        except BaseException:
            self.stop()
            raise
        self._released = True  # only now: stop() must still kill workers a Ctrl-C left
        remove_stale_temporary_folders(self.temporary)

    def stop(self) -> None:
        """Stop now rather than wait for the jobs in flight: interrupted, or not needed after all.

        Stopping again, or after :meth:`close`, does nothing.
        """
        from policybrief.render.pdf import remove_stale_temporary_folders

        if self._released:
            return
        self._released = True
        # SIGKILL, not SIGTERM: a worker still starting holds SIGTERM (the mask it
        # was spawned with) and would outlive this process. Workers write nothing,
        # so killing one loses nothing. A second interrupt during the kills still
        # lets the workers' temporary folders go.
        try:
            self._dispatcher.stop()
        finally:
            remove_stale_temporary_folders(self.temporary)


def _drawings_text(view: BriefView, content: Path) -> str:
    """The text the SVG drawings of ``view``'s texts draw (their labels), joined."""
    from policybrief.content.images import drawings

    return " ".join(drawn for text in view.texts for _, _, drawn in drawings(text.text, content))
