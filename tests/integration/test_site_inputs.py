"""The site is right for every input: distinct tags, search in every script, order, disk.

The shared cases ``site-tag-slug-collision``, ``site-search-folding`` and
``site-accent-sorting`` (tests/data/cases/) are built over tests/data/valid,
together with variants of each kind: more tags that a slug would merge, a
brief with a sentence in every script the theme's fonts support, names in
several scripts. Search is tried in a real browser (Debian's Chromium, driven
by Playwright) with each word typed exactly as the text has it, over HTTP
under a path prefix and from disk (``file://``), where every link must name a
file and search must load its index without fetch.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from policybrief.site.entries import tag_slug
from tests.helpers import DATA, Run, apply_case, overlay_case
from tests.helpers import run_build as build
from tests.integration.test_site import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Markup,
    _require,
    html_pages,
    serve,
)

pytestmark = pytest.mark.usefixtures("module_plain_environment")
A = "{http://www.w3.org/2005/Atom}"
CASES = DATA / "cases"

#: Variants of the tag case: pairs a slug would merge, and spellings of one tag.
MORE_TAGS = {
    "briefs/bc-tag-three.yaml": (
        "title: Brief tagged R&D\ndate: 2025-12-03\nstatus: final\nsummary: R and D.\n"
        "sections:\n  - analysis: bc-tags\noutputs: [html]\n"
        "tags: [R&D, EU/UK, Côte, c++]\n"
    ),
    "briefs/bc-tag-four.yaml": (
        "title: Brief tagged R-D\ndate: 2025-12-04\nstatus: final\nsummary: R minus D.\n"
        "sections:\n  - analysis: bc-tags\noutputs: [html]\n"
        "tags: [R-D, EU-UK, Cote, EU Sanctions, eu-sanctions]\n"
    ),
}

#: One sentence per script, and the words typed into the search box for it.
SCRIPTS = {
    "Latin with accents": ("São Paulo, Łódź and Côte d’Ivoire.", ["Łódź", "Côte", "São"]),
    "German": ("The delegation met the Außenminister.", ["Außenminister", "AUSSENMINISTER"]),
    "Greek": ("Συνάντηση στην Αθήνας με τον Υπουργό Εξωτερικών.", ["Αθήνας", "Εξωτερικών"]),
    "Cyrillic": ("Министерство иностранных дел России.", ["Министерство", "России"]),
    "Arabic": ("وزارة الخارجية مُحَمَّد.", ["الخارجية", "مُحَمَّد"]),
    "Hebrew": ("משרד החוץ שָׁלוֹם.", ["החוץ", "שָׁלוֹם"]),
    "Chinese": ("中华人民共和国外交部发言人。", ["外交部", "中华人民共和国外交部发言人"]),
    "Japanese": ("外務省の報道官。", ["外務省"]),
    "Korean": ("대한민국 외교부 장관.", ["외교부"]),
    "Thai": ("กระทรวงการต่างประเทศไทย", ["การต่างประเทศ"]),
    "Devanagari": ("विदेश मंत्रालय भारत।", ["मंत्रालय", "विदेश"]),
    "Georgian": ("საგარეო საქმეთა სამინისტრო.", ["საქმეთა"]),
    "Armenian": ("Արտաքին գործերի նախարարություն, Երևան.", ["Երևան", "նախարարություն"]),
    "Invisible characters": (
        "The Staats\u00adsekretär and the Minis\u200bterin.",
        ["Staatssekretär", "Ministerin"],
    ),
}
ALL_SCRIPTS = {
    "content/analysis/bc-scripts.md": (
        "---\ntitle: Every script\nkind: background\n---\n"
        + "\n\n".join(text for text, _ in SCRIPTS.values())
        + "\n"
    ),
    "briefs/bc-scripts.yaml": (
        "title: Every script\ndate: 2025-12-02\nstatus: final\nsummary: Words in many scripts.\n"
        "sections:\n  - analysis: bc-scripts\noutputs: [html]\n"
    ),
}
#: Variants of the sorting case: lower-case initials, other scripts, ß, an accent tie.
MORE_NAMES = {
    f"content/actors/bc-{id_}.yaml": f"name: {name}\nkind: person\n"
    for id_, name in {
        "de-gaulle": "de Gaulle",
        "angstrom": "Ångström",
        "strauss": "Strauß",
        "stramm": "Stramm",
        "emile-lower": "emile Ernst",
        "alpha-greek": "Άλφα Βήτα",
        "yakov": "Яков",
        "anna-cyr": "Анна",
    }.items()
}


def _build(tmp: Path, case: str, extra: dict[str, str] | None = None) -> tuple[Path, Run]:
    root = overlay_case(CASES / case, tmp / case)
    for rel, text in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    run = build(root, "--outputs", "html")
    assert run.code == 0, run.err
    return root / "output", run


@pytest.fixture(scope="module")
def tags(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    return _build(tmp_path_factory.mktemp("tags"), "site-tag-slug-collision", MORE_TAGS)


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("search"), "site-search-folding", ALL_SCRIPTS)[0]


class _Text(HTMLParser):
    """The text of the elements with one class, in document order."""

    def __init__(self, html: str, cls: str) -> None:
        super().__init__(convert_charrefs=True)
        self.cls = cls
        self.depth = 0
        self.found: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
        elif self.cls in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1] += data


def _texts(path: Path, cls: str) -> list[str]:
    return [t.strip() for t in _Text(path.read_text(encoding="utf-8"), cls).found]


# distinct tags


def test_the_case_as_written_gives_c_plus_plus_and_c_sharp_their_own_pages(
    tags: tuple[Path, Run],
) -> None:
    out, _ = tags
    for name, brief in (("C++", "Brief tagged C++"), ("C#", "Brief tagged C#")):
        page = out / "tags" / tag_slug(name) / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f"<h1>Briefs tagged “{name}”</h1>" in html
        assert brief in html
    cpp = (out / "tags" / tag_slug("C++") / "index.html").read_text(encoding="utf-8")
    assert "Brief tagged C#" not in cpp
    feed = ET.parse(out / "feed.xml").getroot()
    labels = {
        e.findtext(f"{A}title"): [c.get("label") for c in e.findall(f"{A}category")]
        for e in feed.findall(f"{A}entry")
    }
    assert labels["Brief tagged C++"] == ["C++"]
    assert labels["Brief tagged C#"] == ["C#"]


def test_tags_a_slug_would_merge_keep_their_own_pages(tags: tuple[Path, Run]) -> None:
    out, _ = tags
    names = ["C++", "C#", "R&D", "R-D", "EU/UK", "EU-UK", "Côte", "Cote", "EU Sanctions"]
    slugs = [tag_slug(n) for n in names]
    assert len(set(slugs)) == len(names)
    on_disk = {p.name for p in (out / "tags").iterdir() if p.is_dir()}
    assert on_disk == {*slugs, "test"}  # and the tag of tests/data/valid's brief
    listed = _texts(out / "tags" / "index.html", "tag-counts")[0]
    for name in names:
        assert name in listed
    assert (out / "tags" / "r-d" / "index.html").is_file()  # plain words: a plain address
    assert (out / "tags" / "eu-sanctions" / "index.html").is_file()


def test_spellings_of_one_tag_share_a_page_and_are_warned_about(tags: tuple[Path, Run]) -> None:
    out, run = tags
    assert (
        "briefs/bc-tag-three.yaml:8:26: warning: tag 'c++' is the same tag as 'C++' "
        "(briefs/bc-tag-one.yaml:8:8), spelled differently"
    ) in run.err
    assert (
        "briefs/bc-tag-four.yaml:8:40: warning: tag 'eu-sanctions' is the same tag as "
        "'EU Sanctions' (briefs/bc-tag-four.yaml:8:26), spelled differently"
    ) in run.err
    cpp = (out / "tags" / tag_slug("C++") / "index.html").read_text(encoding="utf-8")
    assert "Brief tagged C++" in cpp
    assert "Brief tagged R&amp;D" in cpp


# order


def test_the_case_as_written_sorts_accented_names_with_their_letter(
    tmp_path: Path,
) -> None:
    out, _ = _build(tmp_path, "site-accent-sorting")
    people = _texts(out / "actors" / "index.html", "actor-list")[0]
    found = [n for n in ("Bob Berg", "Émile Dupont", "Óscar Ortiz", "Zoe Adams") if n in people]
    order = sorted(found, key=people.index)
    assert order == ["Bob Berg", "Émile Dupont", "Óscar Ortiz", "Zoe Adams"]


def test_names_in_any_case_and_script_sort_by_the_collation(tmp_path: Path) -> None:
    out, _ = _build(tmp_path, "site-accent-sorting", MORE_NAMES)
    html = (out / "actors" / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<a href="\.\./actors/bc-[^"]+/index.html">([^<]+)</a>', html)
    assert names == [
        "Ångström",
        "Bob Berg",
        "de Gaulle",
        "Émile Dupont",
        "emile Ernst",
        "Óscar Ortiz",
        "Stramm",
        "Strauß",
        "Zoe Adams",
        "Άλφα Βήτα",
        "Анна",
        "Яков",
    ]


# search, in a browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    _require(CHROMIUM.is_file(), f"{CHROMIUM} is not installed (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "playwright is not installed (pip install -e '.[test]')")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _search(page: Any, query: str) -> list[str]:
    """Type ``query`` into the index's search box; return the titles found."""
    page.fill("#search-q", "")
    page.wait_for_function("() => document.getElementById('search-status').textContent === ''")
    page.type("#search-q", query)
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    titles: list[str] = page.eval_on_selector_all(
        "#search-results .result-title", "els => els.map(e => e.textContent)"
    )
    return titles


