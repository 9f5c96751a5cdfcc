"""Theme stylesheets parsed once per PDF worker and reused by every brief that links them.

WeasyPrint parses every stylesheet a page links for each document: the print
stylesheet and what it imports cost 2-3 % of a render. A worker renders brief
after brief against one theme, so while a brief renders (:func:`reused`) a
theme stylesheet linked from the page is parsed once and the parsed sheet is
handed over again when a later brief links it.

It stays an author stylesheet in its place in the cascade. WeasyPrint's own
way to pass a parsed sheet (``render(stylesheets=...)``) makes it a *user*
stylesheet, which loses to presentational hints and to a template's own
``<style>`` whatever their specificity, so the output could change; instead
the one place WeasyPrint builds a linked sheet (``weasyprint.css.CSS``, called
by ``find_stylesheets``) is pointed at the cache for the render.

A parsed sheet depends on its URL, the media type, the font configuration it
registers ``@font-face`` rules in (one per worker) and what the fetcher serves:
the allowed folders and the fonts whose rules it leaves out (``skip_fonts``,
which differ from brief to brief), so all of these are the key. Its parse
also logs WeasyPrint's warnings and may have URLs refused, which belong to
each brief that links it: a reused sheet repeats them. A sheet whose parse
writes into the document's own tables (cascade layers, ``@counter-style``,
``@color-profile``) is parsed for every document, as WeasyPrint does.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from policybrief.render.fetcher import ConfinedFetcher

#: Parsed sheets a worker keeps: a few theme stylesheets for a few font choices.
CACHE_SIZE = 16


@dataclass(frozen=True)
class _Parsed:
    """One parsed stylesheet, with what its parse told the brief that asked first."""

    sheet: Any  # weasyprint.CSS
    #: WeasyPrint's log records of the parse: (level, message).
    logged: tuple[tuple[int, str], ...]
    #: URLs the fetcher refused during the parse.
    refused: tuple[str, ...]


#: Key -> parsed sheet, or None for a sheet that is parsed anew for each document.
_CACHE: OrderedDict[Hashable, _Parsed | None] = OrderedDict()


class _Record(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


@contextmanager
def reused(fetcher: ConfinedFetcher, theme_url: str) -> Iterator[None]:
    """For the ``with`` block, reuse the parsed stylesheets under ``theme_url`` (a ``file:``
    URL of the first theme folder, ending in ``/``) that a page links.

    ``fetcher`` is the brief's: parses fetch through it, and a reused sheet
    adds the URLs its parse had refused to its ``refused``. Only the worker's
    thread may render meanwhile (WeasyPrint's module is patched for the block).
    """
    import weasyprint.css

    original = weasyprint.css.CSS

    def build(*args: Any, **kwargs: Any) -> Any:
        url = kwargs.get("url")
        if (
            args
            or kwargs.get("matcher") is not None  # an @import inside a sheet being parsed
            or not isinstance(url, str)
            or not url.startswith(theme_url)
            or not url.endswith(".css")
        ):
            return original(*args, **kwargs)
        return _sheet(original, fetcher, kwargs)

    weasyprint.css.CSS = build
    try:
        yield
    finally:
        weasyprint.css.CSS = original


def _sheet(original: Callable[..., Any], fetcher: ConfinedFetcher, kwargs: dict[str, Any]) -> Any:
    """The parsed sheet for WeasyPrint's ``CSS(**kwargs)``: from the cache, else parsed now."""
    key = (
        kwargs["url"],
        kwargs.get("media_type"),
        id(kwargs.get("font_config")),
        fetcher.allowed,
        fetcher.skip_fonts,
    )
    if key in _CACHE:
        _CACHE.move_to_end(key)
        parsed = _CACHE[key]
        if parsed is None:
            return original(**kwargs)
        logger = logging.getLogger("weasyprint")
        for level, message in parsed.logged:
            logger.log(level, "%s", message)
        fetcher.refused.extend(parsed.refused)
        return parsed.sheet
    parsed = _parse(original, fetcher, kwargs)
    _CACHE[key] = parsed
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return original(**kwargs) if parsed is None else parsed.sheet


def _parse(
    original: Callable[..., Any], fetcher: ConfinedFetcher, kwargs: dict[str, Any]
) -> _Parsed | None:
    """Parse the sheet into tables of its own; None if it wrote to any (it is not reusable).

    The parse's warnings reach the brief that asked through WeasyPrint's
    logger as usual; they are recorded too, for the next briefs.
    """
    counters: dict[str, Any] = {}
    profiles: dict[str, Any] = {}
    own = {
        **kwargs,
        "page_rules": None,
        "layers": None,
        "counter_style": counters,
        "color_profiles": profiles,
    }
    record = _Record()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(record)
    refused = len(fetcher.refused)
    try:
        sheet = original(**own)
    finally:
        logger.removeHandler(record)
    if counters or profiles or sheet.layers:
        # Parsed once more by the caller, into the document's tables: drop this
        # parse's refusals so the brief does not get them twice.
        del fetcher.refused[refused:]
        return None
    return _Parsed(sheet, tuple(record.records), tuple(fetcher.refused[refused:]))
