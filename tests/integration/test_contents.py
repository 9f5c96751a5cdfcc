"""The contents page, asserted on the PDFs: numbers right, flush and aligned, dots between.

Built once for the module: the example project with ``tests/data/contents`` over it
(titles that wrap, Arabic and Hebrew titles, a brief set right to left) and a brief
of thirty sections, about forty pages, written here. Each entry is found through
its link (the link's annotations give its place on the page, its destination the
page the section starts on) and the words ``pdftotext -bbox`` finds there; the dots
are found on the page rendered to pixels, since they are drawn, not text.
"""

from __future__ import annotations

import contextlib
import gc
import io
import itertools
import random
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from tests.helpers import DATA, FULL, REPO, copy_project, run_tool, write_files
from tests.helpers import run_build as build
from tests.pdf_layout import PdfPage, Word, pdf_pages

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("module_plain_environment")]

OVERLAY = DATA / "contents"
LONG = "contents-thirty-sections"
RTL = "contents-rtl"
SLUGS = [FULL, "contents-wrapped", RTL, LONG]
#: Resolution of the rendered contents page, pixels per inch.
DPI = 144
#: Points of paper without ink, at most, between a title, the dots and the number:
#: whole dots 4.8 pt apart spread over the gap (a right-to-left brief's text dots
#: are 5 pt apart), a gap of 0.35 em at either end.
MOST_BETWEEN_DOTS = 10.0


@dataclass(frozen=True)
class Built:
    root: Path
    output: Path

    def pdf(self, slug: str) -> Path:
        return self.output / slug / f"{slug}.pdf"


def thirty_sections(root: Path) -> None:
    """Write a brief of thirty analysis sections of varied title and length (about 40 pages)."""
    words = (
        "the commission reviewed programmes of joint production and supply while ministers "
        "discussed payment arrangements shipping routes training and the schedule of deliveries "
        "officials in both capitals described the talks as constructive and detailed"
    ).split()
    rnd = random.Random(20)
    files, sections = {}, []
    for n in range(1, 31):
        title = " ".join(rnd.choice(words) for _ in range(rnd.choice([2, 4, 7, 11, 18])))
        paragraphs = "\n\n".join(
            " ".join(rnd.choice(words) for _ in range(rnd.randint(60, 120))).capitalize() + "."
            for _ in range(rnd.randint(3, 7))
        )
        files[f"content/analysis/thirty-{n:02d}.md"] = (
            f"---\ntitle: {title.capitalize()} ({n})\nkind: background\n---\n{paragraphs}\n"
        )
        sections.append(f"  - analysis: thirty-{n:02d}\n")
    files[f"briefs/{LONG}.yaml"] = (
        "title: A brief of thirty sections\ndate: 2025-12-01\nstatus: final\n"
        "summary: |\n  Thirty sections, about forty pages.\nkey_judgments: [kj-hedging]\n"
        f"sections:\n{''.join(sections)}  - agenda: auto\n  - actors: auto\n"
    )
    write_files(root, files)


#: Words of section titles in four scripts, for contents of about forty entries.
WORDS = {
    "en": "the commission reviewed programmes of joint production and supply while ministers "
    "discussed payment arrangements shipping routes training and the schedule of deliveries",
    "ar": "اللجنة راجعت برامج الإنتاج المشترك والتوريد بينما ناقش الوزراء ترتيبات الدفع "
    "وطرق الشحن والتدريب وجدول التسليم",
    "he": "הוועדה בחנה תוכניות של ייצור משותף ואספקה בעוד השרים דנו בהסדרי תשלום "
    "נתיבי שילוח הדרכה ולוח זמנים של משלוחים",
    "zh": "委员会 审查了 联合 生产 和 供应 方案 部长们 讨论了 "
    "付款 安排 航运 路线 培训 以及 交付 时间表",
}
#: Briefs whose contents run over a page break, by (language, seed, entries): each
#: left one entry or two alone on the next page before the contents kept three there.
#: (The Chinese brief's contents take the CJK family since 1 December and fit 43
#: entries on a page: 47 run over.)
FORTY = {
    "contents-forty-en": ("en", 2, 40),
    "contents-forty-he": ("he", 2, 40),
    "contents-forty-ar": ("ar", 1, 38),
    "contents-forty-zh": ("zh", 1, 47),
}
LONG_WORDS = ["contents-long-words", "contents-long-words-rtl"]


