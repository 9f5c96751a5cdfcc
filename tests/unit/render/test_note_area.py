"""Notes laid out once per place in the note area (render/note_area.py).

Pages of many notes, notes moved to the next page (by ``footnote-policy``,
by their height, by ``@footnote { max-height }``), notes called in tables,
lists and columns, right-to-left pages, notes whose margins collapse, notes
with images, notes that are not plain, and the real briefs give the bytes
WeasyPrint gives when it lays the whole area out each time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from policybrief.render import note_area
from policybrief.render.note_area import notes_laid_out_once

ROOT = Path(__file__).resolve().parents[3]
WORDS = "the words of a sentence that runs on for a while "
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)
STYLE = """
@page { size: A6; margin: 1.5cm 1.2cm; @bottom-center { content: counter(page) }
  @footnote { border-top: .5pt solid; padding-top: 2mm; } }
body { font: 9pt/1.3 serif; }
.n { float: footnote; font-size: 7pt; padding-left: 1.6em; text-indent: -1.6em; }
.n::footnote-call { content: counter(footnote); vertical-align: super; font-size: 5pt; }
.n::footnote-marker { content: counter(footnote) "."; display: inline-block; width: 1.6em;
  text-indent: 0; }
"""


def _note(n: int, length: int = 1) -> str:
    return f'<span class="n">Note {n}: {WORDS * length}</span>'


def _page(body: str, style: str = "", attrs: str = 'lang="en"') -> str:
    return f"<html {attrs}><head><style>{STYLE}{style}</style></head><body>{body}</body></html>"


def _paragraphs(count: int, notes: int, length: int = 1, words: int = 3) -> str:
    return "".join(
        "<p>"
        + "".join(f"{WORDS * words}{_note(p * notes + n, length)} " for n in range(notes))
        + "</p>"
        for p in range(count)
    )


MANY = _page(_paragraphs(12, 3, words=1))
LONG = _page(
    _paragraphs(6, 2, length=4) + f"<p>{WORDS}{_note(99, 60)}</p>" + _paragraphs(4, 2),
)
PAGES = {
    "mixed": _page("".join(f"<p>{WORDS * 3}{_note(n, 1 + n * 7 % 5)}</p>" for n in range(30))),
    "many": MANY,
    "long": LONG,
    "policy-line": _page(_paragraphs(8, 2, length=5), ".n { footnote-policy: line }"),
    "policy-block": _page(_paragraphs(8, 2, length=5), ".n { footnote-policy: block }"),
    "taller-than-the-page": _page(f"<p>{WORDS}{_note(1, 90)} {_note(2, 2)}</p>" + MANY),
    "max-height": _page(_paragraphs(10, 3, length=3), "@page { @footnote { max-height: 2.5cm } }"),
    "table": _page(
        "<table>"
        + "".join(
            f"<tr><td>{WORDS}{_note(r * 2)}</td><td>{WORDS * 2}{_note(r * 2 + 1, 2)}</td></tr>"
            for r in range(14)
        )
        + "</table>"
    ),
    "list": _page(
        "<ol>" + "".join(f"<li>{WORDS * 2}{_note(i, 1 + i % 3)}</li>" for i in range(20)) + "</ol>"
    ),
    "rtl": _page(_paragraphs(10, 3, length=2), attrs='lang="ar" dir="rtl"'),
    "columns": _page(
        f'<div style="columns: 2">{_paragraphs(10, 2, words=2)}</div>' + _paragraphs(3, 2)
    ),
    "margins": _page(
        _paragraphs(10, 3, length=2),
        "@page { @footnote { border: none; padding: 0; margin-top: 4mm } }"
        ".n { margin: 2mm 0 1mm } .n:nth-child(2n) { margin-top: 3.5mm }",
    ),
    "images": _page(
        "".join(
            f'<p>{WORDS * 2}<span class="n">With <img src="{PIXEL}" '
            f'style="height: 2em"> an image {WORDS}</span></p>'
            for _ in range(16)
        )
    ),
    "not-plain": _page(
        "".join(
            f'<p>{WORDS * 2}<span class="n"><span style="float: right; width: 2em">f</span>'
            f'{WORDS}</span>{_note(i)}<span class="n" style="display: block">'
            f'<span style="display: table">cell</span>{WORDS}</span></p>'
            for i in range(10)
        )
    ),
    "page-numbers": _page(
        "".join(
            f'<p>{WORDS * 4}<span class="n">On page <span class="pg"></span>, see page '
            f'<a class="ref" href="#s{n + 5}"></a>: {WORDS}</span></p><h2 id="s{n}">{n}</h2>'
            for n in range(20)
        ),
        ".pg::after { content: counter(page) } .ref::after { content: "
        "target-counter(attr(href), page) }",
    ),
    "inline-notes": _page(_paragraphs(10, 3), ".n { footnote-display: inline }"),
}


def _render(page: str, once: bool) -> tuple[bytes, int]:
    """The tagged PDF and its page count, with or without :func:`notes_laid_out_once`."""
    with notes_laid_out_once() if once else nullcontext():
        document = weasyprint.HTML(string=page).render(font_config=FontConfiguration())
    return document.write_pdf(pdf_tags=True), len(document.pages)


@pytest.fixture
def replayed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The layouts of notes taken from memory instead of laid out again."""
    taken: list[Any] = []
    replay = note_area._replay

    def counting(known: tuple[Any, ...], margins: list[Any]) -> tuple[Any, ...]:
        taken.append(known)
        return replay(known, margins)

    monkeypatch.setattr(note_area, "_replay", counting)
    return taken


