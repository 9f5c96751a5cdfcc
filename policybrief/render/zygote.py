"""The PDF workers' zygote: one warm process that forks the pool's first workers.

A spawned worker pays for its own interpreter, WeasyPrint's import and the
warm-up of its fonts: about half a second of CPU each, while the build is
starting (docs/performance.md, "Workers forked from one warm process"). With
two workers or more, the pool spawns this zygote instead. It sets itself up as
a worker would (:func:`~policybrief.render.pdf._init_renderer`: the private
fontconfig, the memory limit, WeasyPrint imported and warm, the heap frozen),
then forks one worker per pipe it was given. Each worker inherits that warm,
frozen heap and shares its pages until it writes to them; it then does what
belongs to one process (its own temporary folder, a watch on its parent) and
serves its pipe as a spawned worker does (:func:`~policybrief.render.worker.work`).

The zygote is the workers' parent, so it tells the pool how each ended: it
waits for them and sends each one's exit code (negative: the signal that ended
it, as :attr:`multiprocessing.Process.exitcode` has it) down that worker's
status pipe, then exits once none is left. Nothing but the workers is forked,
and no thread runs in the zygote until they are: a fork copies only the
thread that makes it. The pool starts a worker it must replace later as a
spawned one (:func:`~policybrief.render.worker.start_worker`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from contextlib import suppress
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from policybrief.render.worker import Render, spawn


def start_zygote(
    count: int,
    fontconfig_file: Path,
    parent: int,
    temporary: Path | None,
    memory_limit: int,
    render: Render | None = None,
) -> tuple[BaseProcess, list[tuple[Connection, Connection]]]:
    """Spawn a zygote that forks ``count`` workers; return it and, per worker, the pool's
    end of the worker's pipe and of its status pipe (the exit code comes down it).

    The arguments are :func:`~policybrief.render.worker.start_worker`'s
    (``parent`` is the build's pid, ``memory_limit`` bytes of address space).
    A worker says ``("ready", PID)`` as a spawned one does; until then only
    killing the zygote stops it.

    Raises:
        OSError: the process or a pipe cannot be created.
    """
    context = multiprocessing.get_context("spawn")
    ours: list[tuple[Connection, Connection]] = []
    theirs: list[tuple[Connection, Connection]] = []
    try:
        for _ in range(count):
            pool_end, worker_end = context.Pipe()
            status_read, status_write = context.Pipe(duplex=False)
            ours.append((pool_end, status_read))
            theirs.append((worker_end, status_write))
        process = spawn(
            serve_zygote, theirs, "policybrief-pdf-zygote",
            fontconfig_file, parent, temporary, memory_limit, render,
        )  # fmt: skip
    except BaseException:
        for pair in ours:
            for end in pair:
                end.close()
        raise
    finally:
        for pair in theirs:  # theirs live in the zygote now: a dead one is then EOF here
            for end in pair:
                end.close()
    return process, ours


def serve_zygote(
    pipes: list[tuple[Connection, Connection]],
    fontconfig_file: str,
    parent: int,
    temporary: str | None,
    memory_limit: int,
    render: Render | None,
) -> None:
    """Run in the zygote: set up, fork a worker per pair of ``pipes`` (its pipe, its
    status pipe), then report each worker's exit code as it ends, and exit.

    A failure to set up is sent to every worker's pipe as a worker sends its
    own (``("failed", (reason, out of memory?))``), with exit code 1 on every
    status pipe.
    """
    from policybrief.render import pdf
    from policybrief.render.worker import start_failure

    pdf._killed_with_parent()  # no watching thread yet: it would not survive the forks
    try:
        pdf._init_renderer(fontconfig_file, memory_limit)
    except BaseException as exc:  # MemoryError under a tight limit, most likely
        why = start_failure(exc)
        for connection, status in pipes:
            with suppress(OSError):
                connection.send(("failed", why))
            with suppress(OSError):
                status.send(1)
        os._exit(1)
    statuses: dict[int, Connection] = {}
    for index, (connection, status) in enumerate(pipes):
        pid = _fork(pipes, index, temporary, render)
        statuses[pid] = status
        connection.close()  # the worker's now
    pdf._watch_parent(parent)
    while statuses:
        try:
            pid, how = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        if pid in statuses:
            status = statuses.pop(pid)
            with suppress(OSError):
                status.send(os.waitstatus_to_exitcode(how))
            status.close()
    os._exit(0)


def _fork(
    pipes: list[tuple[Connection, Connection]],
    index: int,
    temporary: str | None,
    render: Render | None,
) -> int:
    """Fork worker ``index`` of ``pipes``; return its pid. The worker never returns here."""
    from policybrief.render import pdf
    from policybrief.render.worker import work

    for stream in (sys.stdout, sys.stderr):  # or the worker would write it out again
        if stream is not None:
            stream.flush()
    zygote = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        connection = pipes[index][0]
        for other, (worker_end, status) in enumerate(pipes):
            status.close()  # the zygote's to write
            if other != index:
                with suppress(OSError):
                    worker_end.close()  # another worker's, or closed already
        pdf._exit_with_parent(zygote)  # and the zygote dies with the build
        pdf._own_temporary_folder(temporary)
        work(connection, render)
        code = 0
    finally:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                with suppress(Exception):
                    stream.flush()
        os._exit(code)
