"""Right-to-left text wherever a brief or the site shows it (tests/data/bidi; break
report of 30 Nov, items 5-7): notes stay at the page foot in their own direction,
English labels read left to right on right-to-left pages, and a writer's mixed
Arabic, Hebrew and English keeps its order in the contents, running heads,
authors, marking, tables and the site.

pdftotext -raw gives right-to-left words in visual order (so "علي محمد" for
"محمد علي") and the direction marks it adds are dropped here; the order of the
words and numbers around them is the logical one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import copy_project, pages_text, run_tool
from tests.helpers import run_build as build

pytestmark = pytest.mark.usefixtures("module_plain_environment")

BIDI = Path(__file__).resolve().parents[1] / "data" / "bidi"
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(BIDI, tmp_path_factory.mktemp("bidi") / "project")
    run = build(root)
    assert run.code == 0, run.err
    assert "warning" not in run.err
    return root


def _pages(root: Path, slug: str) -> list[list[str]]:
    """Each page's lines as pdftotext -raw gives them, without direction marks."""
    pdf = root / f"output/{slug}/{slug}.pdf"
    return [
        [line.strip() for line in _CONTROLS.sub("", page).splitlines()]
        for page in pages_text(pdf, "-raw")
    ]


def _html(root: Path, path: str) -> str:
    return (root / "output" / path).read_text(encoding="utf-8")


# item 5: a note whose text is a block stays at the page foot


def test_every_note_prints_at_the_page_foot_with_its_number(built: Path) -> None:
    first = _pages(built, "mixed")[0]
    # The calling paragraphs are not split by the notes' text.
    at = first.index("An English paragraph with a Hebrew note.2")
    assert first[at + 1] == "Another with an English"
    at = first.index("An Arabic note with numbers.4")
    assert first[at + 1 : at + 4] == ["A list note.5", "A quoted note.6", "A mixed"]
    foot = first[first.index("1. Example Ministry, Statement on the example, 30 November 2026.") :]
    # A right-to-left note: its number (".2" in visual order) and then its text.
    assert _after(foot, ".2") == ".השנתי הדוח את ראו :הערה"  # the report's input
    assert "3. An English note." in foot
    assert _after(foot, ".4") == ".14 .ص ،2025 التقرير انظر"  # Arabic with numbers
    assert "5. • first point • second point" in foot  # a list, each item marked
    assert "6. A quoted line from a report." in foot  # a quotation
    assert "ראו" in _after(foot, ".7")  # Hebrew with English words
    assert "8. Example Ministry, Statement on the example, 30 November 2026." in foot
    for bare in ("2.", "4.", "5.", "6.", "7."):  # no number left without its text
        assert bare not in foot


def _after(lines: list[str], line: str) -> str:
    """The line after ``line``."""
    return lines[lines.index(line) + 1]


def test_notes_on_screen_hold_no_block_and_carry_their_direction(built: Path) -> None:
    html = _html(built, "mixed/index.html")
    notes = html[html.index('<section class="notes"') :]
    assert re.search(r'<li id="note-2" dir="rtl">.*הערה: ראו את הדוח השנתי\.</li>', notes)
    assert re.search(r'<li id="note-3" dir="ltr">.*An English note\.</li>', notes)
    assert '<span class="note-block note-ul"><span class="note-block note-li">' in notes
    items = re.findall(r'<li id="note-\d+"[^>]*>(.*?)</li>\n', notes)
    assert len(items) == 8
    for item in items:
        assert not re.search(r"<(p|ul|ol|blockquote|div)\b", item), item


# item 6: notes and interface strings take their own direction


def test_an_english_citation_in_an_arabic_paragraph_reads_left_to_right(built: Path) -> None:
    # The report's input: an English note called from an Arabic paragraph.
    first = _pages(built, "mixed")[0]
    assert "8. Example Ministry, Statement on the example, 30 November 2026." in first
    assert not any(".November 2026 30" in line for line in first)


@pytest.mark.parametrize(("slug", "product"), [("arabic", "ARABIC-E1"), ("hebrew", "HEBREW-E1")])
def test_english_labels_and_dates_keep_their_order_on_right_to_left_pages(
    built: Path, slug: str, product: str
) -> None:
    text = "\n".join(_pages(built, slug)[0])
    assert "30 NOVEMBER 2026" in text  # the title block's date
    assert "NOVEMBER 2026 30" not in text
    assert "1. Example Ministry, Statement on the example, 30 November 2026." in text
    assert f"30 November 2026 · {product} · السياسات تحليل وحدة" in text  # the running foot
    html = _html(built, f"{slug}/index.html")
    assert '<bdi dir="ltr">30 November 2026</bdi>' in html
    assert f'<span class="product-id"><bdi dir="ltr">{product}</bdi></span>' in html
    assert '<li id="note-1" dir="ltr">' in html


