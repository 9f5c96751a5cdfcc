"""The PDF worker's memory policy (render/heap.py) and its memory-limit message (render/pdf.py)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from policybrief.render import heap
from policybrief.render.heap import memory_message, pages_within
from policybrief.render.pdf import MEMORY_LIMIT
from tests.helpers import REPO


@pytest.fixture
def restore_collector() -> Iterator[None]:
    """Put the collector back as pytest had it: unfrozen, default thresholds, enabled."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    """Make two objects that only hold each other (garbage only a collection frees)."""
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_settle_freezes_what_is_alive_and_raises_the_thresholds(restore_collector: None) -> None:
    alive = [_Node() for _ in range(10)]
    heap.settle()
    assert gc.get_threshold() == heap.THRESHOLDS
    assert gc.get_freeze_count() >= len(alive)
    # Frozen objects are not walked: no collection lists them as tracked.
    assert all(id(a) not in {id(o) for o in gc.get_objects()} for a in alive)


def test_settle_collects_before_it_freezes(restore_collector: None) -> None:
    gc.disable()
    dead = _cycle()
    heap.settle()
    assert dead() is None, "a cycle frozen before it was collected would never be freed"


@pytest.mark.parametrize("first", [False, True])
def test_after_render_frees_the_documents_cycles(restore_collector: None, first: bool) -> None:
    gc.disable()  # no automatic collection: only after_render may free the cycle
    dead = _cycle()
    assert dead() is not None
    heap.after_render(first=first)
    assert dead() is None
    assert (gc.get_freeze_count() > 0) is first


def test_after_a_later_render_nothing_new_is_frozen(restore_collector: None) -> None:
    heap.settle()
    frozen = gc.get_freeze_count()
    kept = [_Node() for _ in range(100)]
    heap.after_render(first=False)
    assert gc.get_freeze_count() == frozen
    assert kept


def test_the_memory_message_names_the_limit_the_pages_and_how_to_raise_it() -> None:
    message = memory_message(MEMORY_LIMIT)
    assert "memory limit of 2 GiB" in message
    assert f"about {pages_within(MEMORY_LIMIT)} pages" in message
    assert "--memory-limit" in message
    assert "memory_limit:" in message
    assert "memory limit of 768 MiB" in memory_message(768 << 20)


def test_pages_within_grows_with_the_limit() -> None:
    assert pages_within(1 << 20) == 0
    assert 400 < pages_within(MEMORY_LIMIT) < pages_within(4 * MEMORY_LIMIT)
    assert pages_within(4 * MEMORY_LIMIT) > 3 * pages_within(MEMORY_LIMIT)


_RENDER_IN_PROCESS = """
import sys
from pathlib import Path
import weasyprint
import weasyprint.text.fonts
from policybrief.render import pdf
font = (Path(sys.argv[1]) / "templates/fonts/NotoSans-Regular.ttf").as_uri()
page = f"<style>@font-face {{ font-family: X; src: url({font}) }} p {{ font-family: X }}</style>"
weasyprint.HTML(string=page + "<p>a").render(font_config=pdf._font_config())
print(pdf._font_config()._folder)
# What interpreter teardown may do before the font configuration is freed:
# clear the module globals WeasyPrint's __del__ uses to remove its folder.
weasyprint.text.fonts.rmtree = None
"""


def test_a_process_that_renders_in_itself_leaves_no_font_folder_behind(tmp_path: Path) -> None:
    # The test suite and the benchmarks render in their own process; each run
    # left a copy of the theme's fonts (96 MB) in the temporary folder, and
    # "Exception ignored in FontConfiguration.__del__" on its error stream.
    done = subprocess.run(
        [sys.executable, "-c", _RENDER_IN_PROCESS, str(REPO)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip())
    assert folder.parent == tmp_path
    assert not folder.exists()
    assert "Exception ignored" not in done.stderr


def test_stale_temporary_folders_are_removed_but_never_through_a_link(tmp_path: Path) -> None:
    from policybrief.render.pdf import remove_stale_temporary_folders

    # A worker long gone left its folder; a running one (this process) keeps its own.
    state = tmp_path / "project" / ".policybrief"
    (state / "tmp" / "999999999").mkdir(parents=True)
    (state / "tmp" / str(os.getpid())).mkdir()
    remove_stale_temporary_folders(state / "tmp")
    assert sorted(p.name for p in (state / "tmp").iterdir()) == [str(os.getpid())]
    # A state folder restored from a poisoned cache: tmp is a link to folders of
    # numbers elsewhere, and a folder of numbers inside it links out too.
    victim = tmp_path / "victim"
    (victim / "2024").mkdir(parents=True)
    (victim / "2024" / "a.txt").write_text("precious", encoding="utf-8")
    (state / "tmp" / "999999998").symlink_to(victim / "2024")
    remove_stale_temporary_folders(state / "tmp")
    assert not (state / "tmp" / "999999998").is_symlink()
    assert (victim / "2024" / "a.txt").is_file()
    for entry in (state / "tmp").iterdir():
        entry.rmdir()
    (state / "tmp").rmdir()
    (state / "tmp").symlink_to(victim)
    remove_stale_temporary_folders(state / "tmp")
    assert not (state / "tmp").exists()
    assert (victim / "2024" / "a.txt").is_file()
