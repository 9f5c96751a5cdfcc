"""The contents page laid out twice, not three times (render/relayout.py), with the same PDF.

Each test renders a small document with WeasyPrint, with and without
:func:`relayout.fewer_layouts`, counting WeasyPrint's page layouts through a
wrapper around ``remake_page`` (a layout of one page each call).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import pypdf
import pytest
import weasyprint
import weasyprint.layout.page

from policybrief.render import relayout

CSS = """
@page { size: 120mm 90mm; margin: 10mm;
        @bottom-right { content: counter(page) " of " counter(pages); } }
body { font: 10pt/1.3 "DejaVu Sans", sans-serif; }
.toc a::after { content: " " target-counter(attr(href), page); }
section { break-before: page; }
"""


def document(sections: int, toc_css: str = "", filler: int = 1) -> str:
    """A contents of ``sections`` entries, then the sections, ``filler`` paragraphs each."""
    entries = "".join(f'<li><a href="#s{n}">Section {n}</a></li>' for n in range(1, sections + 1))
    body = "".join(
        f'<section id="s{n}"><h2>Section {n}</h2>' + "<p>Text of the section.</p>" * filler
        + "</section>"
        for n in range(1, sections + 1)
    )  # fmt: skip
    return (
        f"<html><head><style>{CSS}{toc_css}</style></head><body>"
        f'<h1>Contents</h1><ol class="toc">{entries}</ol>{body}</body></html>'
    )


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """Count WeasyPrint's layouts of each page (numbered from 1) while a test renders."""
    counted: Counter[int] = Counter()
    original = weasyprint.layout.page.remake_page

    def remake_page(index: int, *args: Any) -> Any:
        counted[index + 1] += 1
        return original(index, *args)

    monkeypatch.setattr(weasyprint.layout.page, "remake_page", remake_page)
    return counted


def render(html: str, patch: AbstractContextManager[None] | None = None) -> bytes:
    with relayout.fewer_layouts() if patch is None else patch:
        return weasyprint.HTML(string=html).write_pdf()


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_pinned_weasyprint_is_the_one_the_patch_knows() -> None:
    # Fails on an upgrade of WeasyPrint: read weasyprint/layout/page.py and
    # css/targets.py again, then raise relayout.WEASYPRINT_VERSION.
    assert relayout.applies()


def test_the_contents_page_is_laid_out_twice_with_the_right_numbers(
    layouts: Counter[int],
) -> None:
    pdf = render(document(4))
    texts = page_texts(pdf)
    assert len(texts) == 5
    for n in range(1, 5):
        assert f"Section {n} {n + 1}" in texts[0]
    assert layouts == {1: 2, 2: 1, 3: 1, 4: 1, 5: 1}


def test_without_the_patch_weasyprint_lays_it_out_three_times(layouts: Counter[int]) -> None:
    render(document(4), nullcontext())
    assert layouts[1] == 3


@pytest.mark.parametrize(
    ("sections", "toc_css", "filler"),
    [
        (4, "", 1),
        # A contents over two pages; long sections, so a total of two digits.
        (30, "", 6),
        # What the patch leaves to WeasyPrint: the total printed in the page's
        # content, and read through a target (before it: WeasyPrint 70 fails on
        # a total read through a target further on).
        (4, 'section:last-child h2::after { content: target-counter("#s1", pages); }', 1),
        (4, "h1::after { content: ' (' counter(pages) ')'; }", 1),
        # A target named by a url() attribute, and one named by a string.
        (4, ".toc a::after { content: ' ' target-counter(attr(href url), page); }", 1),
        (4, '.toc li:first-child::after { content: target-counter("#s3", page); }', 1),
    ],
)
def test_the_pdf_is_the_one_weasyprint_makes_without_the_patch(
    sections: int, toc_css: str, filler: int
) -> None:
    html = document(sections, toc_css, filler)
    assert render(html) == render(html, nullcontext())


def test_a_contents_over_pages_is_laid_out_twice_on_each(layouts: Counter[int]) -> None:
    texts = page_texts(render(document(30, filler=6)))
    first = int(re.search(r"Section 1 (\d+)", texts[0]).group(1))  # type: ignore[union-attr]
    assert first >= 3  # the contents runs over two pages at least
    for n in range(1, 31):  # each section starts on a page of its own
        assert f"Section {n} {first + n - 1}" in "".join(texts[: first - 1])
        assert texts[first + n - 2].startswith(f"Section {n}")
    assert {n: c for n, c in layouts.items() if c > 1} == {n: 2 for n in range(1, first)}
    assert sum(layouts.values()) == len(texts) + first - 1


def test_a_total_read_through_a_target_named_by_attr_fails_as_without_the_patch() -> None:
    # WeasyPrint 70 files such a target under no name, then looks it up.
    html = document(4, ".toc a::before { content: target-counter(attr(href), pages); }")
    for patch in (None, nullcontext()):
        with pytest.raises(AttributeError):
            render(html, patch)


def test_under_another_weasyprint_nothing_is_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    original = weasyprint.layout.make_all_pages
    with relayout.fewer_layouts():
        assert weasyprint.layout.make_all_pages is original


def test_the_patch_is_undone_after_the_block() -> None:
    original = weasyprint.layout.make_all_pages
    patched = []

    def fail() -> None:
        with relayout.fewer_layouts():
            patched.append(weasyprint.layout.make_all_pages)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert patched[0] is not original
    assert weasyprint.layout.make_all_pages is original


#: A contents whose numbers of two digits wrap below their entry (4.5 characters
#: to a line): printing them lengthens the contents, which moves every section.
MOVING = """@page { size: 100mm 40mm; margin: 10mm; }
body { font: 10pt/12pt "DejaVu Sans Mono", monospace; margin: 0; }
ol { margin: 0; padding: 0; list-style: none; } li { width: 4.5ch; }
a::after { content: " " target-counter(attr(href), page); }
section { break-before: page; }
"""


def printed_and_actual(patch: AbstractContextManager[None] | None) -> tuple[list[int], list[int]]:
    """Each entry's printed number and the page its section starts on."""
    entries = "".join(f'<li><a href="#s{n}">S{n % 10}</a></li>' for n in range(1, 13))
    body = "".join(f'<section id="s{n}">Section {n}</section>' for n in range(1, 13))
    html = f"<html><head><style>{MOVING}</style></head><body><ol>{entries}</ol>{body}</body></html>"
    texts = page_texts(render(html, patch))
    starts = {
        int(m): n for n, text in enumerate(texts, 1) for m in re.findall(r"Section (\d+)", text)
    }
    contents = " ".join(texts[: starts[1] - 1])
    printed = [int(number) for number in re.findall(r"S\d\s+(\d+)", contents)]
    return printed, [starts[n] for n in range(1, 13)]


def test_a_section_moved_by_the_printed_numbers_gets_its_new_number() -> None:
    printed, actual = printed_and_actual(None)
    assert actual[0] > 5  # the numbers lengthened the contents by a page at least
    assert printed == actual


def test_without_the_patch_weasyprint_prints_the_numbers_from_before_the_move() -> None:
    # WeasyPrint 70 never tells a content of a target named by attr() that the
    # target moved: it prints where the sections were before.
    printed, actual = printed_and_actual(nullcontext())
    assert printed != actual
