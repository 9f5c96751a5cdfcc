"""Shared fixtures (small real projects on disk instead of mocks) and the ``slow`` marker.

The helpers these fixtures wrap are in ``tests/helpers.py``. Every test under
``tests/integration/`` is marked ``slow`` here (it builds real PDFs or starts a
browser), so ``pytest -m "not slow"`` runs the fast unit suite.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import DATA, REPO, VALID, VNU_JAR, make_project_at, require_tool

__all__ = ["DATA", "REPO", "VALID", "VNU_JAR", "make_project", "require_tool"]

INTEGRATION = Path(__file__).resolve().parent / "integration"

MakeProject = Callable[..., Path]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under ``tests/integration/`` as ``slow``."""
    for item in items:
        if item.path.is_relative_to(INTEGRATION):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Return ``make(files, base=VALID)``: a copy of ``base`` (or an empty folder if
    None) in tmp_path, with ``files`` ({relative path: text}) written over it."""
    count = 0

    def make(files: dict[str, str] | None = None, base: Path | None = VALID) -> Path:
        nonlocal count
        count += 1
        return make_project_at(tmp_path / f"project{count}", files, base)

    return make
