"""Write the intranet site into the output folder: its pages, their images, no stale pages.

The site's pages are rendered by :mod:`policybrief.site`; this module only puts
them on disk, atomically and only when their bytes change, and removes the
pages of tags no brief has any more and of actors whose files were deleted.
An actor whose file exists but has errors keeps its page; only files the
output folder's manifest lists are ever removed.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from policybrief.build.manifest import OutputManifest
from policybrief.build.write import write_atomic
from policybrief.content.corpus import Corpus
from policybrief.content.refs import Image, find_references
from policybrief.errors import Diagnostics, Position
from policybrief.render.html import make_environment
from policybrief.render.resources import content_image
from policybrief.render.theme import Theme
from policybrief.site.data import site_data
from policybrief.site.entries import Site
from policybrief.site.listing import BriefListing
from policybrief.site.pages import render_pages

#: Folders whose pages the site owns (reserved brief slugs): stale pages there are removed.
_OWNED = ("actors", "tags")


def build_site(
    corpus: Corpus,
    theme: Theme,
    manifest: OutputManifest,
    diags: Diagnostics,
    listings: dict[str, BriefListing] | None = None,
) -> int:
    """Write the site's pages into the manifest's output folder; return how many files changed.

    ``listings`` are the briefs listed (None: those of ``corpus``). A broken
    site template or a failed write is reported to ``diags``
    (``template-error``, ``cannot-write``) rather than raised.
    """
    output = manifest.output
    env = make_environment(theme)
    site = site_data(corpus, listings)
    try:
        pages = render_pages(corpus, site, env)
    except jinja2.TemplateError as exc:
        path = Path(getattr(exc, "filename", None) or theme.folders[0] / "site")
        line = getattr(exc, "lineno", None) or 1
        diags.error(
            path,
            Position(line, 1),
            f"template error in the site's pages: {exc}",
            code="template-error",
        )
        return 0
    written = 0
    try:
        media = _media(corpus, site)
        manifest.claim([*pages, *media])
        for rel, data in {**pages, **media}.items():
            written += write_atomic(output / rel, data)
    except OSError as exc:
        diags.error(
            Path(exc.filename or output),
            Position(1, 1),
            f"cannot write output: {exc.strerror}",
            "check that the output folder is writable and the disk not full",
            code="cannot-write",
        )
        return written
    try:
        _remove_stale(corpus.root, manifest, set(pages))
    except OSError as exc:
        diags.error(
            Path(exc.filename or output),
            Position(1, 1),
            f"cannot remove output: {exc.strerror}",
            code="cannot-remove",
        )
    return written


def _media(corpus: Corpus, site: Site) -> dict[str, bytes]:
    """Images that actor summaries show, which no brief may have copied, by output path."""
    media: dict[str, bytes] = {}
    for actor in site.actors:
        for ref in find_references(actor.summary or ""):
            if not isinstance(ref, Image):
                continue
            if (source := content_image(corpus, ref.src)) is not None:
                media["media/" + ref.src.removeprefix("assets/")] = source.read_bytes()
    return media


def _remove_stale(root: Path, manifest: OutputManifest, current: set[str]) -> None:
    """Remove the pages of tags no brief has and of actors whose files were deleted.

    Only pages policybrief wrote (the manifest's) in the site's own folders;
    an actor whose file still exists keeps its page, whatever its errors.
    """
    for rel in sorted(manifest.files):
        parts = rel.split("/")
        if len(parts) != 3 or parts[0] not in _OWNED or parts[2] != "index.html":
            continue
        if rel in current:
            continue
        if parts[0] == "actors" and (root / "content" / "actors" / f"{parts[1]}.yaml").exists():
            continue
        manifest.remove(rel)
