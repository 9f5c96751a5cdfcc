"""The build engine: exactly the stale briefs re-render; state is a cache; nothing is lost.

Most tests build HTML only (``--outputs html``): staleness does not depend on the
output kind, and HTML needs no renderer start-up. The PDF paths (workers, a
killed worker, page limits) have tests of their own.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from policybrief.build.staleness import in_shard
from policybrief.cli import main
from tests.helpers import child_processes, wait_until

REPO = Path(__file__).resolve().parent.parent.parent

#: Three briefs over the valid project's content, each showing different things.
EXTRA = {
    # Shows bob-jones (and, through his country, beta) in an actors table.
    "briefs/other.yaml": (
        "title: Other\ndate: 2025-12-02\nsummary: About [[bob-jones]].\n"
        "sections:\n  - actors: auto\n"
    ),
    # Shows only the outlook analysis.
    "briefs/third.yaml": (
        "title: Third\ndate: 2025-12-03\nsummary: Alpha things.\nsections:\n  - analysis: outlook\n"
    ),
}
ALL = {"test-brief", "other", "third"}


def build(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, set[str], str]:
    """Build HTML in-process; return the exit code, the briefs rendered, and stderr."""
    code = main(["build", "--root", str(root), "--outputs", "html", *args])
    out, err = capsys.readouterr()
    built = set(re.findall(r"^built (\S+) \(", err, re.MULTILINE))
    return code, built, out + err


@pytest.fixture
def project(make_project, capsys: pytest.CaptureFixture[str]) -> Path:
    root = make_project(EXTRA)
    code, built, _ = build(root, capsys)
    assert (code, built) == (0, ALL)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_no_op_build_renders_nothing(project: Path, capsys) -> None:
    code, built, output = build(project, capsys)
    assert (code, built) == (0, set())
    assert "nothing to do: 3 briefs up to date" in output


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        # An actor shown in one brief's table and named in another's agenda.
        ("content/actors/ann-smith.yaml", "Minister of Things", "Minister", {"test-brief"}),
        ("content/actors/bob-jones.yaml", "Envoy", "Special Envoy", {"test-brief", "other"}),
        # A country: printed beside the actors whose country it is.
        ("content/actors/beta.yaml", "Beta State", "Beta", {"test-brief", "other"}),
        ("content/analysis/outlook.md", "No estimate here.", "None.", {"test-brief", "third"}),
        ("content/agenda/talks.yaml", "Preparatory talks", "Talks", {"test-brief"}),
        ("content/sources/report.yaml", "A news report", "A report", {"test-brief"}),
        ("briefs/third.yaml", "Alpha things.", "Beta things.", {"third"}),
        ("policybrief.yaml", "Test Unit", "Unit", ALL),
    ],
)
def test_an_edit_re_renders_exactly_the_briefs_that_use_the_file(
    project: Path, capsys, rel: str, old: str, new: str, expected: set[str]
) -> None:
    edit(project, rel, old, new)
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, expected)
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, set())


def test_a_new_file_that_an_auto_section_selects_makes_the_brief_stale(
    project: Path, capsys
) -> None:
    (project / "content/agenda/visit.yaml").write_text(
        "title: A visit\nkind: visit\ndate: 2026\nparticipants: [ann-smith]\nstatus: scheduled\n",
        encoding="utf-8",
    )
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, {"test-brief"})
    assert "A visit" in (project / "output/test-brief/index.html").read_text(encoding="utf-8")


def test_an_unrelated_new_file_renders_nothing(project: Path, capsys) -> None:
    (project / "content/actors/carol.yaml").write_text("name: Carol\nkind: person\n", "utf-8")
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, set())


def test_a_theme_override_re_renders_the_briefs_whose_template_uses_it(
    project: Path, capsys
) -> None:
    css = project / "templates/css/screen.css"
    css.parent.mkdir(parents=True)
    css.write_text("@import url(fonts.css);\n@import url(base.css);\n/* house style */\n", "utf-8")
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, ALL)
    assert "house style" in (project / "output/assets/css/screen.css").read_text("utf-8")


def test_force_renders_everything(project: Path, capsys) -> None:
    code, built, _ = build(project, capsys, "--force")
    assert (code, built) == (0, ALL)


def test_a_missing_output_is_rebuilt(project: Path, capsys) -> None:
    (project / "output/other/index.html").unlink()
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, {"other"})


@pytest.mark.parametrize("damage", ["corrupt", "missing", "wrong-shape"])
def test_missing_or_corrupt_state_means_a_full_rebuild(project: Path, capsys, damage) -> None:
    state = project / ".policybrief/state.json"
    if damage == "corrupt":
        state.write_bytes(b"\x00{not json")
    elif damage == "missing":
        state.unlink()
    else:
        state.write_text('{"format": 1, "briefs": []}', "utf-8")
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, ALL)
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, set())


def test_deleting_a_brief_removes_its_outputs(project: Path, capsys) -> None:
    (project / "briefs/other.yaml").unlink()
    code, built, output = build(project, capsys)
    assert (code, built) == (0, set())
    assert "removed 1" in output
    assert not (project / "output/other").exists()
    assert (project / "output/third/index.html").is_file()


def test_a_failing_brief_does_not_stop_the_others_and_keeps_its_last_output(
    project: Path, capsys
) -> None:
    before = (project / "output/test-brief/index.html").read_bytes()
    edit(project, "content/actors/ann-smith.yaml", "kind: person", "kind: persn")
    edit(project, "briefs/other.yaml", "About", "Still about")
    code, built, output = build(project, capsys)
    assert code == 1
    assert built == {"other"}
    assert "content/actors/ann-smith.yaml:3:7: error: 'persn' is not a valid kind" in output
    assert "brief not built" in output
    assert (project / "output/test-brief/index.html").read_bytes() == before
    # The same inputs give the same answer from the no-op path.
    code, built, output = build(project, capsys)
    assert (code, built) == (1, set())
    assert "'persn' is not a valid kind" in output
    edit(project, "content/actors/ann-smith.yaml", "kind: persn", "kind: person")
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, {"test-brief"})


def test_log_lines_when_not_a_terminal(project: Path, capsys) -> None:
    edit(project, "briefs/third.yaml", "Alpha", "Gamma")
    code, _, output = build(project, capsys, "-v")
    assert code == 0
    assert "stale third: briefs/third.yaml changed" in output
    assert "built third (html)" in output
    assert re.search(r"built 1, skipped 2, failed 0, no problems \(\d+\.\d\d s\)", output)


def test_quiet_prints_nothing_on_success(project: Path, capsys) -> None:
    edit(project, "briefs/third.yaml", "Alpha", "Gamma")
    assert main(["build", "--root", str(project), "--outputs", "html", "-q"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", "")


def test_shards_cover_every_brief_exactly_once(make_project, capsys) -> None:
    root = make_project(EXTRA)
    n = 3
    seen: list[str] = []
    for k in range(1, n + 1):
        code, built, _ = build(root, capsys, "--shard", f"{k}/{n}", "--output", str(root / f"o{k}"))
        assert code == 0
        assert built == {s for s in ALL if in_shard(s, (k, n))}
        seen += built
    assert sorted(seen) == sorted(ALL)


def test_shard_assignment_is_stable_and_spread() -> None:
    slugs = [f"brief-{i}" for i in range(300)]
    counts = [sum(in_shard(s, (k, 4)) for s in slugs) for k in range(1, 5)]
    assert sum(counts) == 300
    assert min(counts) > 50  # roughly even, not all in one shard
    assert [in_shard("brief-7", (k, 4)) for k in range(1, 5)].count(True) == 1


@pytest.mark.parametrize("bad", ["0/2", "3/2", "x", "1/0"])
def test_bad_shard_is_a_usage_error(project: Path, capsys, bad: str) -> None:
    code, _, output = build(project, capsys, "--shard", bad)
    assert code == 2
    assert "--shard" in output


def test_unknown_brief_name_is_a_usage_error(project: Path, capsys) -> None:
    code, _, output = build(project, capsys, "othr")
    assert code == 2
    assert "no brief named 'othr'" in output
    assert "did you mean 'other'" in output


def test_clean_removes_output_and_state(project: Path, capsys) -> None:
    assert main(["clean", "--root", str(project)]) == 0
    assert not (project / "output").exists()
    assert not (project / ".policybrief").exists()
    code, built, _ = build(project, capsys)
    assert (code, built) == (0, ALL)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker")
def test_a_killed_worker_leaves_the_last_good_pdf_and_the_next_build_finishes(
    make_project, capsys
) -> None:
    root = make_project()
    assert main(["build", "--root", str(root), "--jobs", "1", "-q"]) == 0
    pdf = root / "output/test-brief/test-brief.pdf"
    good = pdf.read_bytes()
    edit(root, "briefs/test-brief.yaml", "A test brief", "A changed brief")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    killed: list[int] = []

    def kill_the_workers() -> bool:
        # Every PDF worker, not the resource tracker that multiprocessing starts first:
        # the pool replaces a worker that dies, so each replacement is killed too.
        for child in child_processes(process.pid, b"spawn_main"):
            if child not in killed:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
                killed.append(child)
        return process.poll() is not None

    wait_until(kill_the_workers, timeout=120, what="the build to end")
    _, err = process.communicate(timeout=120)
    assert killed, "the build finished before a worker could be killed"
    assert process.returncode == 1, err.decode()
    assert b"PDF rendering failed" in err
    assert pdf.read_bytes() == good
    # The page is not the new edition beside the old PDF: neither changed.
    assert "A changed brief" not in (pdf.parent / "index.html").read_text()
    assert not list(pdf.parent.glob(".*.tmp"))
    capsys.readouterr()
    assert main(["build", "--root", str(root), "--jobs", "1", "-q"]) == 0
    assert pdf.read_bytes() != good


def test_warnings_of_skipped_briefs_are_shown_again(
    project: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    # A character no font has is a warning in a final brief only with this setting.
    settings = project / "policybrief.yaml"
    settings.write_text(settings.read_text("utf-8") + "allow_missing_glyphs: true\n", "utf-8")
    code, built, output = build(project, capsys)
    edit(project, "content/analysis/outlook.md", "No estimate here.", "No estimate here 𓀀.")
    code, built, output = build(project, capsys)
    assert (code, built) == (0, {"test-brief", "third"})
    warning = (
        "content/analysis/outlook.md:5:18: warning: no theme font has 1 character of "
        "Egyptian Hieroglyphs script"
    )
    assert output.count(warning) == 1
    edit(project, "briefs/other.yaml", "About", "Still about")
    code, built, output = build(project, capsys)
    assert (code, built) == (0, {"other"})
    assert output.count(warning) == 1
    code, built, output = build(project, capsys, "--strict")
    assert (code, built) == (1, set())
    assert warning.replace("warning:", "error:") in output


def test_leftover_temporary_files_are_removed(project: Path, capsys) -> None:
    leftover = project / "output/other/.index.html.abc.tmp"
    leftover.write_text("half a file", "utf-8")
    edit(project, "briefs/other.yaml", "About", "Still about")
    code, _, _ = build(project, capsys)
    assert code == 0
    assert not leftover.exists()


def test_sigterm_interrupts_cleanly(make_project) -> None:
    root = make_project(EXTRA)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    wait_until(lambda: child_processes(process.pid), timeout=60, what="the build to start a worker")
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143, err.decode()  # 128 + SIGTERM's 15, as shells report it
    assert b"interrupted" in err
    assert b"Traceback" not in err
    assert not list((root / "output").rglob(".*.tmp")) if (root / "output").exists() else True
