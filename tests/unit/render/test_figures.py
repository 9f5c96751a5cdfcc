"""Content images in rendered Markdown: the output's address, and titled images as figures.

Images keep the address the writer wrote (``assets/NAME``) through the
sanitiser, which then gives them the output's: ``../media/NAME`` on screen, a
``file:`` URL in print. An image with a title becomes "Figure N. Title".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from policybrief.content.corpus import Corpus
from policybrief.render.markdown import BriefMarkdown, NoteSequence
from tests.helpers import VALID, load_corpus

ASSETS = frozenset({"assets/map.png", "assets/chart.svg", "assets/sub/photo.jpg"})
Make = Callable[..., BriefMarkdown]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return dataclasses.replace(load_corpus(VALID), assets=ASSETS)


@pytest.fixture
def make(corpus: Corpus) -> Make:
    """``make(medium="screen")``: a renderer for one brief's page."""

    def make(medium: str = "screen") -> BriefMarkdown:
        def image_url(src: str) -> str:
            if medium == "screen":
                return "../media/" + src.removeprefix("assets/")
            return (Path("/project/content") / src).as_uri()

        return BriefMarkdown(
            corpus,
            note_style="endnotes",
            notes=NoteSequence(),
            link_href=lambda id_: None,
            image_url=image_url,
        )

    return make


def figure(number: int, img: str, title: str) -> str:
    return (
        f'<figure class="exhibit exhibit-figure"><figcaption><span class="exhibit-label">'
        f"Figure {number}.</span> {title}</figcaption>{img}</figure>"
    )


# addresses


def test_an_image_gets_the_screen_address(make: Make) -> None:
    html = make().render("![A map of the region](assets/map.png)")
    assert html == '<p><img alt="A map of the region" src="../media/map.png"></p>'


def test_an_image_gets_a_file_address_in_print(make: Make) -> None:
    # nh3 drops file: sources; the address is given after it vetted assets/map.png.
    html = make("print").render("![A map](assets/sub/photo.jpg)")
    assert html == '<p><img alt="A map" src="file:///project/content/assets/sub/photo.jpg"></p>'


@pytest.mark.parametrize(
    "text",
    [
        "![x](assets/missing.png)",
        "![x](file:///etc/hostname)",
        "![x](assets/../../policybrief.yaml)",
        "![x](https://tracker.example/p.gif)",
        '<img src="assets/map.png" alt="raw, and no Markdown image shows it">',
        '<img src="file:///project/content/assets/map.png" alt="raw">',
    ],
)
def test_only_the_markdowns_own_content_images_get_an_address(make: Make, text: str) -> None:
    for medium in ("screen", "print"):
        html = make(medium).render(text)
        assert "src=" not in html, html


def test_a_writers_file_link_stays_dropped_in_print(make: Make) -> None:
    html = make("print").render("![map](assets/map.png) and [a file](file:///etc/hostname)")
    assert 'src="file:///project/content/assets/map.png"' in html
    assert "<a>a file</a>" in html


# figures


def test_an_image_with_a_title_is_a_numbered_figure(make: Make) -> None:
    html = make().render('![A map of the region](assets/map.png "The Alpha region")')
    img = '<img alt="A map of the region" src="../media/map.png">'
    assert html == figure(1, img, "The Alpha region")


def test_figures_are_numbered_in_reading_order_across_the_briefs_texts(make: Make) -> None:
    md = make()
    first = md.render('Intro.\n\n![a](assets/map.png "One")\n\n![b](assets/chart.svg)')
    second = md.render('- ![c](assets/sub/photo.jpg "Two")\n\n![d](assets/map.png "Three")')
    captions = re.findall(r"Figure (\d+)\.</span> (\w+)", first + second)
    assert captions == [("1", "One"), ("2", "Two"), ("3", "Three")]
    assert '<img alt="b" src="../media/chart.svg">' in first  # no title: no figure


def test_a_figure_splits_its_paragraph(make: Make) -> None:
    html = make().render(
        'Before ![a](assets/map.png "One") *mid* ![b](assets/map.png "Two") after.'
    )
    assert html == (
        "<p>Before</p>\n"
        + figure(1, '<img alt="a" src="../media/map.png">', "One")
        + "\n<p><em>mid</em></p>\n"
        + figure(2, '<img alt="b" src="../media/map.png">', "Two")
        + "\n<p>after.</p>"
    )


def test_a_figure_in_a_table_cell_stays_in_its_cell(make: Make) -> None:
    html = make().render('| Map |\n|---|\n| ![a](assets/map.png "In a cell") |')
    assert "<td>" + figure(1, '<img alt="a" src="../media/map.png">', "In a cell") in html


def test_a_caption_is_text_never_markup(make: Make) -> None:
    html = make().render('![a](assets/map.png "<b onclick=x>Bold</b> & *more*")')
    assert "</span> &lt;b onclick=x&gt;Bold&lt;/b&gt; &amp; *more*</figcaption>" in html


def test_inline_texts_and_linked_images_get_no_figure(make: Make) -> None:
    md = make()
    inline = md.render_inline('See ![a](assets/map.png "Not here")')
    linked = md.render('[![a](assets/map.png "Linked")](https://example.org)')
    assert "<figure" not in inline + linked
    assert md.render('![a](assets/map.png "Next")').count("Figure 1.") == 1
