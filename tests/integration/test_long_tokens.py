"""Words without spaces stay on the page and copy back whole (the ``long-tokens`` case).

The breaking trial's inputs (a title of "Supercalifragilisticexpialidocious"
four times and a 210-character URL, the same in every field, a 12-column table
of 36-character tokens, a 60-character marking) and more of the kind: German
compounds, a 200-character URL in a footnote, Chinese and Japanese without
spaces (which break between characters as ever), a long Arabic token, a long
organisation name before the title block's date, a realistic numeric table.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import DATA, overlay_case, require_tool, run_build, run_tool
from tests.integration.test_site import CHROMIUM, CHROMIUM_ARGS, _require
from tests.pdf_layout import Word, pdf_pages, words_outside

CASE = DATA / "cases" / "long-tokens"
WORD = "Supercalifragilisticexpialidocious" * 4
URL = (
    "https://intranet.example.org/" + "a" * 44 + "/" + "b" * 44 + "/" + "c" * 44 + "?q=" + "x" * 80
)
GERMAN = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"
ARABIC = "والمستشارينوالمستشاراتوالمسؤولينوالمسؤولاتفيالوزاراتالحكوميةالمختلفة"
CHINESE = (
    "中华人民共和国外交部发言人在例行记者会上表示"
    "双方将继续加强在各领域的务实合作推动两国关系不断向前发展"
)
#: Side margins of the shipped templates, in mm: the brief's and the one-pager's.
MARGINS = {"long-tokens": 27, "long-tokens-more": 27, "long-tokens-more-one-pager": 18}
#: WeasyPrint measures an Arabic word it breaks before the letter at the
#: break takes its final (wider) form, so such a line may stand out by a
#: point or two (documented in docs/writers-guide.md).
RTL_SLACK = 3.0


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = overlay_case(CASE, tmp_path_factory.mktemp("long") / "project")
    # A generous time limit: the machine may be shared.
    run = run_build(root, "--timeout", "600")
    assert run.code == 0, run.err
    return root / "output"


@pytest.mark.parametrize("slug", sorted(MARGINS))
def test_every_word_is_inside_the_text_block(output: Path, slug: str) -> None:
    pdf = output / slug / f"{slug}.pdf"

    def slack(w: Word) -> float:
        return RTL_SLACK if re.search("[\u0590-\u08ff]", w.text) else 0.5

    outside = [
        (page.number, round(w.x0, 1), round(w.x1, 1), w.text[:40])
        for page in pdf_pages(pdf)
        for w in words_outside(page, MARGINS[slug], slack)
    ]
    assert not outside


@pytest.mark.parametrize("slug", sorted(MARGINS))
def test_the_text_copies_back_whole(output: Path, slug: str) -> None:
    pdf = output / slug / f"{slug}.pdf"
    # pdftoppm reads every font's ToUnicode map: a glyph mapped to a long text is refused.
    drawn = subprocess.run(
        [require_tool("pdftoppm"), "-r", "10", "-png", str(pdf), str(pdf.parent / "page")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "Syntax Warning" not in drawn.stderr
    flat = run_tool("pdftotext", "-raw", str(pdf), "-").replace("\n", "")
    words = {"long-tokens": [WORD, URL], "long-tokens-more": [GERMAN, CHINESE]}
    for word in words.get(slug, [GERMAN]):
        assert word in flat


def test_a_cut_running_head_copies_as_an_ellipsis(output: Path) -> None:
    import pypdf

    pdf = output / "long-tokens" / "long-tokens.pdf"
    reader = pypdf.PdfReader(pdf)
    longest = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            to_unicode = font.get_object().get("/ToUnicode")
            if to_unicode is not None:
                data = to_unicode.get_object().get_data().decode("latin-1")
                for m in re.finditer(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", data):
                    longest = max(longest, len(m.group(1)) // 4)
    assert longest <= 4  # a ligature (ffi) or a cluster, never the text a head hides
    heads = [line for line in run_tool("pdftotext", str(pdf), "-").splitlines() if "…" in line]
    assert any(h.startswith("Supercalifragilistic") for h in heads)


def test_only_long_words_in_tables_may_break_anywhere(output: Path) -> None:
    html = (output / "long-tokens-more" / "index.html").read_text(encoding="utf-8")
    marked = re.findall(r'<span class="long-word">([^<]*)</span>', html)
    assert GERMAN in marked
    assert ARABIC in marked
    # Chinese breaks between characters anyway; the numbers are short.
    assert not any(re.search("[\u4e00-\u9fff]", m) for m in marked)
    table = html[html.index("Haushalt") : html.index("</table>", html.index("Haushalt"))]
    assert "long-word" not in table


def test_the_date_in_the_title_block_stays_whole(output: Path) -> None:
    pdf = output / "long-tokens-more-one-pager" / "long-tokens-more-one-pager.pdf"
    text = run_tool("pdftotext", "-f", "1", "-l", "1", str(pdf), "-")
    assert "1 DECEMBER 2025" in text.upper()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    _require(CHROMIUM.is_file(), f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_no_site_page_scrolls_sideways(output: Path, browser: Any, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    wide = {}
    for html in sorted(output.rglob("*.html")):
        page.goto(html.as_uri())
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[str(html.relative_to(output))] = scroll
    page.close()
    assert not wide
