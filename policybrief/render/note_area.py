"""Lay out each note at the page foot once per place in the note area, not once per note added.

WeasyPrint 70 keeps a page's notes (``float: footnote``) in a note area at
the page foot. Each time a note is placed on the page, or taken back, or
moved to the next page, ``LayoutContext._update_footnote_area`` lays out the
whole area again to learn its height, and the page lays it out once more
when it is done, to draw it: a page of k notes lays its notes out
1 + 2 + … + k + k times. On a 40-page brief that is a quarter of the render.

Those layouts repeat themselves exactly. The area is laid out from the top
each time, so the notes that were there before sit at the same place, with
the same margins before them, on the same page, in the same area:
WeasyPrint computes the same floats from the same floats and gets the same
lines. While :func:`notes_laid_out_once` is active, laying out a note as a
child of the page's note area is remembered for the page, keyed by the note
and by every input of that layout (its place in the area and its position,
the margins collapsing into it, the area's style and size, whether the page
is empty, the page number, the forced break, the column state); the next
layout of the area with the same note at the same place, including the one
the page draws, gets a copy of the remembered result instead of a new
layout, and the margins a layout adds to the list it was given are added
again. The area's height, the page's bottom and the overflow test are
therefore computed by WeasyPrint's own block layout from the same values:
the float arithmetic is the same, and so is every page break.

Only a note whose boxes are plain is remembered: blocks, lines, inline
boxes, text, inline blocks and images, none floated, positioned (other than
relatively), in columns, running, a list's outside marker or calling
another note; and only while the page has no floats (shapes lines flow
around) and when the layout left the page's state as it found it (no note
placed, no float, no out-of-flow box, the same page bottom). Anything else
is WeasyPrint's own layout. The memory is per page layout: a page laid out
again starts afresh, so content WeasyPrint re-computes between layouts
(page numbers) is never taken from an earlier one.

The PDF is byte-identical (``tests/unit/render/test_note_area.py`` compares
renders with and without it). This relies on WeasyPrint's internals
(``LayoutContext._update_footnote_area`` and ``block_level_layout`` as
``weasyprint.layout.block`` and ``weasyprint.layout.page`` call it, as of
70.0). Under any other version the block leaves WeasyPrint alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from policybrief.render.patching import known_weasyprint, replaced

#: The context attribute that holds the page's remembered layouts during an area layout.
_ACTIVE = "_policybrief_note_area"
#: The context attribute that holds the page's remembered layouts between area layouts.
_MEMORY = "_policybrief_note_layouts"


def applies() -> bool:
    """Whether the installed WeasyPrint is the one :func:`notes_laid_out_once` knows (70.0)."""
    import weasyprint.layout
    import weasyprint.layout.block
    import weasyprint.layout.page

    return known_weasyprint(
        (weasyprint.layout.LayoutContext, "_update_footnote_area"),
        (weasyprint.layout.block, "block_level_layout"),
        (weasyprint.layout.page, "block_level_layout"),
    )


@contextmanager
def notes_laid_out_once() -> Iterator[None]:
    """For the ``with`` block, lay out each note once per place in its page's note area.

    Only the worker's thread may render meanwhile (WeasyPrint's module and
    class are patched for the block). Under a WeasyPrint other than 70.0 it
    does nothing.
    """
    if not applies():
        yield
        return
    import weasyprint.layout
    import weasyprint.layout.block
    import weasyprint.layout.page

    with replaced(
        (weasyprint.layout.LayoutContext, "_update_footnote_area", _updating),
        (weasyprint.layout.block, "block_level_layout", _remembering),
        (weasyprint.layout.page, "block_level_layout", _finishing),
    ):
        yield


class _Page:
    """The layouts of one page's notes remembered so far, and which notes are plain."""

    def __init__(self, area: Any) -> None:
        self.area = area  # WeasyPrint's area for the page (kept: its id is in no key)
        self.layouts: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.plain: dict[int, tuple[Any, bool]] = {}  # id(note) -> (note, plain)
        self.notes: list[Any] = []  # the notes of the area being laid out, in order

    def is_plain(self, note: Any) -> bool:
        known = self.plain.get(id(note))
        if known is None or known[0] is not note:
            known = (note, _plain(note))
            self.plain[id(note)] = known
        return known[1]


@contextmanager
def _remembered(context: Any, notes: list[Any]) -> Iterator[None]:
    """For the ``with`` block, let the layouts of ``notes`` in the page's area be remembered."""
    page = context.__dict__.get(_MEMORY)
    if page is None or page.area is not context.current_footnote_area:
        page = _Page(context.current_footnote_area)
        context.__dict__[_MEMORY] = page
    outer = context.__dict__.get(_ACTIVE)
    page.notes = list(notes)
    context.__dict__[_ACTIVE] = page
    try:
        yield
    finally:
        context.__dict__[_ACTIVE] = outer


def _updating(update: Any) -> Any:
    """``_update_footnote_area`` that lets the area's note layouts be remembered."""

    def _update_footnote_area(context: Any) -> Any:
        with _remembered(context, context.current_page_footnotes):
            return update(context)

    return _update_footnote_area


