"""The output folder: write a brief's files and the theme's assets, remove what was deleted.

Every file is written atomically (:mod:`policybrief.build.write`); a file that
cannot be written becomes an error diagnostic at its path, never an exception,
so one full disk or read-only folder fails the brief, not the build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from policybrief.build.options import BuildReport
from policybrief.build.state import BuildState
from policybrief.build.write import copy_atomic, write_atomic
from policybrief.content.corpus import Corpus
from policybrief.content.refs import Image, find_references
from policybrief.errors import Diagnostics, PolicybriefError, Position
from policybrief.render.resolve import BriefView
from policybrief.render.resources import content_image
from policybrief.render.theme import Theme

_WRITE_HINT = "check that the output folder is writable and the disk not full"


def write_output(path: Path, data: bytes, diags: Diagnostics) -> int:
    """Write ``data`` to ``path`` atomically; return 1 if written, 0 if unchanged or unwritable.

    An int, not a bool, so callers can sum files written. An unwritable file
    is reported in ``diags`` (``cannot-write``), never raised.
    """
    try:
        return int(write_atomic(path, data))
    except OSError as exc:
        diags.error(
            path,
            Position(1, 1),
            f"cannot write output: {exc.strerror}",
            _WRITE_HINT,
            code="cannot-write",
        )
        return 0


def copy_images(corpus: Corpus, view: BriefView, output: Path, diags: Diagnostics) -> int:
    """Copy the content images a brief shows into ``output/media/``; return the count written.

    Unchanged files are not counted; a file that cannot be written is reported
    in ``diags`` (``cannot-write``) and the others are still copied.
    """
    written = 0
    for text in view.texts:
        for ref in find_references(text.text):
            if not isinstance(ref, Image):
                continue
            if (source := content_image(corpus, ref.src)) is not None:
                target = output / "media" / ref.src.removeprefix("assets/")
                try:
                    written += copy_atomic(source, target)
                except OSError as exc:
                    diags.error(
                        target,
                        Position(1, 1),
                        f"cannot write output: {exc.strerror}",
                        code="cannot-write",
                    )
    return written


def copy_assets(theme: Theme, output: Path, diags: Diagnostics) -> int:
    """Copy the theme's CSS, scripts, fonts and images into ``output/assets/``; return the count.

    Unchanged files are not counted. The first file that cannot be written is
    reported in ``diags`` (``cannot-write``) and copying stops there: one
    error, not one per file.
    """
    written = 0
    for rel, source in theme.asset_files().items():
        target = output / "assets" / rel
        try:
            written += copy_atomic(source, target)
        except OSError as exc:
            diags.error(
                target, Position(1, 1), f"cannot write output: {exc.strerror}", code="cannot-write"
            )
            break
    return written


def remove_deleted(
    state: BuildState, brief_files: set[str], output: Path, report: BuildReport, diags: Diagnostics
) -> None:
    """Remove the outputs of briefs whose manifests were deleted, and forget them in ``state``.

    ``brief_files`` holds the slug of every manifest in ``briefs/``, valid or
    not. Each removed slug goes into ``report.removed``; a file that cannot be
    removed is reported in ``diags`` (``cannot-remove``).

    Raises:
        OSError: an emptied brief folder cannot be removed.
    """
    for slug in sorted(set(state.briefs) - brief_files):
        for rel in state.briefs[slug].outputs:
            target = output / rel
            try:
                target.unlink(missing_ok=True)
            except OSError as exc:
                diags.error(
                    target,
                    Position(1, 1),
                    f"cannot remove output: {exc.strerror}",
                    code="cannot-remove",
                )
        folder = output / slug
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        del state.briefs[slug]
        report.removed.append(slug)


def remove_temporary_files(output: Path) -> None:
    """Remove temporary files a killed build left behind, so none is ever published."""
    if output.is_dir():
        for path in output.rglob(".*.tmp"):
            path.unlink(missing_ok=True)


def clean(root: Path, output: Path) -> list[Path]:
    """Remove the output folder and the build state; return the folders removed.

    Raises:
        PolicybriefError: a file or folder cannot be removed (permissions, a busy
            mount); the message names the folder being removed and the file.
    """
    removed = []
    for path in (output, root / ".policybrief"):
        if path.is_dir():
            try:
                shutil.rmtree(path)
            except OSError as exc:
                # rmtree names the file relative to the folder it was removing.
                where = f" ({exc.filename})" if exc.filename else ""
                raise PolicybriefError(f"cannot remove {path}{where}: {exc.strerror}") from None
            removed.append(path)
    return removed
