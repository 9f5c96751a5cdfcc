"""What the pool says when a worker dies, hangs or cannot start (build/workers.py)."""

from __future__ import annotations

import pytest

from policybrief.build.options import MEMORY_LIMIT_ORIGINS, memory_limit_origin
from policybrief.build.workers import could_not_start, died, how_it_ended, stuck


@pytest.mark.parametrize(
    ("exitcode", "said"),
    [
        (1, "exit code 1"),
        (-9, "killed by SIGKILL, signal 9"),
        (-11, "killed by SIGSEGV, signal 11"),
        (-5, "killed by SIGTRAP, signal 5"),
        (-200, "killed by signal 200"),
        (None, "still running"),
    ],
)
def test_how_a_worker_ended_names_its_exit_code_or_signal(exitcode: int | None, said: str) -> None:
    assert how_it_ended(exitcode) == said


@pytest.mark.parametrize(
    ("limit", "setting", "origin"),
    [
        (2048, None, "the default"),
        (4096, None, "set by --memory-limit"),
        (768, 768, "set by memory_limit: in policybrief.yaml"),
        (3072, 768, "set by --memory-limit"),  # the flag wins over the setting
        (2048, 768, "set by --memory-limit"),  # the flag asked for the default's value
    ],
)
def test_the_memory_limit_names_where_it_was_set(
    limit: int, setting: int | None, origin: str
) -> None:
    assert memory_limit_origin(limit, setting) == origin
    assert origin in MEMORY_LIMIT_ORIGINS


def test_a_worker_out_of_memory_at_start_blames_the_limit_and_says_how_to_raise_it() -> None:
    result = could_not_start("b", "MemoryError", 768, "set by memory_limit: in policybrief.yaml")
    assert result.pdf is None
    assert result.code == "pdf-failed"
    assert result.error == (
        "the PDF worker could not start (MemoryError); the likely cause is its memory limit of "
        "768 MiB (set by memory_limit: in policybrief.yaml), too little to start the renderer"
    )
    assert result.hint == (
        "raise the limit: --memory-limit 4096 or memory_limit: 4096 (MiB) in policybrief.yaml"
    )


def test_another_start_failure_is_named_as_it_is_and_the_limit_as_less_likely() -> None:
    result = could_not_start(
        "b", "ImportError: no pango", 8192, "set by --memory-limit", memory=False
    )
    assert result.error == "the PDF worker could not start (ImportError: no pango)"
    assert result.hint is not None
    assert result.hint.startswith("check that WeasyPrint and its libraries (Pango) are installed")
    assert "8 GiB (set by --memory-limit) may be too little" in result.hint
    assert "--memory-limit 16384" in result.hint


def test_a_worker_that_died_rendering_names_how_and_the_memory_limit() -> None:
    result = died("b", -6, 2048, "the default")
    assert result.error == "its PDF worker died while rendering it (killed by SIGABRT, signal 6)"
    assert result.hint is not None
    assert "its memory limit is 2 GiB (the default)" in result.hint
    assert "report this with the brief's files" in result.hint


def test_a_killed_stuck_worker_is_a_time_limit() -> None:
    result = stuck("b")
    assert result.code == "time-limit"
    assert result.error is not None
    assert "stuck" in result.error
