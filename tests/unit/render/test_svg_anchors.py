"""Faded SVG labels anchored at their middle or end print whole (render/svg_anchors.py).

WeasyPrint 70 clipped a transparent label to its box before the anchor's
shift: a centred label lost its left half, a right-aligned one vanished. Each
drawing here holds one label twice, faded in the left half and plain in the
right half (moved 200 units right); the two must leave the same ink.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import weasyprint
from PIL import Image

from policybrief.render.svg_anchors import anchor_shift, anchored_text_boxes, applies
from tests.helpers import run_tool

#: Each label is drawn in the left half; ``{fade}`` is the faded copy's attributes.
LABELS = {
    "middle": '<text x="100" y="40" text-anchor="middle" font-size="18"{fade}>Exports</text>',
    "end": '<text x="190" y="40" text-anchor="end" font-size="18"{fade}>Exports 61.4</text>',
    "start, right to left": (
        '<text x="190" y="40" direction="rtl" font-size="18"{fade}>Exports</text>'
    ),
    "end, in a faded group": (
        '<g{fade}><text x="190" y="40" text-anchor="end" font-size="18">Imports 4.3</text></g>'
    ),
    "middle, in a faded group holding a line": (
        '<g{fade}><line x1="20" y1="50" x2="180" y2="50" stroke="black"/>'
        '<text x="100" y="40" text-anchor="middle" font-size="18">Tick</text></g>'
    ),
    "end, rotated as an axis label": (
        '<text transform="translate(150 70) rotate(-45)" text-anchor="end" font-size="14"'
        "{fade}>2025 Q4</text>"
    ),
    "middle, a tspan chunk": (
        '<text y="40" text-anchor="middle" font-size="16"{fade}>'
        '<tspan x="100">Line one</tspan><tspan x="100" dy="20">second</tspan></text>'
    ),
    "end, through use": (
        '<defs><text id="l" x="190" y="40" text-anchor="end" font-size="18">Reused</text></defs>'
        '<use href="#l"{fade}/>'
    ),
}


def _drawing(label: str) -> str:
    faded = label.format(fade=' opacity="0.6"')
    plain = label.format(fade="")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100">'
        f'{faded}<g transform="translate(200 0)">{plain}</g></svg>'
    )


def _ink(png: bytes) -> tuple[tuple[int, int, int, int] | None, tuple[int, int, int, int] | None]:
    """The boxes of the ink in the left and right halves of the page's picture."""
    image = Image.open(io.BytesIO(png)).convert("L")
    mask = image.point(lambda v: 255 if v < 235 else 0)
    half = image.width // 2
    return mask.crop((0, 0, half, image.height)).getbbox(), mask.crop(
        (half, 0, image.width, image.height)
    ).getbbox()


def _picture(tmp_path: Path, svg: str, *, patched: bool) -> bytes:
    (tmp_path / "label.svg").write_text(svg, encoding="utf-8")
    page = (
        "<style>@page { size: 400px 100px; margin: 0 } body { margin: 0 }</style>"
        '<img src="label.svg" style="display: block; width: 400px; height: 100px">'
    )
    html = weasyprint.HTML(string=page, base_url=str(tmp_path) + "/")
    if patched:
        with anchored_text_boxes():
            pdf = html.write_pdf()
    else:
        pdf = html.write_pdf()
    (tmp_path / "label.pdf").write_bytes(pdf)
    run_tool("pdftoppm", "-r", "144", "-png", "-singlefile", str(tmp_path / "label.pdf"),
             str(tmp_path / "label"))  # fmt: skip
    return (tmp_path / "label.png").read_bytes()


@pytest.mark.parametrize("label", list(LABELS))
def test_a_faded_label_leaves_the_ink_of_the_plain_one(tmp_path: Path, label: str) -> None:
    faded, plain = _ink(_picture(tmp_path, _drawing(LABELS[label]), patched=True))
    assert plain is not None
    assert faded is not None, "the faded label drew nothing"
    # The same box, 200 units (400 px at 144 dpi's 2x) apart; a pixel of antialiasing.
    assert faded == pytest.approx(plain, abs=2)


@pytest.mark.skipif(not applies(), reason="the fix is for WeasyPrint 70.0's SVG drawing")
def test_without_the_fix_weasyprint_cuts_the_faded_labels(tmp_path: Path) -> None:
    # The test above can fail: unpatched, the right-aligned label is gone.
    faded, plain = _ink(_picture(tmp_path, _drawing(LABELS["end"]), patched=False))
    assert plain is not None
    assert faded is None or faded != pytest.approx(plain, abs=2)


class _Node:
    """The part of a WeasyPrint SVG node that :func:`anchor_shift` reads."""

    def __init__(self, tag: str, box: tuple[float, float, float, float], **attrib: str) -> None:
        self.tag, self.text_bounding_box, self.attrib, self.display = tag, box, attrib, True

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrib.get(key, default)


@pytest.mark.parametrize(
    ("tag", "attrib", "shift"),
    [
        ("text", {}, 0.0),
        ("text", {"text-anchor": "start"}, 0.0),
        ("text", {"text-anchor": "end", "direction": "rtl"}, 0.0),
        ("text", {"text-anchor": "middle"}, 30.0),
        ("text", {"text-anchor": "end"}, 60.0),
        ("text", {"direction": "rtl"}, 60.0),
        # A tspan moves only if it starts a chunk of its own.
        ("tspan", {"text-anchor": "middle"}, 0.0),
        ("tspan", {"text-anchor": "middle", "x": "4"}, 30.0),
        ("rect", {"text-anchor": "end"}, 0.0),
    ],
)
def test_the_shift_follows_weasyprints_rule(tag: str, attrib: dict[str, str], shift: float) -> None:
    assert anchor_shift(_Node(tag, (10.0, 5.0, 60.0, 20.0), **attrib)) == shift


def test_a_label_with_no_text_has_no_shift() -> None:
    empty = _Node("text", (float("inf"), float("inf"), 0.0, 0.0), **{"text-anchor": "end"})
    assert anchor_shift(empty) == 0.0
