"""16-bit greyscale PNGs reach the PDF renderer as 8-bit ones (break report item 8)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from policybrief.render.png_depth import grey16_to_8bit, is_grey16


def _png(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **options)
    return out.getvalue()


def _ramp16() -> Image.Image:
    image = Image.new("I;16", (256, 4))
    image.putdata([x * 257 for _ in range(4) for x in range(256)])
    return image


def test_a_16_bit_grey_ramp_keeps_its_values() -> None:
    converted = Image.open(io.BytesIO(grey16_to_8bit(_png(_ramp16()))))
    assert converted.mode == "L"
    assert [converted.getpixel((x, 0)) for x in (0, 1, 128, 255)] == [0, 1, 128, 255]


def test_a_transparent_grey_value_becomes_an_alpha_channel() -> None:
    converted = Image.open(io.BytesIO(grey16_to_8bit(_png(_ramp16(), transparency=0))))
    assert converted.mode == "LA"
    assert converted.getpixel((0, 0)) == (0, 0)
    assert converted.getpixel((200, 0)) == (200, 255)


@pytest.mark.parametrize(
    "image",
    [
        Image.new("L", (8, 8)),
        Image.new("LA", (8, 8)),
        Image.new("RGB", (8, 8)),
        Image.new("RGBA", (8, 8)),
        Image.new("P", (8, 8)),
        Image.new("1", (8, 8)),
    ],
)
def test_other_pngs_are_left_alone(image: Image.Image) -> None:
    assert not is_grey16(_png(image))


def test_only_a_png_header_counts() -> None:
    assert is_grey16(_png(_ramp16()))
    assert not is_grey16(b"\x89PNG\r\n\x1a\n")
    assert not is_grey16(b"GIF89a" + bytes(40))
