"""Give the PDF renderer 16-bit greyscale PNGs as 8-bit ones, which it can embed.

WeasyPrint embeds a PNG through Pillow, which opens a 16-bit greyscale PNG
(colour type 0, bit depth 16; scanners and GIS tools write them) in mode
``I;16``, a mode WeasyPrint does not know: the image printed black, with a
"Unknown image mode" warning. Every other PNG (16-bit colour, grey with alpha,
palettes, 1-bit) embeds as it is. The site publishes the file unchanged:
browsers show such PNGs right.
"""

from __future__ import annotations

import io

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Offsets in the IHDR chunk, which every PNG has first: bit depth, colour type.
_DEPTH, _COLOUR = 24, 25


def is_grey16(data: bytes) -> bool:
    """True when ``data`` is a PNG of 16-bit greyscale (without alpha)."""
    return (
        data.startswith(_SIGNATURE)
        and len(data) > _COLOUR
        and data[_DEPTH] == 16
        and data[_COLOUR] == 0
    )


def grey16_to_8bit(data: bytes) -> bytes:
    """The 16-bit greyscale PNG ``data`` as an 8-bit one (each value's high byte).

    Transparency given as one grey value (a ``tRNS`` chunk) is kept as an
    alpha channel (at 8 bits: the values that round to it are transparent
    too). Raises OSError (Pillow's) when the PNG cannot be read.
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        transparent = image.info.get("transparency")
        # point() scales in mode I (32-bit): 65535 becomes 255, not clipped to it.
        grey = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
        if isinstance(transparent, int):
            # Mode I's point() takes a linear function only: the mask is made at
            # 8 bits, so the 256 grey values next to the transparent one go too.
            key = round(transparent / 257)
            mask = grey.point(lambda v: 0 if v == key else 255)
            grey = Image.merge("LA", (grey, mask))
        out = io.BytesIO()
        grey.save(out, "PNG")
    return out.getvalue()
