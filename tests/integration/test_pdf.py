"""Publication-grade PDF, asserted on the PDF itself: tagged structure, PDF/UA and
PDF/A identification, archival attachments, repeated table headers, running heads,
the agenda chart, links inside the PDF and strict glyph coverage.

The example project is built once for the module; variants and pathological
tables use small copies of ``tests/data/valid``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from policybrief.render.resolve import resolve_brief

# The clean environment is test_build's; so is the example build (tests/integration/conftest.py).
from tests.helpers import (
    FULL,
    VALID,
    Example,
    copy_project,
    load_corpus,
    pages_text,
    run_tool,
)
from tests.helpers import run_build as build
from tests.helpers import write_files as write

pytestmark = pytest.mark.usefixtures("module_plain_environment")


def xmp(reader: pypdf.PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def structure(reader: pypdf.PdfReader) -> Iterator[dict[str, Any]]:
    """Every element of the tagged structure tree, depth first."""
    pending = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while pending:
        node = pending.pop()
        yield node
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                pending.append(kid)


# the default: tagged PDF/UA-1


def test_the_default_pdf_is_tagged_pdf_ua_1(example: Example) -> None:
    reader = pypdf.PdfReader(example.pdf(FULL))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # the title in the window
    assert 'pdfuaid:part="1"' in xmp(reader)
    tags = {str(node.get("/S")) for node in structure(reader)}
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/L", "/LI", "/Figure"} <= tags


def test_table_headers_are_marked_as_headers(example: Example) -> None:
    reader = pypdf.PdfReader(example.pdf(FULL))
    headers = [n for n in structure(reader) if n.get("/S") == "/TH"]
    # the actors table: three column headers and a row header per actor
    sections = example.view(FULL).sections
    shown = sum(len(s.actors) for s in sections if hasattr(s, "actors"))
    assert len(headers) >= 3 + shown


def test_the_agenda_chart_is_a_figure_with_alternative_text(example: Example) -> None:
    reader = pypdf.PdfReader(example.pdf(FULL))
    figures = [n for n in structure(reader) if n.get("/S") == "/Figure"]
    alts = [str(f.get("/Alt")) for f in figures]
    assert any(a.startswith("Timeline of 4 agenda items") for a in alts), alts
    text = " ".join(pages_text(example.pdf(FULL)))
    assert "date known only to the month or year" in text  # the key, printed


def test_the_agenda_chart_in_html_is_an_accessible_image(example: Example) -> None:
    html = (example.out / FULL / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*class=\"timeline-chart\"[^>]*>", html)
    assert svg is not None
    assert 'role="img"' in svg.group()
    assert '<title id="timeline-chart-title">Timeline of 4 agenda items' in html
    assert 'viewBox="0 0 640' in svg.group()


# running heads, links


def test_running_heads_name_the_brief_and_the_section(example: Example) -> None:
    brief = example.corpus.briefs[FULL].data
    heads = pages_text(example.pdf(FULL), "-y", "0", "-H", "80", "-W", "700", "-layout")
    assert brief.title not in heads[0]  # the first page has the title block instead
    sections = set()
    for head in heads[1:]:
        assert brief.title in " ".join(head.split())
        sections.add(" ".join(head.split()).split(brief.title)[-1].strip())
    # several different section titles run across the pages
    assert {"Contents", "Agenda", "Sources"} <= sections
    assert len(sections) >= 5, sections


def targets(reader: pypdf.PdfReader) -> tuple[set[str], set[str]]:
    """Named destinations and URIs that the PDF's link annotations go to."""
    dests: set[str] = set()
    uris: set[str] = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.add(str(action["/URI"]))
            dest = annot.get("/Dest") or (action.get("/D") if action is not None else None)
            if isinstance(dest, str):
                dests.add(dest)
    return dests, uris


def test_names_and_citations_link_inside_the_pdf(example: Example) -> None:
    dests, _ = targets(pypdf.PdfReader(example.pdf(FULL)))
    view = example.view(FULL)
    assert {f"source-{s}" for s in view.cited} <= dests  # each note leads to its full entry
    assert "actor-vladimir-putin" in dests
    assert "agenda-putin-state-visit-india" in dests


