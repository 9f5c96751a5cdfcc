"""An SVG's ``font:`` shorthands are written out as longhands for the PDF renderer.

WeasyPrint's SVG renderer took the shorthand's first word as the size, so
``font: bold 14px sans-serif`` drew no label at all.
"""

from __future__ import annotations

import pytest

from policybrief.render.svg_fonts import expand_font_shorthands


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        (
            "font: bold 14px sans-serif",
            "font-weight: bold; font-size: 14px; font-family: sans-serif",
        ),
        ("font: 14px sans-serif", "font-size: 14px; font-family: sans-serif"),
        (
            'font: italic small-caps 600 12px/1.4 "Noto Sans", Arial',
            "font-style: italic; font-variant: small-caps; font-weight: 600; font-size: 12px; "
            'line-height: 1.4; font-family: "Noto Sans", Arial',
        ),
        ("FONT: normal normal 9pt serif", "font-size: 9pt; font-family: serif"),
        (
            "font: condensed large serif",
            "font-stretch: condensed; font-size: large; font-family: serif",
        ),
        # What cannot be read stays as written: a system font, no size, no family.
        ("font: caption", "font: caption"),
        ("font: bold sans-serif", "font: bold sans-serif"),
        ("font: 10px", "font: 10px"),
        # Longhands are not shorthands.
        ("font-size: 3px; x-font: 4px y", "font-size: 3px; x-font: 4px y"),
    ],
)
def test_a_shorthand_in_a_style_element_becomes_longhands(css: str, expected: str) -> None:
    svg = f"<svg><style>.a {{ {css}; fill: red }}</style></svg>".encode()
    assert (
        expand_font_shorthands(svg)
        == f"<svg><style>.a {{ {expected}; fill: red }}</style></svg>".encode()
    )


def test_a_style_attribute_keeps_its_quotes_and_text_is_left_alone() -> None:
    svg = (
        b"<svg><text style=\"font: italic 9px 'Noto Serif'; fill: red\">font: bold 3px x</text>"
        b'<text style=\'font: bold 8px "A B"\'>y</text><text font="bold 3px x">z</text></svg>'
    )
    assert expand_font_shorthands(svg) == (
        b"<svg><text style=\"font-style: italic; font-size: 9px; font-family: 'Noto Serif'; "
        b'fill: red">font: bold 3px x</text>'
        b"<text style='font-weight: bold; font-size: 8px; font-family: \"A B\"'>y</text>"
        b'<text style="font-weight: bold; font-size: 3px; font-family: x">z</text></svg>'
    )


def test_an_svg_without_a_shorthand_is_the_same_bytes() -> None:
    svg = b'<svg><style>.a{font-size:3px}</style><text font-family="x">\xff</text></svg>'
    assert expand_font_shorthands(svg) is svg or expand_font_shorthands(svg) == svg


def test_the_font_attribute_becomes_longhands_in_the_style() -> None:
    # SVG 1.1's font="bold 14px sans-serif" drew nothing, as the shorthand did.
    svg = (
        b'<svg><text x="1" font="bold 14px sans-serif">A</text>'
        b'<text font="italic 9px serif" style="fill:red">B</text>'
        b'<text font="caption">C</text></svg>'
    )
    assert expand_font_shorthands(svg) == (
        b'<svg><text x="1" style="font-weight: bold; font-size: 14px; font-family: sans-serif">'
        b'A</text><text style="font-style: italic; font-size: 9px; font-family: serif; fill:red">'
        b'B</text><text font="caption">C</text></svg>'
    )
