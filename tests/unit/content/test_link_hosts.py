"""Links whose words show one address and lead to another host (break report item 14)."""

from __future__ import annotations

import pytest

from policybrief.content.link_hosts import find_misleading, misleading_host, shown_host
from policybrief.render.markdown import BriefMarkdown, NoteSequence
from tests.conftest import MakeProject
from tests.helpers import VALID, load_corpus, run_cli


@pytest.mark.parametrize(
    ("words", "href", "hosts"),
    [
        # the report's inputs
        ("https://www.gov.uk/", "https://evil.example/phish", ("www.gov.uk", "evil.example")),
        ("www.mod.gov.in", "http://evil.example", ("www.mod.gov.in", "evil.example")),
        # the same kind, written here
        ("gov.uk", "https://evil.example/", ("gov.uk", "evil.example")),
        ("mea.gov.in/press", "https://mod.gov.in/", ("mea.gov.in", "mod.gov.in")),
        ("http://user@bank.example.com", "https://x.example", ("bank.example.com", "x.example")),
        ("HTTPS://WWW.GOV.UK", "https://gov.uk.x.example/", ("WWW.GOV.UK", "gov.uk.x.example")),
        ("www.gov.uk", "#background", ("www.gov.uk", "this site")),
        ("gov.uk", "https://evil.gov.uk/", ("gov.uk", "evil.gov.uk")),
    ],
)
def test_words_showing_another_host_are_misleading(
    words: str, href: str, hosts: tuple[str, str]
) -> None:
    assert misleading_host(words, href) == hosts


@pytest.mark.parametrize(
    ("words", "href"),
    [
        ("https://www.gov.uk/", "https://www.gov.uk/guidance"),  # same host
        ("gov.uk", "https://www.gov.uk/"),  # www. aside
        ("www.mod.gov.in", "https://mod.gov.in/"),
        ("mod.gov.in", "https://press.mod.gov.in/a"),  # a subdomain
        ("WWW.GOV.UK", "https://gov.uk:443/"),  # case and port
        ("россия.рф", "https://xn--h1alffa9f.xn--p1ai/"),  # IDN either way
        ("the ministry's statement", "https://evil.example/"),  # not address-like
        ("Node.js", "https://nodejs.org/"),  # not a public suffix
        ("e.g.", "https://example.org/"),
        ("v1.2", "https://example.org/"),
        ("someone@example.org", "mailto:someone@example.org"),
        ("www.example.org", "mailto:press@example.org"),
    ],
)
def test_words_naming_the_target_or_no_address_are_silent(words: str, href: str) -> None:
    assert misleading_host(words, href) is None


def test_shown_host_reads_only_whole_addresses() -> None:
    assert shown_host("see www.gov.uk") is None
    assert shown_host("<https://www.gov.uk/x>") == "www.gov.uk"


def _no_code(_: int) -> bool:
    return False


def test_inline_reference_and_raw_links_are_all_found() -> None:
    text = (
        "A [www.gov.uk](https://evil.example) b [www.gov.uk][g] c [gov.uk] d"
        ' <a href="https://evil.example"><b>www.gov.uk</b></a> ![www.gov.uk](assets/a.png)'
        " [@gazette] [^1]\n\n[g]: https://evil.example/g\n[gov.uk]: <https://evil.example/>\n"
    )
    found = [(f.offset, f.shown) for f in find_misleading(text, _no_code)]
    assert found == [(2, "www.gov.uk"), (39, "www.gov.uk"), (57, "gov.uk"), (68, "www.gov.uk")]


def test_a_link_inside_code_is_no_link() -> None:
    text = "`[www.gov.uk](https://evil.example)`"
    assert list(find_misleading(text, lambda offset: 0 < offset < len(text))) == []


def test_misleading_words_do_not_get_the_url_style() -> None:
    renderer = BriefMarkdown(
        load_corpus(VALID),
        note_style="endnotes",
        notes=NoteSequence(),
        link_href=lambda _: None,
        image_url=lambda src: src,
    )
    html = str(
        renderer.render(
            "[https://www.gov.uk/](https://evil.example/phish) and"
            " [https://www.gov.uk/a](https://www.gov.uk/a)"
        )
    )
    assert '<a href="https://evil.example/phish">https://www.gov.uk/</a>' in html
    assert '<a class="url" href="https://www.gov.uk/a">' in html


def test_check_warns_at_each_misleading_link(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "content/analysis/outlook.md": (
                "---\ntitle: Outlook\nkind: outlook\n---\n"
                "See [https://www.gov.uk/](https://evil.example/phish),\n"
                "[www.mod.gov.in](http://evil.example) and [gov.uk](https://www.gov.uk/x).\n"
            ),
        }
    )
    monkeypatch.chdir(root)
    run = run_cli("check", "--format", "text")
    assert run.code == 0
    hint = "  hint: make the words say where the link goes, or link to the address they show"
    assert run.err.splitlines()[:4] == [
        "content/analysis/outlook.md:5:5: warning: the link's words show the address"
        " 'www.gov.uk' but it leads to 'evil.example'",
        hint,
        "content/analysis/outlook.md:6:1: warning: the link's words show the address"
        " 'www.mod.gov.in' but it leads to 'evil.example'",
        hint,
    ]
    assert "gov.uk'" not in run.err.split("\n", 4)[-1]


@pytest.mark.parametrize(
    "text",
    [
        # A backslash is a slash to a browser: the host is evil.example, not gov.uk.
        "[www.gov.uk](https://evil.example\\@www.gov.uk/)",
        '<a href="https://evil.example\\@www.gov.uk/">www.gov.uk</a>',
        # Words as the page prints them: no emphasis, code marks or references.
        "[*www.gov.uk*](https://evil.example/)",
        "[`www.gov.uk`](https://evil.example/)",
        "[www&#46;gov&#46;uk](https://evil.example/)",
        "[**https://www.gov.uk/**](https://evil.example/)",
        '<a href="https://evil.example/"><b>www.gov.uk</b></a>',
    ],
)
def test_the_bypasses_the_security_trial_found_are_caught(text: str) -> None:
    (found,) = find_misleading(text, lambda _: False)
    assert (found.shown, found.target) == ("www.gov.uk", "evil.example")


def test_marked_up_words_leading_to_their_own_host_are_fine() -> None:
    text = "[*GOV.UK*](https://www.gov.uk/) and [`www.gov.uk`](https://www.gov.uk/x)"
    assert list(find_misleading(text, lambda _: False)) == []
