"""Page styles computed once per set of matching ``@page`` rules, not once per
page.

WeasyPrint 70 names each page by a page type (side, blank, name, groups and
the page's index, for ``:nth()`` selectors), and before laying a page out it
cascades the ``@page`` rules that match that type and creates a new computed
style for the page and for each of its margin boxes and areas (19 on our
pages), whose properties are then computed one by one as layout reads them.
Since the index is part of the type, no two pages share one: the example
brief's 11 pages, and the contents page laid out again, create 209 page
styles, about 30 % of all computed styles of a render.

A page style is computed from the ``@page`` declarations cascaded for it and
from the root element's style, and, for viewport units (``vw``, ``vh``), from
the first page's size, which WeasyPrint sets while it lays out the first page
(the first page's own styles resolve them against A4). So two page types whose
cascaded declarations are the same objects with the same weights compute to
the same values once the first page's size is known. While
:func:`shared_page_styles` is active, a page type whose cascaded declarations
equal an earlier page type's of the same render reuses that type's computed
styles (WeasyPrint itself shares the computed style of elements the same way);
styles created before the first page's size was set are never reused. The PDF
is byte-identical (``tests/unit/render/test_page_styles.py`` compares renders
with and without it); what is saved is about 1.5 % of a render's instructions
(docs/performance.md, "What a page costs").

This relies on WeasyPrint's internals (``weasyprint.layout.page``'s
``set_page_type_computed_styles`` and ``StyleFor``'s cascaded and computed
style dictionaries, as of 70.0). Under any other version the block leaves
WeasyPrint alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from policybrief.render.patching import known_weasyprint, replaced


def applies() -> bool:
    """Whether the installed WeasyPrint is the one :func:`shared_page_styles` knows (70.0)."""
    import weasyprint.layout.page

    return known_weasyprint((weasyprint.layout.page, "set_page_type_computed_styles"))


@contextmanager
def shared_page_styles() -> Iterator[None]:
    """For the ``with`` block, compute each distinct set of page styles once per render.

    Only the worker's thread may render meanwhile (WeasyPrint's module is
    patched for the block). Under a WeasyPrint other than 70.0 it does nothing.
    """
    if not applies():
        yield
        return
    import weasyprint.layout.page

    def sharing(original: Any) -> Any:
        def set_page_type_computed_styles(page_type: Any, html: Any, style_for: Any) -> None:
            if not _reuse(page_type, html, style_for):
                original(page_type, html, style_for)

        return set_page_type_computed_styles

    with replaced((weasyprint.layout.page, "set_page_type_computed_styles", sharing)):
        yield


#: Per render (``StyleFor``): cascaded declarations -> the first page type that had them.
_SEEN = "_policybrief_page_types"


def _reuse(page_type: Any, html: Any, style_for: Any) -> bool:
    """Give ``page_type`` an earlier equivalent type's computed styles; whether it could.

    Cascades ``page_type``'s ``@page`` declarations as WeasyPrint does. When
    an earlier page type of this render had the same declarations, its
    computed styles are filed under ``page_type`` too and True is returned;
    otherwise False, and WeasyPrint computes them (after which they can be
    shared).
    """
    try:
        cascaded = style_for.get_cascaded_styles()
        computed = style_for.get_computed_styles()
        seen = style_for.__dict__.setdefault(_SEEN, {})
    except AttributeError:
        return False
    if not (isinstance(cascaded, dict) and isinstance(computed, dict)):
        return False
    style_for.add_page_declarations(page_type)
    key = _declarations_key(page_type, cascaded)
    earlier = seen.get(key)
    if earlier is None or earlier == page_type:
        if _page_size_known(style_for):
            seen[key] = page_type
        # WeasyPrint adds the declarations again: the same weights, so the same result.
        return False
    pseudo_types = {None, *(pseudo_type for pseudo_type, _ in key)}
    if any((earlier, pseudo_type) not in computed for pseudo_type in pseudo_types):
        return False
    for pseudo_type in pseudo_types:
        computed[page_type, pseudo_type] = computed[earlier, pseudo_type]
    return True


def _page_size_known(style_for: Any) -> bool:
    """Whether the first page's size is set, which viewport units (``vw``) are resolved
    against. Styles created before it (the first page's) computed such units against
    A4 and so are never shared: the next page's are."""
    sizes = getattr(style_for, "initial_page_sizes", None)
    return isinstance(sizes, dict) and sizes.get("area") is not None


def _declarations_key(page_type: Any, cascaded: dict[Any, Any]) -> tuple[Any, ...]:
    """``page_type``'s cascaded declarations, by pseudo-type, as a hashable key.

    A declaration is its property name, its parsed value (by identity: the
    stylesheet's own object, the same for every page) and its weight.
    """
    key = []
    for (element, pseudo_type), declarations in cascaded.items():
        if element == page_type:
            key.append(
                (
                    pseudo_type,
                    tuple(
                        (name, id(value), repr(weight))
                        for name, (value, weight) in sorted(declarations.items())
                    ),
                )
            )
    key.sort(key=lambda item: item[0] or "")
    return tuple(key)
