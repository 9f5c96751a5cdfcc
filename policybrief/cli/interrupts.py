"""Ctrl-C and SIGTERM as exceptions that are never lost.

SIGTERM raises :class:`~policybrief.errors.Terminated` (a KeyboardInterrupt
ending in exit code 143), so that everything that cleans up after Ctrl-C
does so after SIGTERM too.

Python raises a signal's exception in whatever code the main thread runs at
that moment. When that code is a weak-reference callback or a ``__del__``
(importlib runs one each time a module lock is released), the exception
cannot propagate: Python prints "Exception ignored in ..." with a traceback
and goes on, and the build that was told to stop went on to publish (a
SIGTERM 50 ms into a build did this). :func:`install` hooks that case: the
swallowed interrupt is sent again, silently, a moment later, so that it is
raised in the code the main thread runs then instead. A library that
wraps the exception in one of its own is told apart from a bug by
:func:`received`.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from policybrief.errors import Terminated

#: The signals received so far (SIGINT, SIGTERM), in order.
_RECEIVED: list[int] = []


def received() -> int | None:
    """The first interrupt this process received (``signal.SIGTERM`` or ``SIGINT``), or None.

    A library that calls back into Python can wrap the exception a handler
    raised in one of its own (pydantic-core building a model while the build
    imports: ``SchemaError``); the command line asks this to tell such an
    error from a bug.
    """
    return _RECEIVED[0] if _RECEIVED else None


def _terminate(signum: int, frame: FrameType | None) -> None:
    _RECEIVED.append(signum)
    raise Terminated


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _RECEIVED.append(signum)
    raise KeyboardInterrupt


#: Seconds before a swallowed interrupt is sent again: long enough for the main
#: thread to leave the callback that swallowed it (they are short), short
#: enough to go unnoticed.
REDELIVERY_DELAY = 0.01


def _send(signum: int) -> None:
    time.sleep(REDELIVERY_DELAY)
    os.kill(os.getpid(), signum)


class _Redeliver:
    """A ``sys.unraisablehook``: sends a swallowed interrupt again, passes anything else on."""

    def __init__(self, previous: Callable[[Any], object]) -> None:
        self.previous = previous

    def __call__(self, unraisable: Any) -> None:
        exc_type = unraisable.exc_type
        if isinstance(exc_type, type) and issubclass(exc_type, KeyboardInterrupt):
            signum = signal.SIGTERM if issubclass(exc_type, Terminated) else signal.SIGINT
            if callable(signal.getsignal(signum)):
                # Not raised here: a Python handler runs at the main thread's
                # next check, which would still be inside this hook.
                threading.Thread(target=_send, args=(signum,), daemon=True).start()
                return
        self.previous(unraisable)


def install() -> None:
    """Make SIGTERM raise Terminated, and re-deliver interrupts Python would swallow.

    Ctrl-C still raises KeyboardInterrupt (exit code 130), through a handler
    that records it as SIGTERM's does (:func:`received`); a SIGINT that was
    ignored when the process started (a background job) stays ignored. Does
    nothing outside the main thread (only it receives signals).
    """
    if threading.current_thread() is not threading.main_thread():
        return
    _RECEIVED.clear()  # one command's (main() runs several times in tests)
    signal.signal(signal.SIGTERM, _terminate)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored
        signal.signal(signal.SIGINT, _interrupt)
    if not isinstance(sys.unraisablehook, _Redeliver):
        sys.unraisablehook = _Redeliver(sys.unraisablehook)
