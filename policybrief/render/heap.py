"""The PDF worker's garbage-collection policy: collect between renders, rarely during one.

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
policy's (docs/performance.md, "The PDF workers: memory and reuse").
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
