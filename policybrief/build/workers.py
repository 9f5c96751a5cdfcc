"""The PDF pool's view of one worker, and what to tell the writer when a worker fails.

A worker (:mod:`policybrief.render.worker`) can fail in three ways the worker
itself cannot report: it dies (a crash in the renderer's C code, the system's
out-of-memory killer, someone's ``kill``), it never becomes ready (too little
memory to start WeasyPrint), or it hangs in C code where its own time limit's
signal is never handled. The pool (:mod:`policybrief.build.pool`) notices each
by the worker's process sentinel or by its own deadline, and turns it into a
failed :class:`~policybrief.render.pdf.PdfResult` for the brief concerned with
one of the messages below.
"""

from __future__ import annotations

import signal
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from policybrief.build.forked import ForkedProcess
from policybrief.render.heap import size_text
from policybrief.render.pdf import PdfJob, PdfResult
from policybrief.render.worker import Task

if TYPE_CHECKING:
    from policybrief.render.resolve import BriefView


@dataclass(frozen=True)
class Job:
    """One brief's PDF to render (the brief, and what its worker is sent), or a task."""

    view: BriefView | None
    pdf: PdfJob | Task
    #: A task's outcome: its value, its exception, or :class:`WorkerLostError`.
    future: Future[Any] | None = None


class WorkerLostError(Exception):
    """A task's worker died, hung or never started: the task was not done."""


@dataclass(eq=False)
class Worker:
    """One worker process as its pool tracks it (touched by the pool's thread only)."""

    #: Spawned by the pool, or forked by its zygote.
    process: BaseProcess | ForkedProcess
    #: The pool's end of the worker's pipe.
    connection: Connection
    #: When (``time.monotonic()``) the worker must be ready, or have answered its job;
    #: None: no deadline.
    deadline: float | None
    #: It said it is ready: WeasyPrint imported and warm.
    ready: bool = False
    #: The job it is rendering; None when idle.
    job: Job | None = None
    #: Why it could not start, as it said itself ("MemoryError"), if it said,
    #: and whether that was a failed allocation.
    start_error: tuple[str, bool] | None = None
    #: Its end of the pipe is closed: it has ended, or is ending.
    hung_up: bool = False


def how_it_ended(exitcode: int | None) -> str:
    """How a worker's process ended, from its exit code, for a message.

    ``exit code 1``, ``killed by SIGSEGV, signal 11``; a negative exit code is
    the signal that ended it (:attr:`multiprocessing.Process.exitcode`).
    """
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            return f"killed by signal {-exitcode}"
        return f"killed by {name}, signal {-exitcode}"
    return f"exit code {exitcode}"


def raise_memory_limit(limit_mib: int) -> str:
    """How to give a worker more than ``limit_mib`` MiB: the flag and the setting, with a value."""
    more = max(4096, limit_mib * 2)
    return f"--memory-limit {more} or memory_limit: {more} (MiB) in policybrief.yaml"


def could_not_start(
    slug: str, why: str, limit_mib: int, origin: str, *, memory: bool = True
) -> PdfResult:
    """The result for brief ``slug`` when no worker could be started; ``why`` is what happened.

    ``why`` is the worker's own exception ("MemoryError"), how its process
    ended, or that it did not get ready in time. ``memory``: the likely cause is
    the memory limit (``limit_mib``, set by ``origin``): a failed allocation, a
    crash or a hang at start-up almost always is. Otherwise (a broken
    installation, say) the limit is named as the less likely cause.
    """
    limit = size_text(limit_mib << 20)
    if memory:
        error = (
            f"the PDF worker could not start ({why}); the likely cause is its memory limit "
            f"of {limit} ({origin}), too little to start the renderer"
        )
        hint = f"raise the limit: {raise_memory_limit(limit_mib)}"
    else:
        error = f"the PDF worker could not start ({why})"
        hint = (
            "check that WeasyPrint and its libraries (Pango) are installed; if they are, "
            f"its memory limit of {limit} ({origin}) may be too little: "
            f"raise it with {raise_memory_limit(limit_mib)}"
        )
    return PdfResult(slug, None, (), error, hint=hint)


def died(slug: str, exitcode: int | None, limit_mib: int, origin: str) -> PdfResult:
    """The result for brief ``slug`` whose worker died while rendering it (``exitcode``: how)."""
    error = f"its PDF worker died while rendering it ({how_it_ended(exitcode)})"
    hint = (
        "a worker that runs out of memory can die this way: its memory limit is "
        f"{size_text(limit_mib << 20)} ({origin}); raise it with {raise_memory_limit(limit_mib)}. "
        "If that is not it, report this with the brief's files"
    )
    return PdfResult(slug, None, (), error, hint=hint)


def stuck(slug: str) -> PdfResult:
    """The result for brief ``slug`` whose worker outlived its time limit and was killed."""
    error = "its PDF worker was stuck in the renderer and did not stop, so it was killed"
    return PdfResult(slug, None, (), error, code="time-limit")
