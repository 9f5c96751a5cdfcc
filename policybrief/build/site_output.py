"""Write the intranet site into the output folder: its pages, their images, no stale pages.

The site's pages are rendered by :mod:`policybrief.site`; this module only puts
them on disk, atomically and only when their bytes change, and removes the
pages of tags no brief has any more and of actors whose files were deleted.
An actor whose file exists but has errors keeps its page; only files the
output folder's manifest lists are ever removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from policybrief.build.manifest import OutputManifest
from policybrief.build.outputs import media_path
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
#: Site files earlier versions wrote and this one does not: removed when found.
_RETIRED = frozenset({"search/index.json"})


@dataclass(frozen=True)
class SitePages:
    """The site's pages rendered, by path in the output folder, with the data they show."""

    pages: dict[str, bytes]
    site: Site


def render_site(
    corpus: Corpus,
    theme: Theme,
    diags: Diagnostics,
    listings: dict[str, BriefListing] | None = None,
) -> SitePages | None:
    """Render the site's pages without writing them; None after a template error.

    ``listings`` are the briefs listed (None: those of ``corpus``). A broken
    site template is reported to ``diags`` (``template-error``), not raised.
    """
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
        return None
    return SitePages(pages, site)


def write_site(
    corpus: Corpus, rendered: SitePages, manifest: OutputManifest, diags: Diagnostics
) -> int:
    """Write rendered pages and the images actor summaries show; return how many files changed.

    Pages of tags and actors that are gone are removed. A failed write or
    removal is reported to ``diags`` (``cannot-write``, ``cannot-remove``).
    """
    output = manifest.output
    pages = rendered.pages
    written = 0
    try:
        media = _media(corpus, rendered.site)
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
    for src in _images(site):
        if (source := content_image(corpus, src)) is not None:
            media[media_path(src)] = source.read_bytes()
    return media


def site_media(rendered: SitePages) -> set[str]:
    """The output paths (``media/NAME``) of the images the site's pages show, found or not."""
    return {media_path(src) for src in _images(rendered.site)}


def _images(site: Site) -> list[str]:
    """The ``src`` of every image the actor summaries show, in order."""
    return [
        ref.src
        for actor in site.actors
        for ref in find_references(actor.summary or "")
        if isinstance(ref, Image)
    ]


def _remove_stale(root: Path, manifest: OutputManifest, current: set[str]) -> None:
    """Remove the pages of tags no brief has and of actors whose files were deleted.

    Only pages policybrief wrote (the manifest's) in the site's own folders;
    an actor whose file still exists keeps its page, whatever its errors. The
    site files of earlier versions (:data:`_RETIRED`) go too.
    """
    stale: list[str] = []
    for rel in sorted(manifest.files):
        if rel in _RETIRED and rel not in current:
            manifest.remove(rel)
            continue
        parts = rel.split("/")
        if len(parts) != 3 or parts[0] not in _OWNED or parts[2] != "index.html":
            continue
        if rel in current:
            continue
        if parts[0] == "actors" and (root / "content" / "actors" / f"{parts[1]}.yaml").exists():
            continue
        stale.append(rel)
    if stale:
        linked = _linked_from_briefs(manifest, stale)
        for rel in stale:
            if rel not in linked:
                manifest.remove(rel)


def _linked_from_briefs(manifest: OutputManifest, pages: list[str]) -> set[str]:
    """Those of ``pages`` (``actors/ID/index.html``, ``tags/SLUG/index.html``) that a
    published brief page links to: a brief that failed keeps its last good page,
    whose links to a deleted actor's page must not lead nowhere."""
    wanted = {f"../{rel}": rel for rel in pages}
    linked: set[str] = set()
    for rel in manifest.files:
        parts = rel.split("/")
        if len(parts) != 2 or parts[1] != "index.html" or parts[0] in _OWNED:
            continue
        try:
            page = (manifest.output / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        linked.update(target for href, target in wanted.items() if f'href="{href}' in page)
    return linked
