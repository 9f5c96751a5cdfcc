"""Write output files atomically: a reader never sees half a file.

Every file goes to a temporary name in its own folder and is renamed into
place, so an interrupted or failed build leaves the previous good output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written.

    Missing parent folders are created; the file gets mode 0644. A file that
    already holds ``data`` is not touched, so its modification time stays.

    Raises:
        OSError: the folder or file cannot be written; no temporary file is left.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def copy_atomic(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` atomically when their bytes differ; True if written.

    Raises:
        OSError: ``source`` cannot be read or ``target`` written.
    """
    return write_atomic(target, source.read_bytes())


def write_together(files: dict[Path, bytes]) -> int:
    """Write several files so that none changes unless all could be written; return the count.

    Each file's bytes go to a temporary file beside it first; only when every
    one is on disk are they renamed into place, one after the other. Files
    already holding their bytes are left alone and not counted.

    Raises:
        OSError: a file cannot be written; no file was replaced and no
            temporary file is left.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            try:
                if path.stat().st_size == len(data) and path.read_bytes() == data:
                    continue
            except OSError:
                pass
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return len(staged)
