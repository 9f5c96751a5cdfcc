"""The PDF worker's memory: collect between renders, rarely during one; what its limit allows.

CPython's cyclic collector runs a young collection every 700 allocations
and, now and then, a full one that walks every object the process holds. A
WeasyPrint render allocates millions of objects and keeps the whole document
alive until it is written, so the full collections walk an ever larger live
heap and find little to free: 14 % of a 9-page render and 24 % of a 120-page
one went to the collector. A worker instead

- freezes what it holds once it is warm (WeasyPrint's modules, the fonts,
  the parsed theme stylesheets), so no collection walks those again;
- collects young objects far less often during a render (:data:`THRESHOLDS`):
  short-lived cycles are still freed, in batches;
- collects fully once after each render, when the document is garbage,
  so memory between two renders is what the worker holds and no more.

The peak memory of a render stays within a few per cent of the default
policy's (docs/performance.md, "The PDF workers: memory and reuse"). That
peak grows with the brief's pages, and a worker's memory limit (address space,
``build --memory-limit``) bounds it: :func:`memory_message` says where.
"""

from __future__ import annotations

import atexit
import gc

#: The collector's thresholds in a worker (CPython's defaults: 700, 10, 10):
#: a young collection every 50,000 allocations, a middle one every 20 young
#: ones, and a full one only after 100 middle ones (besides the one after
#: each render).
THRESHOLDS = (50_000, 20, 100)


def settle() -> None:
    """Apply the worker's policy: collect, freeze what survives, raise the thresholds.

    Called once the worker is warm (WeasyPrint imported, fonts loaded) and
    again after its first render, which imports and caches what only a render
    needs. What is frozen is never collected, so this is called only when
    everything alive belongs to the worker, not to a document. At exit the
    heap is unfrozen, so the interpreter tears it down as it would have:
    frozen, WeasyPrint's font configuration outlived the modules its
    finaliser needs and printed "Exception ignored" as the worker ended.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    atexit.unregister(gc.unfreeze)  # once, however often the heap settles
    atexit.register(gc.unfreeze)


def after_render(first: bool) -> None:
    """Free the finished document's cycles now; after the worker's ``first`` render, settle."""
    if first:
        settle()
    else:
        gc.collect()


#: A render's peak address space is about a fixed part (the warm worker's 150 MB,
#: fonts, the allocator's reserved blocks) and a part per page, fitted to briefs
#: of 75 to 374 pages (docs/performance.md, "The PDF workers: memory and reuse").
ADDRESS_SPACE_FIXED = 270 * 1024**2
ADDRESS_SPACE_PER_PAGE = 2.5 * 1024**2


def pages_within(limit: int) -> int:
    """About how many pages a brief may print to in a worker limited to ``limit`` bytes."""
    return max(0, int((limit - ADDRESS_SPACE_FIXED) / ADDRESS_SPACE_PER_PAGE))


def size_text(limit: int) -> str:
    """A memory limit of ``limit`` bytes as a writer reads it: ``2 GiB``, ``768 MiB``."""
    return f"{limit / 1024**3:g} GiB" if limit % 1024**3 == 0 else f"{limit // 1024**2} MiB"


def memory_message(limit: int) -> str:
    """Why a render failed in a worker limited to ``limit`` bytes, and what to do about it."""
    return (
        f"rendering reached the PDF worker's memory limit of {size_text(limit)}, enough for "
        f"briefs of about {pages_within(limit)} pages; raise it with --memory-limit or "
        "memory_limit: in policybrief.yaml, or look for a very large table or image"
    )
