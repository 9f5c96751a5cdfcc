"""Shared fixtures (small real projects on disk instead of mocks) and the ``slow`` marker.

The helpers these fixtures wrap are in ``tests/helpers.py``. Every test under
``tests/integration/`` is marked ``slow`` here (it builds real PDFs or starts a
browser), so ``pytest -m "not slow"`` runs the fast unit suite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import (
    DATA,
    REPO,
    VALID,
    VNU_JAR,
    Example,
    build_example,
    make_project_at,
    plain_environment,
    require_tool,
)

__all__ = ["DATA", "REPO", "VALID", "VNU_JAR", "make_project", "require_tool"]

INTEGRATION = Path(__file__).resolve().parent / "integration"

MakeProject = Callable[..., Path]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under ``tests/integration/`` as ``slow``."""
    for item in items:
        if item.path.is_relative_to(INTEGRATION):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CI, colour or terminal settings from the machine that runs the tests."""
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def module_plain_environment() -> Iterator[None]:
    """Dates from the briefs and text diagnostics for a whole module (module scope)."""
    with plain_environment():
        yield


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory, module_plain_environment: None) -> Example:
    """The repository's example project, copied and built once per module that asks."""
    return build_example(tmp_path_factory.mktemp("example"))


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
