"""PDFs written at zlib's usual level, page references made once (render/pdf_writing.py).

The PDF differs from pydyf's own in its compressed bytes only: every object,
each stream decoded, is the same, tags and fonts included.
"""

from __future__ import annotations

import io
import zlib
from contextlib import nullcontext
from typing import Any

import pydyf
import pytest
import weasyprint
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject
from weasyprint.text.fonts import FontConfiguration

from policybrief.render import pdf_writing
from policybrief.render.pdf_writing import LEVEL
from policybrief.render.pdf_writing import pdf_writing as faster

#: Tagged pages with a table, a list, links and notes: many small objects.
PAGE = (
    """<html lang="en"><head><title>T</title><style>
@page { size: A6; @bottom-center { content: counter(page) } } .note { float: footnote }
</style></head><body><h1>Title</h1>"""
    + "".join(
        f'<h2 id="s{n}">Part {n}</h2><p>Words <a href="#s0">back</a> of the part'
        f'<span class="note">note {n}</span>, filling a page. ' + "More words. " * 40 + "</p>"
        f"<ul><li>one</li><li>two</li></ul><table><tr><th>a</th><td>{n}</td></tr></table>"
        for n in range(6)
    )
    + "</body></html>"
)


def _write(faster_writing: bool, variant: str | None = "pdf/ua-1") -> bytes:
    document = weasyprint.HTML(string=PAGE).render(font_config=FontConfiguration())
    with faster() if faster_writing else nullcontext():
        return document.write_pdf(pdf_variant=variant, pdf_tags=variant is not None)


def _objects(data: bytes) -> dict[int, Any]:
    """Every object of the PDF, by number: streams decoded, /Length left out; no xref."""
    reader = PdfReader(io.BytesIO(data))
    objects: dict[int, Any] = {}
    for number in range(1, int(reader.trailer["/Size"])):
        value = reader.get_object(IndirectObject(number, 0, reader))
        if value is None:
            continue
        if isinstance(value, StreamObject) and value.get("/Type") == "/XRef":
            continue  # the byte offsets of the objects: they move, of course
        if isinstance(value, StreamObject):
            fields = {k: _plain(v) for k, v in value.items() if k not in ("/Length", "/Filter")}
            objects[number] = (fields, value.get_data())
        else:
            objects[number] = _plain(value)
    return objects


def _plain(value: Any) -> Any:
    """``value`` as plain Python, references as their numbers (not resolved)."""
    if isinstance(value, IndirectObject):
        return ("ref", value.idnum)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return repr(value)


#: WeasyPrint 70 leaves its sRGB profile's file open for PDF/A (not ours to close).
LEAKS = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.mark.parametrize("variant", ["pdf/ua-1", pytest.param("pdf/a-3b", marks=LEAKS), None])
def test_the_same_objects_decoded_in_other_compressed_bytes(variant: str | None) -> None:
    ours, theirs = _write(True, variant), _write(False, variant)
    assert ours != theirs  # the level is applied
    ours_objects, their_objects = _objects(ours), _objects(theirs)
    assert len(ours_objects) > 20
    assert ours_objects == their_objects


def test_streams_are_compressed_at_the_level_and_pydyf_is_restored() -> None:
    raw = b"\n".join([b"BT /F1 12 Tf (text) Tj ET"] * 50)
    with faster():
        data = pydyf.Stream([b"BT /F1 12 Tf (text) Tj ET"] * 50, compress=True).data
    assert zlib.compress(raw, LEVEL) in data
    assert zlib.compress(raw, 9) not in data
    assert pydyf.zlib is zlib


def test_page_references_are_made_again_only_when_a_page_is_added() -> None:
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    with faster():
        first = pdf.page_references
        assert pdf.page_references is first  # made once
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        after = pdf.page_references
    assert after is not first
    assert after == pdf.page_references  # what pydyf itself gives
    assert len(after) == 4


def test_another_pydyf_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_writing, "known_version", lambda name, version: False)
    assert not pdf_writing.applies()
    original = pydyf.PDF.__dict__["page_references"]
    with faster():
        assert pydyf.zlib is zlib
        assert pydyf.PDF.__dict__["page_references"] is original
    assert _write(True) == _write(False)
