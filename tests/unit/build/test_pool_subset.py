"""A web font subset queued in the PDF workers is made here when its worker dies."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from policybrief.build.pool import PdfPool
from policybrief.render.theme import PACKAGED_THEME
from policybrief.render.webfonts import subset_woff2

FONT = PACKAGED_THEME / "fonts" / "NotoSansMono-Regular.ttf"
POINTS = frozenset(range(0x41, 0x5B))


class _Dead:
    """An executor whose workers died: before the job was queued, or while it ran."""

    def __init__(self, when: str) -> None:
        self.when = when

    def submit(self, fn: Any, *args: Any) -> Future[bytes]:
        if self.when == "before":
            raise BrokenProcessPool("a worker died")
        future: Future[bytes] = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future


@pytest.mark.parametrize("when", ["before", "while"])
def test_a_subset_whose_worker_died_is_made_here(when: str) -> None:
    pool = PdfPool.__new__(PdfPool)  # no workers started: the executor is the dead one
    pool.pool = _Dead(when)  # type: ignore[assignment]
    assert pool.subset(FONT, POINTS)() == subset_woff2(FONT, POINTS)


def test_a_subset_that_fails_in_a_worker_raises_its_own_error(tmp_path: Path) -> None:
    class _Failing(_Dead):
        def submit(self, fn: Any, *args: Any) -> Future[bytes]:
            future: Future[bytes] = Future()
            future.set_exception(OSError(2, "No such file or directory"))
            return future

    pool = PdfPool.__new__(PdfPool)
    pool.pool = _Failing("while")  # type: ignore[assignment]
    with pytest.raises(OSError, match="No such file"):
        pool.subset(tmp_path / "gone.ttf", POINTS)()
