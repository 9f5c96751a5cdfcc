"""The only way the PDF renderer reads a file: theme folders and content, nothing else.

WeasyPrint asks for stylesheets, fonts and images by URL. This fetcher answers
``file:`` URLs inside the allowed folders (the theme's, its font packages' and
``content/``, after resolving symlinks) and refuses
everything else: the network, redirects, and files elsewhere on the machine.
A request under the first theme folder is looked up project-first, so a
project's ``templates/`` overrides the packaged theme file by file.
"""

from __future__ import annotations

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from policybrief.render.png_depth import grey16_to_8bit, is_grey16
from policybrief.render.resources import confined
from policybrief.render.svg_repairs import repair_svg
from policybrief.render.theme import Theme, stylesheet_fonts


class RefusedFetch(ValueError):  # noqa: N818 (WeasyPrint catches ValueError and warns)
    """A resource the renderer may not read."""


class ConfinedFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, confined to the theme folders and the content folder.

    ``refused`` lists every URL refused, in the order asked (repeats kept), so
    the build can report each at the file that asked for it.
    """

    def __init__(
        self,
        theme: Theme,
        content: Path,
        skip_fonts: frozenset[str] = frozenset(),
        language: str = "en",
    ) -> None:
        """Allow ``theme``'s folders, its font packages' folders and ``content`` (the
        project's ``content/``), resolved now. A theme stylesheet is served without
        its ``@font-face`` rules for the fonts ``skip_fonts`` names (theme-relative,
        ``fonts/NAME``): the fonts a brief does not use
        (:class:`~policybrief.render.fontfiles.FontChoice`). An SVG drawing is
        served rewritten as the PDF renderer reads it, for a brief in ``language``
        (:func:`~policybrief.render.svg_repairs.repair_svg`)."""
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.theme = theme
        self.skip_fonts = skip_fonts
        self.language = language
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
        body = path.read_bytes()
        rel = self._theme_rel(url)
        if (
            self.skip_fonts
            and rel is not None
            and rel.endswith(".css")
            and b"@font-face" in body.lower()
        ):
            body = without_font_faces(body.decode("utf-8"), rel, self.skip_fonts).encode()
        if mime == "image/png" and is_grey16(body):
            return _Converted(url, grey16_to_8bit(body), {"Content-Type": mime})
        if mime == "image/svg+xml" and (repaired := repair_svg(body, self.language)) != body:
            return _Converted(url, repaired, {"Content-Type": mime})
        # Answer with the URL asked for, not the file found: what a stylesheet
        # imports relative to it then goes through the overlay too, so a project's
        # css/local.css or fonts.css wins over the packaged one.
        return URLFetcherResponse(url, body, {"Content-Type": mime})

    def _theme_rel(self, url: str) -> str | None:
        """The theme-relative path ``url`` names, or None outside the first theme folder."""
        path = Path(unquote(urlsplit(url).path))
        primary = self.theme.folders[0]
        return path.relative_to(primary).as_posix() if path.is_relative_to(primary) else None

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


class _Converted(URLFetcherResponse):
    """A response whose body is not the file's bytes (an image made printable)."""

    @property
    def path(self) -> None:
        # WeasyPrint rereads a file: URL's own file when it embeds an image.
        return None


@functools.lru_cache(maxsize=16)
def without_font_faces(text: str, rel: str, fonts: frozenset[str]) -> str:
    """The stylesheet ``text`` (theme-relative path ``rel``) without the ``@font-face``
    rules whose every font file is one of ``fonts``; everything else is kept as written.

    A rule that names no font file (``local()`` only) or any font not in ``fonts`` stays.
    Cached: a worker serves the same stylesheet to brief after brief.
    """
    import tinycss2

    # Newlines as the CSS tokenizer counts them, so its line:column finds each rule.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    nodes = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    kept, cut = [], 0
    for i, node in enumerate(nodes):
        if node.type != "at-rule" or node.lower_at_keyword != "font-face":
            continue
        named = stylesheet_fonts(rel, node.serialize())
        if not named or not set(named) <= fonts:
            continue
        start = starts[node.source_line - 1] + node.source_column - 1
        # The rule runs to where the next node starts (or to the end of the text).
        after = nodes[i + 1] if i + 1 < len(nodes) else None
        end = starts[after.source_line - 1] + after.source_column - 1 if after else len(text)
        kept.append(text[cut:start])
        cut = end
    kept.append(text[cut:])
    return "".join(kept)
