"""Why the PDF renderer stopped drawing an SVG part way, for the message at the image.

WeasyPrint 70 draws an SVG element by element and, at the first value it
cannot read (a ``calc()`` font size, a colour function it does not know),
raises, logs "Failed to render SVG image URL" and keeps what it had drawn: the
figure prints cut short. The reason goes to its debug log only. While
:func:`svg_failures` is active, each failed drawing's reason is kept by its URL
so the build can say at the image what stopped it (``build/problems.py``).

This relies on WeasyPrint 70.0's ``SVG.draw`` (its fourth argument is the
drawing's URL). Under any other version the block notes nothing and the
message names no reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from policybrief.render.patching import known_weasyprint, replaced

#: How much of an exception's message a reason keeps.
_MAX_REASON = 160


def applies() -> bool:
    """Whether the installed WeasyPrint is the one :func:`svg_failures` knows (70.0)."""
    from weasyprint.svg import SVG

    return known_weasyprint((SVG, "draw"))


@contextmanager
def svg_failures() -> Iterator[dict[str, str]]:
    """For the ``with`` block, a dict that gathers each failed SVG's URL and the reason.

    The reason is the exception's type and message, at most 160 characters.
    Only one thread may draw meanwhile (WeasyPrint's ``SVG`` class is patched).
    """
    reasons: dict[str, str] = {}
    if not applies():
        yield reasons
        return
    from weasyprint.svg import SVG

    def noting(original: Callable[..., Any]) -> Callable[..., Any]:
        def draw(svg: Any, stream: Any, width: Any, height: Any, base_url: Any, *rest: Any) -> Any:
            try:
                return original(svg, stream, width, height, base_url, *rest)
            except Exception as exc:
                reasons.setdefault(str(base_url), reason(exc))
                raise

        return draw

    with replaced((SVG, "draw", noting)):
        yield reasons


def reason(exc: BaseException) -> str:
    """``exc`` as one short line: its type and message."""
    words = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {words}" if words else type(exc).__name__
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"
