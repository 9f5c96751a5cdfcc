"""Watch a project's inputs and queue every batch of changes for the preview loop."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from policybrief.content.project import SETTINGS_FILE
from policybrief.serve.banner import project_path

#: Folders and the file of a project whose changes trigger a build.
WATCHED_FOLDERS = ("content", "briefs", "templates")

#: A batch of changes as watchfiles reports it: (change, absolute path) pairs.
Batch = set[tuple[watchfiles.Change, str]]


class EditorFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter (Vim's swap files, Emacs's locks, ``~``
    backups, JetBrains' temporary files, ``.DS_Store``) and the temporary
    files other editors write beside a file while saving it, so that saving
    never shows as a change of a file the writer did not touch: Vim's write
    test ``4913``, Emacs's autosave ``#name#``, GNOME's ``.goutputstream-…``,
    Kate's ``.kate-swp``, LibreOffice's ``.~lock.…#``, Chrome's ``.crswap``,
    a save's ``.tmp`` (VS Code and many others write one and rename it), and
    ``sed -i``'s ``sedXXXXXX``.
    """

    ignore_entity_patterns = (
        *watchfiles.DefaultFilter.ignore_entity_patterns,
        r"^4913$",
        r"^#.*#$",
        r"^\.goutputstream-",
        r"\.kate-swp$",
        r"^\.~lock\..*#$",
        r"\.crswap$",
        r"\.tmp$",
        r"^sed[A-Za-z0-9]{6}$",
    )


class Watcher:
    """watchfiles on the project: its folders recursively, its top level for the settings.

    The settings file is watched through its folder, not by itself, because
    editors that save by renaming a new file into place would leave a watch on
    the file pointing at the old one. The top level is watched without
    recursion (it may hold .venv/, output/ and other large trees), and a
    watched folder created later (``new`` in an empty project) is picked up.
    Every batch of changes goes into ``changes``.
    """

    def __init__(self, root: Path, changes: queue.Queue[Batch]) -> None:
        self.root = root
        self.changes = changes
        self.threads: list[tuple[threading.Thread, threading.Event]] = []
        self.folders: tuple[Path, ...] = ()

    def start(self) -> None:
        """Start watching; return once the watches are in place (or after 5 s each)."""
        self._spawn([self.root], recursive=False, watch_filter=self._top_level)
        self.refresh()

    def refresh(self) -> None:
        """Watch the project's folders again if one appeared or went away."""
        folders = tuple(self.root / n for n in WATCHED_FOLDERS if (self.root / n).is_dir())
        if folders == self.folders:
            return
        if len(self.threads) > 1:
            thread, stop = self.threads.pop()
            stop.set()
            thread.join(timeout=5)
        self.folders = folders
        if folders:
            self._spawn(list(folders), recursive=True, watch_filter=EditorFilter())

    def close(self) -> None:
        """Stop every watch and wait (up to 5 s each) for its thread to end."""
        for _, stop in self.threads:
            stop.set()
        for thread, _ in self.threads:
            thread.join(timeout=5)

    def _top_level(self, change: watchfiles.Change, path: str) -> bool:
        p = Path(path)
        return p.parent == self.root and p.name in (SETTINGS_FILE, *WATCHED_FOLDERS)

    def _spawn(
        self,
        paths: list[Path],
        *,
        recursive: bool,
        watch_filter: Callable[[watchfiles.Change, str], bool],
    ) -> None:
        stop = threading.Event()
        ready = threading.Event()

        def run() -> None:
            batches = watchfiles.watch(
                *paths,
                watch_filter=watch_filter,
                stop_event=stop,
                recursive=recursive,
                raise_interrupt=False,
                yield_on_timeout=True,
                rust_timeout=500,
            )
            for batch in batches:
                ready.set()  # the first timeout: the watches are in place
                if batch:
                    self.changes.put(batch)

        thread = threading.Thread(target=run, name="policybrief-watch", daemon=True)
        thread.start()
        ready.wait(timeout=5)
        self.threads.append((thread, stop))


def watched_names() -> list[str]:
    """Return what a project's watch covers, as the terminal lists it: folders end in "/"."""
    return [f"{n}/" for n in WATCHED_FOLDERS] + [SETTINGS_FILE]


def describe(batch: Iterable[tuple[watchfiles.Change, str]], root: Path) -> str:
    """Return the line saying which files of the project at ``root`` a batch changed.

    ``batch`` holds (change, absolute path) pairs; the kind of change is not
    shown. Paths are relative to ``root``, sorted, each once; past three, the
    rest are counted ("changed: a, b, c and 2 more").
    """
    names = sorted({project_path(Path(path), root) for _, path in batch})
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return "changed: " + ", ".join(names[:3]) + more