def forty_sections(root: Path, slug: str, language: str, seed: int, count: int) -> None:
    """Write a brief in ``language`` of ``count`` short sections with titles of 2 to 13 words."""
    rnd = random.Random(seed)
    words = WORDS[language].split()
    files, sections = {}, []
    for n in range(1, count + 1):
        picked = [rnd.choice(words) for _ in range(rnd.choice([2, 3, 5, 8, 13]))]
        title = ("" if language == "zh" else " ").join(picked) + f" ({n})"
        files[f"content/analysis/{slug}-{n:02d}.md"] = (
            f'---\ntitle: "{title}"\nkind: background\n---\nShort text {n}.\n'
        )
        sections.append(f"  - analysis: {slug}-{n:02d}\n")
    files[f"briefs/{slug}.yaml"] = (
        f"title: Forty sections ({language})\ndate: 2025-12-01\nstatus: final\n"
        f"language: {language}\nsummary: |\n  Short sections.\n"
        f"key_judgments: [kj-defence-anchor]\nsections:\n{''.join(sections)}"
    )
    write_files(root, files)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("contents")
    root = copy_project(REPO, base / "project")
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    (root / "README.md").unlink()
    thirty_sections(root)
    for slug, (language, seed, count) in FORTY.items():
        forty_sections(root, slug, language, seed, count)
    out = base / "output"
    run = build(root, "--output", str(out))
    assert run.code == 0, run.err
    return Built(root, out)


