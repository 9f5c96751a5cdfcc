"""The settings' numbers: every error's hint names the unit and shows a line to write."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from policybrief.content.numbers import Jobs, MemoryLimit, Seconds


def _error(kind: Any, value: Any) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    err = caught.value.errors()[0]
    return err["type"], err["ctx"]["hint"]


@pytest.mark.parametrize(
    ("value", "meant"),
    [("2GiB", 2048), ("1.5G", 1536), ("3000 MiB", 3000), ("4 gb", 4096), ("1TiB", 1 << 20)],
)
def test_a_memory_limit_with_a_unit_is_turned_into_mib_in_the_hint(value: str, meant: int) -> None:
    kind, hint = _error(MemoryLimit, value)
    assert kind == "integer"
    assert hint == f"memory_limit counts MiB: for {value} write memory_limit: {meant}"


@pytest.mark.parametrize("value", ["2.5", "lots", "-1", "true", True, 2.5, "1e3", ["1"], "100MiB"])
def test_any_other_memory_limit_gets_the_unit_and_an_example(value: Any) -> None:
    kind, hint = _error(MemoryLimit, value)
    assert kind == "integer"
    assert hint == "memory_limit counts MiB, in digits: such as memory_limit: 4096 (4 GiB)"


@pytest.mark.parametrize(
    ("value", "kind", "hint"),
    [
        ("64", "greater_than_equal", "memory_limit counts MiB, at least 512: such as"),
        (2, "greater_than_equal", "memory_limit counts MiB, at least 512: such as"),
        ("2000000", "less_than_equal", "memory_limit counts MiB, at most 1048576 (1 TiB): such"),
    ],
)
def test_a_memory_limit_out_of_range_says_the_range_in_mib(
    value: Any, kind: str, hint: str
) -> None:
    got_kind, got_hint = _error(MemoryLimit, value)
    assert got_kind == kind
    assert got_hint.startswith(hint)
    assert got_hint.endswith("memory_limit: 4096 (4 GiB)")


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("5m", "timeout counts seconds: for 5m write timeout: 300"),
        ("90s", "timeout counts seconds: for 90s write timeout: 90"),
        ("2 hours", "timeout counts seconds: for 2 hours write timeout: 7200"),
        ("2.5", "timeout counts seconds, in digits: such as timeout: 300 (5 minutes)"),
        ("0", "timeout counts seconds, at least 1: such as timeout: 300 (5 minutes)"),
    ],
)
def test_a_timeout_hint_counts_seconds(value: str, hint: str) -> None:
    assert _error(Seconds, value)[1] == hint


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("many", "jobs counts PDF workers, in digits: such as jobs: 4"),
        ("1.5", "jobs counts PDF workers, in digits: such as jobs: 4"),
        ("0", "jobs counts PDF workers, at least 1: such as jobs: 4"),
    ],
)
def test_a_jobs_hint_counts_workers(value: str, hint: str) -> None:
    assert _error(Jobs, value)[1] == hint


@pytest.mark.parametrize(("kind", "value"), [(Jobs, " 4 "), (Seconds, 300), (MemoryLimit, "4096")])
def test_whole_numbers_in_range_pass_as_ints(kind: Any, value: Any) -> None:
    assert TypeAdapter(kind).validate_python(value) == int(value)