def _every_script_is_found(page: Any) -> dict[str, list[str]]:
    missed: dict[str, list[str]] = {}
    for script, (_, queries) in SCRIPTS.items():
        for query in queries:
            titles = _search(page, query)
            if "Every script" not in titles:
                missed.setdefault(script, []).append(query)
    return missed


@pytest.mark.parametrize("where", ["http", "file"])
def test_words_typed_as_written_are_found_in_every_script(
    browser: Any, scripts: Path, where: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    try:
        if where == "file":
            page.goto((scripts / "index.html").as_uri())
            missed = _every_script_is_found(page)
        else:
            with serve(scripts) as server:
                page.goto(server.base)
                missed = _every_script_is_found(page)
    finally:
        context.close()
    assert missed == {}
    assert problems == []


def test_the_case_as_written_finds_sharp_s_and_final_sigma(browser: Any, scripts: Path) -> None:
    with serve(scripts) as server:
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(server.base)
            for query in ("Außenminister", "Αθήνας", "delegation", "ΑΘΗΝΑΣ", "Aussenminister"):
                assert "Search folding" in _search(page, query), query
            assert _search(page, "Außenministerin") == []
        finally:
            context.close()


# from disk


class _Links(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name in ("href", "src", "action", "data-index"):
            value = dict(attrs).get(name)
            if value is not None:
                self.links.append(value)


def test_every_link_names_a_file(scripts: Path) -> None:
    """A link to a folder opens a directory listing from disk: every link names a file."""
    for page in html_pages(scripts):
        html = (scripts / page / "index.html").read_text(encoding="utf-8")
        for url in _Links(html).links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site's address, or a fragment of this page
            if parts.path.endswith(".pdf"):
                continue  # built with --outputs html: the PDFs are not made
            assert not parts.path.endswith("/"), (page, url)
            assert (scripts / page / parts.path).resolve().is_file(), (page, url)
    assert Markup((scripts / "index.html").read_text(encoding="utf-8")).inline == []


def test_the_site_browses_from_disk(browser: Any, scripts: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((scripts / "index.html").as_uri())
        for label, heading in (
            ("Actors", "People, organisations, states and bodies"),
            ("Timeline", "Agenda items by date"),
            ("Tags", "Briefs by tag"),
            ("Briefs", "Policy briefs"),
        ):
            page.click(f".site-nav >> text={label}")
            assert page.text_content("h1") == heading
            assert page.url.startswith("file://")
            assert page.url.endswith("index.html")
        # The header's search box on another page opens the index with the results.
        page.click(".site-nav >> text=Actors")
        page.fill("#site-search-q", "Αθήνας")
        page.keyboard.press("Enter")
        page.wait_for_selector("#search-results a")
        page.click("#search-results a:has-text('Search folding')")
        page.wait_for_load_state()
        assert page.url == (scripts / "bc-search" / "index.html").as_uri()
    finally:
        context.close()


def test_a_build_names_the_drafts_it_keeps_off_the_site(tmp_path: Path) -> None:
    draft = "title: Work in progress\ndate: 2025-12-05\nsummary: Soon.\nsections:\n"
    root = overlay_case(CASES / "site-search-folding", tmp_path / "drafts")
    (root / "briefs/wip.yaml").write_text(draft + "  - analysis: bc-search\n")
    run = build(root, "--outputs", "html")
    assert run.code == 0, run.err
    assert (
        "note: 1 draft built at its address but kept off the site's pages, feed and search: "
        "wip (briefs/wip.yaml); set 'status: final' in a brief, or 'include_drafts: true' "
        "under 'site:' in policybrief.yaml to list drafts"
    ) in run.err
    assert "Work in progress" not in (root / "output/index.html").read_text(encoding="utf-8")
    apply_case(CASES / "site-search-folding", root)
    (root / "policybrief.yaml").write_text("site:\n  include_drafts: true\n")
    run = build(root, "--outputs", "html")
    assert "draft" not in run.err
    assert "Work in progress" in (root / "output/index.html").read_text(encoding="utf-8")
