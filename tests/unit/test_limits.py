"""Time limits in the build's own process, and one file's failure kept its own."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from policybrief import limits
from policybrief.errors import Diagnostics
from policybrief.limits import TimeLimitExceeded, file_guard, time_limit


def _spin() -> None:
    while True:  # stopped only by the time limit
        time.sleep(0.001)


def test_a_time_limit_interrupts_the_block() -> None:
    with pytest.raises(TimeLimitExceeded) as caught, time_limit(0.05):
        _spin()
    assert caught.value.seconds == pytest.approx(0.05)


def test_a_regular_expression_stuck_in_backtracking_is_interrupted() -> None:
    with pytest.raises(TimeLimitExceeded), time_limit(0.2):
        re.match(r"(a+)+$", "a" * 40 + "b")


def test_an_inner_limit_never_extends_an_outer_one() -> None:
    with pytest.raises(TimeLimitExceeded) as caught, time_limit(0.05), time_limit(100):
        _spin()
    assert caught.value.seconds < 1


def _inner_then_spin() -> None:
    with time_limit(50):
        pass
    _spin()


def test_the_outer_limit_holds_after_an_inner_one_ends() -> None:
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        _inner_then_spin()


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (None, "time-limit"),
        (RecursionError(), "nesting-limit"),
        (KeyError("x"), "internal-failure"),
    ],
)
def test_file_guard_makes_any_failure_an_error_at_the_file(
    monkeypatch: pytest.MonkeyPatch, error: BaseException | None, code: str
) -> None:
    monkeypatch.setattr(limits, "FILE_TIME_LIMIT", 0.05)
    diags = Diagnostics()
    with file_guard(Path("content/actors/a.yaml"), diags, "reading") as failed:
        if error is None:
            _spin()
        raise error
    assert failed == [True]
    assert [(str(d.path), d.code) for d in diags.items] == [("content/actors/a.yaml", code)]


def test_file_guard_lets_an_interrupt_through() -> None:
    with pytest.raises(KeyboardInterrupt), file_guard(Path("x"), Diagnostics(), "reading"):
        raise KeyboardInterrupt
