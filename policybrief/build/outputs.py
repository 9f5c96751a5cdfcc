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
from policybrief.build.options import FORMATS, BuildReport
from policybrief.build.staleness import output_files
from policybrief.build.state import BuildState
from policybrief.build.write import copy_atomic, write_atomic, write_together
from policybrief.content.corpus import Corpus
from policybrief.content.project import RESERVED_SLUGS
from policybrief.content.refs import Image, find_references
from policybrief.errors import Diagnostics, Position
from policybrief.render.resolve import BriefView
from policybrief.render.resources import content_image
from policybrief.render.theme import FONT_SUFFIXES, Theme
from policybrief.render.webfonts import RejectedFont, WebFonts

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


def media_path(src: str) -> str:
    """Where the content image ``src`` (``assets/NAME``) is published: ``media/NAME``."""
    return "media/" + src.removeprefix("assets/")


def remove_other_formats(
    manifest: OutputManifest, slug: str, formats: tuple[str, ...], diags: Diagnostics
) -> list[str]:
    """Remove the brief's files of the formats it was not built in; return those removed.

    Called once the brief's files of ``formats`` are written, so its page and
    PDF never disagree: a PDF older than the page (or a page older than the
    PDF) is not left published. Only files the manifest lists are removed; one
    that cannot be is reported in ``diags`` (``cannot-remove``).
    """
    kept = set(output_files(slug, formats))
    removed = []
    for rel in output_files(slug, FORMATS):
        if rel in kept or not manifest.owns(rel):
            continue
        existed = (manifest.output / rel).is_file()
        try:
            manifest.remove(rel)
        except OSError as exc:
            diags.error(
                manifest.output / rel,
                Position(1, 1),
                f"cannot remove output: {exc.strerror}",
                code="cannot-remove",
            )
            continue
        if existed:
            removed.append(rel)
    return removed


def brief_images(corpus: Corpus, view: BriefView) -> dict[str, bytes]:
    """The content images a brief shows, by their path in the output (``media/NAME``).

    Raises:
        OSError: an image cannot be read.
    """
    images: dict[str, bytes] = {}
    for text in view.texts:
        for ref in find_references(text.text):
            if not isinstance(ref, Image):
                continue
            if (source := content_image(corpus, ref.src)) is not None:
                rel = media_path(ref.src)
                if rel not in images:
                    images[rel] = source.read_bytes()
    return images


def copy_assets(
    theme: Theme, output: Path, manifest: OutputManifest, diags: Diagnostics, fonts: WebFonts
) -> int:
    """Copy the theme's CSS, scripts and images into ``output/assets/``, with the site's
    web fonts instead of the theme's font files; return the count written.

    Each stylesheet naming fonts is rewritten by ``fonts`` to name WOFF2 subsets,
    which are written under ``assets/fonts/``; subsets an earlier build wrote
    (the manifest lists them) and this one did not are removed. Every file is
    claimed in ``manifest`` before it is written. Unchanged files are not
    counted. The first file that cannot be written is reported in ``diags``
    (``cannot-write``) and copying stops there: one error, not one per file.
    """
    assets = {
        f"assets/{rel}": source
        for rel, source in theme.asset_files().items()
        if Path(rel).suffix.lower() not in FONT_SUFFIXES  # the site gets subsets, below
    }
    data: dict[str, bytes] = {}
    written = 0
    try:
        for rel, source in assets.items():
            if rel.endswith(".css"):
                text = fonts.stylesheet(rel.removeprefix("assets/"), source.read_text("utf-8"))
                data[rel] = text.encode()
        _report_rejected(fonts.rejected, assets, diags)
        data.update({f"assets/{rel}": font for rel, font in fonts.files.items()})
        manifest.claim([*assets, *data])
        for rel, source in assets.items():
            if rel in data:
                written += write_atomic(output / rel, data.pop(rel))
            else:
                written += copy_atomic(source, output / rel)
        for rel, font in data.items():
            written += write_atomic(output / rel, font)
        old = [r for r in manifest.files if r.startswith("assets/fonts/") and r not in data]
        for rel in old:
            if rel not in assets:
                manifest.remove(rel)
        if old:
            manifest.save()
    except OSError as exc:
        where = output / exc.filename if isinstance(exc.filename, str) else output
        diags.error(
            where, Position(1, 1), f"cannot write output: {exc.strerror}", code="cannot-write"
        )
    return written


def _report_rejected(
    rejected: list[RejectedFont], stylesheets: dict[str, Path], diags: Diagnostics
) -> None:
    """Report each face the site left out because its font is damaged (``damaged-font``),
    at the line of the theme stylesheet (``stylesheets``: by output path) that names it."""
    for face in rejected:
        name = face.font.name
        diags.error(
            stylesheets.get(f"assets/{face.stylesheet}", Path(face.stylesheet)),
            Position(face.line, 1),
            f"font file '{name}' ({face.font}) is damaged: {face.reason}; the site's pages "
            "are drawn without it",
            f"copy {name} again from where it came from (its release, or a Debian font "
            "package), or remove its @font-face rule",
            code="damaged-font",
        )


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


def remove_unshown_media(
    state: BuildState, manifest: OutputManifest, site_shows: set[str], diags: Diagnostics
) -> None:
    """Remove the images under ``media/`` that no published page shows any more.

    A brief's published page shows the images its state records (a brief
    that failed keeps its last good build's, so they stay); ``site_shows``
    are the images the site's own pages show (:func:`media_path` names).
    Only files the manifest lists are removed. When the manifest lists the
    page of a brief the state does not know (a state lost or from another
    version), what that page shows is unknown and nothing is removed. A file
    that cannot be removed is reported in ``diags`` (``cannot-remove``).
    """
    for rel in manifest.files:
        slug, _, name = rel.partition("/")
        if name == "index.html" and slug not in RESERVED_SLUGS and slug not in state.briefs:
            if (manifest.output / rel).is_file():
                return
    shown = site_shows.union(*(brief.media for brief in state.briefs.values()))
    for rel in sorted(manifest.files):
        if rel.startswith("media/") and rel not in shown:
            try:
                manifest.remove(rel)
            except OSError as exc:
                diags.error(
                    manifest.output / rel,
                    Position(1, 1),
                    f"cannot remove output: {exc.strerror}",
                    code="cannot-remove",
                )
