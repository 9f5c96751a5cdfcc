"""Replace parts of WeasyPrint for a ``with`` block, under the WeasyPrint they were written for.

The PDF worker's savings and fixes (:mod:`.relayout`, :mod:`.page_styles`,
:mod:`.computed_styles`, :mod:`.note_area`, :mod:`.ellipsis`,
:mod:`.svg_anchors`) rely on
WeasyPrint 70.0's internals. Each asks :func:`known_weasyprint` whether the
installed WeasyPrint is that one and has the functions it replaces, and, if
so, replaces them with :func:`replaced` for the render only.
:mod:`.pdf_writing` does the same with pydyf 0.13.0 (:func:`known_version`),
and :mod:`.webfonts` gives fontTools' WOFF2 writer its Brotli quality for
one call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: The WeasyPrint whose internals the patches were written against.
WEASYPRINT_VERSION = "70.0"


def known_weasyprint(*needed: tuple[object, str]) -> bool:
    """Whether WeasyPrint is :data:`WEASYPRINT_VERSION` and each ``(owner, name)`` is callable."""
    import weasyprint

    return weasyprint.__version__ == WEASYPRINT_VERSION and all(
        callable(getattr(owner, name, None)) for owner, name in needed
    )


def known_version(distribution: str, version: str) -> bool:
    """Whether the installed ``distribution`` (a PyPI name) is exactly ``version``."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed(distribution) == version
    except PackageNotFoundError:
        return False


@contextmanager
def replaced(*swaps: tuple[object, str, Callable[[Any], Any]]) -> Iterator[None]:
    """For the ``with`` block, each ``owner.name`` becomes ``wrap(owner.name)``.

    ``swaps`` are ``(owner, name, wrap)``: a module or class, the attribute's
    name, and a function of the original that gives its replacement. The
    originals are put back when the block ends, however it ends. Only one
    thread may render meanwhile: the owners are WeasyPrint's own.
    """
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in swaps]
    for (owner, name, original), (_, _, wrap) in zip(originals, swaps, strict=True):
        setattr(owner, name, wrap(original))
    try:
        yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
