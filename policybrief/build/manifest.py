"""The output folder's manifest: which files policybrief wrote there, so only those are removed.

Every build records, in ``.policybrief-manifest.json`` inside the output folder,
each file it is about to write, before writing it: a killed build leaves a
manifest that names at worst a file not yet there, never a file it wrote and
forgot. A build removes only files its manifest lists (a deleted brief's
outputs, the page of an actor deleted on purpose, its own temporary files), and
``clean`` refuses a folder holding anything else. The manifest is read as
untrusted: a name that is not a plain relative path inside the folder is
dropped, and a folder reached through a link out of the output folder is never
entered.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path

from policybrief.build.lock import project_lock
from policybrief.build.state import STATE_DIR
from policybrief.build.write import write_atomic
from policybrief.content.project import INPUT_FOLDERS
from policybrief.errors import PolicybriefError, UsageError
from policybrief.render.theme import Theme

#: The manifest's file name, at the top of the output folder.
MANIFEST = ".policybrief-manifest.json"
#: A temporary file of :mod:`policybrief.build.write`: ``.NAME.XXXXXXXX.tmp``.
_TEMPORARY_RE = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]+\.tmp$")


def plain_relative(rel: str) -> bool:
    """Whether ``rel`` is a plain POSIX path below a folder: not absolute, no "..", no NUL."""
    return (
        bool(rel)
        and "\0" not in rel
        and not rel.startswith("/")
        and posixpath.normpath(rel) == rel
        and rel != ".."
        and not rel.startswith("../")
    )


class OutputManifest:
    """The files policybrief wrote into one output folder, as paths relative to it."""

    def __init__(self, output: Path, files: Iterable[str] = ()) -> None:
        self.output = output
        self.files = {f for f in files if plain_relative(f) and f != MANIFEST}
        #: A file was removed since the manifest was last saved (:meth:`save_removals`).
        self.unsaved = False

    @classmethod
    def read(cls, output: Path) -> OutputManifest | None:
        """Return the folder's manifest; None when it has none or it cannot be read."""
        try:
            data = json.loads((output / MANIFEST).read_bytes())
            files = data["files"]
            if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(output, files)

    def claim(self, rels: Iterable[str]) -> None:
        """Record ``rels`` as policybrief's before they are written; save when any is new.

        Raises:
            OSError: the manifest cannot be written (the files could not be either).
        """
        new = {r for r in rels if plain_relative(r)} - self.files
        if new:
            self.files |= new
            self.save()

    def owns(self, rel: str) -> bool:
        """Whether policybrief wrote ``rel`` into this folder (so may remove it)."""
        return rel in self.files

    def remove(self, rel: str) -> None:
        """Remove the file ``rel`` if policybrief wrote it, then its emptied folders.

        A file reached through a link out of the output folder is left alone.

        Raises:
            OSError: the file cannot be removed.
        """
        if not self.owns(rel):
            return
        target = self.output / rel
        if _inside(target.parent, self.output):
            target.unlink(missing_ok=True)
            _remove_empty_parents(target.parent, self.output)
        self.files.discard(rel)
        self.unsaved = True

    def save(self) -> None:
        """Write the manifest atomically.

        Raises:
            OSError: it cannot be written.
        """
        text = json.dumps({"format": 1, "files": sorted(self.files)}, indent=0)
        write_atomic(self.output / MANIFEST, text.encode("utf-8"))
        self.unsaved = False

    def save_removals(self) -> None:
        """Save the manifest if a file was removed since it was last saved.

        Removals are saved once, at the end of a build: until then the manifest
        names at worst a file already gone, which is harmless.

        Raises:
            OSError: it cannot be written.
        """
        if self.unsaved:
            self.save()

    def remove_temporary_files(self) -> None:
        """Remove the temporary files a killed build left beside the files it owns."""
        folders: dict[Path, set[str]] = {}
        for rel in self.files:
            path = self.output / rel
            folders.setdefault(path.parent, set()).add(path.name)
        folders.setdefault(self.output, set()).add(MANIFEST)
        for folder, names in folders.items():
            if not folder.is_dir() or not _inside(folder, self.output):
                continue
            for entry in folder.iterdir():
                m = _TEMPORARY_RE.match(entry.name)
                if m and m.group("name") in names and not entry.is_symlink():
                    entry.unlink(missing_ok=True)

    def remove_links(self, owned: set[str]) -> list[str]:
        """Remove the symbolic links where policybrief writes; return their paths.

        ``owned`` holds the output folder's top-level names policybrief writes
        (each brief's folder, ``tags``, ``actors``, ``assets``, ``media``, the
        site's pages); every file the manifest lists counts too. policybrief
        writes only files and folders there, so a link on one of those paths is
        someone else's: an ``output/`` restored from an untrusted cache with
        ``output/tags`` a link to a folder elsewhere made the build write through
        it, outside the output folder. Such a link is removed, never followed;
        anything else in the folder is left alone.
        """
        removed: list[str] = []
        if not self.output.is_dir() or self.output.is_symlink():
            return removed
        tops = owned | {rel.split("/", 1)[0] for rel in self.files}
        for top in sorted(tops):
            start = self.output / top
            if start.is_symlink():
                start.unlink(missing_ok=True)
                removed.append(top)
                continue
            if not start.is_dir():
                continue
            for folder, dirs, files in os.walk(start):
                here = Path(folder)
                for name in [*dirs, *files]:
                    path = here / name
                    if path.is_symlink():
                        path.unlink(missing_ok=True)
                        removed.append(path.relative_to(self.output).as_posix())
                dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
        return removed


