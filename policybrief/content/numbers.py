"""The settings' numbers (``jobs``, ``timeout``, ``memory_limit``): whole, in range, in their unit.

Each is checked before pydantic sees it, so that every error's hint names the
field's unit and shows a line to write (``memory_limit: 4096``), not a bare
"such as 2". A value written with a unit (``memory_limit: 2GiB``,
``timeout: 5m``) is converted in the hint into the number to write. The
``Field`` bounds stay for the editors' JSON Schema; the errors raised here
carry the same types pydantic's own would (``integer``,
``greater_than_equal``, ``less_than_equal``), so their codes and positions are
reported alike (:mod:`policybrief.content.fields`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

#: A number and a unit, as people write sizes and durations: ``2GiB``, ``1.5 G``, ``90s``.
_WITH_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_MIB = {"m": 1, "mb": 1, "mib": 1, "g": 1024, "gb": 1024, "gib": 1024, "t": 1 << 20, "tib": 1 << 20}
_SECONDS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60}
_SECONDS |= {"mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hour": 3600, "hours": 3600}


def _converted(text: str, units: dict[str, int]) -> int | None:
    """``text`` as a whole number of the field's unit, if it is a number with a known unit."""
    m = _WITH_UNIT.fullmatch(text.strip().lower())
    if m is None or m.group(2) not in units:
        return None
    return round(float(m.group(1)) * units[m.group(2)])


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def whole_number(
    field: str,
    unit: str,
    example: str,
    low: int,
    high: int | None = None,
    units: dict[str, int] | None = None,
) -> Callable[[Any], Any]:
    """A before-validator for the whole-number setting ``field``, counted in ``unit``.

    ``example`` is a sensible value with a gloss (``4096 (4 GiB)``); ``low``
    and ``high`` bound it; ``units`` maps unit names written after a number to
    multiples of ``unit``, for the hint of a value written with one. Returns
    the value as an int.
    """
    such_as = f"such as {field}: {example}"
    top = f"at most {high}{' (1 TiB)' if units is not None and high == 1 << 20 else ''}"

    def check(value: Any) -> Any:
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, int) and not isinstance(text, bool):
            number = text
        elif isinstance(text, str) and re.fullmatch(r"[0-9]+", text):
            number = int(text)
        else:
            meant = _converted(text, units) if units and isinstance(text, str) else None
            fits = meant is not None and low <= meant <= (high or meant)
            hint = (
                f"{field} counts {unit}: for {text} write {field}: {meant}"
                if fits
                else f"{field} counts {unit}, in digits: {such_as}"
            )
            raise PydanticCustomError(
                "integer", "{shown} is not a whole number", {"shown": _shown(value), "hint": hint}
            )
        if number < low:
            hint = f"{field} counts {unit}, at least {low}: {such_as}"
            raise PydanticCustomError("greater_than_equal", "below {ge}", {"ge": low, "hint": hint})
        if high is not None and number > high:
            hint = f"{field} counts {unit}, {top}: {such_as}"
            raise PydanticCustomError("less_than_equal", "above {le}", {"le": high, "hint": hint})
        return number

    return check


#: PDF worker processes (``jobs:``).
Jobs = Annotated[int, BeforeValidator(whole_number("jobs", "PDF workers", "4", 1)), Field(ge=1)]
#: Seconds one brief may take to render (``timeout:``).
Seconds = Annotated[
    int,
    BeforeValidator(whole_number("timeout", "seconds", "300 (5 minutes)", 1, None, _SECONDS)),
    Field(ge=1),
]
#: MiB a PDF worker may use: from what one needs to start to 1 TiB (build.options).
MemoryLimit = Annotated[
    int,
    BeforeValidator(whole_number("memory_limit", "MiB", "4096 (4 GiB)", 512, 1 << 20, _MIB)),
    Field(ge=512, le=1 << 20),
]