def test_english_text_in_an_arabic_brief_reads_left_to_right(built: Path) -> None:
    text = "\n".join(_pages(built, "arabic")[0])
    assert "The minister met the envoy on 30 November 2026, after 3 rounds." in text
    assert "Table 1." in text
    html = _html(built, "arabic/index.html")
    assert '<p dir="ltr">The minister met the envoy' in html
    assert '<figcaption><span class="exhibit-label">Table 1.</span></figcaption>' in html
    # The sources: an English entry isolated left to right.
    assert '<bdi dir="ltr">Example Ministry. <cite>Statement on the example</cite>.' in html


def test_a_reference_mixing_scripts_keeps_each_field_whole(built: Path) -> None:
    text = "\n".join(_pages(built, "hebrew")[0])
    assert "15 January 2026" in text
    html = _html(built, "hebrew/index.html")
    assert (
        '<bdi dir="rtl">وزارة الخارجية</bdi>, <cite><bdi dir="rtl">التقرير السنوي 2025</bdi></cite>'
        ', <bdi dir="ltr">15 January 2026</bdi>'
    ) in html


# item 7: a writer's mixed text keeps its order everywhere it is shown


def test_contents_running_heads_and_marking_read_as_the_headings_do(built: Path) -> None:
    first, second = _pages(built, "mixed")
    title = "Talks: مصر — ישראל — Jordan"
    section = "Border: غزة — רפיח — crossing"
    assert title in first  # the title, isolated as before
    assert section in first  # the section heading
    assert f"{section} 1" in first  # its contents entry, in the same order
    assert title in second  # the running head
    marking = "OFFICIAL // سري // סודי"
    assert first.count(marking) == 2
    assert second.count(marking) == 2
    # The running foot: the organisation's name and the date stay apart.
    assert "السياسات تحليل وحدة · 30 November 2026 · MIXED-E1" in first


def test_each_author_is_isolated_and_an_unclosed_control_stays_in_its_name(built: Path) -> None:
    first = _pages(built, "mixed")[0]
    assert "By علي محمد, לוי דוד, John Smith, محمد, Jane Roe" in first
    html = _html(built, "mixed/index.html")
    assert (
        '<dd><bdi dir="rtl">محمد علي</bdi>, <bdi dir="rtl">דוד לוי</bdi>, John Smith, '
        '<bdi dir="rtl">\u202bمحمد\u202c</bdi>, Jane Roe</dd>'
    ) in html
    # The PDF's Author too: the control is closed inside its name.
    meta = (
        '<meta name="author" content="محمد علي, דוד לוי, John Smith, \u202bمحمد\u202c, Jane Roe">'
    )
    assert meta in html


def test_right_to_left_table_cells_set_right_aligned(built: Path) -> None:
    pdf = built / "output/mixed/mixed.pdf"
    bbox = run_tool("pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-")
    words = {
        m.group(3): (float(m.group(1)), float(m.group(2)))
        for m in re.finditer(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" [^>]*>([^<]+)<', bbox)
    }
    # The table spans the text block (to 518 pt on A4): the right-to-left cells end
    # at its right edge, less the cell's padding; the English cells start at the left.
    # (-bbox gives each right-to-left word's letters in visual order: מעבר, المعبر.)
    assert words["רבעמ"][1] > 500
    assert words["ربعملا"][1] > 500
    assert words["Gaza"][0] < 100
    css = (built / "output/assets/css/base.css").read_text(encoding="utf-8")
    assert "th, td { text-align: start;" in css


def test_the_site_isolates_titles_tags_and_markings(built: Path) -> None:
    index = _html(built, "index.html")
    title = '<bdi dir="ltr">Talks: \u2067مصر\u2069 — \u2067ישראל\u2069 — Jordan</bdi>'
    assert title in index
    assert '<bdi dir="rtl">أمن الحدود</bdi>' in index
    assert '<bdi dir="ltr">OFFICIAL // \u2067سري\u2069 // \u2067סודי\u2069</bdi>' in index
    brief = _html(built, "mixed/index.html")
    contents = brief[brief.index('<nav class="toc"') :]
    assert (
        '<a href="#section-border"><bdi dir="ltr">Border: \u2067غزة\u2069 — \u2067רפיח\u2069'
        " — crossing</bdi></a>"
    ) in contents
    actor = _html(built, "actors/david-levi/index.html")
    assert '<h1 dir="rtl">דוד לוי</h1>' in actor
