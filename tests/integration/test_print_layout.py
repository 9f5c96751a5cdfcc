"""Pages a publications office signs off (issue 13), asserted on the PDFs' word positions.

Built once for the module: the example project with ``tests/data/print-layout``
over it, which adds briefs with a 60-character marking (and DRAFT), a Letter brief
marked ``UNCLASSIFIED//FOR OFFICIAL USE ONLY``, wide tables, twelve agenda items
and a one-pager that cannot fit its page limit; ``site.base_url`` is set, so the
running foot carries the brief's address.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from policybrief.render.resolve import resolve_brief
from tests.helpers import DATA, REPO, Run, copy_project, load_corpus
from tests.helpers import run_build as build
from tests.pdf_layout import PdfPage, pdf_pages

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("module_plain_environment")]

OVERLAY = DATA / "print-layout"
#: slug -> the marking line every page carries.
MARKINGS = {
    "russia-india-december-2025": "UNCLASSIFIED",
    "summit-read-ahead": "UNCLASSIFIED · DRAFT",
    "long-marking": "OFFICIAL-SENSITIVE // UK EYES ONLY // EXERCISE NOT RELEASED · DRAFT",
    "fouo-letter": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "exercise-read-ahead": "EXERCISE // NOT FOR DISTRIBUTION",
}
#: Points from the page's edge within which the marking and running head and foot sit.
MARGIN_BAND = 84.0


@dataclass(frozen=True)
class Built:
    root: Path
    output: Path
    run: Run

    def pdf(self, slug: str) -> Path:
        return self.output / slug / f"{slug}.pdf"

    def pages(self, slug: str) -> list[PdfPage]:
        return pdf_pages(self.pdf(slug))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("print-layout")
    root = copy_project(REPO, base / "project")
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    out = base / "output"
    run = build(root, "--output", str(out))
    assert run.code == 0, run.err
    return Built(root, out, run)


def lines_in(page: PdfPage, top: float, bottom: float) -> list[tuple[float, str]]:
    """(baseline, text) of each line between ``top`` and ``bottom``, top first."""
    return [
        (y, " ".join(w.text for w in sorted(ws, key=lambda w: w.x0)))
        for y, ws in sorted(page.lines().items())
        if top <= y <= bottom
    ]


@pytest.mark.parametrize("slug", sorted(MARKINGS))
def test_the_marking_sets_on_one_line_at_top_and_foot_of_every_page(
    built: Built, slug: str
) -> None:
    marking = MARKINGS[slug]
    for page in built.pages(slug):
        top = lines_in(page, 0, MARGIN_BAND)
        foot = lines_in(page, page.height - MARGIN_BAND, page.height)
        # The marking is the first line at the top and the last at the foot, whole,
        # on one baseline each, and no other line shares its baseline.
        assert top[0][1] == marking, (page.number, top)
        assert foot[-1][1] == marking, (page.number, foot)
        # Clear of the running head and foot: at least a line apart.
        if len(top) > 1:
            assert top[1][0] - top[0][0] >= 10, (page.number, top)
        assert foot[-1][0] - foot[-2][0] >= 10, (page.number, foot)
        # The same place on every page, centred on the page.
        words = [w for w in page.words if w.y1 <= MARGIN_BAND and round(w.y1, 1) == top[0][0]]
        middle = (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2
        assert abs(middle - page.width / 2) < 3


@pytest.mark.parametrize("slug", sorted(MARKINGS))
def test_the_running_foot_is_one_line_with_the_product_id_and_page_count(
    built: Built, slug: str
) -> None:
    corpus = load_corpus(built.root)
    view = resolve_brief(corpus, slug)
    identifier = view.brief.data.product_id or f"{slug.upper()}-E{view.brief.data.edition}"
    pages = built.pages(slug)
    for page in pages:
        foot = lines_in(page, page.height - MARGIN_BAND, page.height)
        line = foot[-2][1]
        assert identifier in line, (page.number, foot)
        assert line.endswith(f"Page {page.number} of {len(pages)}"), line
    first = " ".join(w.text for w in pages[0].words)
    assert identifier in first.split("Product", 1)[1]  # on page 1, in the title block
    address = f"https://intranet.example/briefs/{slug}/"
    assert address in first
    assert pypdf.PdfReader(built.pdf(slug)).metadata["/identifier"] == identifier


def headings(built: Built, slug: str) -> list[str]:
    """The words of each heading a running head may name, in the brief's order."""
    corpus = load_corpus(built.root)
    view = resolve_brief(corpus, slug)
    titles = ["Contents"]
    for section in view.sections:
        analysis = getattr(section, "analysis", None)
        titles.append(analysis.data.title if analysis else "")
    return titles