class _TocLinks(HTMLParser):
    """The (anchor, title) of each entry of the web page's contents."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[list[str]] = []
        self._in_toc = self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "nav" and "toc" in (attr.get("class") or "").split():
            self._in_toc = True
        elif tag == "a" and self._in_toc:
            self._in_link = True
            self.entries.append([(attr.get("href") or "").removeprefix("#"), ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_toc = False
        elif tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self.entries[-1][1] += data


@dataclass(frozen=True)
class Entry:
    """One entry of the printed contents: its words, its number and where it leads."""

    anchor: str
    title: str
    page: PdfPage
    words: tuple[Word, ...]
    number: Word
    #: The page the entry's section starts on, by its link's destination.
    target: int

    def lines(self) -> list[list[Word]]:
        """The entry's words by line, top first, each left to right.

        Words of one line share its middle within 4 pt (an Arabic word's box is
        taller than a Latin one's), and lines are 13 pt apart.
        """
        rows: list[list[Word]] = []
        for w in sorted(self.words, key=lambda w: (w.y0 + w.y1) / 2):
            middle = (w.y0 + w.y1) / 2
            if rows and abs(middle - (rows[-1][0].y0 + rows[-1][0].y1) / 2) < 4:
                rows[-1].append(w)
            else:
                rows.append([w])
        return [sorted(ws, key=lambda w: w.x0) for ws in rows]


def contents(built: Built, slug: str) -> list[Entry]:
    """Every entry of the brief's printed contents, in order."""
    parser = _TocLinks()
    parser.feed((built.output / slug / "index.html").read_text(encoding="utf-8"))
    toc = [(a, t.strip()) for a, t in parser.entries if a != "notes-title"]
    reader = pypdf.PdfReader(built.pdf(slug))
    destinations = reader.named_destinations
    pages = pdf_pages(built.pdf(slug))
    # Below the running head (its "Contents" ends near 74 pt), whatever the heading's font.
    first = next(p for p in pages if any(w.text == "Contents" and 78 < w.y0 for w in p.words))
    # A long contents runs on over the next page: each entry's link is on the first
    # page, from the heading's on, that holds one to its section.
    links: dict[str, tuple[PdfPage, list[tuple[float, float, float, float]]]] = {}
    for page in pages[first.number - 1 : first.number + 1]:
        found: dict[str, list[tuple[float, float, float, float]]] = {}
        for ref in reader.pages[page.number - 1].get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A") or {}
            xa, ya, xb, yb = (float(v) for v in annot["/Rect"])
            # PDF space counts up from the foot; pdftotext's down from the top.
            top, bottom = page.height - max(ya, yb), page.height - min(ya, yb)
            rect = (min(xa, xb), top, max(xa, xb), bottom)
            found.setdefault(str(annot.get("/Dest", action.get("/D"))), []).append(rect)
        for name, rects in found.items():
            links.setdefault(name, (page, rects))
    entries = []
    for anchor, title in toc:
        assert anchor in links, f"no link to #{anchor} on the contents pages"
        toc_page, rects = links[anchor]
        inside = tuple(
            w
            for w in toc_page.words
            if any(
                x0 - 0.5 <= (w.x0 + w.x1) / 2 <= x1 + 0.5 and y0 - 0.5 <= (w.y0 + w.y1) / 2 <= y1
                for x0, y0, x1, y1 in rects
            )
        )
        assert inside, f"no words in the link to #{anchor}"
        lines = Entry(anchor, title, toc_page, inside, inside[0], 0).lines()
        # The number ends the last line: its right end, or its left in a right-to-left brief.
        number = lines[-1][0] if reader_is_rtl(built, slug) else lines[-1][-1]
        target = reader.get_destination_page_number(destinations[anchor]) + 1
        entries.append(Entry(anchor, title, toc_page, inside, number, target))
    return entries


def reader_is_rtl(built: Built, slug: str) -> bool:
    """Whether the brief's pages are set right to left (its ``<html dir>``)."""
    head = (built.output / slug / "index.html").read_text(encoding="utf-8")[:400]
    return 'dir="rtl"' in head


@pytest.mark.parametrize("slug", SLUGS)
def test_every_number_is_the_page_its_section_starts_on(built: Built, slug: str) -> None:
    entries = contents(built, slug)
    assert len(entries) >= 5
    pages = pdf_pages(built.pdf(slug))
    for entry in entries:
        assert entry.number.text == str(entry.target), (entry.anchor, entry.number)
        if not re.search(r"[\u0590-\u08ff]", entry.title):
            # The section's heading is on that page (the running head aside).
            body = " ".join(w.text for w in pages[entry.target - 1].words if w.y0 > 84)
            assert " ".join(entry.title.split()[:3]) in body, entry.title


@pytest.mark.parametrize("slug", SLUGS)
def test_the_numbers_stand_in_one_column_on_each_entrys_last_line(built: Built, slug: str) -> None:
    entries = contents(built, slug)
    rtl = reader_is_rtl(built, slug)
    # Flush with each other: right-aligned, or left-aligned in a right-to-left brief.
    edges = {round(e.number.x0 if rtl else e.number.x1, 1) for e in entries}
    assert max(edges) - min(edges) < 0.5, edges
    for entry in entries:
        last = entry.lines()[-1]
        assert entry.number in last, entry.anchor
        text = [w for w in last if w != entry.number]
        # The title keeps clear of the number: dots, or a space at least, between.
        if rtl:
            assert min(w.x0 for w in text) > entry.number.x1 + 2, entry.anchor
        else:
            assert max(w.x1 for w in text) < entry.number.x0 - 2, entry.anchor


def test_a_wrapped_title_hangs_and_stops_short_of_the_numbers(built: Built) -> None:
    entries = contents(built, "contents-wrapped")
    wrapped = [e for e in entries if len(e.lines()) > 1]
    assert len(wrapped) >= 3
    right = max(e.number.x1 for e in entries)
    for entry in wrapped:
        first, *others = entry.lines()
        for line in others:
            assert line[0].x0 > first[0].x0 + 5, entry.anchor  # hangs in
        for line in (first, *others[:-1]):
            # Clear of the numbers' column: 2 em (19 pt) short of its right edge.
            assert line[-1].x1 < right - 19, (entry.anchor, line[-1])


def ink_columns(page_png: Path, page: PdfPage, top: float, bottom: float) -> list[float]:
    """The x positions (points) of the columns that hold ink between ``top`` and ``bottom``."""
    data = page_png.read_bytes()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert match, "not a binary PGM"
    width, height = int(match.group(1)), int(match.group(2))
    pixels = data[match.end() :]
    scale = width / page.width
    rows = range(max(0, int(top * scale)), min(height, int(bottom * scale) + 1))
    return [x / scale for x in range(width) if any(pixels[y * width + x] < 170 for y in rows)]


@pytest.mark.parametrize("slug", SLUGS)
def test_dots_lead_from_each_title_to_its_number(built: Built, slug: str, tmp_path: Path) -> None:
    entries = contents(built, slug)
    rtl = reader_is_rtl(built, slug)
    pictures = {}
    for number in sorted({e.page.number for e in entries}):
        stem = tmp_path / f"contents-{number}"
        run_tool(
            "pdftoppm", "-gray", "-r", str(DPI), "-f", str(number), "-l", str(number),
            "-singlefile", str(built.pdf(slug)), str(stem),
        )  # fmt: skip
        pictures[number] = stem.with_suffix(".pgm")
    for entry in entries:
        last = [w for w in entry.lines()[-1] if w != entry.number]
        size = entry.number.y1 - entry.number.y0
        # The dots sit on the baseline, as full stops do: the lower part of the line.
        band = (entry.number.y1 - 0.45 * size, entry.number.y1 - 0.1 * size)
        if rtl:
            start, end = entry.number.x1, min(w.x0 for w in last)
        else:
            start, end = max(w.x1 for w in last), entry.number.x0
        columns = ink_columns(pictures[entry.page.number], entry.page, *band)
        ink = [x for x in columns if start + 0.5 < x < end - 0.5]
        marks = [start, *ink, end]
        gaps = [b - a for a, b in itertools.pairwise(marks)]
        assert max(gaps) <= MOST_BETWEEN_DOTS, (entry.anchor, round(max(gaps), 1))


def render_counting(root: Path, slug: str, patched: bool) -> tuple[bytes, Counter[int]]:
    """Render the brief's PDF in this process as a worker does; count each page's layouts.

    ``patched=False`` renders without :func:`policybrief.render.relayout.fewer_layouts`,
    as WeasyPrint alone lays the pages out.
    """
    import weasyprint.layout.page

    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.errors import Diagnostics
    from policybrief.render import relayout
    from policybrief.render.html import make_environment, render_page
    from policybrief.render.pdf import PdfJob, render_pdf
    from policybrief.render.resolve import resolve_brief
    from policybrief.render.theme import Theme

    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    theme = Theme.for_project(root)
    base = theme.folders[0].as_uri() + "/"
    view = resolve_brief(corpus, slug)
    html = render_page(make_environment(theme), corpus, view, medium="print", assets=base)
    job = PdfJob(slug, html, base, theme.folders, root / "content", "pdf/ua-1", 120.0)
    counted: Counter[int] = Counter()
    original = weasyprint.layout.page.remake_page

    def remake_page(index: int, *args: object) -> object:
        counted[index + 1] += 1
        return original(index, *args)

    threshold = gc.get_threshold()  # render_pdf applies the worker's collector policy
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint.layout.page, "remake_page", remake_page)
        if not patched:
            patch.setattr(relayout, "fewer_layouts", contextlib.nullcontext)
        try:
            result = render_pdf(job)
        finally:
            gc.unfreeze()
            gc.set_threshold(*threshold)
    assert result.pdf is not None, result.error
    return result.pdf, counted


