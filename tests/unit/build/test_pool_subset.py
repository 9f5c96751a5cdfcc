"""A web font subset queued in the PDF workers is made here when its worker is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybrief.build.pool import PdfPool
from policybrief.build.workers import Job, WorkerLostError
from policybrief.render.theme import PACKAGED_THEME
from policybrief.render.webfonts import subset_woff2
from policybrief.render.worker import Task

FONT = PACKAGED_THEME / "fonts" / "NotoSansMono-Regular.ttf"
POINTS = frozenset(range(0x41, 0x5B))


class _Dispatcher:
    """A pool's dispatcher that answers each task at once, as its worker would have."""

    def __init__(self, answer: BaseException | None) -> None:
        self.answer = answer
        self.tasks: list[Task] = []

    def put(self, job: Job) -> None:
        assert isinstance(job.pdf, Task)
        assert job.future is not None
        assert job.view is None
        self.tasks.append(job.pdf)
        if self.answer is None:
            job.future.set_result(job.pdf.function(*job.pdf.args))
        else:
            job.future.set_exception(self.answer)


def _pool(answer: BaseException | None) -> PdfPool:
    pool = PdfPool.__new__(PdfPool)  # no workers started: the dispatcher is a stand-in
    pool._dispatcher = _Dispatcher(answer)  # type: ignore[assignment]
    return pool


@pytest.mark.parametrize(
    "lost",
    [
        WorkerLostError("its PDF worker died while rendering it (killed by SIGKILL, signal 9)"),
        WorkerLostError("the PDF worker could not start (MemoryError)"),
        WorkerLostError("its PDF worker was stuck in the renderer and did not stop"),
        MemoryError(),  # a huge font, past the worker's memory limit: this process has none
    ],
)
def test_a_subset_whose_worker_was_lost_is_made_here(lost: BaseException) -> None:
    assert _pool(lost).subset(FONT, POINTS)() == subset_woff2(FONT, POINTS)


def test_a_subset_made_in_a_worker_is_its_bytes_and_has_a_deadline() -> None:
    pool = _pool(None)
    assert pool.subset(FONT, POINTS)() == subset_woff2(FONT, POINTS)
    (task,) = pool._dispatcher.tasks  # type: ignore[attr-defined]
    assert task.timeout > 0  # a worker stuck on it is killed, not waited for


def test_a_subset_that_fails_in_a_worker_raises_its_own_error(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="No such file"):
        _pool(OSError(2, "No such file or directory")).subset(tmp_path / "gone.ttf", POINTS)()
