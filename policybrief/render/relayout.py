"""Lay out the contents page twice, as its page numbers need, not three times.

A contents entry prints the page its section starts on with
``target-counter(attr(href), page)``. WeasyPrint 70 lays out every page once,
then again each page whose page-based content may have changed. Two faults in
how it decides make the contents page cost three layouts:

- It keeps, for each page-based content, which link targets it reads, so that
  a target laid out on a later page re-computes the content that reads it and
  marks that content's page for another layout. A target named by ``attr()``
  is filed under no name (``None``), so no target ever reaches the contents:
  its numbers are only re-computed when its own page's counters change.
- Those counters include the document's total, ``pages``, which is 0 while
  the pages are laid out the first time and the real total afterwards. That
  change is what, by chance, gets the contents' numbers re-computed: the
  second layout still prints "0" everywhere, the third the numbers.

While :func:`fewer_layouts` is active, before the first pass each such
content's targets are filed under the anchor names its ``attr()`` gives (the
name WeasyPrint itself looks the target up by), so the numbers are computed
as soon as their sections are laid out, and the second layout prints them;
between passes, the copies of page counters WeasyPrint compares are brought
up to the new total, as it does for the pages' own counters, wherever nothing
reads the total through them (a target no ``target-counter(..., pages)``
names, a content that prints no ``counter(pages)``). What such a content
prints cannot change with the total alone. Every other change goes to
WeasyPrint as ever, and a section that moves after the numbers are printed
now reaches the contents too.

This relies on WeasyPrint's internals (``weasyprint.layout.make_all_pages``
and the ``TargetCollector`` of ``weasyprint.css.targets``, as of 70.0). Under
any other version, or where those internals are not as expected, the block
leaves WeasyPrint alone: the output is the same, a layout is repeated.
``tests/integration/test_contents.py`` compares PDFs rendered with and
without it byte for byte and counts the layouts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from policybrief.render.patching import WEASYPRINT_VERSION, known_weasyprint, replaced

__all__ = ["WEASYPRINT_VERSION", "applies", "fewer_layouts"]

#: The counter WeasyPrint keeps the document's total page count in.
TOTAL = "pages"


def applies() -> bool:
    """Whether the installed WeasyPrint is the one :func:`fewer_layouts` knows (70.0)."""
    import weasyprint.css.targets
    import weasyprint.layout
    import weasyprint.urls

    return known_weasyprint(
        (weasyprint.layout, "make_all_pages"),
        (weasyprint.css.targets, "anchor_name_from_token"),
        (weasyprint.urls, "get_url_tuple"),
    )


@contextmanager
def fewer_layouts() -> Iterator[None]:
    """For the ``with`` block, lay out a page that prints page numbers twice, not three times.

    Its targets named by ``attr()`` are filed under their names before the
    first pass, and a change of the page total alone marks nothing for
    another layout (see the module's docstring).

    Only the worker's thread may render meanwhile (WeasyPrint's module is
    patched for the block). Under a WeasyPrint other than 70.0 it does nothing.
    """
    if not applies():
        yield
        return
    import weasyprint.layout

    with replaced((weasyprint.layout, "make_all_pages", _numbering_early)):
        yield


def _numbering_early(original: Any) -> Any:
    """WeasyPrint's ``make_all_pages`` with targets named first and totals brought up to date."""

    def make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Any:
        if pages:  # a pass after the first: the total is known
            _bring_totals_up_to_date(context)
        else:
            _name_targets(context)
        return original(context, root_box, html, pages)

    return make_all_pages


def _bring_totals_up_to_date(context: Any) -> None:
    """Give the copies of page counters that nothing reads the total of the pages' total."""
    try:
        total = context.page_maker[0][3][1][TOTAL]
        targets = context.target_collector.target_lookup_items
        lookups = context.target_collector.counter_lookup_items
    except (AttributeError, IndexError, KeyError, TypeError):
        return  # not the WeasyPrint this was written for: leave it alone
    if not (isinstance(total, list) and isinstance(targets, dict) and isinstance(lookups, dict)):
        return
    read: set[str] = set()  # targets whose total some content prints
    own: list[dict[str, Any]] = []  # the counters page-based contents were computed with
    for lookup in lookups.values():
        wanted = getattr(lookup, "missing_target_counters", None)
        mine = getattr(lookup, "missing_counters", None)
        counters = getattr(lookup, "cached_page_counter_values", None)
        if not (isinstance(wanted, dict) and mine is not None and isinstance(counters, dict)):
            return
        read.update(name for name, names in wanted.items() if TOTAL in names)
        if TOTAL not in mine:
            own.append(counters)
    for name, target in targets.items():
        counters = getattr(target, "cached_page_counter_values", None)
        if name not in read and isinstance(counters, dict):
            own.append(counters)
    for counters in own:
        if TOTAL in counters:
            counters[TOTAL] = list(total)


def _name_targets(context: Any) -> None:
    """File each page-based content's targets read through ``attr()`` under their names."""
    try:
        lookups = context.target_collector.counter_lookup_items
        targets = context.target_collector.target_lookup_items
    except AttributeError:
        return
    if not (isinstance(lookups, dict) and isinstance(targets, dict)):
        return
    for (box, css_token), lookup in lookups.items():
        wanted = getattr(lookup, "missing_target_counters", None)
        if css_token != "content" or not isinstance(wanted, dict) or None not in wanted:
            continue
        if TOTAL in wanted[None]:
            continue  # WeasyPrint 70 fails on such a content anyway: left as it is
        names = _attr_targets(box)
        if names and all(name in targets for name in names):
            counters = wanted.pop(None)
            for name in names:
                wanted.setdefault(name, counters)


def _attr_targets(box: Any) -> list[str]:
    """The anchor names the ``target-counter(attr(...))`` of ``box``'s content point to.

    Empty if any is not an internal link, or the content is not as expected.
    """
    from weasyprint.css.targets import anchor_name_from_token
    from weasyprint.urls import get_url_tuple

    names: list[str] = []
    try:
        for kind, value in box.style["content"]:
            if kind not in ("target-counter()", "target-counters()"):
                continue
            token = value[0]
            if token[0] != "attr()":
                continue
            attr_name, attr_type, fallback = token[1]
            attr_value = box.element.get(attr_name, fallback)
            if attr_type == "string":
                token = ("string", attr_value)
            elif attr_type == "url":
                token = ("url", get_url_tuple(attr_value, box.style.base_url))
            else:
                return []
            name = anchor_name_from_token(token)
            if not isinstance(name, str):
                return []
            names.append(name)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return []
    return names
