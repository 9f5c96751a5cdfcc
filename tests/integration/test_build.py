"""Build real briefs end to end and inspect the PDF (pypdf, poppler) and the HTML (Nu checker).

The repository's example project is built once per module (a copy, so the build
state in ``.policybrief/`` never touches the checkout); small projects based on
``tests/data/valid`` cover the theme, paper and failure cases.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from policybrief.render.resolve import (
    ResolvedActors,
    ResolvedAgenda,
    ResolvedAnalysis,
)
from policybrief.render.theme import PACKAGED_THEME
from tests.helpers import (
    FULL,
    ONE_PAGER,
    REPO,
    VALID,
    Example,
    Run,
    copy_project,
    pages_text,
    require_tool,
    run_build,
    run_tool,
    write_files,
)

ROOT = REPO
SLUGS = (FULL, ONE_PAGER)
A4 = "595.276 x 841.89 pts"
LETTER = "612 x 792 pts"


pytestmark = pytest.mark.usefixtures("module_plain_environment")

build = run_build
write = write_files
tool = run_tool


def normalise(text: str) -> str:
    """Join words hyphenated at line ends and collapse white space; NFC."""
    text = text.replace("\u2010\n", "").replace("\u00ad\n", "")
    return unicodedata.normalize("NFC", " ".join(text.split()))


# PDFs: pages, text, fonts, metadata, navigation


def test_build_reports_both_briefs(example: Example) -> None:
    assert "built 2, skipped 0, failed 0" in example.run.out
    assert "warning" not in example.run.err
    for slug in SLUGS:
        assert example.pdf(slug).is_file()
        assert (example.out / slug / "index.html").is_file()


def test_page_counts(example: Example) -> None:
    assert len(pypdf.PdfReader(example.pdf(FULL)).pages) >= 4
    assert len(pypdf.PdfReader(example.pdf(ONE_PAGER)).pages) == 1


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_has_marking_and_page_numbers(example: Example, slug: str) -> None:
    pages = pages_text(example.pdf(slug))
    count = len(pypdf.PdfReader(example.pdf(slug)).pages)
    assert len(pages) == count
    marking = example.corpus.briefs[slug].data.marking
    assert marking == "UNCLASSIFIED"
    for number, text in enumerate(pages, 1):
        assert text.count(marking) >= 2, f"page {number}: marking top and bottom"
        assert f"Page {number} of {count}" in text
    title = example.corpus.briefs[slug].data.title
    assert title in normalise(pages[0])


def test_native_script_names_are_printed(example: Example) -> None:
    text = normalise("".join(pages_text(example.pdf(FULL))))
    assert "Андрей Белоусов" in text
    assert unicodedata.normalize("NFC", "नरेन्द्र मोदी") in text
    # pypdf reads the same names back from the font's ToUnicode maps
    reader = pypdf.PdfReader(example.pdf(FULL))
    extracted = normalise("\n".join(p.extract_text() for p in reader.pages))
    assert unicodedata.normalize("NFC", "नरेन्द्र मोदी") in extracted


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table, cut by the widths of its dashed header line."""
    lines = tool("pdffonts", str(pdf)).splitlines()
    header, dashes, rows = lines[0], lines[1], lines[2:]
    spans = [m.span() for m in re.finditer(r"-+", dashes)]
    names = [header[a:b].strip() for a, b in spans]
    names[-1] = header[spans[-1][0] :].strip()
    return [dict(zip(names, (row[a:b].strip() for a, b in spans), strict=True)) for row in rows]


NOTO = re.compile(r"[A-Z]{6}\+Noto-(Serif|Sans)(-Devanagari)?(-(Regular|Bold|Italic|BoldItalic))?")


