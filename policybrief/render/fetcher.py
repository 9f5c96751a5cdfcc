"""The only way the PDF renderer reads a file: theme folders and content, nothing else.

WeasyPrint asks for stylesheets, fonts and images by URL. This fetcher answers
``file:`` URLs inside the allowed folders (the theme's, its font packages' and
``content/``, after resolving symlinks) and refuses
everything else: the network, redirects, and files elsewhere on the machine.
A request under the first theme folder is looked up project-first, so a
project's ``templates/`` overrides the packaged theme file by file.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from policybrief.render.resources import confined
from policybrief.render.theme import Theme


class RefusedFetch(ValueError):  # noqa: N818 (WeasyPrint catches ValueError and warns)
    """A resource the renderer may not read."""


class ConfinedFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, confined to the theme folders and the content folder.

    ``refused`` lists every URL refused, in the order asked (repeats kept), so
    the build can report each at the file that asked for it.
    """

    def __init__(self, theme: Theme, content: Path) -> None:
        """Allow ``theme``'s folders, its font packages' folders and ``content`` (the
        project's ``content/``), resolved now."""
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.theme = theme
        fonts = (p.folder for p in theme.font_packages)
        self.allowed = tuple(p.resolve() for p in (*theme.folders, content, *fonts))
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the file that ``url`` names, under the URL asked for; ``headers`` is ignored.

        Raises:
            RefusedFetch: ``url`` is not a local ``file:`` URL, or names no file
                inside the allowed folders (after resolving symlinks); the URL is
                appended to :attr:`refused` first. WeasyPrint turns it into a
                "Failed to load" warning and renders on without the resource.
            OSError: an allowed file cannot be read.
        """
        path = self._path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedFetch(f"refused to fetch {url}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # Answer with the URL asked for, not the file found: what a stylesheet
        # imports relative to it then goes through the overlay too, so a project's
        # css/local.css or fonts.css wins over the packaged one.
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    def _path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path))
        primary = self.theme.folders[0]
        if path.is_relative_to(primary):
            found = self.theme.find(path.relative_to(primary).as_posix())
            if found is None:
                return None
            path = found
        return confined(path, self.allowed)
