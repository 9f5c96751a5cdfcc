"""Every command the documentation shows with a `$ ` prompt runs, as written.

Each page's ```console blocks run in order in one shell, in a new folder, with
the files shown after ``<!-- file: PATH -->`` written where the page says, so a
tutorial is followed exactly as a reader would (``cd`` included). A command that
fails fails the test with the page, the command and its output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PLAIN_ENVIRONMENT, REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_BLOCK = re.compile(
    r"(?:^<!-- file: (?P<file>\S+) -->\n)?^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
_END = "POLICYBRIEF_DOCS_END"


def script(page: Path) -> str:
    """The page's runnable blocks as one bash script (empty when it has none)."""
    lines: list[str] = []
    for block in _BLOCK.finditer(page.read_text(encoding="utf-8")):
        if block["file"]:
            path = block["file"]
            lines += [f'mkdir -p "$(dirname {path})"', f"cat > {path} <<'{_END}'"]
            lines += [block["body"].rstrip("\n"), _END]
        elif block["lang"] == "console":
            for line in block["body"].splitlines():
                if line.startswith("$ "):
                    command = line[2:]
                    lines += [f"echo '$ '{_quote(command)}", command]
    return "\n".join(lines)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


RUNNABLE = [page for page in PAGES if script(page)]


def test_the_pages_have_commands_to_run() -> None:
    """The pattern above finds the blocks (a changed fence style would skip them all)."""
    names = {page.name for page in RUNNABLE}
    assert {"README.md", "writers-guide.md", "ci-guide.md"} <= names


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: p.name)
def test_every_command_shown_runs(page: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in PLAIN_ENVIRONMENT}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-euo", "pipefail", "-c", script(page)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{page.name}:\n{result.stdout}\n{result.stderr}"
