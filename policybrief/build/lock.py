"""One build of a project at a time: a lock file in ``.policybrief/``.

Two builds writing the same outputs and state would race; the second one waits
for the first (saying so) instead. ``clean`` takes the same lock, so it never
removes what a build is writing, nor a build writes into what ``clean`` removes.
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
    ``clean`` removes the lock file with the folder while holding it: a
    holder that then gets the lock of a file no longer there takes it again
    on the file now there, so two holders never hold two different files.

    Raises:
        OSError: the folder or lock file cannot be created or opened.
    """
    told = False
    while True:
        state_dir.mkdir(parents=True, exist_ok=True)
        path = state_dir / "lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    on_wait()
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # removed while waiting: lock the file there now
    try:
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _same_file(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is still the file at ``path`` (not removed or replaced)."""
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)
