"""SVG labels set with ``text-anchor: middle`` or ``end`` inside a transparent group, printed whole.

A chart's axis labels are usually centred or right-aligned on their tick
(``text-anchor="middle"``, ``"end"``: D3, matplotlib, Vega) and often faded
(``opacity="0.7"`` on the label or on the group of labels). WeasyPrint 70
draws an anchored label into a group shifted left by half or all of its
width, but gives a transparent group around it the label's box *before* that
shift, and a PDF group clips what it draws to its box: a centred label lost
its left half and a right-aligned one vanished (``"th opacity"``, nothing).

While :func:`anchored_text_boxes` is active, once WeasyPrint has shifted a
label, the label's box as a transparent group (or a group holding it) asks
for it runs from the shifted start to the unshifted end, so it holds the
label wherever it was drawn. Boxes asked for while the label is drawn (a
gradient's ``objectBoundingBox``) stay the unshifted ones WeasyPrint draws
against, and labels anchored at their start are not touched: those PDFs are
byte-identical.

This relies on WeasyPrint 70.0's SVG drawing (``SVG.draw_node``, which calls
``draw_markers`` right after the anchor's shift, and ``calculate_bounding_box``).
Under any other version the block does nothing. ``tests/unit/render/test_svg_anchors.py``
draws faded labels of each anchor and direction and reads them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from policybrief.render.patching import known_weasyprint, replaced

#: The attribute a drawn label keeps its shift in (user units, towards the left).
_SHIFT = "_policybrief_anchor_shift"
#: The SVG elements WeasyPrint draws as text, each its own anchored chunk.
_TEXT_TAGS = frozenset({"text", "tspan", "textPath"})
#: Anchors at the start of the line: WeasyPrint does not shift those.
_UNSHIFTED = frozenset({("start", "ltr"), ("end", "rtl")})


def applies() -> bool:
    """Whether the installed WeasyPrint is the one :func:`anchored_text_boxes` knows (70.0)."""
    from weasyprint.svg import SVG

    return known_weasyprint(
        (SVG, "draw_node"), (SVG, "draw_markers"), (SVG, "calculate_bounding_box")
    )


@contextmanager
def anchored_text_boxes() -> Iterator[None]:
    """For the ``with`` block, boxes of anchored SVG labels include where they were drawn.

    Only one thread may draw meanwhile (WeasyPrint's ``SVG`` class is patched
    for the block). Under a WeasyPrint other than 70.0 it does nothing.
    """
    if not applies():
        yield
        return
    from weasyprint.svg import SVG

    with replaced(
        (SVG, "draw_node", _forgetting_shift),
        (SVG, "draw_markers", _noting_shift),
        (SVG, "calculate_bounding_box", _shifted_box),
    ):
        yield


def anchor_shift(node: Any) -> float:
    """How far left WeasyPrint moved ``node``'s text for its anchor (user units), 0 if it did not.

    ``node`` is a WeasyPrint SVG node whose text was just laid out (its
    ``text_bounding_box`` set). Follows WeasyPrint 70's rule: a text, or a
    ``tspan`` or ``textPath`` that starts a chunk (has ``x`` or ``y``), anchored
    anywhere but its line's start moves by half its width (``middle``) or all
    of it.
    """
    if node.tag not in _TEXT_TAGS or not node.display:
        return 0.0
    anchor = (node.get("text-anchor", "start"), node.get("direction", "ltr"))
    if anchor in _UNSHIFTED:
        return 0.0
    if node.tag != "text" and "x" not in node.attrib and "y" not in node.attrib:
        return 0.0
    box = getattr(node, "text_bounding_box", None)
    if not box or box[2] in (float("inf"), float("-inf")) or box[2] <= 0:
        return 0.0
    width = float(box[2])
    return width / 2 if anchor[0] == "middle" else width


def _forgetting_shift(original: Callable[..., Any]) -> Callable[..., Any]:
    def draw_node(svg: Any, node: Any, *args: Any, **kwargs: Any) -> Any:
        # A node drawn again (through <use>) is laid out anew: its last shift is stale.
        if hasattr(node, _SHIFT):
            delattr(node, _SHIFT)
        return original(svg, node, *args, **kwargs)

    return draw_node


def _noting_shift(original: Callable[..., Any]) -> Callable[..., Any]:
    def draw_markers(svg: Any, node: Any, *args: Any, **kwargs: Any) -> Any:
        # draw_node calls this right after it has drawn the node's text shifted.
        shift = anchor_shift(node)
        if shift:
            setattr(node, _SHIFT, shift)
        return original(svg, node, *args, **kwargs)

    return draw_markers


def _shifted_box(original: Callable[..., Any]) -> Callable[..., Any]:
    def calculate_bounding_box(svg: Any, node: Any, *args: Any, **kwargs: Any) -> Any:
        box = original(svg, node, *args, **kwargs)
        shift = getattr(node, _SHIFT, 0.0)
        if not shift or box is None or len(box) != 4:
            return box
        x, y, width, height = box
        return (x - shift, y, width + shift, height)

    return calculate_bounding_box