@pytest.mark.parametrize("name", sorted(PAGES))
def test_notes_render_as_when_the_area_is_laid_out_whole(name: str) -> None:
    page = PAGES[name]
    pdf, pages = _render(page, once=True)
    assert (pdf, pages) == _render(page, once=False)
    assert pages > 1


def test_a_page_of_many_notes_lays_each_out_once(replayed: list[Any]) -> None:
    _render(MANY, once=True)
    # 36 notes over a few pages: most layouts of a note are remembered ones
    assert len(replayed) > 36


def test_notes_that_are_not_plain_are_laid_out_by_weasyprint(replayed: list[Any]) -> None:
    _render(_page("".join(f'<p>{WORDS}<span class="n">x<sup style="float: left">f</sup></span>'
                          "</p>" for _ in range(12))), once=True)  # fmt: skip
    assert replayed == []


def test_a_wrong_key_changes_the_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key that keeps only a note's place reuses another page's note's layout there."""
    key = note_area._key
    shared = note_area._Page(None)

    def every_page(area: Any) -> note_area._Page:
        shared.area = area
        return shared

    def forgetful(*arguments: Any) -> Any:
        known = key(*arguments)
        return None if known is None else known[1:4]  # index and position

    page = PAGES["mixed"]
    right, _ = _render(page, once=True)
    monkeypatch.setattr(note_area, "_Page", every_page)
    monkeypatch.setattr(note_area, "_key", forgetful)
    wrong, _ = _render(page, once=True)
    assert wrong != right


def test_the_block_restores_weasyprint_and_does_nothing_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import weasyprint.layout
    import weasyprint.layout.block
    import weasyprint.layout.page

    update = weasyprint.layout.LayoutContext._update_footnote_area
    layout = weasyprint.layout.block.block_level_layout
    page_layout = weasyprint.layout.page.block_level_layout
    with notes_laid_out_once():
        assert weasyprint.layout.LayoutContext._update_footnote_area is not update
        assert weasyprint.layout.block.block_level_layout is not layout
        assert weasyprint.layout.page.block_level_layout is not page_layout
    assert weasyprint.layout.LayoutContext._update_footnote_area is update
    assert weasyprint.layout.block.block_level_layout is layout
    assert weasyprint.layout.page.block_level_layout is page_layout
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with notes_laid_out_once():
        assert weasyprint.layout.block.block_level_layout is layout


def _brief_pdf(root: Path, slug: str, once: bool, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Brief ``slug`` of the project at ``root`` rendered as a worker renders it."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from warm_render import load_job  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from policybrief.render.pdf import render_pdf

    # load_job points fontconfig at the project's fonts, as a worker's start does
    monkeypatch.setenv("FONTCONFIG_FILE", os.environ.get("FONTCONFIG_FILE", ""))
    with monkeypatch.context() as patch:
        if not once:
            patch.setattr(note_area, "notes_laid_out_once", nullcontext)
        result = render_pdf(load_job(root, slug))
    assert result.pdf is not None, result.error
    return result.pdf


@pytest.mark.slow
def test_the_example_brief_renders_as_without(monkeypatch: pytest.MonkeyPatch) -> None:
    slug = "russia-india-december-2025"
    assert _brief_pdf(ROOT, slug, True, monkeypatch) == _brief_pdf(ROOT, slug, False, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pages", "slug"),
    [(5, "india-serbia-energy-trade-002"), (40, "russia-india-defence-industry-001")],
)
def test_corpus_briefs_render_as_without(
    pages: int, slug: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), "4", str(root),
         "--pages", str(pages)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert _brief_pdf(root, slug, True, monkeypatch) == _brief_pdf(root, slug, False, monkeypatch)
