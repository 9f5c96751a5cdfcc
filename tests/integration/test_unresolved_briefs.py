"""A brief that cannot be built names every file with errors it uses, by path.

An entity whose file has errors is left out of the corpus, so a mention of it
is missing too; the message names its file, not a missing "link".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import VALID, copy_project
from tests.helpers import run_build as build

pytestmark = pytest.mark.usefixtures("module_plain_environment")


def _not_built(err: str) -> str:
    m = re.search(r"briefs/test-brief\.yaml:1:1: error: brief not built: .*", err)
    assert m, err
    return m.group(0)


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("edits", "named", "not_named"),
    [
        # An actor with a field typo, mentioned in the summary and the analysis.
        (
            [("content/actors/ann-smith.yaml", "role:", "rol:")],
            ["content/actors/ann-smith.yaml"],
            ["link 'ann-smith'", "actor 'ann-smith'"],
        ),
        # A key judgment with a wrong likelihood, and an analysis text with a bad image.
        (
            [
                ("content/analysis/kj-summit.md", "likelihood: likely", "likelihood: probable"),
                ("content/analysis/background.md", "has met", "has met ![A map](assets/gone.png)"),
            ],
            ["content/analysis/kj-summit.md", "content/analysis/background.md"],
            ["analysis 'kj-summit'"],
        ),
        # All at once, and a mention of an id no file defines.
        (
            [
                ("content/actors/ann-smith.yaml", "role:", "rol:"),
                ("content/analysis/kj-summit.md", "likelihood: likely", "likelihood: probable"),
                ("content/analysis/outlook.md", "No estimate here.", "Ask [[nobody-at-all]]."),
            ],
            [
                "content/actors/ann-smith.yaml",
                "content/analysis/kj-summit.md",
                "link 'nobody-at-all'",
            ],
            ["link 'ann-smith'"],
        ),
    ],
    ids=["actor-typo", "analysis-values", "together"],
)
def test_the_message_names_each_file_with_errors_it_uses(
    tmp_path: Path,
    edits: list[tuple[str, str, str]],
    named: list[str],
    not_named: list[str],
) -> None:
    root = copy_project(VALID, tmp_path / "project")
    for rel, old, new in edits:
        _edit(root, rel, old, new)
    run = build(root, "--outputs", "html")
    assert run.code == 1
    message = _not_built(run.err)
    for what in named:
        assert what in message, message
    for what in not_named:
        assert what not in message, message
