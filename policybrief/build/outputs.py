"""The output folder: write a brief's files and the theme's assets, remove what was deleted.

Every file is written atomically (:mod:`policybrief.build.write`), a brief's
files together, and recorded in the folder's manifest first
(:mod:`policybrief.build.manifest`); a file that cannot be written becomes an
error diagnostic at its path, never an exception, so one full disk or
read-only folder fails the brief, not the build.
"""

from __future__ import annotations

from pathlib import Path

from policybrief.build.manifest import OutputManifest
from policybrief.build.options import BuildReport
from policybrief.build.state import BuildState
from policybrief.build.write import copy_atomic, write_together
from policybrief.content.corpus import Corpus
from policybrief.content.refs import Image, find_references
from policybrief.errors import Diagnostics, Position
from policybrief.render.resolve import BriefView
from policybrief.render.theme import Theme

_WRITE_HINT = "check that the output folder is writable and the disk not full"


def write_brief(
    output: Path, manifest: OutputManifest, files: dict[str, bytes], diags: Diagnostics
) -> int | None:
    """Write one brief's files (pages, PDF, images) together; return the count, None if failed.

    ``files`` maps paths relative to ``output`` to their bytes. Either every
    file is replaced or none is (:func:`~policybrief.build.write.write_together`):
    a brief never shows its new page beside its old PDF. A failure is reported
    in ``diags`` (``cannot-write``), never raised.
    """
    try:
        manifest.claim(files)
        return write_together({output / rel: data for rel, data in files.items()})
    except OSError as exc:
        diags.error(
            Path(exc.filename or output),
            Position(1, 1),
            f"cannot write output: {exc.strerror}",
            _WRITE_HINT,
            code="cannot-write",
        )
        return None


def brief_images(corpus: Corpus, view: BriefView) -> dict[str, bytes]:
    """The content images a brief shows, by their path in the output (``media/NAME``).

    Raises:
        OSError: an image cannot be read.
    """
    images: dict[str, bytes] = {}
    for text in view.texts:
        for ref in find_references(text.text):
            if isinstance(ref, Image) and ref.src in corpus.assets:
                rel = "media/" + ref.src.removeprefix("assets/")
                if rel not in images:
                    images[rel] = (corpus.root / "content" / ref.src).read_bytes()
    return images


def copy_assets(theme: Theme, output: Path, manifest: OutputManifest, diags: Diagnostics) -> int:
    """Copy the theme's CSS, scripts, fonts and images into ``output/assets/``; return the count.

    Unchanged files are not counted. The first file that cannot be written is
    reported in ``diags`` (``cannot-write``) and copying stops there: one
    error, not one per file.
    """
    written = 0
    assets = theme.asset_files()
    try:
        manifest.claim(f"assets/{rel}" for rel in assets)
    except OSError as exc:
        diags.error(
            output, Position(1, 1), f"cannot write output: {exc.strerror}", code="cannot-write"
        )
        return 0
    for rel, source in assets.items():
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
    state: BuildState,
    brief_files: set[str],
    manifest: OutputManifest,
    report: BuildReport,
    diags: Diagnostics,
) -> None:
    """Remove the outputs of briefs whose manifests were deleted, and forget them in ``state``.

    ``brief_files`` holds the slug of every manifest in ``briefs/``, valid or
    not. Only files the output folder's manifest lists are removed. Each
    removed slug goes into ``report.removed``; a file that cannot be removed
    is reported in ``diags`` (``cannot-remove``).
    """
    for slug in sorted(set(state.briefs) - brief_files):
        for rel in state.briefs[slug].outputs:
            try:
                manifest.remove(rel)
            except OSError as exc:
                diags.error(
                    manifest.output / rel,
                    Position(1, 1),
                    f"cannot remove output: {exc.strerror}",
                    code="cannot-remove",
                )
        del state.briefs[slug]
        report.removed.append(slug)
