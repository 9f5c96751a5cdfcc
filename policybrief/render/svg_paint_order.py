"""SVG labels with a halo (``paint-order: stroke``) printed with the halo under the letters.

Maps and line charts set labels over busy ground with a white outline behind
them: a stroke painted *before* the fill (``paint-order="stroke"``, as
Datawrapper, Observable Plot and most D3 maps write it). WeasyPrint 70 ignores
``paint-order`` and paints text's fill then its stroke, so the white outline
covered the letters and every such label printed as a white smudge.

While :func:`halos_under_text` is active, a text whose paint order starts
with the stroke is drawn twice at the same place: its stroke alone, then its
fill alone, which is that order. Any other text is drawn as before, and so
byte-identical.

This relies on WeasyPrint 70.0's SVG drawing (``weasyprint.svg.TAGS`` and the
package's ``text``: the function that lays out and draws a node's own
characters and moves the SVG's text cursor). Under any other version the block does nothing.
``tests/unit/render/test_svg_paint_order.py`` draws halo labels and reads the
pixels back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from policybrief.render.patching import known_weasyprint

#: The SVG elements WeasyPrint draws with its text function.
_TEXT_TAGS = ("text", "tspan", "textPath")
_ABSENT = object()


def applies() -> bool:
    """Whether the installed WeasyPrint is the one :func:`halos_under_text` knows (70.0)."""
    import weasyprint.svg

    tags = getattr(weasyprint.svg, "TAGS", None)
    text = getattr(weasyprint.svg, "text", None)
    return (
        known_weasyprint()
        and callable(text)
        and isinstance(tags, dict)
        and all(tags.get(tag) is text for tag in _TEXT_TAGS)
    )


@contextmanager
def halos_under_text() -> Iterator[None]:
    """For the ``with`` block, SVG text whose paint order starts with the stroke is drawn so.

    Only one thread may draw meanwhile (WeasyPrint's table of SVG elements is
    patched for the block). Under a WeasyPrint other than 70.0 it does nothing.
    """
    if not applies():
        yield
        return
    import weasyprint.svg

    # draw_node tells text by comparing an element's function with the package's
    # name ``text``: both are replaced by the same function.
    svg, original = weasyprint.svg, weasyprint.svg.text
    replacement = _stroke_first(original)
    svg.text = replacement
    for tag in _TEXT_TAGS:
        svg.TAGS[tag] = replacement
    try:
        yield
    finally:
        svg.text = original
        for tag in _TEXT_TAGS:
            svg.TAGS[tag] = original


def stroke_first(node: Any) -> bool:
    """Whether ``node`` (a WeasyPrint SVG node) paints a visible stroke before its fill."""
    order = (node.get("paint-order") or "normal").split()
    stroke = (node.get("stroke") or "none").strip()
    fill = (node.get("fill") or "black").strip()
    return bool(order) and order[0] == "stroke" and stroke != "none" and fill != "none"


def _stroke_first(original: Callable[[Any, Any, float], Any]) -> Callable[[Any, Any, float], Any]:
    def text(svg: Any, node: Any, font_size: float) -> None:
        if not stroke_first(node):
            original(svg, node, font_size)
            return
        # Each pass lays the characters out from the same cursor.
        cursor = tuple(svg.cursor_position)
        offset = list(svg.cursor_d_position)
        path_width = getattr(svg, "text_path_width", 0)
        with _attribute(node, "fill", "none"):
            original(svg, node, font_size)
        svg.cursor_position = cursor
        svg.cursor_d_position = offset
        svg.text_path_width = path_width
        with _attribute(node, "stroke", "none"):
            original(svg, node, font_size)

    return text


@contextmanager
def _attribute(node: Any, name: str, value: str) -> Iterator[None]:
    before = node.attrib.get(name, _ABSENT)
    node.attrib[name] = value
    try:
        yield
    finally:
        if before is _ABSENT:
            del node.attrib[name]
        else:
            node.attrib[name] = before
