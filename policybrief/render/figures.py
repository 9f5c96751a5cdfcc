"""Turn a Markdown image with a title into a numbered figure: "Figure 1. Title".

``![alt](assets/map.png "Regions of the north")`` becomes
``<figure class="exhibit exhibit-figure"><figcaption><span class="exhibit-label">
Figure 1.</span> Regions of the north</figcaption><img alt=…></figure>``: the
caption above, as over a table (render/exhibits.py). The number is literal text, not
a CSS counter, so screen readers, the PDF's text and a copy-paste all read it.
A figure is a block, so a paragraph around the image is split in two; an image
inside inline markup (a link, emphasis, a heading) stays an inline image.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

#: Elements whose content may be a figure: the image is wrapped where it stands.
_FLOW_PARENTS = frozenset({"li", "td", "th", "dd", "blockquote", "div"})


def make_figures(root: ET.Element, first: int) -> int:
    """Turn each titled image under ``root`` into a figure, numbered from ``first``.

    Images are numbered in document order; returns the next free number.
    """
    number = first
    skipped: set[int] = set()
    while True:
        found = _next_titled(root, skipped)
        if found is None:
            return number
        parent, img = found
        if parent.tag == "p":
            _split_paragraph(root, parent, img, _figure(img, number))
        elif parent.tag in _FLOW_PARENTS:
            index = list(parent).index(img)
            parent.remove(img)
            parent.insert(index, _figure(img, number))
        else:
            skipped.add(id(img))
            continue
        number += 1


def _walk(el: ET.Element) -> Iterator[tuple[ET.Element, ET.Element]]:
    """Every (parent, child) pair under ``el``, children in document order."""
    for child in el:
        yield el, child
        yield from _walk(child)


def _next_titled(root: ET.Element, skipped: set[int]) -> tuple[ET.Element, ET.Element] | None:
    """The first titled image (and its parent) not yet made a figure, in document order."""
    return next(
        (
            (parent, child)
            for parent, child in _walk(root)
            if child.tag == "img" and child.get("title") and id(child) not in skipped
        ),
        None,
    )


def _figure(img: ET.Element, number: int) -> ET.Element:
    """``img`` (its title moved into the caption) wrapped in a numbered figure."""
    title = img.attrib.pop("title", "")
    figure = ET.Element("figure", {"class": "exhibit exhibit-figure"})
    figure.tail, img.tail = img.tail, None
    caption = ET.SubElement(figure, "figcaption")
    label = ET.SubElement(caption, "span", {"class": "exhibit-label"})
    label.text = f"Figure {number}."
    label.tail = f" {title}"
    figure.append(img)
    return figure


def _split_paragraph(root: ET.Element, p: ET.Element, img: ET.Element, figure: ET.Element) -> None:
    """Put ``figure`` where ``img`` was, ending ``p`` before it and continuing it after."""
    holder = next(parent for parent, child in _walk(root) if child is p)
    children = list(p)
    after = ET.Element("p")
    after.text, figure.tail = figure.tail, "\n"
    for child in children[children.index(img) + 1 :]:
        p.remove(child)
        after.append(child)
    p.remove(img)
    # The spaces around the image belonged to the line, not to either paragraph.
    after.text = (after.text or "").lstrip() or None
    if len(p):
        p[-1].tail = (p[-1].tail or "").rstrip() or None
    else:
        p.text = (p.text or "").rstrip() or None
    tail, p.tail = p.tail, "\n"
    position = list(holder).index(p)
    holder.remove(p)
    # A paragraph left with nothing but spaces (the image stood alone) goes.
    kept = [el for el in (p, figure, after) if el is figure or _has_content(el)]
    for offset, el in enumerate(kept):
        holder.insert(position + offset, el)
    kept[-1].tail = tail


def _has_content(el: ET.Element) -> bool:
    return bool((el.text or "").strip()) or len(el) > 0
