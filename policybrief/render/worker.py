"""One PDF worker process: start up, then render the jobs its pool sends, one at a time.

The pool (:mod:`policybrief.build.pool`) talks to each worker over a pipe of
its own, so it always knows which brief a worker is rendering and since when.
A worker sends ``("ready", PID)`` once WeasyPrint is imported and warm (or
``("failed", (reason, out of memory?))`` if it cannot start: too little memory,
most often),
then answers each :class:`~policybrief.render.pdf.PdfJob` with ``("done",
PdfResult)``. ``None``, or the pool's end of the pipe closing, ends it.

The worker bounds each render itself (:func:`~policybrief.render.pdf.render_pdf`
arms a timer), but a render stuck in C code never sees that timer's signal:
the pool keeps its own deadline and kills the process.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policybrief.render.pdf import PdfJob, PdfResult

#: A function a worker renders a job with (:func:`~policybrief.render.pdf.render_pdf`).
Render = Callable[["PdfJob"], "PdfResult"]


@dataclass(frozen=True)
class Task:
    """Other work for an idle worker: ``function(*args)`` (a site web font subset).

    Answered with ``("done", (True, value))``, or ``(False, exception)`` if
    it raised. ``timeout`` (seconds) and ``slug`` (empty) are there so that
    the pool treats it as it treats a PDF job.
    """

    function: Callable[..., Any]
    args: tuple[Any, ...]
    timeout: float = 0.0
    slug: str = ""


def start_worker(
    fontconfig_file: Path,
    parent: int | None,
    temporary: Path | None,
    memory_limit: int,
    render: Render | None = None,
) -> tuple[BaseProcess, Connection]:
    """Start one PDF worker; return its process and the pool's end of its pipe.

    Spawned, not forked, so it gets the private fontconfig (``fontconfig_file``)
    and its memory limit (``memory_limit`` bytes of address space) before
    WeasyPrint is imported. With ``parent`` (the build's pid) it exits when that
    process is gone; with ``temporary`` it keeps its temporary files in
    ``temporary/PID`` (:func:`~policybrief.render.pdf.remove_stale_temporary_folders`).
    ``render`` replaces :func:`~policybrief.render.pdf.render_pdf` (tests
    inject a worker that hangs or dies); it must be a module-level function.
    On Linux the worker is killed when the thread that started it ends
    (``PR_SET_PDEATHSIG`` follows the thread): start workers from a thread
    that outlives them.

    Raises:
        OSError: the process or its pipe cannot be created.
    """
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    try:
        process = spawn(
            serve, theirs, "policybrief-pdf-worker",
            fontconfig_file, parent, temporary, memory_limit, render,
        )  # fmt: skip
    finally:
        theirs.close()  # the worker's end lives in the worker: a dead one is then EOF here
    return process, ours


def spawn(
    target: Callable[..., None],
    pipes: object,
    name: str,
    fontconfig_file: Path,
    parent: int | None,
    temporary: Path | None,
    memory_limit: int,
    render: Render | None,
) -> BaseProcess:
    """Spawn ``target(pipes, fontconfig, parent, temporary, memory_limit, render)`` as a
    daemon process called ``name``, with SIGINT ignored (:func:`sigint_ignored_by_spawned`):
    a worker (:func:`start_worker`) or the workers' zygote (:mod:`~policybrief.render.zygote`).

    Raises:
        OSError: the process cannot be created.
    """
    process = multiprocessing.get_context("spawn").Process(
        target=target,
        args=(
            pipes,
            str(fontconfig_file),
            parent,
            None if temporary is None else str(temporary),
            memory_limit,
            render,
        ),
        name=name,
        daemon=True,  # never outlives the build, even one that forgot to stop it
    )
    with sigint_ignored_by_spawned():
        process.start()
    return process


@contextmanager
def sigint_ignored_by_spawned() -> Iterator[None]:
    """Spawn workers in this block so that they start with SIGINT ignored; this process
    gets a Ctrl-C that arrived meanwhile when the block ends.

    A spawned process keeps an ignored signal through ``exec`` (a caught one
    is reset to its default, and ``multiprocessing`` clears the signal mask),
    and its interpreter then installs no KeyboardInterrupt handler: without
    this, a Ctrl-C while the new interpreter imports (a third of a second,
    before the worker can ignore SIGINT itself) printed its traceback under
    the build's "interrupted". Workers ignore SIGINT anyway (the build decides
    about Ctrl-C). Here SIGINT is blocked meanwhile, so one that comes is kept
    pending (Linux keeps a blocked signal even while it is ignored) and reaches
    this process's own handler when the block ends. Only the main thread can
    change a handler: elsewhere the block does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, handler)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)


def serve(
    connection: Connection,
    fontconfig_file: str,
    parent: int | None,
    temporary: str | None,
    memory_limit: int,
    render: Render | None,
) -> None:
    """Run in the worker: set it up, say so, then render each job the pool sends.

    A failure to start is sent as ``("failed", "Type: message")`` and the
    worker exits with code 1, without the traceback the pool would print on
    the build's terminal.
    """
    from policybrief.render import pdf

    try:
        pdf._init_worker(fontconfig_file, parent, temporary, memory_limit)
    except BaseException as exc:  # MemoryError under a tight limit, most likely
        try:
            connection.send(("failed", start_failure(exc)))
        finally:
            os._exit(1)
    work(connection, render)


def work(connection: Connection, render: Render | None) -> None:
    """Say the worker is ready (with its pid), then render each job the pool sends until
    it sends ``None`` or goes away. Run in a worker that is set up."""
    from policybrief.render import pdf

    connection.send(("ready", os.getpid()))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):  # the pool is gone
            return
        if job is None:
            return
        if isinstance(job, Task):
            try:
                connection.send(("done", (True, job.function(*job.args))))
            except Exception as exc:  # the caller's to handle, as if called here
                connection.send(("done", (False, exc)))
            continue
        result = (render or pdf.render_pdf)(job)
        connection.send(("done", result))


def start_failure(exc: BaseException) -> tuple[str, bool]:
    """What a worker that could not start tells its pool: ``"Type: message"``, and
    whether a failed allocation (the memory limit) was the cause."""
    why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return why, _out_of_memory(exc)


def _out_of_memory(exc: BaseException) -> bool:
    """Did ``exc`` come from an allocation that failed (the memory limit), or from elsewhere?

    Out of address space, Python raises MemoryError, but a library the
    renderer loads fails with an OSError from the dynamic loader.
    """
    if isinstance(exc, MemoryError):
        return True
    text = str(exc).lower()
    return isinstance(exc, OSError) and (
        exc.errno == errno.ENOMEM or "cannot allocate memory" in text or "map segment" in text
    )