def _inside(path: Path, output: Path) -> bool:
    try:
        return path.resolve().is_relative_to(output.resolve())
    except OSError:
        return False


def _remove_empty_parents(folder: Path, output: Path) -> None:
    while folder != output and folder.is_relative_to(output):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (or gone): stop there
        folder = folder.parent


def check_output_folder(root: Path, output: Path) -> None:
    """Refuse an output folder where writing or removing could harm the project.

    ``output`` is absolute (links not resolved). Refused: the project folder
    itself or a folder holding it, and a folder inside ``content/``,
    ``briefs/``, ``.policybrief/`` or a theme folder.

    Raises:
        UsageError: the folder is one of those; the message says which.
    """
    resolved, project = output.resolve(), root.resolve()
    if project.is_relative_to(resolved):
        raise UsageError(
            f"refusing output folder {output}: it holds the project itself; "
            "choose an empty folder or output/ (the default)"
        )
    inputs = [project / name for name in (*INPUT_FOLDERS, STATE_DIR)]
    for folder in [*inputs, *Theme.for_project(project).folders]:
        if resolved.is_relative_to(folder.resolve()):
            raise UsageError(
                f"refusing output folder {output}: it is inside {folder}, which holds "
                "the project's inputs; choose an empty folder or output/ (the default)"
            )


def clean(root: Path, output: Path, on_wait: Callable[[], None] | None = None) -> list[Path]:
    """Remove what policybrief wrote into ``output`` and the build state; return what went.

    ``output`` is absolute, links not resolved. Only files the folder's
    manifest lists are removed, then folders they leave empty; a
    ``.policybrief`` that is a link is unlinked, its target untouched.
    Holds the project's build lock (:mod:`policybrief.build.lock`) meanwhile:
    while a build runs, ``on_wait`` is called and the clean waits for it.

    Raises:
        UsageError: ``output`` is a link, is refused by
            :func:`check_output_folder`, or holds files policybrief did not
            write (or no manifest at all); nothing is removed then.
        PolicybriefError: a file or folder cannot be removed, or the lock
            cannot be taken; the message names it.
    """
    state = root / STATE_DIR
    had_state = state.is_symlink() or state.exists()
    with ExitStack() as stack:
        # A link to nowhere cannot hold a lock, nor can a build take one there.
        if not (state.is_symlink() and not state.exists()):
            try:
                stack.enter_context(project_lock(state, on_wait or (lambda: None)))
            except OSError as exc:
                raise PolicybriefError(
                    f"cannot use {state}: {exc.strerror}; the project folder must be writable"
                ) from None
        try:
            return _clean_locked(root, output, had_state)
        except PolicybriefError:
            if not had_state:  # refused: leave no lock folder behind where there was none
                shutil.rmtree(state, ignore_errors=True)
            raise


def _clean_locked(root: Path, output: Path, had_state: bool) -> list[Path]:
    """:func:`clean`'s work, under the lock; ``.policybrief/`` is named removed if
    ``had_state`` (else it held only the lock this clean made)."""
    state = root / STATE_DIR
    removed = []
    if output.is_symlink():
        raise UsageError(
            f"refusing to clean {output}: it is a link to {os.readlink(output)}; "
            "remove the link yourself if that is what you want"
        )
    if output.exists():
        check_output_folder(root, output)
        if _clean_output(output):
            removed.append(output)
    try:
        if state.is_symlink():
            state.unlink()
            removed.append(state)
        elif state.is_dir():
            shutil.rmtree(state)
            if had_state:
                removed.append(state)
    except OSError as exc:
        # rmtree names the file relative to the folder it was removing.
        where = f" ({exc.filename})" if exc.filename else ""
        raise PolicybriefError(f"cannot remove {state}{where}: {exc.strerror}") from None
    return removed


def _clean_output(output: Path) -> bool:
    """Remove the files policybrief wrote and the folder if it is then empty; True if any."""
    manifest = OutputManifest.read(output) or OutputManifest(output)
    foreign = sorted(_foreign_files(output, manifest))
    if foreign:
        shown = ", ".join(foreign[:3]) + (
            f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        )
        raise UsageError(
            f"refusing to clean {output}: it holds files policybrief did not write "
            f"({shown}); remove them yourself, or choose the folder policybrief built into"
        )
    try:
        manifest.remove_temporary_files()
        for rel in sorted(manifest.files):
            manifest.remove(rel)
        (output / MANIFEST).unlink(missing_ok=True)
        _remove_empty_folders(output)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise PolicybriefError(f"cannot remove {output}{where}: {exc.strerror}") from None
    return True


def _foreign_files(output: Path, manifest: OutputManifest) -> Iterable[str]:
    """Files and links under ``output`` that the manifest does not list (links not followed)."""
    for folder, dirs, files in os.walk(output):
        here = Path(folder)
        for name in [*files, *(d for d in dirs if (here / d).is_symlink())]:
            rel = (here / name).relative_to(output).as_posix()
            if rel == MANIFEST or manifest.owns(rel):
                continue
            m = _TEMPORARY_RE.match(name)
            if m and (
                m.group("name") == MANIFEST
                or manifest.owns((here / m.group("name")).relative_to(output).as_posix())
            ):
                continue
            yield rel


def _remove_empty_folders(output: Path) -> None:
    """Remove the folders under ``output`` left empty, and ``output`` itself if empty."""
    for folder, _dirs, _files in sorted(os.walk(output), key=lambda w: -len(w[0])):
        try:
            Path(folder).rmdir()
        except OSError:
            pass  # not empty: something policybrief did not write stays
