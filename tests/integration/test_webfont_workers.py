"""The site's web font subsets made by the PDF workers when they have every CPU: the same
bytes as made by the build process, the same errors, and nothing made twice."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from policybrief.build.pool import PdfPool
from policybrief.render.theme import PACKAGED_THEME
from tests.helpers import VALID, copy_project
from tests.helpers import run_build as build

SERIF = PACKAGED_THEME / "fonts" / "NotoSerif-Regular.ttf"


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Two CPUs whatever the machine has; the fonts each build queues in its PDF workers."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    names: list[str] = []
    real = PdfPool.subset

    def subset(self: PdfPool, font: Path, points: frozenset[int]) -> Callable[[], bytes]:
        names.append(font.name)
        return real(self, font, points)

    monkeypatch.setattr(PdfPool, "subset", subset)
    return names


def _project(where: Path) -> Path:
    """The valid test project with a second brief: two PDFs, so two workers."""
    root = copy_project(VALID, where)
    brief = (root / "briefs" / "test-brief.yaml").read_text(encoding="utf-8")
    (root / "briefs" / "second-brief.yaml").write_text(brief, encoding="utf-8")
    return root


def _fonts(root: Path) -> dict[str, bytes]:
    assets = root / "output" / "assets"
    files = {p.name: p.read_bytes() for p in (assets / "fonts").glob("*.woff2")}
    return {**files, "fonts.css": (assets / "css" / "fonts.css").read_bytes()}


def test_workers_with_every_cpu_make_the_subsets_and_the_bytes_are_the_same(
    tmp_path: Path, queued: list[str]
) -> None:
    workers = _project(tmp_path / "workers")
    assert build(workers, "--jobs", "2").code == 0
    made = _fonts(workers)
    assert len(queued) == len(made) - 1 >= 7  # every face the site uses, once
    assert "NotoSerif-Regular.ttf" in queued
    # One worker leaves a CPU to the build process, which makes them itself.
    here = _project(tmp_path / "here")
    queued.clear()
    assert build(here, "--jobs", "1").code == 0
    assert queued == []
    assert _fonts(here) == made
    # Kept from the last build, none is made again; an HTML-only build starts no worker.
    assert build(workers, "--jobs", "2", "--force").code == 0
    assert build(workers, "--outputs", "html", "--force").code == 0
    assert queued == []
    assert _fonts(workers) == made
    for name, data in made.items():
        if name.endswith(".woff2"):
            TTFont(io.BytesIO(data))  # each one a font fontTools reads back


def test_a_font_that_cannot_be_subset_is_reported_alike_by_workers_and_here(
    tmp_path: Path, queued: list[str]
) -> None:
    runs = []
    for jobs in ("2", "1"):
        root = _project(tmp_path / f"jobs{jobs}")
        fonts = root / "templates" / "fonts"
        fonts.mkdir(parents=True)
        broken = bytearray(SERIF.read_bytes())
        glyf = TTFont(SERIF).reader.tables["glyf"]
        # The character map still reads (the face is wanted); the outlines do not.
        broken[glyf.offset + 100 : glyf.offset + glyf.length - 100] = b"\xff" * (glyf.length - 200)
        (fonts / SERIF.name).write_bytes(bytes(broken))
        runs.append(build(root, "--jobs", jobs))
    assert "NotoSerif-Regular.ttf" in queued  # the first build's workers met it
    workers, here = runs
    assert workers.code == here.code == 1  # an error in the content's theme, not an internal one
    # The same lines (the briefs finish in either order), but for the project's folder.
    assert sorted(workers.err.replace("jobs2", "jobs1").splitlines()) == sorted(
        here.err.splitlines()
    )
    # Named at the stylesheet line with its @font-face, with the sanitiser's reason.
    assert "internal error" not in here.err
    assert "templates/css/fonts.css:9:1: error: font file 'NotoSerif-Regular.ttf'" in here.err
    assert "is damaged: its web font fails the browsers' font checks (OTS: " in here.err
    # The face is left out (a browser draws the next font of the stack); the others are served.
    for jobs in ("jobs1", "jobs2"):
        assets = tmp_path / jobs / "output" / "assets"
        names = "".join(p.name for p in assets.rglob("*.woff2"))
        assert "NotoSerif-Regular" not in names
        assert "NotoSerif-Bold-" in names
        assert "NotoSerif-Regular" not in (assets / "css" / "fonts.css").read_text()
