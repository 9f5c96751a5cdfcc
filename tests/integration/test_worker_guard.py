"""A PDF worker that hangs, dies or cannot start fails its brief alone, and says why.

The workers are real, with one fault injected (tests/workers.py): stuck in a
blocking read with every signal held (so the render's own time limit never
fires, as in a worker blocked on a lock in Pango), exiting, or killed. Each
build runs in a child process, so that a pool that never kills a stuck worker
fails the test (the safety timeout) instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import (
    REPO,
    VALID,
    child_processes,
    descendant_processes,
    edit_file,
    process_alive,
    run_build,
    wait_until,
    write_files,
)
from tests.workers import STUCK

OTHER = "title: Other\ndate: 2025-12-02\nsummary: Hi.\nsections:\n  - analysis: background\n"
ENV = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1764547200"}
#: Seconds before a build that should have ended is deemed hung: a safety net, not a measure.
HUNG = 300


def _command(root: Path, render: str, *args: str, margin: float = 0.2) -> list[str]:
    build = ["build", "--root", str(root), "--format", "text", *args]
    return [sys.executable, "-m", "tests.workers", render, str(margin), *build]


def _build(root: Path, render: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Build ``root`` with the PDF workers behaving as ``render`` says (tests/workers.py)."""
    return subprocess.run(
        _command(root, render, *args), env=ENV, capture_output=True, text=True, timeout=HUNG
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _built_once(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A project of two briefs built cleanly, then test-brief edited: its last good files."""
    root = tmp_path / "project"
    shutil.copytree(VALID, root)
    write_files(root, {"briefs/other.yaml": OTHER})
    run = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--jobs", "2"],
        env=ENV,
        capture_output=True,
        timeout=HUNG,
    )
    assert run.returncode == 0, run.stderr.decode()
    good = {k: v for k, v in _tree(root / "output").items() if k.startswith("test-brief/")}
    edit_file(root, "briefs/test-brief.yaml", "title: A test brief", "title: A new edition")
    edit_file(root, "briefs/other.yaml", "title: Other", "title: Other, again")
    return root, good


def _assert_failed_alone(root: Path, good: dict[str, bytes], err: str) -> None:
    """test-brief kept its last good files; other was built anew; nothing left behind."""
    now = {k: v for k, v in _tree(root / "output").items() if k.startswith("test-brief/")}
    assert now == good
    assert "Other, again" in (root / "output/other/index.html").read_text()
    assert (root / "output/other/other.pdf").read_bytes()[:5] == b"%PDF-"
    assert "failed 1" in err
    assert list((root / ".policybrief" / "tmp").iterdir()) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_worker_stuck_in_c_is_killed_and_its_brief_fails_alone(tmp_path: Path, jobs: str) -> None:
    root, good = _built_once(tmp_path)
    # One job: the other brief can only be built by the worker started in the stuck one's place.
    # The time limit is every brief's: long enough for the other brief on a loaded machine.
    build = subprocess.Popen(
        _command(root, "stuck", "--jobs", jobs, "--timeout", "20"),
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = build.communicate(timeout=HUNG)
    assert build.returncode == 1, err
    assert STUCK in err
    assert (
        "briefs/test-brief.yaml:1:1: error: rendering this brief took longer than 20 s, its time "
        "limit: its PDF worker was stuck in the renderer and did not stop, so it was killed"
    ) in err
    assert "--timeout SECONDS or timeout: SECONDS in policybrief.yaml" in err
    _assert_failed_alone(root, good, out + err)
    assert child_processes(build.pid) == []


@pytest.mark.parametrize("jobs", ["1", "2"])  # spawned by the pool; forked by its zygote
@pytest.mark.parametrize(
    ("render", "how"), [("exits", "exit code 3"), ("killed", "killed by SIGKILL, signal 9")]
)
def test_a_worker_that_dies_fails_only_the_brief_it_was_rendering(
    tmp_path: Path, render: str, how: str, jobs: str
) -> None:
    root, good = _built_once(tmp_path)
    run = _build(root, render, "--jobs", jobs)
    assert run.returncode == 1, run.stderr
    assert (
        f"briefs/test-brief.yaml:1:1: error: PDF rendering failed: its PDF worker died while "
        f"rendering it ({how})"
    ) in run.stderr
    # The memory limit is a possible cause: named with where it was set, and how to raise it.
    assert (
        "its memory limit is 2 GiB (the default); raise it with --memory-limit 4096 or "
        "memory_limit: 4096 (MiB) in policybrief.yaml"
    ) in run.stderr
    _assert_failed_alone(root, good, run.stdout + run.stderr)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_or_sigterm_stops_a_build_whose_worker_is_stuck(
    tmp_path: Path, signum: int, exit_code: int
) -> None:
    root, good = _built_once(tmp_path)
    build = subprocess.Popen(
        # A margin far longer than the test: only the interruption can end this build.
        _command(root, "stuck", "--jobs", "2", margin=3600),
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert build.stderr is not None
        wait_until(lambda: STUCK in build.stderr.readline(), timeout=HUNG, what="a stuck worker")
        workers = descendant_processes(build.pid, b"spawn_main")  # forked ones too
        assert len(workers) >= 2
        build.send_signal(signum)
        _, err = build.communicate(timeout=HUNG)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert build.returncode == exit_code, err
    assert "interrupted" in err
    assert "Traceback" not in err
    wait_until(lambda: not any(process_alive(p) for p in workers), what="the workers to end")
    now = {k: v for k, v in _tree(root / "output").items() if k.startswith("test-brief/")}
    assert now == good
    assert list((root / ".policybrief" / "tmp").iterdir()) == []
    # The state was not saved as complete: the next build renders the edited briefs.
    run = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--jobs", "2"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=HUNG,
    )
    assert run.returncode == 0, run.stderr
    assert "A new edition" in (root / "output/test-brief/index.html").read_text()
    assert "Other, again" in (root / "output/other/index.html").read_text()


def test_a_zygote_that_dies_at_start_is_one_failure_and_spawned_workers_build(
    tmp_path: Path,
) -> None:
    root, _good = _built_once(tmp_path)
    run = _build(root, "zygote-killed", "--jobs", "2")
    # Not every brief failed for one dead process: both built, by workers spawned instead.
    assert run.returncode == 0, run.stderr
    assert "built 2, skipped 0, failed 0" in run.stdout + run.stderr
    assert "A new edition" in (root / "output/test-brief/index.html").read_text()
    assert list((root / ".policybrief" / "tmp").glob("*")) == []


def test_a_ctrl_c_reaching_the_zygote_as_it_starts_prints_no_traceback(tmp_path: Path) -> None:
    root, _good = _built_once(tmp_path)
    run = _build(root, "zygote-sigint", "--jobs", "2")
    # It starts with SIGINT blocked (the build decides about Ctrl-C), then ignores it.
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "KeyboardInterrupt" not in run.stderr
    assert "built 2, skipped 0, failed 0" in run.stdout + run.stderr


def test_a_worker_that_hangs_at_start_is_killed_and_the_memory_limit_named(
    tmp_path: Path,
) -> None:
    root, good = _built_once(tmp_path)
    run = _build(root, "frozen", "--jobs", "2", "--memory-limit", "3GiB")
    assert run.returncode == 1, run.stderr
    for brief in ("test-brief", "other"):
        assert (
            f"briefs/{brief}.yaml:1:1: error: PDF rendering failed: the PDF worker could not "
            "start (it did not get ready within 1 s); the likely cause is its memory limit of "
            "3 GiB (set by --memory-limit), too little to start the renderer"
        ) in run.stderr
    assert "hint: raise the limit: --memory-limit 6144 or memory_limit: 6144" in run.stderr
    assert "failed 2" in run.stderr
    now = {k: v for k, v in _tree(root / "output").items() if k.startswith("test-brief/")}
    assert now == good
    assert list((root / ".policybrief" / "tmp").iterdir()) == []


def test_a_worker_out_of_memory_at_start_names_the_limit_and_where_it_was_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the range the build accepts (512 MiB), a worker fails as it imports WeasyPrint."""
    from policybrief.build import options
    from policybrief.cli import build

    for module in (options, build):
        monkeypatch.setattr(module, "MEMORY_LIMIT_RANGE", (1, 1 << 20))
    root = tmp_path / "project"
    shutil.copytree(VALID, root)
    write_files(root, {"briefs/other.yaml": OTHER})
    run = run_build(root, "--memory-limit", "64")
    assert run.code == 1, run.err
    for brief in ("test-brief", "other"):
        assert (
            f"briefs/{brief}.yaml:1:1: error: PDF rendering failed: the PDF worker could not "
            "start (MemoryError); the likely cause is its memory limit of 64 MiB (set by "
            "--memory-limit), too little to start the renderer"
        ) in run.err
    assert "Traceback" not in run.err
    assert child_processes(os.getpid(), b"spawn_main") == []
    # No worker got as far as its temporary folder (the zygote failed first), or it is gone.
    assert list((root / ".policybrief" / "tmp").glob("*")) == []
