"""One build of a project at a time: a lock file in ``.policybrief/``.

Two builds writing the same outputs and state would race; the second one waits
for the first (saying so) instead.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def project_lock(state_dir: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the project's build lock; call ``on_wait`` first if another build holds it.

    ``state_dir`` is the project's ``.policybrief/`` (created if missing); the
    lock file stays there. Waits without a time limit; ``on_wait`` is called
    at most once, before waiting, so the user learns why nothing happens.

    Raises:
        OSError: the folder or lock file cannot be created or opened.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(state_dir / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
