"""The renderer's own defences: CSS strings, writers' classes, links and pathological Markdown."""

from __future__ import annotations

import dataclasses
import re
from typing import ClassVar

import pytest

from policybrief.content.sanitize import find_unsafe
from policybrief.render.html import css_string
from policybrief.render.markdown import BriefMarkdown, NoteSequence
from policybrief.render.sanitiser import close_gaps, content_classes, mark_removed
from tests.helpers import VALID, load_corpus

#: What a CSS string value may hold after css_string: safe characters and \HEX escapes.
_CSS_SAFE = re.compile(r"(?:[A-Za-z0-9 ,.:;!?()/_-]|\\[0-9a-f]{1,6} |[^\x00-\x7f])*")


@pytest.mark.parametrize(
    "value",
    [
        "UNCLASSIFIED\f; } .bottom-line { display: none } x { y: ",
        "A\rB\nC\x0bD\\E\"F'G<H>I{J}K@L",
        "</style><script>alert(1)</script>",
        "OFFICIAL · SENSITIVE – ÜBER",
        "".join(chr(c) for c in range(0x80)),
    ],
)
def test_a_css_string_holds_only_safe_characters_and_escapes(value: str) -> None:
    css = str(css_string(value))
    assert _CSS_SAFE.fullmatch(css), css
    unescaped = re.sub(r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m.group(1), 16)), css)
    assert unescaped == value


def test_a_writers_classes_get_the_content_prefix() -> None:
    fragment = '<span class="marking banner">TOP SECRET</span><p/class=bottom-line>x'
    assert content_classes(fragment) == (
        '<span class="content-marking content-banner">TOP SECRET</span>'
        '<p class="content-bottom-line">x'
    )


def test_a_tag_cut_off_in_a_fragment_becomes_text() -> None:
    assert content_classes('<span class="a>') == "&lt;span class=&quot;a&gt;"


@pytest.fixture(scope="module")
def renderer() -> BriefMarkdown:
    return BriefMarkdown(
        load_corpus(VALID),
        note_style="endnotes",
        notes=NoteSequence(),
        link_href=lambda _: None,
        image_url=lambda src: src,
    )


def test_a_writer_cannot_use_the_themes_classes(renderer: BriefMarkdown) -> None:
    html = renderer.render('<span class="marking">TOP SECRET</span> and <b class=x>b</b>')
    assert 'class="content-marking"' in html
    assert 'class="marking"' not in html
    assert 'class="content-x"' in html


@pytest.mark.parametrize(
    "text",
    [
        "[x](java&#x0A;script:alert(1))",
        "[x](%6Aavascript:alert(1))",
        "[x](//evil.example/)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[x](<java\tscript:alert(1)>)",
        '<a href="java&#x09;script:alert(1)">x</a>',
        "<ftp://evil.example/x>",
        '<q cite="vbscript:x">q</q>',
    ],
)
def test_the_renderer_drops_every_refused_address(renderer: BriefMarkdown, text: str) -> None:
    html = str(renderer.render(text))
    assert not re.search(r"(href|cite)=", html), html


@pytest.mark.parametrize(
    "text",
    [
        "[" * 3000,
        "![a](" * 3000,
        "[a](" * 3000,
        "[@" * 3000,
        "[^" * 3000,
        "`a` " * 3000,
        " ".join("`" * k + "a" for k in range(1, 120)),
        "<a " * 3000,
        "<script>" * 3000,
    ],
)
def test_pathological_markdown_renders(renderer: BriefMarkdown, text: str) -> None:
    """It finishes (benchmarks/pathological.py shows the time grows linearly)."""
    assert isinstance(renderer.render(text), str)


def test_marking_removed_markup_is_one_pass() -> None:
    html = "a <script>x</script>. b <form>c</form> <!-- d --> <script> e"
    assert close_gaps(mark_removed(html)) == "a. b c e"


def test_pdf_links_are_vetted() -> None:
    from policybrief.render.pdf import _drop_unsafe_links

    class Page:
        links: ClassVar[list[tuple[str, str, None, None]]] = [
            ("external", "https://example.org/", None, None),
            ("external", "file:///home/writer/output/x/", None, None),
            ("external", "javascript:alert(1)", None, None),
            ("internal", "note-1", None, None),
            ("attachment", "file:///etc/passwd", None, None),
        ]

    page = Page()

    class Document:
        pages: ClassVar[list[Page]] = [page]

    _drop_unsafe_links(Document())
    assert [link[1] for link in page.links] == ["https://example.org/", "note-1"]


