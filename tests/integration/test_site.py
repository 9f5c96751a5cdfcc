"""The intranet site end to end: built by the real command, checked as a publisher would.

Two projects are built once per module: the repository's example (a copy) and
``tests/data/valid`` with more briefs (a draft, a second edition, tags in other
scripts, an HTML-only brief). Every page is checked with the Nu HTML checker,
every link is followed on disk, and a real browser (Debian's Chromium, driven by
Playwright) loads the site from a path prefix under a strict
Content-Security-Policy to run axe-core in the light and dark schemes, use
search with the keyboard and record every request.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from policybrief.build.state import SITE_FILES
from policybrief.site.entries import tag_slug
from tests.helpers import REPO, VALID, require_tool
from tests.helpers import run_build as build

PREFIX = "/intranet/briefs/"
CSP = "default-src 'self'"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: axe-core's rule tags: WCAG 2.2 A and AA, and its best practices (landmarks, headings).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
A = "{http://www.w3.org/2005/Atom}"

#: Added to tests/data/valid: a newer second edition (HTML only) with tags in
#: other scripts, a draft, and agenda items known to a year and to a month.
EXTRA = {
    "briefs/second.yaml": (
        "title: Second brief\n"
        "subtitle: Its dek\n"
        "date: 2026-01-15\n"
        "edition: 2\n"
        "status: final\n"
        "marking: OFFICIAL-SENSITIVE\n"
        "summary: What [[bob-jones]] said about the [[year-review]].\n"
        "sections:\n"
        "  - actors: [beta]\n"
        "outputs: [html]\n"
        "tags: [Côte d'Ivoire, Россия, test]\n"
    ),
    "briefs/draft-one.yaml": (
        "title: Unfinished thoughts\n"
        "date: 2026-02-01\n"
        "summary: About [[ann-smith]].\n"
        "sections:\n"
        "  - agenda: [talks]\n"
        "outputs: [html]\n"
        "tags: [secret-plan]\n"
    ),
    "content/agenda/year-review.yaml": (
        "title: Annual review\nkind: other\ndate: '2026'\nstatus: scheduled\n"
        "participants: [alpha]\n"
    ),
}


def copy_project(source: Path, target: Path, files: dict[str, str] | None = None) -> Path:
    """A project's inputs (settings, briefs, content) without state or output."""
    target.mkdir(parents=True)
    if (source / "policybrief.yaml").is_file():
        shutil.copy2(source / "policybrief.yaml", target / "policybrief.yaml")
    for name in ("briefs", "content"):
        shutil.copytree(source / name, target / name)
    for rel, text in (files or {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


pytestmark = pytest.mark.usefixtures("module_plain_environment")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/valid plus EXTRA, built; returns its output folder."""
    root = copy_project(VALID, tmp_path_factory.mktemp("small") / "project", EXTRA)
    run = build(root)
    assert run.code == 0, run.err
    return root / "output"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example project, built; returns its output folder."""
    root = copy_project(REPO, tmp_path_factory.mktemp("example") / "project")
    run = build(root)
    assert run.code == 0, run.err
    return root / "output"


@pytest.fixture(scope="module", params=["small", "example"])
def site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


def html_pages(out: Path) -> list[str]:
    """Every page of an output folder, as a URL path relative to the site's top."""
    pages = sorted(p.parent.relative_to(out).as_posix() for p in out.rglob("index.html"))
    return ["" if p == "." else p + "/" for p in pages]


#: Folders of the site's own pages (DESIGN.md's reserved brief slugs).
RESERVED = {"actors", "agenda", "assets", "media", "search", "tags", "timeline"}


def site_pages(out: Path) -> list[str]:
    """The site's own pages: the index and those in its reserved folders."""
    return [p for p in html_pages(out) if p == "" or p.split("/")[0] in RESERVED]


# files and markup


class Markup(HTMLParser):
    """Tags with their attributes, ids, and any inline script or style found."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script" and "src" not in attributes:
            self.inline.append("<script> without src")
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.inline.append(f"{tag} {name}=")
        for name in ("href", "src"):
            if attributes.get(name, "").strip().lower().startswith(("javascript:", "data:")):
                self.inline.append(f"{tag} {name}={attributes[name]}")

    @property
    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}


def read(out: Path, page: str) -> Markup:
    return Markup((out / page / "index.html").read_text(encoding="utf-8"))


def test_every_site_file_is_written(small: Path) -> None:
    for rel in SITE_FILES:
        assert (small / rel).is_file(), rel
    actors = {p.stem for p in (VALID / "content" / "actors").glob("*.yaml")}
    assert {p.parent.name for p in (small / "actors").glob("*/index.html")} == actors
    tags = {p.parent.name for p in (small / "tags").glob("*/index.html")}
    assert {"test", tag_slug("Côte d'Ivoire")} <= tags
    assert len(tags) == 3  # the briefs' tags: test, Côte d'Ivoire, Россия
    assert (small / "assets" / "js" / "search.js").is_file()
    assert (small / "assets" / "css" / "site.css").is_file()
    assert (small / "draft-one" / "index.html").is_file()  # built, not listed


def test_drafts_stay_off_every_site_page(small: Path) -> None:
    for page in site_pages(small):
        text = (small / page / "index.html").read_text(encoding="utf-8")
        assert "Unfinished" not in text, page
        assert "draft-one" not in text, page
        assert "secret-plan" not in text, page
    for rel in ("feed.xml", "search/index.js"):
        assert "draft-one" not in (small / rel).read_text(encoding="utf-8")


def test_index_lists_briefs_newest_first_with_their_facts(small: Path) -> None:
    html = (small / "index.html").read_text(encoding="utf-8")
    assert html.index("Second brief") < html.index("A test brief")
    assert '<time datetime="2026-01-15">15 January 2026</time>' in html
    assert "Edition 2" in html
    assert "OFFICIAL-SENSITIVE" in html
    assert 'href="second/index.html"' in html
    assert 'href="second/second.pdf"' not in html  # HTML only
    assert 'href="test-brief/test-brief.pdf"' in html
    assert 'href="tags/' + tag_slug("Côte d'Ivoire") + '/index.html"' in html
    assert '<input id="search-q" type="search"' in html


def test_no_inline_script_or_style_on_any_page(site: Path) -> None:
    for page in html_pages(site):
        assert read(site, page).inline == [], page


def test_every_link_is_relative_and_lands(site: Path) -> None:
    """Resources come from the site only; every relative link names a file that exists
    (so the site browses from disk too), and every fragment exists."""
    ids: dict[Path, set[str]] = {}
    for page in html_pages(site):
        markup = read(site, page)
        for tag, attrs in markup.tags:
            for name in ("href", "src"):
                url = attrs.get(name)
                if url is None:
                    continue
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or url.startswith("/"):
                    # Only citations may point elsewhere, and only as links to follow.
                    assert tag == "a", (page, url)
                    assert parts.scheme in ("http", "https", "mailto"), (page, url)
                    continue
                target = site / page / (parts.path or "index.html")
                assert not parts.path.endswith("/"), (page, url)
                assert target.resolve().is_relative_to(site.resolve()), (page, url)
                assert target.is_file(), (page, url)
                if parts.fragment:
                    if target not in ids:
                        ids[target] = Markup(target.read_text(encoding="utf-8")).ids
                    assert parts.fragment in ids[target], (page, url)


def test_brief_pages_link_to_the_site(small: Path) -> None:
    markup = read(small, "test-brief/")
    hrefs = [a.get("href") for tag, a in markup.tags if tag == "a"]
    assert "../index.html" in hrefs
    # Linked in the text and shown in the brief: the brief's own entry.
    assert "#actor-ann-smith" in hrefs
    second = read(small, "second/")
    hrefs = [a.get("href") for tag, a in second.tags if tag == "a"]
    # Not shown in this brief: linked to the site's pages.
    assert "../actors/bob-jones/index.html" in hrefs
    assert "#actor-bob-jones" not in hrefs
    assert "../timeline/index.html#agenda-year-review" in hrefs


def test_nu_checker_finds_no_errors(small: Path, example: Path) -> None:
    jar = require_tool("vnu")
    java = require_tool("java")
    pages = [str(out / p / "index.html") for out in (small, example) for p in html_pages(out)]
    result = subprocess.run(
        [java, "-jar", jar, "--errors-only", "--format", "text", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# the feed


def test_feed_is_valid_atom(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{A}{name}") or "").strip(), name
    assert feed.find(f"{A}author/{A}name") is not None
    assert feed.find(f"{A}link[@rel='self']") is not None
    entries = feed.findall(f"{A}entry")
    assert entries
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"{A}{name}") or "").strip(), name
        assert re.search(r"[/#]edition-[0-9]+$", entry.findtext(f"{A}id", ""))
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.findtext(f"{A}updated", ""))
        links = entry.findall(f"{A}link[@rel='alternate']")
        assert links
        for link in entry.findall(f"{A}link"):
            target = site / link.get("href", "")
            assert (
                target / "index.html" if link.get("href", "").endswith("/") else target
            ).is_file()


def test_feed_of_the_small_project(small: Path) -> None:
    feed = ET.parse(small / "feed.xml").getroot()
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == [
        "tag:test-unit.invalid,2025:second/edition-2",
        "tag:test-unit.invalid,2025:test-brief/edition-1",
    ]
    assert feed.findtext(f"{A}updated") == "2026-01-15T00:00:00Z"


# incremental and deterministic


def site_files(out: Path) -> dict[str, bytes]:
    files = {rel: (out / rel).read_bytes() for rel in SITE_FILES}
    for folder in ("actors", "tags"):
        for path in sorted((out / folder).rglob("index.html")):
            files[path.relative_to(out).as_posix()] = path.read_bytes()
    return files


def test_every_shard_writes_the_same_site(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project", EXTRA)
    outs = []
    for shard in ("1/2", "2/2", None):
        out = tmp_path / f"out-{shard or 'all'}".replace("/", "-")
        args = ["--output", str(out), "--outputs", "html", "--force"]
        run = build(root, *args, *(["--shard", shard] if shard else []))
        assert run.code == 0, run.err
        outs.append(site_files(out))
    assert outs[0] == outs[1] == outs[2]


def test_site_follows_content_even_when_no_brief_is_stale(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project")
    assert build(root, "--outputs", "html").code == 0
    out = root / "output"
    before = site_files(out)
    again = build(root, "--outputs", "html")
    assert "nothing to do" in again.out
    assert site_files(out) == before
    # An actor no brief shows: no brief is stale, but the site has a new page.
    (root / "content" / "actors" / "zed.yaml").write_text("name: Zed\nkind: person\n")
    run = build(root, "--outputs", "html", "-v")
    assert run.code == 0, run.err
    assert "built 0, skipped 1" in run.out
    assert "Zed" in (out / "actors" / "zed" / "index.html").read_text()
    assert "Zed" in (out / "actors" / "index.html").read_text()
    # Gone from the content: gone from the site.
    (root / "content" / "actors" / "zed.yaml").unlink()
    assert build(root, "--outputs", "html").code == 0
    assert not (out / "actors" / "zed").exists()
    # A site file deleted by hand comes back, though no input changed.
    (out / "index.html").unlink()
    assert build(root, "--outputs", "html").code == 0
    assert (out / "index.html").read_bytes() == before["index.html"]


# in a browser


@dataclass
class Server:
    """The output folder served over HTTP under PREFIX, with a strict CSP."""

    base: str
    paths: list[str] = field(default_factory=list)


@contextmanager
def serve(folder: Path) -> Iterator[Server]:
    """Serve ``folder`` on a free 127.0.0.1 port under PREFIX; record every path asked."""
    server_info: list[Server] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def translate_path(self, path: str) -> str:
            server_info[0].paths.append(path)
            if not path.startswith(PREFIX):
                return str(folder / "\0missing")
            return super().translate_path("/" + path[len(PREFIX) :])

        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", CSP)
            super().end_headers()

    handler = functools.partial(Handler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    info = Server(f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}")
    server_info.append(info)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield info
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _require(found: bool, why: str) -> None:
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}; CI must not skip this test")
        pytest.skip(why)


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


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[tuple[Path, Server]]:
    with serve(site) as server:
        yield site, server


AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\\n    ` +
    v.nodes.map(n => n.target.join(" ") + " " + n.failureSummary).join("\\n    "));
}"""


def test_axe_finds_no_violations_on_any_page_light_or_dark(
    browser: Any, served: tuple[Path, Server]
) -> None:
    _require(AXE.is_file(), f"axe-core is missing: {AXE} (npm ci)")
    out, server = served
    # axe is injected as an inline script, which the site's own CSP would refuse.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for path in html_pages(out):
            page.emulate_media(color_scheme="light")
            page.goto(server.base + path)
            page.add_script_tag(path=str(AXE))
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
                assert dark == (scheme == "dark")
                violations = page.evaluate(AXE_RUN, AXE_TAGS)
                if violations:
                    found[f"{path or 'index'} ({scheme})"] = violations
    finally:
        context.close()
    assert found == {}, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in found.items())


def test_no_request_leaves_the_site_and_csp_holds(
    browser: Any, served: tuple[Path, Server]
) -> None:
    """Under ``Content-Security-Policy: default-src 'self'``: every page, no violation,
    every request to the site's own host and path prefix, none failing."""
    out, server = served
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # A favicon still loading when the next page opens is aborted: no failure.
    page.on(
        "requestfailed",
        lambda r: r.failure != "net::ERR_ABORTED" and problems.append(f"failed: {r.url}"),
    )
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    try:
        for path in html_pages(out):
            page.goto(server.base + path)
        # The search box's index is loaded on use: search once.
        page.goto(server.base)
        page.fill("#search-q", "a")
        page.wait_for_selector("#search-status:not(:empty)")
    finally:
        context.close()
    assert problems == []
    assert requests
    for url in requests:
        parts = urlsplit(url)
        assert (parts.scheme, parts.hostname) == ("http", "127.0.0.1"), url
        assert parts.path.startswith(PREFIX), url
    # What the browser fetched by itself (a favicon, say) stays under the prefix too.
    assert all(p.startswith(PREFIX) for p in server.paths), server.paths


def test_csp_violations_would_be_seen(browser: Any, tmp_path: Path) -> None:
    """The check above is real: an inline style is reported under the same CSP."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title><p style="color: red">x</p>'
    )
    with serve(tmp_path) as server:
        context = browser.new_context()
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        page.goto(server.base)
        page.wait_for_timeout(200)
        context.close()
    assert any("Content Security Policy" in m for m in messages), messages


def test_search_with_the_keyboard(browser: Any, example: Path) -> None:
    with serve(example) as server:
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(server.base)
            for _ in range(30):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.id") == "search-q":
                    break
            else:
                pytest.fail("Tab never reached the search box")
            page.keyboard.type("belousov")
            page.wait_for_selector("#search-results a")
            status = page.text_content("#search-status")
            results = page.eval_on_selector_all(
                "#search-results a",
                "links => links.map(a => [a.textContent, a.getAttribute('href')])",
            )
            assert status == f"{len(results)} results."
            assert ["Actor Andrei Belousov", "actors/andrei-belousov/index.html"] in results
            kinds = {t.split(" ", 1)[0] for t, _ in results}
            assert {"Brief", "Actor", "Agenda"} <= kinds
            # ArrowDown moves into the results and between them; ArrowUp back.
            page.keyboard.press("ArrowDown")
            first = page.evaluate("document.activeElement.getAttribute('href')")
            assert first == results[0][1]
            page.keyboard.press("ArrowDown")
            assert page.evaluate("document.activeElement.getAttribute('href')") == results[1][1]
            page.keyboard.press("ArrowUp")
            page.keyboard.press("ArrowUp")
            assert page.evaluate("document.activeElement.id") == "search-q"
            # Tab reaches the results too (after the Search button).
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.getAttribute('href')") == results[0][1]
            # Enter follows the link, under the path prefix.
            page.keyboard.press("Enter")
            page.wait_for_url(urljoin(server.base, results[0][1]))
            assert page.url.startswith(server.base)
        finally:
            context.close()


def test_search_from_another_page_opens_the_index_with_results(browser: Any, example: Path) -> None:
    with serve(example) as server:
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(server.base + "timeline/")
            page.fill("#site-search-q", "Modi")
            page.keyboard.press("Enter")
            page.wait_for_selector("#search-results a")
            assert page.url == server.base + "index.html?q=Modi"
            titles = page.eval_on_selector_all(
                "#search-results .result-title", "els => els.map(e => e.textContent)"
            )
            assert titles[0] == "Narendra Modi"
            page.fill("#search-q", "zzzz-nothing")
            page.wait_for_function(
                "document.getElementById('search-status').textContent.startsWith('No results')"
            )
            assert page.eval_on_selector_all("#search-results li", "els => els.length") == 0
            # Only punctuation: no word to search; a screen reader hears why (it heard nothing).
            page.fill("#search-q", ".*(")
            page.wait_for_function(
                "document.getElementById('search-status').textContent.startsWith('Type letters')"
            )
        finally:
            context.close()
