"""PDF files written with zlib's usual compression, and page references made once.

WeasyPrint writes its PDFs with pydyf, which compresses every stream at zlib's
level 9. On our PDFs that is 8 % of a render's CPU (PDF/UA's structure tree
is a thousand small objects, compressed together in object streams), for
files 2 to 4 % smaller than level 6, zlib's default and the level most PDF
writers use: level 9 searches much longer for matches that barely shorten
text. While :func:`pdf_writing` is active, pydyf compresses at level 6. The
PDFs differ in their compressed bytes only: every page, tag and font decodes
to the same content (``tests/unit/render/test_pdf_writing.py``). Measured:
docs/performance.md, "Cut: compression level and page references".

pydyf also rebuilds the list of every page's reference each time one is
asked for, and WeasyPrint asks once per tagged element and link, which grows
with the square of a brief's length (1.5 % of a 40-page render). The list is
made once per number of pages instead: the same bytes.

This relies on pydyf 0.13.0's internals (the ``zlib`` its module uses, and
``PDF.page_references``). Under any other version the block leaves pydyf alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from policybrief.render.patching import known_version, replaced

#: The pydyf whose internals this module was written against.
PYDYF_VERSION = "0.13.0"
#: zlib's default level: how compressed pydyf's streams are while the block is active.
LEVEL = 6


def applies() -> bool:
    """Whether the installed pydyf is the one :func:`pdf_writing` knows (0.13.0)."""
    import pydyf

    return (
        known_version("pydyf", PYDYF_VERSION)
        and isinstance(getattr(pydyf, "zlib", None), ModuleType)
        and isinstance(getattr(pydyf.PDF, "page_references", None), property)
    )


@contextmanager
def pdf_writing() -> Iterator[None]:
    """For the ``with`` block, pydyf compresses at :data:`LEVEL` and makes page references once.

    Only the worker's thread may write a PDF meanwhile (pydyf's module is
    patched for the block). Under a pydyf other than 0.13.0 it does nothing.
    """
    if not applies():
        yield
        return
    import pydyf

    with replaced(
        (pydyf, "zlib", lambda original: _Zlib(original)),
        (pydyf.PDF, "page_references", _once_per_page_count),
    ):
        yield


class _Zlib:
    """Stands in for ``zlib`` in pydyf's module: its streams are compressed at :data:`LEVEL`."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def compressobj(self, level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return self._module.compressobj(LEVEL, *args, **kwargs)

    def compress(self, data: bytes, level: int = -1) -> bytes:
        return self._module.compress(data, LEVEL)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


#: Per PDF: (its number of pages, their references).
_CACHE = "_policybrief_page_references"


def _once_per_page_count(original: property) -> property:
    """``PDF.page_references`` made again only when a page was added since the last call."""

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        pages = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get(_CACHE)
        if cached is None or cached[0] != pages:
            cached = (pages, original.__get__(pdf))
            pdf.__dict__[_CACHE] = cached
        return cached[1]

    return property(page_references)
