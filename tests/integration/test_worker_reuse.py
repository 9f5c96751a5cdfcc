"""A PDF worker reused brief after brief gives each the bytes a fresh worker gives it.

A worker keeps state between renders on purpose (its collector policy, the
fonts it has loaded, the theme stylesheets it has parsed: render/heap.py,
render/pdf.py), and none of it may show in the next brief's PDF: the example's
two briefs rendered one after the other in one worker equal each rendered alone
by a fresh worker, and so do two briefs that print with different fonts (one
quotes an Arabic name: its stylesheets keep the Arabic fonts' rules).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FULL, ONE_PAGER, REPO, copy_project, make_project_at, run_build

pytestmark = pytest.mark.usefixtures("module_plain_environment")


def _pdfs(root: Path, out: Path, *briefs: str) -> dict[str, bytes]:
    run = run_build(
        root, *briefs, "--jobs", "1", "--force", "--outputs", "pdf", "--output", str(out)
    )
    assert run.code == 0, run.err
    return {p.stem: p.read_bytes() for p in out.glob("*/*.pdf")}


def test_one_worker_renders_each_brief_as_a_fresh_worker_does(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(REPO, tmp_path / "project")
    fresh = {
        **_pdfs(root, tmp_path / "fresh-full", FULL),
        **_pdfs(root, tmp_path / "fresh-one-pager", ONE_PAGER),
    }
    assert set(fresh) == {FULL, ONE_PAGER}
    # One worker takes both: whichever it renders second follows the other.
    assert _pdfs(root, tmp_path / "together") == fresh
    # The workers end quietly (their stderr is this process's file descriptor 2).
    assert "Exception ignored" not in capfd.readouterr().err


#: A brief that needs the Arabic fonts, which the valid project's own brief leaves out.
ARABIC = (
    "title: An Arabic name\ndate: 2025-12-02\nsummary: A meeting with كريم حداد in Amman.\n"
    "sections:\n  - analysis: background\n"
)


def test_briefs_with_different_fonts_share_a_worker_without_trace(tmp_path: Path) -> None:
    root = make_project_at(tmp_path / "project", {"briefs/arabic.yaml": ARABIC})
    fresh = {
        **_pdfs(root, tmp_path / "fresh-test", "test-brief"),
        **_pdfs(root, tmp_path / "fresh-arabic", "arabic"),
    }
    assert set(fresh) == {"test-brief", "arabic"}
    assert _pdfs(root, tmp_path / "together") == fresh
