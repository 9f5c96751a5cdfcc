"""A worker the zygote forked, as the pool sees it: what it needs of a process.

The pool watches, joins and kills its workers through the part of
:class:`multiprocessing.process.BaseProcess` it uses: ``sentinel``,
``exitcode``, ``kill()``, ``join()`` and ``is_alive()``. A worker forked by the
zygote (:mod:`policybrief.render.zygote`) is not the pool's child, so
:class:`ForkedProcess` gives the same from what the zygote reports: the status
pipe is the sentinel, and the exit code is what comes down it. The worker's pid
comes with its "ready" message (:meth:`ForkedProcess.started`).
"""

from __future__ import annotations

import os
import signal
from contextlib import suppress
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from multiprocessing.process import BaseProcess


class ForkedProcess:
    """One forked worker: its status pipe's end (``status``) and the ``zygote`` that forked it."""

    def __init__(self, status: Connection, zygote: BaseProcess) -> None:
        #: Readable once the worker has ended (its exit code), or the zygote has.
        self.sentinel = status
        #: The worker's pid, once it said it is ready; None before.
        self.pid: int | None = None
        self._zygote = zygote
        self._exitcode: int | None = None
        self._ended = False

    def started(self, pid: int) -> None:
        """The worker said it is ready, and its pid."""
        self.pid = pid

    @property
    def exitcode(self) -> int | None:
        """How the worker ended (negative: the signal), or None while it runs."""
        self._poll()
        return self._exitcode

    def is_alive(self) -> bool:
        return not self._poll()

    def join(self, timeout: float | None = None) -> None:
        """Wait up to ``timeout`` seconds (None: for ever) for the worker to end."""
        if not self._ended:
            wait_for([self.sentinel], timeout)
        self._poll()

    def kill(self) -> None:
        """SIGKILL the worker; before it said its pid, the zygote (nothing else is forked yet,
        or the worker dies with it: its parent-death signal)."""
        if self._poll():
            return
        if self.pid is None:
            self._zygote.kill()
            return
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def _poll(self) -> bool:
        """Whether the worker has ended, reading its exit code if the zygote sent it."""
        if self._ended:
            return True
        try:
            if not self.sentinel.poll():
                return False
            self._exitcode = int(self.sentinel.recv())
        except (EOFError, OSError, ValueError, TypeError):
            # The zygote ended without a word for this worker: it failed before
            # forking it, or was killed and the worker with it (its parent-death
            # signal). Make sure of the worker; its end is the zygote's.
            if self.pid is not None:
                with suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
            self._zygote.join(timeout=5)
            ended = self._zygote.exitcode
            self._exitcode = -signal.SIGKILL if ended is None or self.pid is not None else ended
        self._ended = True
        return True
