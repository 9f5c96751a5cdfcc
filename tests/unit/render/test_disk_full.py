"""A full disk is said as such: the render's working folder and what to do, not an errno."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import make_project_at

ROOT = Path(__file__).resolve().parents[3]


def test_a_full_disk_names_the_folder_and_says_to_free_space(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The build said "PDF rendering failed: OSError: [Errno 28] No space left on
    # device", naming no folder, as if it were a bug.
    import weasyprint.document

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from warm_render import load_job  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from policybrief.render.pdf import render_pdf

    def full(*args: Any, **kwargs: Any) -> bytes:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setenv("FONTCONFIG_FILE", os.environ.get("FONTCONFIG_FILE", ""))
    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", full)
    # A copy: loading a job writes the project's font configuration into it.
    root = make_project_at(tmp_path / "project", {})
    result = render_pdf(load_job(root, "test-brief"))
    assert result.pdf is None
    assert result.code == "cannot-write"
    assert result.error is not None
    assert result.error.startswith("the disk holding ")
    assert "is full" in result.error
    assert result.hint is not None
    assert "free space" in result.hint