@pytest.mark.parametrize("slug", SLUGS)
def test_only_embedded_theme_fonts(example: Example, slug: str) -> None:
    table = fonts(example.pdf(slug))
    assert table
    for font in table:
        assert NOTO.fullmatch(font["name"]), font
        assert font["emb"] == "yes", font
    names = {f["name"].split("+")[1] for f in table}
    assert {"Noto-Serif", "Noto-Sans-Bold"} <= names
    assert any("Devanagari" in n for n in names)  # the Hindi name is set in a Noto font


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_metadata(example: Example, slug: str) -> None:
    brief = example.corpus.briefs[slug].data
    reader = pypdf.PdfReader(example.pdf(slug))
    info = reader.metadata
    assert info is not None
    assert info["/Title"] == brief.title
    assert info["/Author"] == ", ".join(brief.authors)
    assert info["/Keywords"] == ", ".join(brief.tags)
    assert info["/CreationDate"].startswith("D:" + brief.date.iso().replace("-", ""))
    # the summary as plain text: links read as their words, no Markdown
    summary = re.sub(r"\[\[[^|\]]*\|([^\]]*)\]\]", r"\1", brief.summary)
    summary = re.sub(r"\[\[([^\]]*)\]\]", lambda m: example.corpus.actors[m[1]].data.name, summary)
    first_words = " ".join(summary.split()[:12])
    assert info["/Subject"].startswith(first_words)
    assert "[[" not in info["/Subject"]
    assert reader.trailer["/Root"]["/Lang"] == "en"