# What check reports as removed is what the page loses (break report item 13).

_ASSET = "assets/map.png"


@pytest.fixture(scope="module")
def with_asset() -> BriefMarkdown:
    corpus = dataclasses.replace(load_corpus(VALID), assets=frozenset({_ASSET}))
    return BriefMarkdown(
        corpus,
        note_style="endnotes",
        notes=NoteSequence(),
        link_href=lambda _: None,
        image_url=lambda src: "media/" + src.removeprefix("assets/"),
    )


@pytest.mark.parametrize(
    "text",
    [
        # the report's input
        '<img src="https://evil.example/beacon.png" alt="x"> <IMG SRC="https://evil.example/b.png">'
        " <img src=x onerror=alert(1)>",
        f'<img src="{_ASSET}" alt="raw, naming a real asset">',
        "<picture><source srcset=x.webp><img src=y.png alt=p></picture>",
        '<video src="v.mp4"><img src="poster.png" alt="poster"></video>',
        "<p><img\nsrc='a.png'\nalt='over lines'></p>",
    ],
)
def test_a_raw_image_is_removed_whole_as_check_says(with_asset: BriefMarkdown, text: str) -> None:
    reported = [u.message for u in find_unsafe(text, lambda _: False)]
    assert reported
    assert all("removed" in m for m in reported)
    html = str(with_asset.render(text))
    assert "<img" not in html
    assert "<source" not in html
    assert "<video" not in html


def test_a_markdown_image_stays_beside_a_raw_one_of_the_same_asset(
    with_asset: BriefMarkdown,
) -> None:
    html = str(with_asset.render(f'<img src="{_ASSET}" alt="raw"> ![Map]({_ASSET})'))
    assert html.count("<img") == 1
    assert '<img alt="Map" src="media/map.png">' in html


@pytest.mark.parametrize(
    "text",
    [
        "[v](https://ok.example/?q=<script>)",  # the report's input
        "[v](https://ok.example/?q=<script>alert(1)</script>)",
        '[v](https://ok.example/ "a title <script>")',
        "[v](https://ok.example/(<iframe>))",
        "[v]\n\n[v]: https://ok.example/?q=<script>",
    ],
)
def test_markup_inside_a_link_address_is_not_reported_as_removed(
    with_asset: BriefMarkdown, text: str
) -> None:
    assert list(find_unsafe(text, lambda _: False)) == []
    html = str(with_asset.render(text))
    assert '<a href="https://ok.example/' in html
    assert "<script" not in html
    assert "<iframe" not in html


@pytest.mark.parametrize(
    "text",
    [
        "x <https://a.example/?q=<script>> y",
        "x <https://a.example/<script>alert(1)</script>> y",
        "[v](https://ok.example/) then <script>x</script>",
    ],
)
def test_a_tag_after_or_inside_a_false_autolink_is_still_reported(
    with_asset: BriefMarkdown, text: str
) -> None:
    reported = [u.message for u in find_unsafe(text, lambda _: False)]
    assert reported == ["HTML element <script> and its content are removed"]
    assert "<script" not in str(with_asset.render(text))


# an image in a footnote (break report item 17)


def _renderer(style: str) -> BriefMarkdown:
    corpus = dataclasses.replace(load_corpus(VALID), assets=frozenset({_ASSET}))
    return BriefMarkdown(
        corpus,
        note_style=style,  # type: ignore[arg-type]
        notes=NoteSequence(),
        link_href=lambda _: None,
        image_url=lambda src: "media/" + src.removeprefix("assets/"),
    )


@pytest.mark.parametrize(
    "text",
    [
        f"A note.[^n]\n\n[^n]: Footnote image ![Note image]({_ASSET}).",  # the report's
        f'A note.[^n]\n\n[^n]: ![Titled]({_ASSET} "A title") after.',
        f"| a |\n|---|\n| cell[^n] |\n\n[^n]: In a table ![Cell image]({_ASSET}).",
        f"Two.[^a] [^b]\n\n[^a]: ![One]({_ASSET})\n[^b]: ![Two](<{_ASSET}>)",
    ],
)
@pytest.mark.parametrize("style", ["footnotes", "endnotes"])
def test_an_image_in_a_note_keeps_its_address(text: str, style: str) -> None:
    renderer = _renderer(style)
    html = str(renderer.render(text))
    if style == "endnotes":
        html += "".join(str(n.html) for n in renderer.notes.notes)
    assert 'src="media/map.png"' in html
    assert renderer.image_mark not in html
    assert "<img alt" in html or "<img src" in html
