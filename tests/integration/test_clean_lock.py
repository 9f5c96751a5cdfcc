"""``clean`` and ``build`` take the same project lock: neither removes what the other writes.

The breaking trial's item 3: ``clean`` run during a build removed the output
folder and the PDF workers' temporary files under it; the build failed ("PDF
rendering failed: FileNotFoundError") and wrote a site index linking a brief
folder that no longer existed. Now ``clean`` waits for the build, saying so as
a second build does, and a build started during a clean waits for it.

The two run truly at once, one in this process and one as a child: the one in
this process starts the other at a known point of its own work (a progress
event, the removal) and reads the child's standard error until it says it
waits, so no test sleeps or hopes for a timing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policybrief.build import manifest as manifest_module
from policybrief.build.options import BuildOptions, BuildReport
from policybrief.build.project import build_project
from tests.helpers import edit_file, run_build, run_cli

WAITING = "another build of this project is running; waiting for it to finish…"
BG = "content/analysis/example-background.md"


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory, module_plain_environment: None) -> Path:
    """``init``'s project, its brief final, built once (HTML and PDF)."""
    root = tmp_path_factory.mktemp("starter") / "P"
    assert run_cli("init", str(root)).code == 0
    edit_file(root, "briefs/first-brief.yaml", "status: draft", "status: final")
    run = run_build(root)
    assert run.code == 0, run.err
    return root


@pytest.fixture
def project(starter: Path, tmp_path: Path) -> Path:
    root = tmp_path / "P"
    shutil.copytree(starter, root)
    edit_file(root, BG, "Replace this paragraph", "Replace this edited paragraph")
    return root


def start(*argv: str) -> subprocess.Popen[str]:
    """Start ``policybrief ARGV`` as a child process, its output read through pipes."""
    return subprocess.Popen(
        [sys.executable, "-m", "policybrief", *argv, "--format", "text"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(process: subprocess.Popen[str]) -> str:
    """The child's first line on standard error ("" if it ended without one)."""
    assert process.stderr is not None
    return process.stderr.readline().rstrip("\n")


def build_starting(root: Path, child: list[str]) -> tuple[BuildReport, subprocess.Popen[str], str]:
    """Build ``root`` here; when its first brief starts, start ``child`` and read its first line.

    Returns the build's report, the child and the line it printed while the
    build was still running (saying so if the build's files were gone by then).
    """
    started: list[subprocess.Popen[str]] = []
    lines: list[str] = []

    def progress(event: str, slug: str, detail: str) -> None:
        if event == "start" and not started:
            started.append(start(*child))
            line = first_line(started[0])
            # Once the child said it waits, the build must still have all its files.
            kept = (root / "output/first-brief/first-brief.pdf").is_file() and (
                root / ".policybrief/state.json"
            ).is_file()
            lines.append(line if kept else f"{line} (but the files were gone)")

    report = build_project(root, BuildOptions(jobs=1), progress=progress)
    assert started, "the build rendered nothing"
    return report, started[0], lines[0]


def test_clean_during_a_build_waits_for_it_then_removes_everything(project: Path) -> None:
    report, clean, line = build_starting(project, ["clean", "--root", str(project)])
    assert line == WAITING
    assert report.built == ["first-brief"], report.diagnostics.items
    assert report.diagnostics.errors == []
    out, err = clean.communicate(timeout=120)
    assert clean.returncode == 0, err
    assert f"removed {project / 'output'}" in out
    assert not (project / "output").exists()
    assert not (project / ".policybrief").exists()


def test_a_refused_clean_waits_too_and_changes_nothing(project: Path) -> None:
    (project / "output/notes.txt").write_text("mine")
    report, clean, line = build_starting(project, ["clean", "--root", str(project)])
    assert line == WAITING
    assert report.diagnostics.errors == []
    _, err = clean.communicate(timeout=120)
    assert clean.returncode == 2
    assert "refusing to clean" in err
    assert "notes.txt" in err
    assert (project / "output/first-brief/first-brief.pdf").is_file()
    assert "edited paragraph" in (project / "output/first-brief/index.html").read_text()


def test_a_second_build_during_a_build_waits_with_the_same_words(project: Path) -> None:
    report, second, line = build_starting(project, ["build", "--root", str(project)])
    assert line == WAITING
    assert report.built == ["first-brief"]
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "nothing to do" in out


def test_a_build_during_a_clean_waits_for_it_then_builds_everything(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_output = manifest_module._clean_output
    builds: list[subprocess.Popen[str]] = []
    lines: list[str] = []

    def clean_while_a_build_starts(output: Path) -> bool:
        builds.append(start("build", "--root", str(project), "--jobs", "1"))
        lines.append(first_line(builds[0]))
        return clean_output(output)

    monkeypatch.setattr(manifest_module, "_clean_output", clean_while_a_build_starts)
    run = run_cli("clean", "--root", str(project))
    assert run.code == 0, run.err
    assert lines == [WAITING]
    out, err = builds[0].communicate(timeout=300)
    assert builds[0].returncode == 0, err
    assert "built 1, skipped 0, failed 0" in out
    # Built after the clean, into a new state and lock: a complete, consistent folder.
    assert (project / "output/first-brief/first-brief.pdf").is_file()
    assert "edited paragraph" in (project / "output/first-brief/index.html").read_text()
    assert 'href="first-brief/index.html"' in (project / "output/index.html").read_text()
    assert (project / ".policybrief/lock").is_file()


def test_clean_of_a_project_never_built_leaves_no_lock_folder(tmp_path: Path) -> None:
    root = tmp_path / "P"
    assert run_cli("init", str(root)).code == 0
    run = run_cli("clean", "--root", str(root))
    assert run.code == 0, run.err
    assert run.out.strip() == "nothing to remove"
    assert not (root / ".policybrief").exists()
    (root / "output").mkdir()
    (root / "output/notes.txt").write_text("mine")
    run = run_cli("clean", "--root", str(root))
    assert run.code == 2
    assert not (root / ".policybrief").exists()