def outline_titles(reader: pypdf.PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


def test_bookmarks_follow_the_brief(example: Example) -> None:
    view = example.view(FULL)
    expected = ["Bottom line", "Key judgments"]
    for section in view.sections:
        if isinstance(section, ResolvedAnalysis):
            expected.append(section.analysis.data.title)
        elif isinstance(section, ResolvedAgenda):
            expected.append("Agenda")
        elif isinstance(section, ResolvedActors):
            expected.append("Key actors")
        else:
            expected.append("Sources")
    assert {"Agenda", "Key actors", "Sources"} <= set(expected)
    titles = outline_titles(pypdf.PdfReader(example.pdf(FULL)))
    assert [t for t in titles if t in expected] == expected


def link_targets(page: pypdf.PageObject) -> set[str]:
    targets = set()
    for annot in page.get("/Annots") or []:
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        dest = annot.get("/Dest")
        action = annot.get("/A")
        if dest is None and action is not None and action.get("/S") == "/GoTo":
            dest = action.get("/D")
        if isinstance(dest, str):
            targets.add(dest)
    return targets


def test_contents_links_go_to_the_sections(example: Example) -> None:
    reader = pypdf.PdfReader(example.pdf(FULL))
    contents = [p for p in reader.pages if "Contents" in (p.extract_text() or "")]
    assert contents
    last = reader.get_page_number(contents[-1])
    targets = set().union(*(link_targets(p) for p in reader.pages[: last + 2]))
    sections = example.view(FULL).sections
    anchors = {f"section-{s.analysis.id}" for s in sections if isinstance(s, ResolvedAnalysis)}
    anchors |= {"agenda", "actors", "sources"}
    assert anchors <= targets
    assert anchors <= set(reader.named_destinations)


def note_marks(page: pypdf.PageObject) -> tuple[list[int], list[int]]:
    """Footnote calls (6.5 pt) and footnote markers (7.5 pt ``N. ``) on one page, by font."""
    calls: list[int] = []
    markers: list[int] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        if not name.endswith("Noto-Sans-Bold"):
            return
        points = abs(size * tm[3] * cm[3])
        if re.fullmatch(r"\d+", text) and points < 7:
            calls.append(int(text))
        elif (m := re.fullmatch(r"(\d+)\. ?", text)) and points < 8:
            markers.append(int(m[1]))

    page.extract_text(visitor_text=visit)
    return calls, markers


def test_footnotes_sit_on_the_page_of_their_call(example: Example) -> None:
    reader = pypdf.PdfReader(example.pdf(FULL))
    layout = pages_text(example.pdf(FULL), "-layout")
    numbers: list[int] = []
    for index, page in enumerate(reader.pages):
        calls, markers = note_marks(page)
        assert sorted(calls) == sorted(markers), f"page {index + 1}"
        for n in calls:
            assert re.search(rf"^\s*{n}\. \S", layout[index], re.MULTILINE), (index + 1, n)
        numbers += sorted(calls)
    assert len(numbers) >= 10
    assert numbers == list(range(1, len(numbers) + 1))


def test_notes_give_short_forms_and_sources_list_full_entries(example: Example) -> None:
    pages = [normalise(p) for p in pages_text(example.pdf(FULL))]
    # The sources list runs from its heading to the end (before the scale box).
    first = next(i for i, p in enumerate(pages) if "Sources 1." in p)
    notes = " ".join(pages[:first])
    listed = " ".join(pages[first:])
    report = example.corpus.sources["news-report-belousov-visit"].data
    assert report.title == "Russian defence minister arrives in India ahead of presidential visit"
    # publisher, short title (eight words at most), date (as known), locator
    short = "Russian defence minister arrives in India ahead…"
    assert f"News report (unattributed), {short}, December 2025" in notes
    assert f"News report (unattributed). {report.title}. December 2025." in listed
    assert report.title not in notes
    mod = example.corpus.sources["russia-mod-statement"].data
    assert f"{mod.publisher}, {mod.title}, December 2025" in notes
    assert f"{mod.publisher}. {mod.title}. December 2025." in listed


# HTML


class Tags(HTMLParser):
    """Every start tag with its attributes, in order, and the text of <style> elements."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for t, attrs in self.tags if t == tag]


def page(example: Example, slug: str) -> tuple[str, Tags]:
    html = (example.out / slug / "index.html").read_text(encoding="utf-8")
    return html, Tags(html)


EXTERNAL = re.compile(r"(?:https?:)?//", re.IGNORECASE)
CSS_URLS = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)|url\(\s*['\"]?([^'\")]+)")


@pytest.mark.parametrize("slug", SLUGS)
def test_html_page_structure(example: Example, slug: str) -> None:
    html, tags = page(example, slug)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert len(tags.all("h1")) == 1
    assert len(tags.all("main")) == 1
    navs = [nav["class"] for nav in tags.all("nav")]
    assert navs == (["site-nav", "toc"] if slug == FULL else ["site-nav"])
    # The site's header: its name, then Briefs, Timeline, Actors and Tags.
    site_header = [a["href"] for a in tags.all("a")][1:6]
    assert site_header == [
        "../index.html",
        "../index.html",
        "../timeline/index.html",
        "../actors/index.html",
        "../tags/index.html",
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_html_fragment_links_land_and_ids_are_unique(example: Example, slug: str) -> None:
    _, tags = page(example, slug)
    ids = [attrs["id"] for _, attrs in tags.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    fragments = {a["href"][1:] for a in tags.all("a") if a.get("href", "").startswith("#")}
    assert fragments
    assert fragments <= set(ids), fragments - set(ids)


def test_html_endnotes_link_both_ways(example: Example) -> None:
    _, tags = page(example, FULL)
    ids = {attrs["id"] for _, attrs in tags.tags if "id" in attrs}
    calls = [a for a in tags.all("a") if a.get("id", "").startswith("note-call-")]
    backlinks = [a for a in tags.all("a") if a.get("class") == "backlink"]
    assert len(calls) >= 10
    assert len(backlinks) == len(calls)
    for n, (call, back) in enumerate(zip(calls, backlinks, strict=True), 1):
        assert call["id"] == f"note-call-{n}"
        assert call["href"] == f"#note-{n}"
        assert back["href"] == f"#note-call-{n}"
        assert f"note-{n}" in ids
        assert back["role"] == "doc-backlink"


@pytest.mark.parametrize("slug", SLUGS)
def test_html_is_self_contained(example: Example, slug: str) -> None:
    _, tags = page(example, slug)
    stylesheets = [link["href"] for link in tags.all("link") if link.get("rel") == "stylesheet"]
    assert stylesheets[0] == "../assets/css/screen.css"
    resources = stylesheets + [s["src"] for s in tags.all("script") if "src" in s]
    resources += [i["src"] for i in tags.all("img")]
    for url in resources:
        assert not EXTERNAL.match(url), url
        assert (example.out / slug / url).resolve().is_file(), url
    for css in tags.styles:
        assert not EXTERNAL.search(css)


def test_assets_are_complete_and_local(example: Example) -> None:
    assets = example.out / "assets"
    css_files = sorted((assets / "css").glob("*.css"))
    assert {p.name for p in css_files} >= {"screen.css", "base.css", "fonts.css"}
    fonts_found = 0
    for css in css_files:
        for match in CSS_URLS.finditer(css.read_text(encoding="utf-8")):
            url = match[1] or match[2]
            assert not EXTERNAL.match(url), (css.name, url)
            target = (css.parent / url).resolve()
            assert target.is_file(), (css.name, url)
            assert target.is_relative_to(assets.resolve())
            fonts_found += url.endswith(".woff2")
    assert fonts_found >= 6
    assert (assets / "fonts" / "OFL.txt").is_file()


def test_nu_checker_finds_no_errors(example: Example) -> None:
    jar = require_tool("vnu")
    java = require_tool("java")
    pages = [str(example.out / slug / "index.html") for slug in SLUGS]
    result = subprocess.run(
        [java, "-jar", jar, "--errors-only", "--format", "text", *pages],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower().replace("no errors", "")


def test_second_build_is_byte_identical(example: Example, tmp_path: Path) -> None:
    again = tmp_path / "again"
    run = build(example.root, "--output", str(again))
    assert run.code == 0, run.err
    first = sorted(p.relative_to(example.out) for p in example.out.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    assert any(p.suffix == ".pdf" for p in first)
    for rel in first:
        assert (example.out / rel).read_bytes() == (again / rel).read_bytes(), rel


# small projects: outputs, paper, theme overrides, failures


def test_manifest_outputs_html_only(make_project) -> None:
    brief = (VALID / "briefs" / "test-brief.yaml").read_text() + "outputs: [html]\n"
    root = make_project({"briefs/test-brief.yaml": brief})
    run = build(root)
    assert run.code == 0, run.err
    assert (root / "output" / "test-brief" / "index.html").is_file()
    assert not list((root / "output").rglob("*.pdf"))


def test_outputs_option_html_only(make_project) -> None:
    root = make_project()
    run = build(root, "--outputs", "html")
    assert run.code == 0, run.err
    assert (root / "output" / "test-brief" / "index.html").is_file()
    assert not list((root / "output").rglob("*.pdf"))


def test_unknown_template_is_an_error_at_the_manifest(make_project) -> None:
    brief = (VALID / "briefs" / "test-brief.yaml").read_text()
    root = make_project({"briefs/test-brief.yaml": "template: nope\n" + brief})
    run = build(root)
    assert run.code == 1
    assert "briefs/test-brief.yaml:1:11: error: unknown template 'nope'" in run.err
    assert not (root / "output" / "test-brief").exists()


MARKER = "/* project override: 7f3a */"
CUSTOM = """{#- A project's own template, added next to the packaged ones. -#}
{% extends "layout/base.html" %}
{% block body %}
<main id="main">
<h1>{{ brief.title }}</h1>
<p class="custom-template">Custom layout marker</p>
<img src="file:///etc/hostname" alt="">
{{ page.summary }}
</main>
{% endblock %}
"""


@pytest.fixture(scope="module")
def themed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """A project with its own templates/: one CSS override, one new template that
    reads a file outside the theme; Letter paper."""
    root = copy_project(VALID, tmp_path_factory.mktemp("themed") / "project")
    brief = (VALID / "briefs" / "test-brief.yaml").read_text()
    screen = (PACKAGED_THEME / "css" / "screen.css").read_text(encoding="utf-8")
    write(
        root,
        {
            "templates/css/screen.css": screen + MARKER + "\n",
            "templates/custom.html": CUSTOM,
            "briefs/test-brief.yaml": "template: custom\npaper: Letter\n" + brief,
            "content/actors/bob-jones.yaml": (
                "name: Bob Jones\nkind: person\nrole: Envoy\ncountry: beta\n"
            ),
        },
    )
    return root, build(root)


def test_project_template_and_css_override(themed: tuple[Path, Run]) -> None:
    root, run = themed
    assert run.code == 0, run.err
    out = root / "output"
    assert "Custom layout marker" in (out / "test-brief" / "index.html").read_text()
    pdf = out / "test-brief" / "test-brief.pdf"
    assert "Custom layout marker" in tool("pdftotext", str(pdf), "-")
    assert (out / "assets" / "css" / "screen.css").read_text().endswith(MARKER + "\n")
    for rel in ("css/print.css", "css/base.css"):
        assert (out / "assets" / rel).read_bytes() == (PACKAGED_THEME / rel).read_bytes(), rel
    # The site gets WOFF2 subsets of the packaged theme's fonts, not the font files.
    assert list((out / "assets" / "fonts").glob("NotoSerif-Regular-*.woff2"))
    assert not (out / "assets" / "fonts" / "NotoSerif-Regular.ttf").exists()
    assert not (out / "assets" / "custom.html").exists()


def test_letter_paper(themed: tuple[Path, Run]) -> None:
    root, _ = themed
    info = tool("pdfinfo", str(root / "output" / "test-brief" / "test-brief.pdf"))
    assert re.search(rf"^Page size:\s+{re.escape(LETTER)}", info, re.MULTILINE), info


def test_pdf_renderer_refuses_files_outside_theme_and_content(themed: tuple[Path, Run]) -> None:
    root, run = themed
    assert (
        "warning: refused to read file:///etc/hostname (asked for by template 'custom')" in run.err
    )
    assert (root / "output" / "test-brief" / "test-brief.pdf").is_file()


def test_character_no_font_has_is_an_error_at_its_place_in_a_final_brief(
    tmp_path: Path,
) -> None:
    root = copy_project(VALID, tmp_path / "project")
    write(
        root,
        {
            "content/actors/bob-jones.yaml": (
                "name: Bob Jones\nkind: person\nrole: Envoy \U00013000\ncountry: beta\n"
            ),
        },
    )
    run = build(root)
    assert run.code == 1
    assert not (root / "output" / "test-brief" / "test-brief.pdf").exists()
    assert (
        "content/actors/bob-jones.yaml:3:13: error: no theme font has 1 character of "
        "Egyptian Hieroglyphs script in role: \U00013000 (U+13000)"
    ) in run.err


OTHER = """title: Another brief
date: 2025-12-02
status: final
summary: About [[bob-jones]].
sections:
  - actors: auto
"""


def test_packaged_theme_a4_and_one_bad_brief(tmp_path: Path) -> None:
    """No templates/ folder: the packaged theme. Then content one brief uses breaks:
    that brief fails and keeps its last good output, the other is still built."""
    root = copy_project(VALID, tmp_path / "project")
    write(root, {"briefs/other.yaml": OTHER})
    assert not (root / "templates").exists()
    out = root / "output"
    run = build(root)
    assert run.code == 0, run.err
    assert "built 2" in run.out
    pdf = out / "test-brief" / "test-brief.pdf"
    info = tool("pdfinfo", str(pdf))
    assert re.search(rf"^Page size:\s+{re.escape(A4)}", info, re.MULTILINE), info
    screen = PACKAGED_THEME / "css" / "screen.css"
    assert (out / "assets" / "css" / "screen.css").read_bytes() == screen.read_bytes()
    good_pdf, good_html = pdf.read_bytes(), (out / "test-brief" / "index.html").read_bytes()

    outlook = root / "content" / "analysis" / "outlook.md"
    outlook.write_text(outlook.read_text().replace("kind: outlook", "kind: outlok"))
    shutil.rmtree(out / "other")
    run = build(root)
    assert run.code == 1
    assert "content/analysis/outlook.md:3:7: error:" in run.err
    assert "briefs/test-brief.yaml:1:1: error: brief not built" in run.err
    assert "built 1, skipped 0, failed 1 (last good build still served: test-brief): 2 errors" in (
        run.err
    )
    assert (out / "other" / "index.html").is_file()
    assert (out / "other" / "other.pdf").is_file()
    assert pdf.read_bytes() == good_pdf
    assert (out / "test-brief" / "index.html").read_bytes() == good_html
