"""Cut the running heads that do not fit with an ellipsis the PDF's text keeps.

A running head too long for its margin box ends in "…" (``text-overflow:
ellipsis``, templates/css/print.css). WeasyPrint 70 leaves that cut to Pango
when it draws the page, and Pango's ellipsis glyph stands for all the text it
hides: WeasyPrint writes that text into the font's ToUnicode map as the
glyph's meaning. So copying the head gives the hidden words instead of "…",
a long title maps one glyph to a thousand characters (poppler's "Illegal entry
in bfchar block in ToUnicode CMap", text lost after it), and, since the map
keeps one meaning per glyph and font, every other "…" set in that font copies
as the same hidden words.

:func:`cut_running_heads` makes the same cut before drawing: it asks Pango
where its ellipsis would start, sets the kept words and a real "…" as the
head's text and tells WeasyPrint not to ellipsize that line again. The page
looks as before; the ellipsis is a character of the text.

This relies on WeasyPrint's internals (page boxes, ``LineBox.text_overflow``,
a text box's Pango layout, as of 70.0); under any other version it does
nothing and WeasyPrint's own ellipsis is drawn.
``tests/integration/test_long_tokens.py`` checks the PDF's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policybrief.render.relayout import applies

ELLIPSIS = "\u2026"


def cut_running_heads(pages: list[Any]) -> int:
    """Give each margin box line that Pango would ellipsize its cut text and a real "…".

    ``pages`` are a rendered WeasyPrint document's pages. Returns how many
    lines were cut. Lines that fit, and lines of text that may wrap, are left
    as they are.
    """
    if not applies():
        return 0
    from weasyprint.formatting_structure import boxes

    cut = 0
    for page in pages:
        for margin in page._page_box.children:
            if not isinstance(margin, boxes.MarginBox):
                continue
            for line in _lines(margin, boxes.LineBox):
                if getattr(line, "text_overflow", "clip") != "ellipsis":
                    continue
                texts = [b for b in line.descendants() if isinstance(b, boxes.TextBox)]
                # A head is one text box (a string() or counter() value); a line
                # of several would need the cut spread over them: left to Pango.
                if len(texts) == 1 and _cut(texts[0]):
                    line.text_overflow = "clip"
                    cut += 1
    return cut


def _lines(box: Any, line_type: type) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        if isinstance(child, line_type):
            yield child
        else:
            yield from _lines(child, line_type)


def _cut(text_box: Any) -> bool:
    """Set ``text_box``'s text to what Pango keeps of it plus "…"; False if nothing is cut."""
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    layout = text_box.pango_layout
    max_width = layout.max_width
    if max_width is None or text_box.style["white_space"] not in ("nowrap", "pre"):
        return False
    if text_box.width <= max_width:
        return False  # Pango ellipsizes only a line wider than its box
    # WeasyPrint keeps a laid-out box's Pango layout asleep until it draws it.
    layout.reactivate(text_box.style)
    try:
        pango.pango_layout_set_width(layout.layout, int(max_width * TO_UNITS))
        pango.pango_layout_set_ellipsize(layout.layout, pango.PANGO_ELLIPSIZE_END)
        line, _ = layout.get_first_line()
        # The ellipsis is a run of its own standing for the hidden end of the
        # text: the run that starts last (logically) is where the kept text stops.
        start = 0
        run = line.runs
        while run != ffi.NULL:
            start = max(start, run.data.item.offset)
            run = run.next
        kept = layout.text.encode()[:start].decode(errors="ignore")
    finally:
        layout.deactivate()
    if not kept:
        return False
    # Drawing wakes the layout with this text, unwrapped and unellipsized.
    layout.text = text_box.text = kept + ELLIPSIS
    return True
