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
    one is on disk are they renamed into place, each old file kept under a
    temporary name until all are in: if a rename fails, those already made
    are undone. Files already holding their bytes are left alone, not counted.

    Raises:
        OSError: a file cannot be written; no file was replaced and no
            temporary file is left.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            try:
                if path.stat().st_size == len(data) and path.read_bytes() == data:
                    continue
            except OSError:
                pass
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((Path(name), path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(name, 0o644)
        _replace_all(staged)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return len(staged)


def _replace_all(staged: list[tuple[Path, Path]]) -> None:
    """Rename each temporary file over its target; on a failure put the old files back.

    Raises:
        OSError: a rename failed (the targets are as they were).
    """
    done: list[tuple[Path, Path | None]] = []  # (target, its old file's keeping place)
    try:
        for tmp, path in staged:
            kept = None
            if path.is_file():
                kept = tmp.with_name(tmp.name.replace(".tmp", ".old.tmp"))
                os.link(path, kept)
            done.append((path, kept))
            os.replace(tmp, path)
    except BaseException:
        for path, kept in reversed(done):
            if kept is not None:
                os.replace(kept, path)
            elif path.is_file():
                path.unlink()
        raise
    finally:
        for _, kept in done:
            if kept is not None:
                kept.unlink(missing_ok=True)
