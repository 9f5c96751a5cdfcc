"""``check`` imports what validation needs and nothing of the renderer, the site or serve.

The renderer's libraries cost more to import than a small project costs to
check (docs/performance.md, "check: what it costs"); an import that slips
onto the check path at a module's top would make every editor save hook and
pre-commit run pay for them. Each check runs in a fresh interpreter, which
then lists every module it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, VALID, make_project_at

#: Libraries and modules only building, the site or serve need.
HEAVY = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "jinja2",
    "markdown",
    "markdown_it",
    "pygments",
    "PIL",
    "pyuca",
    "pyphen",
    "fontTools.subset",
    "watchfiles",
    "policybrief.render.pdf",
    "policybrief.render.html",
    "policybrief.render.markdown",
    "policybrief.render.context",
    "policybrief.render.chart",
    "policybrief.site",
    "policybrief.serve",
    "policybrief.authoring",
    "policybrief.build.project",
    "policybrief.build.briefs",
    "policybrief.build.rendering",
    "policybrief.build.pool",
)

#: An analysis text a brief of the valid project shows.
_SHOWN = "content/analysis/background.md"

_LIST_MODULES = """
import json, sys
from policybrief.cli import main
try:
    main(["check", "-q", "--root", sys.argv[1]])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def imported_by_check(root: Path) -> set[str]:
    """Every module a fresh interpreter has imported after checking ``root``."""
    done = subprocess.run(
        [sys.executable, "-c", _LIST_MODULES, str(root)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    """The modules of :data:`HEAVY` (or inside one of them) among ``modules``."""
    return sorted(m for m in modules for h in HEAVY if m == h or m.startswith(h + "."))


@pytest.mark.parametrize(
    "added",
    [
        pytest.param("", id="valid"),
        # A character no font has: the message names its script (fontTools' data).
        pytest.param("\nIn Ge'ez: ሰላም.\n", id="missing-glyph"),
        # Raw HTML in a text: validation runs the sanitiser's checks.
        pytest.param("\nText <script>alert(1)</script> and <b>bold</b>.\n", id="raw-html"),
    ],
)
def test_check_imports_nothing_heavy(tmp_path: Path, added: str) -> None:
    text = (VALID / _SHOWN).read_text(encoding="utf-8") + added
    root = make_project_at(tmp_path / "project", {_SHOWN: text})
    modules = imported_by_check(root)
    assert "policybrief.build.check" in modules  # it did check
    assert heavy(modules) == []


def test_the_example_check_imports_nothing_heavy() -> None:
    assert heavy(imported_by_check(REPO)) == []


def test_a_heavy_import_would_be_seen() -> None:
    """The test can fail: a module on the list is found, as is a submodule of one."""
    assert heavy({"jinja2", "weasyprint.css", "policybrief.site.pages", "json"}) == [
        "jinja2",
        "policybrief.site.pages",
        "weasyprint.css",
    ]
