"""A label with a halo (``paint-order: stroke``) prints its letters over the halo
(render/svg_paint_order.py): WeasyPrint 70 painted the white outline over them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import weasyprint
from PIL import Image

from policybrief.render.svg_paint_order import applies, halos_under_text, stroke_first
from tests.helpers import run_tool

#: A label over a tinted ground: ``{paint}`` sets its halo, or none.
DRAWING = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60">'
    '<rect width="300" height="60" fill="#dfe9f3"/>{label}</svg>'
)
PLAIN = '<text x="10" y="40" font-size="28" fill="#000">Record 65.7</text>'
HALOS = {
    "attribute": (
        '<text x="10" y="40" font-size="28" fill="#000" stroke="#fff" stroke-width="5" '
        'paint-order="stroke">Record 65.7</text>'
    ),
    "style": (
        '<text x="10" y="40" style="font-size: 28px; fill: #000; stroke: #fff; '
        'stroke-width: 5px; paint-order: stroke fill">Record 65.7</text>'
    ),
    # Observable Plot sets the halo on the group of labels.
    "inherited, anchored": (
        '<g stroke="#fff" stroke-width="5" paint-order="stroke" fill="#000" font-size="28">'
        '<text x="290" y="40" text-anchor="end">Record 65.7</text></g>'
    ),
    "class": (
        "<style>.halo { stroke: #fff; stroke-width: 5px; paint-order: stroke }</style>"
        '<text class="halo" x="10" y="40" font-size="28" fill="#000">Record 65.7</text>'
    ),
}


def _dark_pixels(tmp_path: Path, label: str, *, patched: bool = True) -> int:
    (tmp_path / "label.svg").write_text(DRAWING.format(label=label), encoding="utf-8")
    page = (
        "<style>@page { size: 300px 60px; margin: 0 } body { margin: 0 }</style>"
        '<img src="label.svg" style="display: block; width: 300px">'
    )
    html = weasyprint.HTML(string=page, base_url=str(tmp_path) + "/")
    if patched:
        with halos_under_text():
            pdf = html.write_pdf()
    else:
        pdf = html.write_pdf()
    (tmp_path / "label.pdf").write_bytes(pdf)
    run_tool("pdftoppm", "-r", "96", "-png", "-singlefile", str(tmp_path / "label.pdf"),
             str(tmp_path / "label"))  # fmt: skip
    image = Image.open(io.BytesIO((tmp_path / "label.png").read_bytes())).convert("L")
    return int(image.point(lambda v: 255 if v < 80 else 0).histogram()[255])


@pytest.mark.parametrize("halo", list(HALOS))
def test_a_halo_label_shows_all_its_letters(tmp_path: Path, halo: str) -> None:
    letters = _dark_pixels(tmp_path, PLAIN)
    assert letters > 500
    # The halo lies under the letters: they are as dark as without it.
    assert _dark_pixels(tmp_path, HALOS[halo]) >= 0.95 * letters


@pytest.mark.skipif(not applies(), reason="the fix is for WeasyPrint 70.0's SVG drawing")
def test_without_the_fix_the_halo_covers_the_letters(tmp_path: Path) -> None:
    letters = _dark_pixels(tmp_path, PLAIN)
    assert _dark_pixels(tmp_path, HALOS["attribute"], patched=False) < 0.6 * letters


def test_a_halo_label_is_one_text_in_the_pdf(tmp_path: Path) -> None:
    _dark_pixels(tmp_path, HALOS["attribute"])
    assert run_tool("pdftotext", str(tmp_path / "label.pdf"), "-").split() == ["Record", "65.7"]


class _Node:
    def __init__(self, **attrib: str) -> None:
        self.attrib = attrib

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrib.get(key, default)


@pytest.mark.parametrize(
    ("attrib", "first"),
    [
        ({"paint-order": "stroke", "stroke": "#fff"}, True),
        ({"paint-order": "stroke fill markers", "stroke": "white", "fill": "red"}, True),
        ({"paint-order": "normal", "stroke": "#fff"}, False),
        ({"paint-order": "fill stroke", "stroke": "#fff"}, False),
        ({"paint-order": "stroke"}, False),  # no stroke to paint
        ({"paint-order": "stroke", "stroke": "#fff", "fill": "none"}, False),
        ({"stroke": "#fff"}, False),
    ],
)
def test_which_labels_paint_their_stroke_first(attrib: dict[str, str], first: bool) -> None:
    assert stroke_first(_Node(**attrib)) is first
