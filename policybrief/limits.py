"""Time limits on work done in this process, and one file's or brief's failure kept its own.

The PDF workers have their own limits (:mod:`policybrief.render.pdf`); this
module bounds what runs in the build's own process: reading and validating one
file, and rendering one brief's HTML. :func:`time_limit` arms ``SIGALRM``, so it
works in the main thread only (where ``build``, ``check`` and ``serve`` run
their builds); elsewhere it does nothing. A regular expression stuck in
backtracking is interrupted too: the ``re`` engine checks for signals as it
runs. :func:`file_guard` turns anything that goes wrong on one file (a time
limit, too deep a recursion, a bug) into an error at that file.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from policybrief.errors import Diagnostics, Position

#: Seconds reading and validating one content file may take; a file of the
#: largest size allowed takes well under one.
FILE_TIME_LIMIT = 20.0

#: Deadlines (time.monotonic()) of the limits in force, outermost first; main thread only.
_deadlines: list[float] = []


class TimeLimitExceeded(BaseException):
    """Raised where the work was when its time limit passed.

    A BaseException, so no ``except Exception`` in a library swallows it.
    ``seconds`` is the limit that passed.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the ``with`` block once ``seconds`` have passed.

    Limits nest: an inner one never extends an outer one. Outside the main
    thread, or with ``seconds`` of 0 or less, the block runs unbounded.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    start = time.monotonic()
    deadline = min([start + seconds, *_deadlines])
    limit = seconds if deadline == start + seconds else deadline - start
    previous = signal.getsignal(signal.SIGALRM) if not _deadlines else None

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(limit)

    _deadlines.append(deadline)
    outer_handler = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(deadline - start, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _deadlines.pop()
        if _deadlines:
            signal.signal(signal.SIGALRM, outer_handler)
            signal.setitimer(signal.ITIMER_REAL, max(_deadlines[-1] - time.monotonic(), 0.001))
        else:
            signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)


@contextmanager
def file_guard(path: Path, diags: Diagnostics, doing: str) -> Iterator[list[bool]]:
    """Run the block on one file under :data:`FILE_TIME_LIMIT`; its failure is that file's.

    Yields a list that holds ``True`` once the block failed, so the caller can
    leave the file out. ``doing`` names the work ("reading", "checking"). A
    time limit, a RecursionError or any other exception becomes an error at
    ``path`` (codes ``time-limit``, ``nesting-limit``, ``internal-failure``);
    KeyboardInterrupt and SystemExit pass.
    """
    failed: list[bool] = []
    try:
        with time_limit(FILE_TIME_LIMIT):
            yield failed
    except TimeLimitExceeded as exc:
        failed.append(True)
        diags.error(
            path,
            Position(1, 1),
            f"{doing} this file {exc}; it was left out",
            "look for a very long run of one character, deep nesting or a huge table",
            code="time-limit",
        )
    except RecursionError:
        failed.append(True)
        diags.error(
            path,
            Position(1, 1),
            f"{doing} this file needed too deep a recursion; it was left out",
            "look for lists, quotes or brackets nested very deeply",
            code="nesting-limit",
        )
    except Exception as exc:  # one file's failure is its own; the others are still read
        failed.append(True)
        diags.error(
            path,
            Position(1, 1),
            f"{doing} this file failed unexpectedly ({type(exc).__name__}: {exc}); it was left out",
            "this is a bug in policybrief: please report it with the file",
            code="internal-failure",
        )
