"""URLs, e-mail addresses and code break at their punctuation, never inside a word."""

from __future__ import annotations

import pytest

from policybrief.render.breaks import looks_like_url, url_breaks, url_parts

URLS = [
    "https://gazette.example/archive/2025/11/02/decision-on-the-opening.pdf",
    "https://www.mfa.example/en/news?lang=en&section=press-releases#top",
    "press-office@mfa.example",
    "policybrief.render.markdown.BriefMarkdown",
    "https://example.org/~user/a_b%20c,d",
    "https://example.org/" + "x" * 60,
]


@pytest.mark.parametrize("text", URLS)
def test_parts_join_back_to_the_text(text: str) -> None:
    assert "".join(url_parts(text)) == text


@pytest.mark.parametrize("text", URLS)
def test_no_part_breaks_a_word_or_is_too_long(text: str) -> None:
    for part in url_parts(text):
        assert len(part) <= 24
    assert not any(p.endswith("-") for p in url_parts(text))


def test_breaks_follow_the_chicago_rules() -> None:
    parts = url_parts("https://a.example/b-c_d?e=f&g#h")
    assert parts == ["https://", "a", ".example", "/b", "-c", "_d", "?e=", "f", "&g", "#h"]


def test_a_scheme_stays_whole() -> None:
    assert url_parts("http://x")[0] == "http://"
    assert url_parts("file:///tmp/x")[:2] == ["file:///", "tmp"]


def test_html_marks_breaks_with_wbr_and_keeps_a_hyphen_with_its_word() -> None:
    html = str(url_breaks("https://a.example/de-cision?a=1&b=<2>"))
    assert html == (
        'https://<wbr>a<wbr>.example<wbr>/de<wbr><span class="nobreak">-cision</span>'
        "<wbr>?a=<wbr>1<wbr>&amp;b=<wbr>&lt;2&gt;"
    )


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://example.org/a", True),
        ("www.example.org", True),
        ("desk@example.org", True),
        ("the gazette", False),
        ("see https://example.org", False),
        ("a@b", False),
    ],
)
def test_link_text_that_is_an_address(text: str, url: bool) -> None:
    assert looks_like_url(text) is url
