"""No page of the site scrolls sideways on a 320 px phone (WCAG 1.4.10, reflow).

Right-to-left pages hid the skip link 999 px to their left, which a
right-to-left page can scroll to (a phone opened on blank space); the header's
search field kept its own width and pushed the Search button off a 320 px
screen; an organisation written as one long word was never broken.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import DATA, copy_project, run_build
from tests.integration.test_long_tokens import browser  # noqa: F401 (a fixture)

LONG_NAME = "Bundesministeriumfürwirtschaftlichezusammenarbeitundentwicklungsabteilung"


def _built(root: Path) -> Path:
    run = run_build(root, "--outputs", "html")
    assert run.code == 0, run.err
    return root / "output"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("reflow")
    # Arabic and Hebrew briefs on a left-to-right site.
    mixed = copy_project(DATA / "bidi", base / "mixed")
    (mixed / "content" / "agenda").mkdir()
    (mixed / "content" / "agenda" / "border-talks.yaml").write_text(
        "title: جولة المحادثات\nkind: meeting\ndate: 2026-11-20\nstatus: held\n"
        "summary: عقدت الجولة الثالثة مع 3 وفود.\n"
        "outcomes:\n  - اتفاق على جولة ثانية (2026).\n",
        encoding="utf-8",
    )
    # A right-to-left site, whose organisation and title are one long word each.
    rtl = copy_project(DATA / "bidi", base / "rtl")
    (rtl / "policybrief.yaml").write_text(
        f"organisation: {LONG_NAME}\nlanguage: ar\nsite:\n  title: {LONG_NAME}\n",
        encoding="utf-8",
    )
    for root in (mixed, rtl):  # a native name in the other script, on each site
        (root / "content" / "actors" / "karim-haddad.yaml").write_text(
            "name: Karim Haddad\nnative_name: كريم حداد\nnative_lang: ar\nkind: person\n",
            encoding="utf-8",
        )
    return {
        "mixed": _built(mixed),
        "rtl": _built(rtl),
        "example": _built(copy_project(DATA / "valid", base / "valid")),
    }


@pytest.mark.parametrize("site", ["mixed", "rtl", "example"])
def test_no_page_scrolls_sideways_at_320_px(
    sites: dict[str, Path],
    browser: Any,  # noqa: F811
    site: str,
) -> None:
    output = sites[site]
    pages = sorted(p for p in output.rglob("*.html") if "assets" not in p.parts)
    assert len(pages) > 5
    tab = browser.new_page(viewport={"width": 320, "height": 700})
    wide = {}
    for path in pages:
        tab.goto(path.as_uri())
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        if scroll > 320:
            wide[path.relative_to(output).as_posix()] = scroll
    tab.close()
    assert not wide


def test_the_skip_link_shows_where_the_text_starts_when_focused(
    sites: dict[str, Path],
    browser: Any,  # noqa: F811
) -> None:
    tab = browser.new_page(viewport={"width": 390, "height": 700})
    for site, start in (("example", "left"), ("rtl", "right")):
        tab.goto((sites[site] / "index.html").as_uri())
        tab.keyboard.press("Tab")
        box = tab.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect();"
            " return {cls: document.activeElement.className,"
            " left: r.left, right: r.right, top: r.top}; })()"
        )
        assert box["cls"] == "skip-link"
        assert box["top"] >= 0
        if start == "left":
            assert 0 <= box["left"] < 40
        else:
            assert 350 < box["right"] <= 390
    tab.close()


class _Elements(HTMLParser):
    """Every start tag of a page: its name and attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def _first(path: Path, tag: str, cls: str, after: str | None = None) -> dict[str, str | None]:
    """The attributes of the first ``tag`` of class (or id) ``cls`` on the page at
    ``path``, after the element of id ``after`` if given."""
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    seen = after is None
    for name, attrs in parser.found:
        seen = seen or attrs.get("id") == after
        if (
            seen
            and name == tag
            and (cls in (attrs.get("class") or "").split() or attrs.get("id") == cls)
        ):
            return attrs
    raise AssertionError(f"no <{tag} class={cls}> in {path}")


def test_each_text_reads_in_its_own_direction(sites: dict[str, Path]) -> None:
    """A writer's Arabic in a left-to-right site's lists is set right to left; the
    theme's English on a right-to-left site is English, left to right."""
    mixed, rtl = sites["mixed"], sites["rtl"]
    title = _first(mixed / "index.html", "h3", "brief-arabic")
    assert (title["lang"], title["dir"]) == ("ar", "rtl")
    assert _first(mixed / "index.html", "p", "brief-summary", after="brief-arabic")["dir"] == "rtl"
    timeline = mixed / "timeline" / "index.html"
    assert _first(timeline, "p", "summary")["dir"] == "rtl"
    assert '<ul class="outcomes"><li dir="rtl">' in timeline.read_text(encoding="utf-8")
    assert "lang" not in _first(timeline, "p", "lede")  # English on an English site
    for rel in ("index.html", "timeline/index.html", "tags/index.html"):
        lede = _first(rtl / rel, "p", "lede" if rel != "tags/index.html" else "kicker")
        assert (lede["lang"], lede["dir"]) == ("en", "ltr"), rel
    kicker = _first(rtl / "index.html", "p", "brief-kicker")
    assert (kicker["lang"], kicker["dir"]) == ("en", "ltr")


_EDGES = """(selector) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(selector));
    const box = range.getBoundingClientRect();
    return [box.left, box.right];
}"""


@pytest.mark.parametrize(("site", "start"), [("mixed", 0), ("rtl", 1)])
def test_a_native_name_starts_where_the_page_s_text_does(
    sites: dict[str, Path],
    browser: Any,  # noqa: F811
    site: str,
    start: int,
) -> None:
    # On a right-to-left site the Arabic native name was pushed to the left edge,
    # away from the name (a rule meant for left-to-right pages).
    tab = browser.new_page(viewport={"width": 1024, "height": 700})
    tab.goto((sites[site] / "actors" / "karim-haddad" / "index.html").as_uri())
    kicker = tab.evaluate(_EDGES, ".page-head .kicker")
    native = tab.evaluate(_EDGES, ".native-name")
    tab.close()
    assert native[start] == pytest.approx(kicker[start], abs=2)


def test_a_search_hit_reads_in_its_brief_s_language_and_direction(
    sites: dict[str, Path],
    browser: Any,  # noqa: F811
) -> None:
    # An Arabic summary ran left to right in the results, its full stop on the
    # wrong side; a Chinese title took Japanese glyph forms (no lang).
    tab = browser.new_page(viewport={"width": 1024, "height": 700})
    tab.goto((sites["mixed"] / "index.html").as_uri())
    tab.fill("#search-q", "استؤنفت")
    tab.wait_for_selector("#search-results .result-text")
    found = tab.eval_on_selector_all(
        "#search-results .result-title, #search-results .result-text",
        "els => els.map(e => [e.className, e.lang, getComputedStyle(e).direction])",
    )
    tab.close()
    assert found == [["result-title", "ar", "rtl"], ["result-text", "ar", "rtl"]]