def test_source_urls_are_live_links(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project")
    run = build(root)
    assert run.code == 0, run.err
    _, uris = targets(pypdf.PdfReader(root / "output/test-brief/test-brief.pdf"))
    assert "https://example.org/gazette" in uris


# variants


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    root = copy_project(VALID, tmp_path_factory.mktemp("archive") / "project")
    run = build(root, "--pdf-variant", "pdf/a-3b")
    assert run.code == 0, run.err
    return root, (root / "output/test-brief/test-brief.pdf").read_bytes()


def test_the_archival_variant_is_pdf_a_3b_and_stays_tagged(archive: tuple[Path, bytes]) -> None:
    root, _ = archive
    reader = pypdf.PdfReader(root / "output/test-brief/test-brief.pdf")
    meta = xmp(reader)
    assert 'pdfaid:part="3"' in meta
    assert 'pdfaid:conformance="B"' in meta
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_the_archival_variant_attaches_what_the_brief_was_built_from(
    archive: tuple[Path, bytes],
) -> None:
    root, _ = archive
    reader = pypdf.PdfReader(root / "output/test-brief/test-brief.pdf")
    view = resolve_brief(load_corpus(root), "test-brief")
    attached = reader.attachments
    assert sorted(attached) == sorted(view.dependencies)
    assert "briefs/test-brief.yaml" in attached
    assert "policybrief.yaml" in attached
    for name, [data] in attached.items():
        assert data == (root / name).read_bytes(), name
    assert "/AF" in reader.trailer["/Root"]  # PDF/A-3 associated files


def test_the_archival_pdf_is_reproducible(archive: tuple[Path, bytes]) -> None:
    root, first = archive
    run = build(root, "--pdf-variant", "pdf/a-3b", "--force")
    assert run.code == 0, run.err
    assert (root / "output/test-brief/test-brief.pdf").read_bytes() == first


def test_plain_pdf_and_changing_the_variant_rebuilds(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project")
    assert build(root).code == 0
    pdf = root / "output/test-brief/test-brief.pdf"
    run = build(root, "--pdf-variant", "plain")
    assert run.code == 0, run.err
    assert "built 1" in run.out
    reader = pypdf.PdfReader(pdf)
    assert "/StructTreeRoot" not in reader.trailer["/Root"]
    assert "pdfuaid" not in xmp(reader) if "/Metadata" in reader.trailer["/Root"] else True
    assert not reader.attachments


def test_the_variant_can_be_a_project_setting(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project")
    settings = root / "policybrief.yaml"
    settings.write_text(settings.read_text() + "pdf_variant: pdf/a-3b\n", encoding="utf-8")
    assert build(root).code == 0
    assert pypdf.PdfReader(root / "output/test-brief/test-brief.pdf").attachments


def test_an_unknown_variant_is_a_usage_error(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project")
    run = build(root, "--pdf-variant", "pdf/x-4")
    assert run.code == 2
    assert "pdf/ua-1" in run.err


# tables that run over pages


LONG_TABLE = """---
title: Background
kind: background
---
A long register.

| Number | Entry |
| ------ | ----- |
{rows}
"""


def test_a_long_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project")
    rows = "\n".join(f"| row-{n:03d} | entry number {n} of the register |" for n in range(160))
    write(root, {"content/analysis/background.md": LONG_TABLE.format(rows=rows)})
    run = build(root)
    assert run.code == 0, run.err
    pages = pages_text(root / "output/test-brief/test-brief.pdf")
    with_rows = [p for p in pages if "row-" in p]
    assert len(with_rows) >= 3
    for page in with_rows:
        first_row = page.index("row-")
        assert "Number" in page[:first_row], page[:first_row]
        assert "Entry" in page[:first_row]
    found = re.findall(r"row-(\d{3})", " ".join(with_rows))
    assert [int(n) for n in found] == list(range(160))  # nothing lost at the breaks


# glyph coverage


def test_an_uncovered_character_is_an_error_in_a_final_brief(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project")
    bob = root / "content/actors/bob-jones.yaml"
    bob.write_text(bob.read_text(encoding="utf-8").replace("Bob", "Bob \U00013000", 1))
    message = (
        "/content/actors/bob-jones.yaml:1:11: {}: no theme font has 1 character of "
        "Egyptian Hieroglyphs script in name: \U00013000 (U+13000)"
    )
    run = build(root)
    assert run.code == 1
    assert message.format("error") in run.err
    settings = root / "policybrief.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "allow_missing_glyphs: true\n")
    run = build(root)
    assert run.code == 0  # the setting makes it a warning
    assert message.format("warning") in run.err
    assert ".notdef" not in run.err  # WeasyPrint's own report of it is not repeated
    assert build(root, "--strict").code == 1


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Ethiopic ሰላም", ["[U+1230]", "[U+120B]", "[U+121D]"]),  # the report's scripts
        ("flag 🇺🇦", ["[U+1F1FA]", "[U+1F1E6]"]),
        ("coder 👩🏽‍💻", ["[U+1F469]", "[U+1F3FD]", "[U+1F4BB]"]),
        ("hieroglyph \U00013000", ["[U+13000]"]),
    ],
)
def test_an_uncovered_character_prints_as_its_code_in_a_draft(
    tmp_path: Path, text: str, codes: list[str]
) -> None:
    root = copy_project(VALID, tmp_path / "project")
    brief = root / "briefs/test-brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("status: final", "status: draft"))
    outlook = root / "content/analysis/outlook.md"
    outlook.write_text(
        outlook.read_text(encoding="utf-8") + f"\nA line with {text}.\n", encoding="utf-8"
    )
    run = build(root)
    assert run.code == 0, run.err
    assert "warning: no theme font has" in run.err
    pages = " ".join(pages_text(root / "output/test-brief/test-brief.pdf"))
    for code in codes:
        assert code in pages


# a project's additions to the theme


def test_a_project_local_css_is_applied_and_tracked(tmp_path: Path) -> None:
    root = copy_project(VALID, tmp_path / "project")
    assert build(root).code == 0
    pdf = root / "output/test-brief/test-brief.pdf"
    assert "Bottom line" in " ".join(pages_text(pdf))
    write(root, {"templates/css/local.css": ".bottom-line h2 { display: none; }\n"})
    run = build(root)
    assert run.code == 0, run.err
    assert "built 1" in run.out  # a theme file the template uses: the brief is stale
    assert "Bottom line" not in " ".join(pages_text(pdf))
    assert (
        root / "output/assets/css/local.css"
    ).read_text() == ".bottom-line h2 { display: none; }\n"


# Markdown as writers type it (cases fenced-code and nested-list-2space)

WRITERS_MARKDOWN = """---
title: Background
kind: background
---
Write the call and the note like this:

```
The talks resumed.[^n]

[^n]: Alpha Gazette, 2 November. [[no-such-actor]]
```

The delegation set out two demands:

- Tariffs
  - beef quota raised to 20,000 t
- Visas
  3. business visas within 10 days
  4. student visas within 30 days

She said "it's final" -- for now...
"""


@pytest.mark.parametrize(
    ("language", "quoted"), [("en", "“it’s final” – for now…"), ("de", "„it’s final“ – for now…")]
)
def test_code_lists_and_quotes_print_as_typed(tmp_path: Path, language: str, quoted: str) -> None:
    root = copy_project(VALID, tmp_path / "project")
    write(root, {"content/analysis/background.md": WRITERS_MARKDOWN})
    brief = root / "briefs/test-brief.yaml"
    brief.write_text(f"language: {language}\n" + brief.read_text("utf-8"), "utf-8")
    check = build(root, "--outputs", "pdf")
    assert check.code == 0, check.err
    pdf = root / "output/test-brief/test-brief.pdf"
    text = " ".join(pages_text(pdf, "-layout"))
    # The fence prints verbatim in the code font; its note syntax made no note.
    assert "The talks resumed.[^n]" in text
    assert "[^n]: Alpha Gazette, 2 November. [[no-such-actor]]" in text
    assert "Notes" not in text or "Alpha Gazette, 2 November" not in text.split("Notes")[-1]
    assert "Noto-Sans-Mono" in run_tool("pdffonts", str(pdf))
    # Nested lists nest, and the numbered sub-list keeps its numbers.
    assert re.search(r"\n( +)• Tariffs\n\1 +• beef quota", text.replace("–", "•")), text
    assert re.search(r"3\. business visas within 10 days\s+4\. student visas", text), text
    assert quoted in text
