"""The workers' zygote (render/zygote.py) and the pool's view of what it forks (build/forked.py).

Real processes: the zygote imports WeasyPrint once and forks the workers, which
answer tasks as the pool's workers do; the tests read their exit codes and
signals through the status pipes, and check that nothing outlives the zygote.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from policybrief.build.forked import ForkedProcess
from policybrief.render.pdf import write_fontconfig
from policybrief.render.theme import Theme
from policybrief.render.worker import Task
from policybrief.render.zygote import start_zygote
from tests.helpers import VALID, process_alive, wait_until

LIMIT = 2 << 30  # bytes of address space: the default


def heap_state() -> tuple[bool, int]:
    """In a worker: whether WeasyPrint was imported before any job, and how much is frozen."""
    return "weasyprint" in sys.modules, gc.get_freeze_count()


@pytest.fixture
def fontconfig(tmp_path: Path) -> Path:
    return write_fontconfig(Theme.for_project(VALID), tmp_path / "state")


def _ready(connection: Connection, process: ForkedProcess) -> int:
    kind, pid = connection.recv()
    assert kind == "ready"
    process.started(pid)
    return int(pid)


@pytest.fixture
def forked(
    fontconfig: Path, tmp_path: Path
) -> Iterator[tuple[object, list[tuple[Connection, ForkedProcess, int]]]]:
    zygote, pipes = start_zygote(2, fontconfig, os.getpid(), tmp_path / "tmp", LIMIT)
    workers = []
    for connection, status in pipes:
        process = ForkedProcess(status, zygote)
        workers.append((connection, process, _ready(connection, process)))
    yield zygote, workers
    for _connection, process, _pid in workers:
        process.kill()
        process.join(5)
    zygote.kill()
    zygote.join(5)


def _ask(connection: Connection, task: Task) -> object:
    connection.send(task)
    kind, (ok, value) = connection.recv()
    assert (kind, ok) == ("done", True), value
    return value


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def test_the_workers_are_the_zygotes_children_and_start_warm(forked, tmp_path: Path) -> None:
    zygote, workers = forked
    temporary = tmp_path / "tmp"
    pids = {pid for _c, _p, pid in workers}
    assert len(pids) == 2
    assert zygote.pid not in pids
    assert {_parent(pid) for pid in pids} == {zygote.pid}
    for connection, _process, pid in workers:
        assert _ask(connection, Task(os.getpid, ())) == pid
        imported, frozen = _ask(connection, Task(heap_state, ()))
        assert imported  # by the zygote, before any job
        assert frozen > 10_000  # the zygote's warm heap, frozen before the fork
        # Each keeps its temporary files in a folder of its own, named by its pid.
        assert _ask(connection, Task(tempfile.gettempdir, ())) == str(temporary / str(pid))


@pytest.mark.parametrize(
    ("task", "exitcode"),
    [(Task(os._exit, (7,)), 7), (Task(os.kill, (0, signal.SIGKILL)), -signal.SIGKILL)],
)
def test_how_a_forked_worker_ended_comes_from_the_zygote(forked, task: Task, exitcode: int) -> None:
    _zygote, workers = forked
    connection, process, pid = workers[0]
    if task.function is os.kill:
        task = Task(os.kill, (pid, signal.SIGKILL))
    connection.send(task)
    process.join(30)
    assert process.exitcode == exitcode
    assert not process.is_alive()
    assert not process_alive(pid)  # reaped by the zygote, not left a zombie
    # The other worker goes on.
    other, _process, other_pid = workers[1]
    assert _ask(other, Task(os.getpid, ())) == other_pid


def test_a_forked_worker_killed_by_the_pool_is_reaped_and_reported(forked) -> None:
    _zygote, workers = forked
    _connection, process, pid = workers[1]
    process.kill()
    process.join(30)
    assert process.exitcode == -signal.SIGKILL
    assert not process_alive(pid)


def test_the_zygote_exits_once_its_workers_have(forked) -> None:
    zygote, workers = forked
    for connection, _process, _pid in workers:
        connection.send(None)  # the pool's "you may go"
    for _connection, process, _pid in workers:
        process.join(30)
        assert process.exitcode == 0
    zygote.join(30)
    assert zygote.exitcode == 0


def test_a_killed_zygote_takes_its_workers_with_it(forked) -> None:
    zygote, workers = forked
    zygote.kill()
    zygote.join(30)
    for _connection, process, pid in workers:
        process.join(30)
        assert process.exitcode == -signal.SIGKILL  # said so, though nobody reported it
        wait_until(lambda pid=pid: not process_alive(pid), timeout=30, what="the worker to end")


def test_a_zygote_that_cannot_start_says_why_on_every_workers_pipe(
    fontconfig: Path, tmp_path: Path
) -> None:
    zygote, pipes = start_zygote(2, fontconfig, os.getpid(), tmp_path / "tmp", 64 << 20)
    for connection, status in pipes:
        kind, (why, memory) = connection.recv()
        assert kind == "failed"
        assert "MemoryError" in why
        assert memory
        process = ForkedProcess(status, zygote)
        process.join(30)
        assert process.exitcode == 1
    zygote.join(30)
    assert zygote.exitcode == 1
    assert not (tmp_path / "tmp").exists()  # no worker got as far as its temporary folder
