"""The PDF pool's thread: it hands out jobs, watches the workers and keeps their deadlines.

A :class:`Dispatcher` hands each worker one job at a time over the worker's own
pipe (:mod:`policybrief.render.worker`), so it knows which brief every worker
renders and since when. It keeps a deadline per job, the job's time limit plus
a margin: a worker stuck in C code (where its own timer's signal is never
handled) is killed then, that brief alone fails with a ``time-limit`` error,
and a new worker takes its place. A worker that dies fails only the brief it
was rendering; one that cannot start says why (:mod:`policybrief.build.workers`).
Everything it decides, it decides in its own thread; the build's thread only
queues jobs, takes results, and closes or stops it.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policybrief.build.forked import ForkedProcess
from policybrief.build.workers import (
    Job,
    Worker,
    WorkerLostError,
    could_not_start,
    died,
    how_it_ended,
    stuck,
)
from policybrief.render.pdf import PdfResult
from policybrief.render.worker import Render, start_worker
from policybrief.render.zygote import start_zygote

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from policybrief.render.resolve import BriefView

#: Workers that failed to start in a row, with none running, before the pool gives up.
START_ATTEMPTS = 2


@dataclass(frozen=True)
class WorkerSettings:
    """How to start a worker, and how long it and its jobs may take."""

    fontconfig: Path
    #: The workers' temporary files' folder (``.policybrief/tmp``).
    temporary: Path
    #: MiB of address space a worker may use, and where that limit was set.
    limit_mib: int
    origin: str
    #: Seconds past a job's time limit before its worker is killed.
    kill_margin: float
    #: Seconds a worker may take to get ready.
    start_limit: float
    #: What workers render with; None: render_pdf.
    render: Render | None = None


class Dispatcher:
    """Up to ``workers`` PDF workers and the thread that feeds and watches them."""

    def __init__(self, settings: WorkerSettings, workers: int) -> None:
        """Start ``workers`` workers (from the calling thread) and the pool's thread.

        Raises:
            OSError: a process, pipe or thread cannot be made.
        """
        self.settings = settings
        self._queue: deque[Job] = deque()  # appended by the build, taken by the thread
        self.outcomes: queue.SimpleQueue[tuple[BriefView | None, PdfResult]] = queue.SimpleQueue()
        #: The thread's: the workers, and why none can start (then every job fails).
        self._running: list[Worker] = []
        self._broken: tuple[str, bool] | None = None
        self._start_failures = 0
        self._closing = self._stopping = False
        #: Why the pool's thread ended early (a bug in it), so later jobs fail at once.
        self._failed: str | None = None
        self._wake_read, self._wake_write = os.pipe()
        for fd in (self._wake_read, self._wake_write):
            os.set_blocking(fd, False)
        self._thread = threading.Thread(target=self._run, name="policybrief-pdf-pool", daemon=True)
        #: The process that forked the first workers (None: they were spawned).
        self._zygote: BaseProcess | None = None
        self._running = self._start_first(max(1, workers))
        self._thread.start()

    def put(self, job: Job) -> None:
        """Queue ``job``; its outcome comes in :attr:`outcomes`, whatever happens to it."""
        self._queue.append(job)
        self._wake()
        if not self._thread.is_alive() and self._failed is not None:
            self._fail_waiting(self._failed)  # nobody is left to hand it out: fail, not hang

    def close(self) -> None:
        """Wait for the queued jobs, then let the workers exit (idle ones cleanly)."""
        self._closing = True
        self._wake()
        self._thread.join()
        self._close_wake()

    def stop(self) -> None:
        """Kill every worker now, whatever it is doing, and end the thread."""
        self._stopping = True
        # Killed before the thread is told, so that it cannot be waiting on one;
        # again after, for one it started meanwhile.
        self._kill_all()
        self._wake()
        self._thread.join(timeout=30)
        self._kill_all()
        self._close_wake()

    def _kill_all(self) -> None:
        processes: list[Any] = [w.process for w in list(self._running)]
        for group in (processes, [] if self._zygote is None else [self._zygote]):
            # The zygote last: it reaps its workers and says how they ended; killed
            # first, it would leave them to whatever reaps orphans (nothing, in some
            # containers), and their temporary folders to look in use.
            for process in group:
                with suppress(ValueError):  # closed already
                    process.kill()
            for process in group:
                with suppress(ValueError, AssertionError):
                    process.join(timeout=5)

    def _wake(self) -> None:
        """Make the pool's thread look at its queue and workers now."""
        with suppress(OSError):  # full: it will look anyway; closed: it has ended
            os.write(self._wake_write, b"!")

    def _close_wake(self) -> None:
        for fd in (self._wake_read, self._wake_write):
            with suppress(OSError):
                os.close(fd)

    def _start_first(self, count: int) -> list[Worker]:
        """Start the first ``count`` workers: forked from a zygote (:mod:`~policybrief.render.
        zygote`) when there are two or more, so WeasyPrint is imported and warmed once.

        Only on Linux: macOS's system libraries are not safe to use in a forked
        child (Python spawns there too), and Windows cannot fork.
        """
        if count < 2 or not sys.platform.startswith("linux"):
            return [self._start() for _ in range(count)]
        s = self.settings
        try:
            zygote, pipes = start_zygote(
                count, s.fontconfig, os.getpid(), s.temporary, s.limit_mib << 20, s.render
            )
        except OSError:  # no pipe or process for it: spawn them, each failing on its own
            return [self._start() for _ in range(count)]
        self._zygote = zygote
        deadline = time.monotonic() + s.start_limit
        return [
            Worker(ForkedProcess(status, zygote), connection, deadline)
            for connection, status in pipes
        ]

    # The thread's part: everything below runs in the pool's thread only.

    def _start(self) -> Worker:
        """Start one worker, with the time it has to get ready."""
        s = self.settings
        process, connection = start_worker(
            s.fontconfig, os.getpid(), s.temporary, s.limit_mib << 20, s.render
        )
        return Worker(process, connection, time.monotonic() + s.start_limit)

    def _run(self) -> None:
        """Hand out jobs and watch the workers until the pool is closed or stopped.

        Whatever goes wrong here fails every job not yet answered, so the build
        never waits for ever.
        """
        try:
            while not self._stopping:
                self._dispatch()
                if self._closing and not self._queue and not any(w.job for w in self._running):
                    break
                self._watch()
        except BaseException as exc:  # a bug here: every brief still waiting fails, not hangs
            self._failed = f"the PDF pool failed ({type(exc).__name__}: {exc})"
            self._fail_waiting(self._failed)
        finally:
            if self._stopping:  # nobody waits for a PDF now, but a task's caller may
                self._fail_waiting("the PDF pool was stopped")
            self._let_go()

    def _dispatch(self) -> None:
        """Give each ready, idle worker the next job; fail every job if no worker can start."""
        s = self.settings
        while self._broken is not None and self._queue:
            job = self._queue.popleft()
            why, memory = self._broken
            self._answer(
                job, could_not_start(job.pdf.slug, why, s.limit_mib, s.origin, memory=memory)
            )
        for worker in self._running:
            if not (worker.ready and worker.job is None and self._queue):
                continue
            job = self._queue.popleft()
            try:
                worker.connection.send(job.pdf)
            except (OSError, ValueError):  # it is dying: replaced once its end is seen
                self._queue.appendleft(job)
                worker.process.kill()
                continue
            worker.job = job
            limit = job.pdf.timeout
            worker.deadline = time.monotonic() + limit + s.kill_margin if limit > 0 else None

    def _watch(self) -> None:
        """Wait for a worker's message or end, a deadline, or a wake-up; act on what came."""
        deadlines = [w.deadline for w in self._running if w.deadline is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        objects: list[Any] = [self._wake_read]
        for worker in self._running:
            # A pipe at its end stays readable: waiting on it would spin until the
            # worker's end is reported (by its zygote, which may be slow to).
            objects += [] if worker.hung_up else [worker.connection]
            objects.append(worker.process.sentinel)
        ready = wait_for(objects, timeout)
        if self._wake_read in ready:
            with suppress(OSError):
                os.read(self._wake_read, 4096)
        # Each pass takes the workers still running: ending one can drop others
        # (a zygote that failed drops every worker it had not yet given).
        for worker in self._running[:]:
            if worker.connection in ready and worker in self._running:
                self._receive(worker)
        for worker in self._running[:]:
            if worker.process.sentinel in ready and worker in self._running:
                self._ended(worker)
        now = time.monotonic()
        for worker in self._running[:]:
            if worker.deadline is not None and now >= worker.deadline and worker in self._running:
                self._overdue(worker)

    def _receive(self, worker: Worker) -> bool:
        """Take one message from ``worker``; False if there is none to take (it has ended)."""
        try:
            if not worker.connection.poll():
                return False
            kind, value = worker.connection.recv()
        except (EOFError, OSError):
            worker.hung_up = True
            return False
        if kind == "ready":
            worker.ready, worker.deadline = True, None
            if isinstance(worker.process, ForkedProcess) and isinstance(value, int):
                worker.process.started(value)
            self._start_failures = 0
        elif kind == "failed":
            worker.start_error = value
        elif kind == "done" and worker.job is not None:
            self._answer(worker.job, value)
            worker.job, worker.deadline = None, None
        return True

    def _ended(self, worker: Worker) -> None:
        """``worker``'s process ended: fail its job, say why, and start another in its place."""
        while self._receive(worker):  # what it said before it ended: a result, say
            pass
        self._drop(worker)
        if not worker.ready:
            ended = (how_it_ended(worker.process.exitcode), True)
            why = worker.start_error or ended
            if isinstance(worker.process, ForkedProcess):
                self._zygote_failed(why)
            else:
                self._start_failed(*why)
            return
        if worker.job is not None:
            s = self.settings
            result = died(worker.job.pdf.slug, worker.process.exitcode, s.limit_mib, s.origin)
            self._answer(worker.job, result)
        self._replace()

    def _zygote_failed(self, why: tuple[str, bool]) -> None:
        """The zygote gave no ready worker (it died, hung or could not start: ``why``): one
        failure to start, not one per worker it held; spawned workers take their places."""
        unready = [w for w in self._running if isinstance(w.process, ForkedProcess) and not w.ready]
        for worker in unready:
            worker.process.kill()
            self._drop(worker)
        if self._zygote is not None:
            self._zygote.kill()
        self._start_failures += 1
        if self._stopping:
            return
        if self._start_failures >= START_ATTEMPTS and not self._running:
            self._broken = why
            return
        for _ in range(1 + len(unready)):
            self._replace()

    def _overdue(self, worker: Worker) -> None:
        """``worker`` is past its deadline: kill it, fail its job, start another in its place.

        Its own time limit should have ended the render before: a worker still
        busy is stuck where no signal handler runs (C code holding a lock).
        """
        while self._receive(worker):  # the answer may have come in just now
            pass
        if worker.ready and worker.job is None:
            return
        worker.process.kill()
        worker.process.join(timeout=5)
        self._drop(worker)
        if not worker.ready:
            why = (f"it did not get ready within {self.settings.start_limit:g} s", True)
            if isinstance(worker.process, ForkedProcess):
                self._zygote_failed(why)
            else:
                self._start_failed(*why)
            return
        if worker.job is not None:
            self._answer(worker.job, stuck(worker.job.pdf.slug))
        self._replace()

    def _drop(self, worker: Worker) -> None:
        self._running.remove(worker)
        worker.process.join(timeout=5)
        worker.connection.close()

    def _replace(self) -> None:
        """Start a worker in the place of one that ended, while there is work for it."""
        if self._stopping or (self._closing and not self._queue):
            return
        try:
            self._running.append(self._start())
        except OSError as exc:  # no process could be made: fork limits, say
            self._start_failed(f"{type(exc).__name__}: {exc}", False)

    def _start_failed(self, why: str, memory: bool) -> None:
        """A worker could not start (``why``; ``memory``: for want of it): go on, retry or give up.

        With other workers running the pool goes on with fewer. With none, a
        new one is tried, up to :data:`START_ATTEMPTS` in a row; then every job
        fails, saying why (most often the memory limit).
        """
        self._start_failures += 1
        if self._running or self._stopping:
            return
        if self._start_failures < START_ATTEMPTS:
            self._replace()
        else:
            self._broken = (why, memory)

    def _fail_waiting(self, why: str) -> None:
        waiting = [*self._queue, *(w.job for w in self._running if w.job is not None)]
        self._queue.clear()
        for job in waiting:
            self._answer(job, PdfResult(job.pdf.slug, None, (), why))

    def _answer(self, job: Job, outcome: Any) -> None:
        """Give ``job``'s outcome to whoever waits for it: the build's results, or a task's future.

        ``outcome`` is the worker's answer, or a failed PdfResult from the pool;
        a task is answered with its value or exception, or :class:`WorkerLostError`.
        """
        if job.future is None:
            self.outcomes.put((job.view, outcome))
        elif isinstance(outcome, tuple) and outcome[0] is True:
            job.future.set_result(outcome[1])
        elif isinstance(outcome, tuple):
            job.future.set_exception(outcome[1])
        else:
            job.future.set_exception(WorkerLostError(outcome.error))

    def _let_go(self) -> None:
        """End every worker: ask idle ones to exit, kill the rest (stopped, starting or busy)."""
        leaving = []
        for worker in self._running:
            if self._stopping or not worker.ready or worker.job is not None:
                worker.process.kill()
            else:
                with suppress(OSError, ValueError):
                    worker.connection.send(None)
                leaving.append(worker)
        for worker in self._running:
            worker.process.join(timeout=10 if worker in leaving else 5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            worker.connection.close()
        if self._zygote is not None:  # it exits once its workers have: at once, by now
            self._zygote.join(timeout=5)
            if self._zygote.is_alive():
                self._zygote.kill()
                self._zygote.join(timeout=5)