# The last two: contents over two pages, left to right and right to left.
@pytest.mark.parametrize("slug", [FULL, RTL, LONG, "contents-forty-en", "contents-forty-ar"])
def test_each_contents_page_is_laid_out_twice_and_prints_what_weasyprint_alone_prints(
    built: Built, slug: str
) -> None:
    pdf, layouts = render_counting(built.root, slug, patched=True)
    pages = {e.page.number for e in contents(built, slug)}
    # Once without its numbers, once with them; every other page once.
    assert {n: c for n, c in layouts.items() if c != 1} == dict.fromkeys(pages, 2)
    assert sum(layouts.values()) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages) + len(pages)
    alone, layouts_alone = render_counting(built.root, slug, patched=False)
    assert pdf == alone
    assert sum(layouts_alone.values()) > sum(layouts.values())


def test_numbers_follow_a_section_moved_by_an_edit(built: Built, tmp_path: Path) -> None:
    root = copy_project(built.root, tmp_path / "project")
    before = {e.anchor: e.target for e in contents(built, LONG)}
    longer = (root / "content/analysis/thirty-01.md").read_text(encoding="utf-8")
    extra = "\n\nA paragraph added to move the sections after this one." * 40
    (root / "content/analysis/thirty-01.md").write_text(longer + extra, encoding="utf-8")
    out = tmp_path / "output"
    run = build(root, LONG, "--output", str(out))
    assert run.code == 0, run.err
    moved = contents(Built(root, out), LONG)
    assert sum(e.target != before[e.anchor] for e in moved) >= 20
    for entry in moved:
        assert entry.number.text == str(entry.target), (entry.anchor, entry.number)


