"""Theme stylesheets parsed once per worker (render/stylesheets.py): keyed by what varies.

Each test renders tiny pages with WeasyPrint against a theme in a temporary
folder, through the fetcher the worker uses; the fetcher counts what it serves,
which tells a parse from a reuse.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from policybrief.render import stylesheets
from policybrief.render.fetcher import ConfinedFetcher
from policybrief.render.theme import Theme
from tests.helpers import write_files

PRINT = """@import url(fonts.css);
@import url(http://example.com/remote.css);
p { colour: red; color: #123456; text-align: left; }
@page { margin: 1cm; }
"""
FONTS = """@font-face { font-family: Alpha; src: url(../fonts/alpha.ttf); }
@font-face { font-family: Beta; src: url(../fonts/beta.ttf); }
"""
PAGE = '<html lang="en"><head><link rel="stylesheet" href="{base}css/print.css">{more}</head>'
PAGE += "<body><p>Text</p></body></html>"


class CountingFetcher(ConfinedFetcher):
    """The worker's fetcher, counting the theme stylesheets it serves."""

    served: list[str]

    def fetch(self, url: str, headers: object = None) -> weasyprint.urls.URLFetcherResponse:
        response = super().fetch(url, headers)
        if url.endswith(".css"):
            self.served.append(url.rsplit("/", 1)[-1])
        return response


@dataclass
class Theme1:
    folder: Path
    content: Path
    font_config: FontConfiguration = field(default_factory=FontConfiguration)

    @property
    def base(self) -> str:
        return self.folder.as_uri() + "/"

    def render(
        self, skip: frozenset[str] = frozenset(), more: str = ""
    ) -> tuple[CountingFetcher, list[str], bytes]:
        """Render the page as the worker does; return the fetcher, the warnings and the PDF."""
        fetcher = CountingFetcher(Theme((self.folder,)), self.content, skip)
        fetcher.served = []
        messages: list[str] = []
        handler = logging.Handler(logging.WARNING)
        handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
        logger = logging.getLogger("weasyprint")
        logger.addHandler(handler)
        try:
            html = weasyprint.HTML(
                string=PAGE.format(base=self.base, more=more),
                base_url=self.base,
                url_fetcher=fetcher,
            )
            with stylesheets.reused(fetcher, self.base):
                document = html.render(font_config=self.font_config, presentational_hints=True)
        finally:
            logger.removeHandler(handler)
        return fetcher, messages, document.write_pdf()


@pytest.fixture
def theme(tmp_path: Path) -> Iterator[Theme1]:
    folder, content = tmp_path / "templates", tmp_path / "content"
    write_files(folder, {"css/print.css": PRINT, "css/fonts.css": FONTS, "fonts/alpha.ttf": "x"})
    write_files(
        folder, {"fonts/beta.ttf": "y", "css/layered.css": "@layer a { p { color: blue } }"}
    )
    content.mkdir()
    stylesheets._CACHE.clear()
    yield Theme1(folder, content)
    stylesheets._CACHE.clear()


def test_a_theme_stylesheet_is_parsed_once_and_reused(theme: Theme1) -> None:
    first, _, pdf = theme.render()
    assert first.served == ["print.css", "fonts.css"]
    again, _, pdf_again = theme.render()
    assert again.served == []
    assert pdf_again == pdf


def test_briefs_with_other_fonts_get_their_own_parse(theme: Theme1) -> None:
    _, all_fonts, _ = theme.render()
    fetcher, no_beta, _ = theme.render(frozenset({"fonts/beta.ttf"}))
    assert fetcher.served == ["print.css", "fonts.css"]
    # A bogus font file says so when its rule is served: Beta's only without the skip.
    assert any("Beta" in m for m in all_fonts)
    assert not any("Beta" in m for m in no_beta)
    reused, beta_again, _ = theme.render()
    assert reused.served == []
    assert any("Beta" in m for m in beta_again)


def test_a_reused_sheet_repeats_its_warnings_and_refusals(theme: Theme1) -> None:
    first, warned, _ = theme.render()
    second, again, _ = theme.render()
    assert second.served == []
    assert "http://example.com/remote.css" in first.refused
    assert second.refused == first.refused
    assert any("colour" in m for m in warned)
    assert [m for m in again if "colour" in m] == [m for m in warned if "colour" in m]


def test_a_sheet_with_cascade_layers_is_parsed_for_every_page(theme: Theme1) -> None:
    more = f'<link rel="stylesheet" href="{theme.base}css/layered.css">'
    theme.render(more=more)
    fetcher, _, _ = theme.render(more=more)
    assert fetcher.served == ["layered.css"]  # print.css is reused, layered.css is not


def test_a_stylesheet_outside_the_theme_is_parsed_by_weasyprint_as_ever(
    theme: Theme1, tmp_path: Path
) -> None:
    write_files(theme.content, {"extra.css": "p { color: green }"})
    more = f'<link rel="stylesheet" href="{(theme.content / "extra.css").as_uri()}">'
    theme.render(more=more)
    fetcher, _, _ = theme.render(more=more)
    assert fetcher.served == ["extra.css"]


def test_the_cascade_is_what_weasyprint_gives_without_the_cache(theme: Theme1) -> None:
    """The reused sheet stays an author sheet: a presentational hint still loses to it."""
    more = "<style>p { margin: 2px }</style>"
    page = PAGE.format(base=theme.base, more=more).replace("<p>", '<p align="right">')
    plain_fetcher = ConfinedFetcher(Theme((theme.folder,)), theme.content)
    plain = weasyprint.HTML(string=page, base_url=theme.base, url_fetcher=plain_fetcher)
    expected = plain.render(font_config=theme.font_config, presentational_hints=True).write_pdf()
    for _ in range(2):
        fetcher = ConfinedFetcher(Theme((theme.folder,)), theme.content)
        html = weasyprint.HTML(string=page, base_url=theme.base, url_fetcher=fetcher)
        with stylesheets.reused(fetcher, theme.base):
            document = html.render(font_config=theme.font_config, presentational_hints=True)
        assert document.write_pdf() == expected
