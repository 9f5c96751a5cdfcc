"""Atomic output writes: whole files or none, no leftovers, unchanged files left alone."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from policybrief.build.write import copy_atomic, write_atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file_and_its_folders(tmp_path: Path) -> None:
    target = tmp_path / "out/brief/index.html"
    assert write_atomic(target, b"<p>one</p>") is True
    assert target.read_bytes() == b"<p>one</p>"
    assert leftovers(target.parent) == []


def test_a_written_file_is_readable_by_everyone(tmp_path: Path) -> None:
    """mkstemp creates 0600 files; published output must be readable by the web server."""
    target = tmp_path / "index.html"
    write_atomic(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_identical_content_is_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    write_atomic(target, b"same")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    inode = target.stat().st_ino
    assert write_atomic(target, b"same") is False
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert target.stat().st_ino == inode


def test_different_content_of_the_same_size_is_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    write_atomic(target, b"abcd")
    assert write_atomic(target, b"abce") is True
    assert target.read_bytes() == b"abce"


def test_a_reader_of_the_old_file_keeps_the_whole_old_file(tmp_path: Path) -> None:
    """The new content arrives by rename: an open reader is never cut off mid-file."""
    target = tmp_path / "brief.pdf"
    old = b"old " * 50_000
    write_atomic(target, old)
    with target.open("rb") as reader:
        head = reader.read(10)
        write_atomic(target, b"new")
        assert head + reader.read() == old
    assert target.read_bytes() == b"new"


def test_concurrent_readers_never_see_part_of_a_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    versions = (b"a" * 300_000, b"b" * 200_000)
    write_atomic(target, versions[0])
    seen: set[bytes] = set()
    done = threading.Event()

    def read_until_done() -> None:
        while not done.is_set():
            seen.add(target.read_bytes())

    reader = threading.Thread(target=read_until_done)
    reader.start()
    try:
        for i in range(200):
            write_atomic(target, versions[i % 2])
    finally:
        done.set()
        reader.join(timeout=30)
    assert seen <= set(versions)
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    write_atomic(target, b"good")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"good"
    assert leftovers(tmp_path) == []


def test_a_failed_rename_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    target.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(IsADirectoryError):
        write_atomic(target, b"data")
    assert target.is_dir()
    assert leftovers(tmp_path) == []


def test_an_interrupted_write_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or SIGTERM, which the CLI turns into one) cleans up too.

    No real file can interrupt a write, so the rename is replaced by one that is
    interrupted just before it happens.
    """

    def interrupted(src: str, dst: Path) -> None:
        assert Path(src).parent == dst.parent  # same folder: the real rename is atomic
        raise KeyboardInterrupt

    target = tmp_path / "index.html"
    write_atomic(target, b"good")
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"good"
    assert leftovers(tmp_path) == []


def test_copy_atomic_copies_when_the_bytes_differ(tmp_path: Path) -> None:
    source = tmp_path / "map.png"
    source.write_bytes(b"\x89PNG one")
    target = tmp_path / "out/assets/map.png"
    assert copy_atomic(source, target) is True
    assert target.read_bytes() == b"\x89PNG one"
    assert copy_atomic(source, target) is False
    source.write_bytes(b"\x89PNG two")
    assert copy_atomic(source, target) is True
    assert target.read_bytes() == b"\x89PNG two"
