"""Ids never collide with the page's own anchors, and every internal link lands.

Over whole built sites (the example project, the ``anchor-collision`` case and
briefs whose sections take every id the templates use): every HTML page has
unique ids, every ``#fragment`` link (within a page or to another site page)
names an element of its target page, and every PDF link names a destination.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.helpers import DATA, Example, Run, overlay_case, run_build

CASES = DATA / "cases"


class _Anchors(HTMLParser):
    """Collect a page's ids (in order, duplicates kept) and its links' targets."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")


def _anchors(page: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The site page and fragment a link names; None when it leaves the site's pages."""
    base = "file://" + page.as_posix()
    url = urlsplit(urljoin(base, href))
    if url.scheme != "file" or not url.fragment:
        return None
    path = Path(unquote(url.path))
    if path.suffix == "" or url.path.endswith("/"):
        path = path / "index.html"
    if path.suffix != ".html":
        return None
    assert path.is_relative_to(site), f"{page}: {href} leaves the site"
    return path, unquote(url.fragment)


def assert_site_anchors(site: Path) -> int:
    """Assert unique ids and landing fragment links in every page; return the links checked."""
    pages = {p: _anchors(p) for p in sorted(site.rglob("*.html"))}
    assert pages, f"no HTML pages under {site}"
    checked = 0
    for page, found in pages.items():
        twice = sorted({i for i in found.ids if found.ids.count(i) > 1})
        assert twice == [], f"{page.relative_to(site)}: ids defined twice: {twice}"
        for href in found.hrefs:
            target = _target(site, page, href)
            if target is None:
                continue
            path, fragment = target
            assert path in pages, f"{page.relative_to(site)}: {href} names a missing page"
            assert fragment in pages[path].ids, (
                f"{page.relative_to(site)}: {href} lands nowhere in {path.relative_to(site)}"
            )
            checked += 1
    return checked


def assert_pdf_links(pdf: Path) -> None:
    """Every internal link of ``pdf`` names one of its destinations."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    names = set(reader.named_destinations)
    dests = [
        str(annot.get_object()["/Dest"])
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/Dest" in annot.get_object()
    ]
    assert dests, f"{pdf.name} has no internal links"
    assert sorted(set(dests) - names) == []


def _build(tmp: Path, case: str) -> tuple[Path, Run]:
    root = overlay_case(CASES / case, tmp / case)
    run = run_build(root)
    assert run.code == 0, run.err
    return root / "output", run


@pytest.fixture(scope="module")
def collision(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    return _build(tmp_path_factory.mktemp("anchors"), "anchor-collision")


@pytest.fixture(scope="module")
def every_name(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    return _build(tmp_path_factory.mktemp("anchors"), "anchor-collision-more")


def test_example_site_ids_are_unique_and_links_land(example: Example) -> None:
    assert assert_site_anchors(example.out) > 20
    for slug in ("russia-india-december-2025", "summit-read-ahead"):
        assert_pdf_links(example.pdf(slug))


def test_a_section_named_sources_keeps_its_own_anchor(collision: tuple[Path, Run]) -> None:
    out, run = collision
    assert "defined twice" not in run.err
    assert_site_anchors(out)
    assert_pdf_links(out / "bc-anchor" / "bc-anchor.pdf")
    html = (out / "bc-anchor" / "index.html").read_text(encoding="utf-8")
    # The two contents entries lead to two places: the analysis section, then the list.
    assert '<li><a href="#section-sources">Where our reporting comes from</a></li>' in html
    assert '<li><a href="#sources">Sources</a></li>' in html
    assert '<section id="sources" class="section section-sources' in html


def test_sections_named_like_every_template_id_stay_apart(
    every_name: tuple[Path, Run],
) -> None:
    out, run = every_name
    assert "defined twice" not in run.err
    assert assert_site_anchors(out) > 30
    for slug in ("collide-brief", "collide-one-pager"):
        assert_pdf_links(out / slug / f"{slug}.pdf")
    html = (out / "collide-brief" / "index.html").read_text(encoding="utf-8")
    assert '<main id="main">' in html
    assert 'href="#main">Skip to content' in html
    for id_ in ("main", "toc", "title", "a", "a-title", "agenda", "actors"):
        assert f'<li><a href="#section-{id_}">Section named {id_}</a></li>' in html


def test_writers_anchors_live_in_their_own_namespace(every_name: tuple[Path, Run]) -> None:
    html = (every_name[0] / "collide-brief" / "index.html").read_text(encoding="utf-8")
    assert '<span id="content-here">here</span>' in html
    assert '<a href="#content-here">back here</a>' in html
    # A link to a section by its id lands on that section; "agenda" and "main" are
    # analysis sections of this brief too, and the writer's own section wins.
    assert '<a href="#section-toc">see the toc section</a>' in html
    assert '<a href="#section-agenda">agenda</a>' in html
    assert '<a href="#section-main">to main</a>' in html


def test_the_agenda_chart_and_an_item_named_chart_differ(every_name: tuple[Path, Run]) -> None:
    html = (every_name[0] / "collide-brief" / "index.html").read_text(encoding="utf-8")
    assert 'id="agenda-chart"' in html
    assert 'id="timeline-chart-title"' in html
    assert 'id="agenda-title"' in html
    assert 'id="title-agenda"' in html


def test_the_site_check_catches_a_duplicate_id(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text('<p id="x"></p><p id="x"></p>', encoding="utf-8")
    with pytest.raises(AssertionError, match="defined twice"):
        assert_site_anchors(tmp_path)


def test_the_site_check_catches_a_link_that_lands_nowhere(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="x"></p>', encoding="utf-8")
    (tmp_path / "index.html").write_text('<a href="a/#y">y</a>', encoding="utf-8")
    with pytest.raises(AssertionError, match="lands nowhere"):
        assert_site_anchors(tmp_path)
