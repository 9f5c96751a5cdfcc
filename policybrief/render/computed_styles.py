"""A shorter way to a computed value that no declaration of the element sets.

WeasyPrint 70 computes an element's style lazily: the first time layout or
drawing reads a property, ``ComputedStyle.__missing__`` works out its value,
going through every case a declared value can raise (custom properties,
logical properties, math functions, ``inherit``/``initial``, the special
cases of ``float``, ``display``, ``position``, ``page`` and text
decorations). On our pages about 45,000 values are computed per render of the
example brief, most of them for properties that no rule sets on the element,
whose value is simply the parent's (an inherited property) or the initial one.

While :func:`quick_computed_values` is active, such a property takes a short
path to the value WeasyPrint's own path gives: not declared on the element
(neither it nor a logical property that would stand for it), none of the
special cases above, and for an inherited property a parent's value with no
math function left in it; the initial value is computed with WeasyPrint's own
computer function where WeasyPrint computes it. Every other property takes
WeasyPrint's path. The PDF is byte-identical
(``tests/unit/render/test_computed_styles.py``).

This relies on WeasyPrint's internals (``weasyprint.css.ComputedStyle`` and
the property tables of ``weasyprint.css.properties`` and
``weasyprint.css.computed_values``, as of 70.0). Under any other version the
block leaves WeasyPrint alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from policybrief.render.patching import known_weasyprint, replaced

#: Properties whose computed value WeasyPrint works out in a way of its own.
_SPECIAL = frozenset({"float", "display", "position", "page"})


def applies() -> bool:
    """Whether the installed WeasyPrint is the one :func:`quick_computed_values` knows (70.0)."""
    import weasyprint.css

    return known_weasyprint((getattr(weasyprint.css, "ComputedStyle", None), "__missing__"))


@contextmanager
def quick_computed_values() -> Iterator[None]:
    """For the ``with`` block, compute undeclared properties by the short path.

    Only the worker's thread may render meanwhile (WeasyPrint's class is
    patched for the block). Under a WeasyPrint other than 70.0 it does nothing.
    """
    if not applies():
        yield
        return
    import weasyprint.css

    with replaced((weasyprint.css.ComputedStyle, "__missing__", _short_path)):
        yield


@functools.cache
def _short_path(original: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """``ComputedStyle.__missing__`` with the short path in front of ``original``."""
    from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
    from weasyprint.css.functions import check_math
    from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

    plain = frozenset(
        key
        for key in INITIAL_VALUES
        if key not in _SPECIAL and not key.startswith(("__", "text_decoration_"))
    )
    inherited = frozenset(INHERITED)
    not_computed = frozenset(INITIAL_NOT_COMPUTED)
    # A physical property reads the logical one that stands for it, in either direction.
    logical = {
        key: frozenset(function(block="ttb", inline=inline) for inline in ("ltr", "rtl"))
        for key, function in PHYSICAL_FUNCTIONS.items()
    }

    def __missing__(style: Any, key: str) -> Any:  # noqa: N807 (WeasyPrint's hook)
        cascaded = style.cascaded
        if key not in plain or key in cascaded:
            return original(style, key)
        stands_for = logical.get(key)
        if stands_for is not None and not stands_for.isdisjoint(cascaded):
            return original(style, key)
        if key in inherited:
            parent = style.parent_style
            if parent is None:
                return original(style, key)
            value = parent[key]
            if check_math(value):
                return original(style, key)
        else:
            value = INITIAL_VALUES[key]
            if key in not_computed and key in COMPUTER_FUNCTIONS:
                value = COMPUTER_FUNCTIONS[key](style, key, value)
        style[key] = value
        return value

    return __missing__
