"""One build of a project at a time: a second holder says it waits, then waits.

``flock`` locks belong to an open file, so two threads that each open the lock
file contend exactly as two processes do.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from policybrief.build.lock import project_lock

#: Generous: only a broken lock (or a stalled machine) makes a test wait this long.
TIMEOUT = 30


class Contender:
    """A second build in a thread: records when it is told to wait and when it holds the lock."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.waiting = threading.Event()
        self.holding = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with project_lock(self.state_dir, self.waiting.set):
            self.holding.set()
            self.release.wait(TIMEOUT)

    def start(self) -> Contender:
        self.thread.start()
        return self

    def finish(self) -> None:
        self.release.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


def never_wait() -> None:
    pytest.fail("on_wait was called, but nobody held the lock")


def test_an_uncontended_lock_is_taken_at_once(tmp_path: Path) -> None:
    state = tmp_path / "project/.policybrief"
    with project_lock(state, never_wait):
        assert (state / "lock").is_file()


def test_a_second_holder_is_told_and_waits_until_the_first_is_done(tmp_path: Path) -> None:
    state = tmp_path / ".policybrief"
    with project_lock(state, never_wait):
        second = Contender(state).start()
        assert second.waiting.wait(TIMEOUT), "the second holder was not told to wait"
        # Told to wait while the lock is held: it must not get it until released.
        assert not second.holding.wait(0.2)
    assert second.holding.wait(TIMEOUT), "the second holder never got the lock"
    second.finish()


def test_the_lock_is_released_when_the_block_raises(tmp_path: Path) -> None:
    state = tmp_path / ".policybrief"
    with pytest.raises(RuntimeError, match="build failed"), project_lock(state, never_wait):
        raise RuntimeError("build failed")
    with project_lock(state, never_wait):
        pass


def test_the_lock_can_be_taken_again_after_release(tmp_path: Path) -> None:
    state = tmp_path / ".policybrief"
    for _ in range(3):
        with project_lock(state, never_wait):
            other = Contender(state).start()
            assert other.waiting.wait(TIMEOUT)
        assert other.holding.wait(TIMEOUT)
        other.finish()


def test_locks_of_different_projects_are_independent(tmp_path: Path) -> None:
    with project_lock(tmp_path / "a/.policybrief", never_wait):
        other = Contender(tmp_path / "b/.policybrief").start()
        assert other.holding.wait(TIMEOUT)
        assert not other.waiting.is_set()
        other.finish()


def test_a_holder_that_waited_on_a_removed_lock_file_locks_the_new_one(tmp_path: Path) -> None:
    """``clean`` removes ``.policybrief/``, lock file and all, while holding the lock.

    The build that waited on the removed file must not run beside a third one
    that creates a new lock file: it locks the file that is there now.
    """
    state = tmp_path / ".policybrief"
    with project_lock(state, never_wait):
        waiter = Contender(state).start()
        assert waiter.waiting.wait(TIMEOUT)
        shutil.rmtree(state)  # what clean does, holding the lock
    assert waiter.holding.wait(TIMEOUT)
    third = Contender(state).start()
    assert third.waiting.wait(TIMEOUT), "the third holder got a lock of its own"
    assert not third.holding.is_set()
    waiter.finish()
    assert third.holding.wait(TIMEOUT)
    third.finish()