def test_the_running_head_names_the_section_the_page_opens_in(built: Built) -> None:
    slug = "long-marking"
    pages = built.pages(slug)
    titles = {
        "Contents",
        "Agenda",
        "Key actors",
        "Sources",
        *(t for t in headings(built, slug) if t),
    }
    current = None
    for page in pages:
        top = lines_in(page, 0, MARGIN_BAND)
        body = [text for y, text in lines_in(page, MARGIN_BAND, page.height - MARGIN_BAND)]
        if page.number > 1:
            head = top[1][1]
            # A kicker in capitals may stand over the heading.
            first = body[:2] if body[0].isupper() else body[:1]
            opens_with = next((t for t in titles for line in first if line.startswith(t)), None)
            # A section that opens the page names it; else the one in progress does.
            expected = opens_with or current
            assert expected is not None
            assert head.endswith(expected[:40]) or expected[:40] in head, (page.number, head)
        # Lines that end in a page number are the contents list's, not headings.
        for text in (line for line in body if not line[-1:].isdigit()):
            for title in titles:
                if text == title or (len(title) > 40 and text.startswith(title[:40])):
                    current = title


@pytest.mark.parametrize("slug", ["russia-india-december-2025", "long-marking", "fouo-letter"])
def test_the_last_page_is_more_than_a_leftover(built: Built, slug: str) -> None:
    page = built.pages(slug)[-1]
    body = [
        w
        for w in page.words
        if MARGIN_BAND < w.y0 and w.y1 < page.height - MARGIN_BAND and w.y1 - w.y0 < 30
    ]
    used = max(w.y1 for w in body) - min(w.y0 for w in body)
    assert used > (page.height - 2 * MARGIN_BAND) / 5
    text = " ".join(w.text for w in body)
    assert not text.startswith("Estimative language")


@pytest.mark.parametrize("slug", ["russia-india-december-2025", "long-marking", "fouo-letter"])
def test_no_page_but_the_last_ends_a_third_empty(built: Built, slug: str) -> None:
    pages = built.pages(slug)
    for page, following in itertools.pairwise(pages):
        # An exhibit is never split: one too tall for the space left opens the next
        # page, and only that may leave a page more than a third empty.
        opening = [text for _y, text in lines_in(following, MARGIN_BAND, following.height)][:4]
        if any(text.startswith(("Figure ", "Table ")) for text in opening):
            continue
        # Body words, not the draft watermark's big letters.
        body = [
            w
            for w in page.words
            if MARGIN_BAND < w.y0 and w.y1 < page.height - MARGIN_BAND and w.y1 - w.y0 < 30
        ]
        bottom = max(w.y1 for w in body)
        limit = page.height - MARGIN_BAND - (page.height - 2 * MARGIN_BAND) / 3
        assert bottom > limit, (slug, page.number, bottom)


@pytest.mark.parametrize("slug", ["russia-india-december-2025", "long-marking", "fouo-letter"])
def test_no_more_than_two_hyphenated_lines_in_a_row(built: Built, slug: str) -> None:
    for page in built.pages(slug):
        run = 0
        for _y, text in lines_in(page, MARGIN_BAND, page.height - MARGIN_BAND):
            last = text.split()[-1]
            # A hyphenation hyphen (pdftotext shows U+2010) after letters, not a dash.
            hyphenated = last.endswith("\u2010") or (last.endswith("-") and last[-2:-1].isalpha())
            run = run + 1 if hyphenated else 0
            assert run <= 2, (slug, page.number, text)


def test_names_and_compounds_are_not_hyphenated(built: Built) -> None:
    text = "\n".join(
        line
        for page in built.pages("long-marking")
        for _y, line in lines_in(page, MARGIN_BAND, page.height - MARGIN_BAND)
    )
    for word in ("Putin", "Modi", "Belousov", "Visakhapatnam", "industrial", "production"):
        for cut in range(3, len(word) - 2):
            assert f"{word[:cut]}\u2010\n{word[cut:]}" not in text, word


def test_a_brief_over_its_page_limit_is_told_what_overflows(built: Built) -> None:
    # Its marking is not in the markings setting either: that is another warning.
    lines = [
        line
        for line in built.run.err.splitlines()
        if "exercise-read-ahead.yaml" in line and "markings setting" not in line
    ]
    assert len(lines) == 1, lines
    assert "the PDF runs to" in lines[0]
    assert "the brief's max_pages allows 1 page; past page 1 run: " in lines[0]
    assert "Key actors" in lines[0]


def test_a_table_column_empty_in_every_row_is_left_out(built: Built) -> None:
    text = " ".join(w.text for page in built.pages("long-marking") for w in page.words)
    assert "Programme" in text
    assert "Annotations" not in text  # the first table's last column has no value in any row