def _finishing(layout: Any) -> Any:
    """The page's ``block_level_layout`` that takes the area it draws from remembered layouts."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    def block_level_layout(context: Any, box: Any, *arguments: Any, **keywords: Any) -> Any:
        area = getattr(context, "current_footnote_area", None)
        if type(box) is not FootnoteAreaBox or area is None:
            return layout(context, box, *arguments, **keywords)
        with _remembered(context, area.children):
            return layout(context, box, *arguments, **keywords)

    return block_level_layout


def _remembering(layout: Any) -> Any:
    """``block_level_layout`` that remembers the layouts of plain notes in the note area."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    def block_level_layout(
        context: Any,
        box: Any,
        bottom_space: Any,
        skip_stack: Any,
        containing_block: Any,
        page_is_empty: Any = True,
        absolute_boxes: Any = None,
        fixed_boxes: Any = None,
        adjoining_margins: Any = None,
        first_letter_style: Any = None,
        first_line_style: Any = None,
        discard: Any = False,
        max_lines: Any = None,
    ) -> Any:
        arguments = (
            context, box, bottom_space, skip_stack, containing_block, page_is_empty,
            absolute_boxes, fixed_boxes, adjoining_margins, first_letter_style,
            first_line_style, discard, max_lines,
        )  # fmt: skip
        page = (
            context.__dict__.get(_ACTIVE)
            if type(containing_block) is FootnoteAreaBox and isinstance(adjoining_margins, list)
            else None
        )
        key = None if page is None else _key(page, *arguments)
        if page is None or key is None:
            return layout(*arguments)
        known = page.layouts.get(key)
        if known is not None:
            return _replay(known, adjoining_margins)
        before = _state(context, absolute_boxes, fixed_boxes)
        given = list(adjoining_margins)
        result = layout(*arguments)
        if _state(context, absolute_boxes, fixed_boxes) == before:
            remembered = _remember(result, given, adjoining_margins)
            if remembered is not None:
                page.layouts[key] = remembered
        return result

    return block_level_layout


def _key(
    page: _Page,
    context: Any,
    box: Any,
    bottom_space: Any,
    skip_stack: Any,
    containing_block: Any,
    page_is_empty: Any,
    absolute_boxes: Any,
    fixed_boxes: Any,
    adjoining_margins: list[Any],
    first_letter_style: Any,
    first_line_style: Any,
    discard: Any,
    max_lines: Any,
) -> tuple[Any, ...] | None:
    """Every input of laying out ``box``, a note of ``page``'s area; None if not to remember.

    ``box`` is WeasyPrint's fresh copy of one of the area's notes: the note
    itself (by identity) stands for it.
    """
    if skip_stack is not None or context.excluded_shapes:
        return None
    if first_letter_style is not None or first_line_style is not None:
        return None  # the area has neither: not a layout this module knows
    children = containing_block.children
    if len(children) != len(page.notes):
        return None
    index = next((n for n, child in enumerate(children) if child is box), None)
    if index is None:
        return None
    note = page.notes[index]
    if not (
        type(box) is type(note)
        and box.element is note.element
        and box.style is note.style
        and page.is_plain(note)
    ):
        return None
    return (
        id(note), index, box.position_x, box.position_y, bottom_space,
        id(containing_block.style), containing_block.width, containing_block.height,
        containing_block.position_x, containing_block.position_y,
        containing_block.is_for_root_element, bool(page_is_empty),
        tuple(adjoining_margins), bool(discard), max_lines, context.current_page,
        context.forced_break, context.in_column,
    )  # fmt: skip


def _state(context: Any, absolute_boxes: Any, fixed_boxes: Any) -> tuple[Any, ...]:
    """What a note's layout could leave behind in the page's state, to see that it did not."""
    return (
        tuple(context.excluded_shapes),
        tuple(context.current_page_footnotes),
        tuple(context.reported_footnotes),
        tuple(context.footnotes),
        len(context.broken_out_of_flow),
        None if absolute_boxes is None else len(absolute_boxes),
        None if fixed_boxes is None else len(fixed_boxes),
        context.page_bottom,
        context.in_column,
        context.forced_break,
    )


def _remember(result: Any, given: list[Any], margins: list[Any]) -> tuple[Any, ...] | None:
    """What to replay of a note's layout ``result``; None if it is not one to replay.

    ``given`` is the list of adjoining margins as passed, ``margins`` that
    list after the layout (WeasyPrint adds to it in place).
    """
    new_box, resume_at, next_page, next_margins, collapsing_through, max_lines = result
    if new_box is None or resume_at is not None or margins[: len(given)] != given:
        return None
    if not isinstance(next_page, dict) or not isinstance(next_margins, list):
        return None
    added = tuple(margins[len(given) :])
    same = next_margins is margins
    return (
        new_box.deepcopy(), dict(next_page), None if same else tuple(next_margins),
        added, collapsing_through, max_lines,
    )  # fmt: skip


def _replay(known: tuple[Any, ...], margins: list[Any]) -> tuple[Any, ...]:
    """A remembered layout as WeasyPrint's would have returned it, margins added in place."""
    new_box, next_page, next_margins, added, collapsing_through, max_lines = known
    margins.extend(added)
    return (
        new_box.deepcopy(), None, dict(next_page),
        margins if next_margins is None else list(next_margins),
        collapsing_through, max_lines,
    )  # fmt: skip


#: Box classes a plain note may hold (WeasyPrint's names).
_PLAIN_BOXES = frozenset(
    {
        "BlockBox",
        "AnonymousBlockBox",
        "LineBox",
        "InlineBox",
        "TextBox",
        "InlineBlockBox",
        "InlineReplacedBox",
    }
)


def _plain(note: Any) -> bool:
    """Whether every box of ``note`` is of a kind whose layout reads only its inputs."""
    stack = [note]
    while stack:
        box = stack.pop()
        style = box.style
        if (
            type(box).__name__ not in _PLAIN_BOXES
            or box.is_outside_marker
            or getattr(box, "footnote", None) is not None
            or getattr(box, "note", None) is not None
            or style["position"] not in ("static", "relative")
            or (box is not note and style["float"] != "none")
            or style["column_width"] != "auto"
            or style["column_count"] != "auto"
        ):
            return False
        stack.extend(getattr(box, "children", ()))
    return True