#: The text block's left and right edges on A4, points (27 mm margins).
TEXT_LEFT, TEXT_RIGHT = 76.5, 595.3 - 76.5


@pytest.mark.parametrize("slug", LONG_WORDS)
def test_a_word_longer_than_the_line_breaks_inside_the_text_block(built: Built, slug: str) -> None:
    for page in pdf_pages(built.pdf(slug)):
        # The page body: the running heads and feet end in an ellipsis instead.
        for word in page.body_words(84, page.height - 79):
            # WeasyPrint measures the part of a broken Arabic word with its letters
            # unjoined, then sets them joined, which is a little wider: up to 5 pt
            # (1.8 mm) of a 27 mm margin. Unbroken, the word ran 100 pt past it.
            slack = 5.0 if re.search(r"[\u0600-\u06ff]", word.text) else 0.5
            assert word.x0 >= TEXT_LEFT - slack, (page.number, word)
            assert word.x1 <= TEXT_RIGHT + slack, (page.number, word)


@pytest.mark.parametrize("slug", LONG_WORDS)
def test_a_long_word_in_a_title_keeps_clear_of_the_numbers(built: Built, slug: str) -> None:
    entries = contents(built, slug)
    rtl = reader_is_rtl(built, slug)
    long = [e for e in entries if max(len(w) for w in e.title.split()) > 60]
    assert len(long) >= 4
    for entry in entries:
        assert entry.number.text == str(entry.target), (entry.anchor, entry.number)
        if rtl:
            # Right to left, a title's lines run the full measure (WeasyPrint's own
            # leader: see print.css); on the number's line they keep clear of it.
            text = [w for w in entry.lines()[-1] if w != entry.number and w.text.strip(".")]
            assert all(w.x0 > entry.number.x1 + 2 for w in text), entry.anchor
        else:  # every line of the title stops short of the numbers' column
            text = [w for w in entry.words if w != entry.number and w.text.strip(".")]
            assert max(w.x1 for w in text) < min(e.number.x0 for e in entries) - 2, entry.anchor


@pytest.mark.parametrize("slug", list(FORTY))
def test_a_contents_over_a_page_break_keeps_three_entries_on_either_side(
    built: Built, slug: str
) -> None:
    entries = contents(built, slug)
    pages = Counter(e.page.number for e in entries)
    assert len(pages) == 2, pages
    assert min(pages.values()) >= 3, pages
    for entry in entries:
        assert entry.number.text == str(entry.target), (entry.anchor, entry.number)
    # The page it runs on to is headed "Contents" (the running head, in the top margin).
    following = pdf_pages(built.pdf(slug))[max(pages) - 1]
    head = [w.text for w in following.words if w.y1 < 84]
    assert "Contents" in head, head
