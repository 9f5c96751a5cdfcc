"""The one link policy: only http, https, mailto, #fragments and relative links, however written."""

from __future__ import annotations

import pytest

from policybrief.content.urls import ABSOLUTE_URL_HINT, absolute_url_hint, safe_url, url_problem

#: Addresses that must never become a link, in every encoding and case a reader undoes.
REFUSED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#x0A;script:alert(1)",
    "java&#10;script:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "%6Aavascript:alert(1)",
    "%256Aavascript:alert(1)",  # percent-encoded twice
    "&amp;#106;avascript:alert(1)",  # an entity inside an entity
    "java\u200bscript:alert(1)",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "tel:+123",
    "//evil.example/x",
    "\\\\evil.example\\x",
    "/\\evil.example",
    "/etc/passwd",
    "http:evil.example",
    "https:/",
]
ALLOWED = [
    "https://example.org/a?b=c#d",
    "HTTP://EXAMPLE.ORG",
    "mailto:desk@example.org",
    "#outlook",
    "../actors/india/",
    "report.html",
    "?page=2",
    "https://example.org/?next=javascript:x",  # the scheme is https
]


@pytest.mark.parametrize("url", REFUSED)
def test_a_refused_address_is_refused_however_written(url: str) -> None:
    assert url_problem(url) is not None
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ALLOWED)
def test_an_allowed_address_passes_as_typed(url: str) -> None:
    assert url_problem(url) is None
    assert safe_url(url) == url


@pytest.mark.parametrize("url", ["#x", "../x/", "report.html"])
def test_a_relative_address_is_refused_where_only_absolute_ones_mean_anything(url: str) -> None:
    """A source's url and a PDF's link: relative to nothing (a PDF's base is a local file)."""
    assert url_problem(url, relative=False) is not None


def test_the_problem_names_the_scheme_in_lowercase() -> None:
    assert url_problem("JAVA&#x09;SCRIPT:x") == "'javascript:' addresses are not allowed"


def test_any_text_is_accepted_without_raising() -> None:
    for url in ["", "%", "&", "&#xFFFFFFFF;", "%ff%fe", "\ud800", ":" * 10]:
        url_problem(url)


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("www.ena.et/news?id=3", "write the full address: https://www.ena.et/news?id=3"),
        ("gov.uk", "write the full address: https://gov.uk"),
        ("example.org/a?b=1", "write the full address: https://example.org/a?b=1"),
        ("../../.env", ABSOLUTE_URL_HINT),
        ("report.pdf", ABSOLUTE_URL_HINT),  # a file name, not a host: no guess
        ("#top", ABSOLUTE_URL_HINT),
        ("javascript:alert(1)", ABSOLUTE_URL_HINT),
    ],
)
def test_where_only_a_full_address_will_do_the_hint_says_so(url: str, hint: str) -> None:
    assert url_problem(url, relative=False) is not None
    assert absolute_url_hint(url) == hint
