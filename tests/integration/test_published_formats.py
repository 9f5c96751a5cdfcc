"""A format a brief is no longer built in is not left published (docs/publishers-guide.md).

The breaking trial's item 2: with ``outputs: [pdf]`` the old web page stayed
published without the new text, and with ``outputs: [html]`` the old PDF. A
brief's page and PDF change together or not at all (DESIGN.md), so a brief
built without a format it had loses that format's file, with a note, and the
site links only what is there; a brief that fails keeps its last good files,
all formats, and a one-brief build touches no other brief's files.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from policybrief.build.options import BuildOptions
from policybrief.build.project import build_project
from tests.helpers import edit_file, run_build, run_cli, write_files

FIRST = "briefs/first-brief.yaml"


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory, module_plain_environment: None) -> Path:
    """``init``'s project with its starter brief final, as the trial set it up."""
    root = tmp_path_factory.mktemp("starter") / "P"
    run = run_cli("init", str(root))
    assert run.code == 0, run.err
    edit_file(root, FIRST, "status: draft", "status: final")
    return root


@pytest.fixture
def project(starter: Path, tmp_path: Path) -> Path:
    root = tmp_path / "P"
    shutil.copytree(starter, root)
    return root


def outputs(root: Path, formats: str) -> None:
    """Set the starter brief's ``outputs:`` (``[pdf]``), or remove it (``""``)."""
    path = root / FIRST
    lines = [ln for ln in path.read_text().splitlines() if not ln.startswith("outputs:")]
    path.write_text("\n".join([*lines, f"outputs: {formats}" if formats else ""]) + "\n")


def files(root: Path, slug: str = "first-brief") -> list[str]:
    folder = root / "output" / slug
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def linked(root: Path, slug: str = "first-brief") -> list[str]:
    """What the site's index links of the brief (its page, its PDF)."""
    html = (root / "output/index.html").read_text(encoding="utf-8")
    return sorted(set(re.findall(rf'href="{slug}/([^"]+)"', html)))


def build(root: Path, *args: str, code: int = 0) -> str:
    run = run_build(root, *args)
    assert run.code == code, run.err
    return run.err


def test_the_trials_dropped_formats_leave_and_come_back(project: Path) -> None:
    build(project)
    assert files(project) == linked(project) == ["first-brief.pdf", "index.html"]
    outputs(project, "[pdf]")
    err = build(project)
    assert (
        "note: removed first-brief/index.html: first-brief is now built as pdf only "
        "(outputs: in briefs/first-brief.yaml)"
    ) in err
    assert files(project) == linked(project) == ["first-brief.pdf"]
    outputs(project, "[html]")
    err = build(project)
    assert "note: removed first-brief/first-brief.pdf: first-brief is now built as html" in err
    assert files(project) == linked(project) == ["index.html"]
    outputs(project, "[html, pdf]")
    err = build(project)
    assert "note: removed" not in err
    assert files(project) == linked(project) == ["first-brief.pdf", "index.html"]
    page = (project / "output/first-brief/index.html").read_text(encoding="utf-8")
    assert 'href="first-brief.pdf"' in page


def test_outputs_on_the_command_line_drop_the_other_format_too(project: Path) -> None:
    build(project)
    err = build(project, "--outputs", "pdf")
    assert "note: removed first-brief/index.html: first-brief is now built as pdf only" in err
    assert "(--outputs pdf)" in err
    assert files(project) == linked(project) == ["first-brief.pdf"]
    manifest = (project / "output/.policybrief-manifest.json").read_text()
    assert "first-brief/index.html" not in manifest
    build(project)
    assert files(project) == linked(project) == ["first-brief.pdf", "index.html"]


def test_a_failing_brief_keeps_its_last_good_files_of_every_format(project: Path) -> None:
    build(project)
    published = {n: (project / "output/first-brief" / n).read_bytes() for n in files(project)}
    outputs(project, "[pdf]")
    # The same edit breaks the brief: nothing of it changes, its page stays linked.
    edit_file(project, FIRST, "sections:", "summary_typo: x\nsections:")
    err = build(project, code=1)
    assert "(last good build still served: first-brief)" in err
    assert "note: removed" not in err
    now = {n: (project / "output/first-brief" / n).read_bytes() for n in files(project)}
    assert now == published
    assert linked(project) == ["first-brief.pdf", "index.html"]
    edit_file(project, FIRST, "summary_typo: x\n", "")
    build(project)
    assert files(project) == linked(project) == ["first-brief.pdf"]


def test_a_one_brief_build_drops_only_that_briefs_format(project: Path) -> None:
    write_files(
        project,
        {
            "briefs/second-brief.yaml": (
                "title: A second brief\ndate: 2026-11-30\nstatus: final\n"
                "summary: The bottom line.\nsections:\n  - analysis: example-background\n"
                "outputs: [html]\n"
            )
        },
    )
    outputs(project, "[html]")
    build(project)
    assert linked(project, "second-brief") == ["index.html"]
    err = build(project, "first-brief", "--outputs", "pdf")
    assert "note: removed first-brief/index.html" in err
    assert "second-brief" not in err
    assert files(project) == linked(project) == ["first-brief.pdf"]
    # The other brief was not built: its page stays, linked, and no PDF it never had is.
    assert files(project, "second-brief") == linked(project, "second-brief") == ["index.html"]


def test_the_previews_html_builds_leave_the_pdf_in_place(project: Path) -> None:
    """``serve`` builds HTML only while its PDF build follows: nothing is dropped."""
    build(project)
    pdf = (project / "output/first-brief/first-brief.pdf").read_bytes()
    edit_file(project, "content/analysis/example-background.md", "Replace", "Now replace")
    report = build_project(project, BuildOptions(formats=("html",), keep_other_formats=True))
    assert report.built == ["first-brief"]
    assert not report.notices
    assert (project / "output/first-brief/first-brief.pdf").read_bytes() == pdf
    assert linked(project) == ["first-brief.pdf", "index.html"]
