"""Write the intranet site into the output folder: its pages, their images, no stale pages.

The site's pages are rendered by :mod:`policybrief.site`; this module only puts
them on disk, atomically and only when their bytes change, and removes the
pages of actors and tags that no longer exist.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from policybrief.build.write import copy_atomic, write_atomic
from policybrief.content.corpus import Corpus
from policybrief.content.refs import Image, find_references
from policybrief.errors import Diagnostics, Position
from policybrief.render.html import make_environment
from policybrief.render.resources import content_image
from policybrief.render.theme import Theme
from policybrief.site.data import site_data
from policybrief.site.entries import Site
from policybrief.site.pages import render_pages

#: Folders whose pages the site owns (reserved brief slugs): stale pages there are removed.
_OWNED = ("actors", "tags")


def build_site(corpus: Corpus, theme: Theme, output: Path, diags: Diagnostics) -> int:
    """Write the site's pages into ``output``; return how many files changed.

    A broken site template or a failed write is reported to ``diags``
    (``template-error``, ``cannot-write``) rather than raised.
    """
    env = make_environment(theme)
    site = site_data(corpus)
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
        for rel, data in pages.items():
            written += write_atomic(output / rel, data)
        written += _copy_media(corpus, site, output)
    except OSError as exc:
        diags.error(
            Path(exc.filename or output),
            Position(1, 1),
            f"cannot write output: {exc.strerror}",
            "check that the output folder is writable and the disk not full",
            code="cannot-write",
        )
        return written
    _remove_stale(output, set(pages))
    return written


def _copy_media(corpus: Corpus, site: Site, output: Path) -> int:
    """Images that actor summaries show, which no brief may have copied."""
    written = 0
    for actor in site.actors:
        for ref in find_references(actor.summary or ""):
            if not isinstance(ref, Image):
                continue
            if (source := content_image(corpus, ref.src)) is not None:
                written += copy_atomic(source, output / "media" / ref.src.removeprefix("assets/"))
    return written


def _remove_stale(output: Path, current: set[str]) -> None:
    """Remove pages of actors and tags that no longer exist (their folders are the site's)."""
    for name in _OWNED:
        folder = output / name
        if not folder.is_dir():
            continue
        for page in sorted(folder.glob("*/index.html")):
            if page.relative_to(output).as_posix() not in current:
                page.unlink(missing_ok=True)
                if not any(page.parent.iterdir()):
                    page.parent.rmdir()
