"""Shared fixtures: small real projects on disk instead of mocks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
VALID = DATA / "valid"

MakeProject = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Return ``make(files, base=VALID)``: a copy of ``base`` (or an empty folder if
    None) in tmp_path, with ``files`` ({relative path: text}) written over it."""
    count = 0

    def make(files: dict[str, str] | None = None, base: Path | None = VALID) -> Path:
        nonlocal count
        count += 1
        root = tmp_path / f"project{count}"
        if base is not None:
            shutil.copytree(base, root)
        root.mkdir(exist_ok=True)
        for rel, text in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


REPO = Path(__file__).resolve().parent.parent
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_tool(name: str) -> str:
    """The path of an external tool (``pdftotext``, ``java``…; ``vnu`` is the Nu checker's
    jar, which also needs java). Missing: skipped locally, a failure in CI, where a
    silently skipped check would pass a broken build."""
    if name == "vnu":
        found = str(VNU_JAR) if VNU_JAR.is_file() and shutil.which("java") else None
        why = f"the Nu checker needs java and {VNU_JAR} (npm install)"
    else:
        found = shutil.which(name)
        why = f"{name} is not installed"
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}; CI must not skip this test")
        pytest.skip(why)
    return found
