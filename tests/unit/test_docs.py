"""The documentation: the generated reference is current, links land, the README stays short.

Commands shown with `$ ` prompts are run by tests/integration/test_docs.py.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from policybrief import __version__
from tests.helpers import REPO

PAGES = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted((REPO / "docs").glob("*.md"))]
#: Pages other helpers write at the same time as this one; linked before they land.
_COMING: set[str] = set()
_FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_LINK = re.compile(r"\]\((?!https?:|mailto:)([^)\s]*)\)")


def prose(page: Path) -> str:
    """The page without code: fenced blocks (a `#` in YAML is no heading) and code spans."""
    return _CODE_SPAN.sub("", _FENCE.sub("", page.read_text(encoding="utf-8")))


def anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    found = set()
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    for heading in re.findall(r"^#{1,6} +(.+)$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def test_the_reference_is_generated_from_the_current_code() -> None:
    reference = runpy.run_path(str(REPO / "scripts" / "reference.py"))
    expected = reference["reference_text"]()
    current = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    assert current == expected, "docs/reference.md is stale: run python scripts/reference.py"


def test_the_reference_names_every_command_and_setting() -> None:
    from policybrief.authoring.project_files import settings
    from policybrief.cli import COMMANDS

    text = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"### policybrief {name}\n" in text
    for setting in settings():
        assert f"| `{setting.key}" in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_lands(page: Path) -> None:
    for target in _LINK.findall(prose(page)):
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if file.name in _COMING and not file.exists():
            continue
        assert file.exists(), f"{page.name}: link to missing {target}"
        if anchor and file.suffix == ".md":
            assert anchor in anchors(file), f"{page.name}: no heading for {target}"


def test_the_link_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# A title\n\n[x](#a-titel)\n", encoding="utf-8")
    (target,) = _LINK.findall(prose(page))
    assert target.partition("#")[2] not in anchors(page)


def test_the_readme_is_short_and_keeps_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 120
    for command in ("bash scripts/build-examples.sh", "bash scripts/test.sh"):
        assert f"\n{command} " in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/build-examples.sh\nbash scripts/test.sh\n" in ci


def test_the_install_lines_pin_this_version() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pins = re.findall(r"policybrief[-.@ git+<>\w/]*?@v(\d+\.\d+\.\d+)", readme)
    wheels = re.findall(r"policybrief-(\d+\.\d+\.\d+)-(?:py3|constraints)", readme)
    assert pins
    assert wheels
    assert set(pins) | set(wheels) == {__version__}
    for page in PAGES:
        for version in re.findall(r"policybrief@v(\d+\.\d+\.\d+)", page.read_text("utf-8")):
            assert version == __version__, page.name


def test_the_readme_installs_what_setup_sh_installs() -> None:
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    match = re.search(r"^apt_packages=\(([^)]*)\)", setup, re.MULTILINE)
    assert match
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (line,) = [x for x in readme.splitlines() if x.startswith("sudo apt-get install ")]
    assert set(line.split()[3:]) == set(match.group(1).split())
