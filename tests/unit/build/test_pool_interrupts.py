"""An interrupt while the pool starts its workers stops them before it is passed on."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import ClassVar

import pytest

from policybrief.build import dispatch
from policybrief.build.pool import PdfPool
from policybrief.errors import Terminated
from policybrief.render.theme import Theme


class _Dispatcher:
    """Starts no process; is interrupted while "starting" them, as a build can be."""

    made: ClassVar[list[_Dispatcher]] = []
    signum = signal.SIGTERM

    def __init__(self, settings: object, workers: int) -> None:
        self.stopped = False
        _Dispatcher.made.append(self)
        os.kill(os.getpid(), self.signum)  # arrives in the middle of the spawns

    def stop(self) -> None:
        self.stopped = True


@pytest.mark.parametrize(
    ("signum", "raised"), [(signal.SIGTERM, Terminated), (signal.SIGINT, KeyboardInterrupt)]
)
def test_workers_started_when_an_interrupt_came_are_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, raised: type[BaseException]
) -> None:
    monkeypatch.setattr(dispatch, "Dispatcher", _Dispatcher)
    monkeypatch.setattr(_Dispatcher, "made", [])
    monkeypatch.setattr(_Dispatcher, "signum", signum)
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    with pytest.raises(raised) as caught:
        PdfPool(tmp_path, Theme.for_project(tmp_path), workers=2)
    assert caught.type is raised  # SIGTERM is Terminated, Ctrl-C a plain KeyboardInterrupt
    (made,) = _Dispatcher.made
    assert made.stopped  # before: nobody held the pool, and its workers ran on
    assert {s: signal.getsignal(s) for s in before} == before  # the build's handlers are back


def test_a_signal_the_build_ignores_stays_ignored_while_workers_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script's background job ignores SIGINT: its workers must inherit that, and a
    stray Ctrl-C meant for the script must neither stop them nor the build."""
    seen: list[object] = []

    class _Quiet(_Dispatcher):
        def __init__(self, settings: object, workers: int) -> None:
            seen.append(signal.getsignal(signal.SIGINT))  # what a spawned worker inherits
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(dispatch, "Dispatcher", _Quiet)
    monkeypatch.setattr(_Dispatcher, "made", [])
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        PdfPool(tmp_path, Theme.for_project(tmp_path), workers=2)  # no KeyboardInterrupt
        assert seen == [signal.SIG_IGN]
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
