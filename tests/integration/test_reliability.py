"""Nothing lost, nothing stale: a failed, slow or interrupted build changes nothing published.

One test (or more) per case of issue 15 (tests/data/cases/<case>/README.md),
each followed by inputs of the same kind.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policybrief.build import scan
from policybrief.errors import Diagnostic
from tests.helpers import (
    FULL,
    REPO,
    VALID,
    child_processes,
    copy_project,
    descendant_processes,
    edit_file,
    process_alive,
    run_build,
    run_cli,
    wait_until,
    write_files,
)

#: A Markdown table long enough that its PDF takes tens of seconds (any --timeout 1 fails it).
SLOW_TABLE = "\n\n| n | text |\n| - | ---- |\n" + "".join(
    f"| {i} | row {i} of a very long table |\n" for i in range(4000)
)


#: A second brief, using little of the project, to show it is built when another fails.
OTHER = "title: Other\ndate: 2025-12-02\nsummary: Hi.\nsections:\n  - analysis: background\n"


def _html(root: Path, *args: str) -> tuple[int, str]:
    run = run_cli("build", "--root", str(root), "--outputs", "html", "--format", "text", *args)
    return run.code, run.out + run.err


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _valid(tmp_path: Path, name: str = "project") -> Path:
    root = tmp_path / name
    shutil.copytree(VALID, root)
    return root


# site-drops-on-error


def test_one_typo_in_an_actor_unpublishes_nothing(tmp_path: Path) -> None:
    """The case as written: the example project, a syntax error in an actor both briefs use."""
    root = copy_project(REPO, tmp_path / "project")
    assert _html(root)[0] == 0
    before = _tree(root / "output")
    assert before["feed.xml"].count(b"<entry") >= 1
    with (root / "content/actors/vladimir-putin.yaml").open("a") as f:
        f.write("name: [unclosed\n")
    code, output = _html(root)
    assert code == 1
    assert "last good build still served: " in output
    assert FULL in output
    assert _tree(root / "output") == before
    assert (root / "output/actors/vladimir-putin/index.html").is_file()


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        ("briefs/test-brief.yaml", "title: A test brief", "title: [A test brief"),
        ("policybrief.yaml", "Test Unit", "Test Unit\nsurprise: 1"),
        ("content/analysis/outlook.md", "kind: outlook", "kind: outlok"),
        ("content/agenda/summit.yaml", "2025-12-04", "4 December"),
    ],
)
def test_any_file_with_errors_leaves_the_site_as_it_was(
    tmp_path: Path, rel: str, old: str, new: str
) -> None:
    root = _valid(tmp_path)
    assert _html(root)[0] == 0
    before = _tree(root / "output")
    edit_file(root, rel, old, new)
    code, output = _html(root)
    assert code == 1
    assert "(last good build still served: test-brief)" in output
    assert _tree(root / "output") == before
    code, output = _html(root)  # and again: still failing, still served
    assert code == 1
    assert _tree(root / "output") == before


def test_a_fixed_file_is_published_and_a_deleted_actor_unpublished(tmp_path: Path) -> None:
    root = _valid(tmp_path)
    assert _html(root)[0] == 0
    edit_file(root, "briefs/test-brief.yaml", "title: A test brief", "title: [broken")
    assert _html(root)[0] == 1
    edit_file(root, "briefs/test-brief.yaml", "title: [broken", "title: A fixed brief")
    assert _html(root)[0] == 0
    assert "A fixed brief" in (root / "output/index.html").read_text()
    assert "A fixed brief" in (root / "output/feed.xml").read_text()
    # Deleted on purpose (and no longer used): its page goes.
    write_files(root, {"content/actors/stray.yaml": "name: Stray\nkind: person\n"})
    assert _html(root)[0] == 0
    assert (root / "output/actors/stray/index.html").is_file()
    (root / "content/actors/stray.yaml").unlink()
    assert _html(root)[0] == 0
    assert not (root / "output/actors/stray").exists()


# failed-brief-html-overwritten


def test_a_pdf_past_its_time_limit_changes_neither_the_page_nor_the_pdf(tmp_path: Path) -> None:
    root = _valid(tmp_path)
    assert run_cli("build", "--root", str(root), "--jobs", "1").code == 0
    before = _tree(root / "output")
    with (root / "content/analysis/outlook.md").open("a") as f:
        f.write("\nTimeout edit." + SLOW_TABLE)
    run = run_cli("build", "--root", str(root), "--jobs", "1", "--timeout", "1")
    assert run.code == 1
    assert "took longer than" in run.err
    assert "Timeout edit" not in (root / "output/test-brief/index.html").read_text()
    assert _tree(root / "output") == before


def test_a_failing_print_template_changes_neither_the_page_nor_the_pdf(tmp_path: Path) -> None:
    root = _valid(tmp_path)
    assert run_cli("build", "--root", str(root), "--jobs", "1").code == 0
    before = _tree(root / "output")
    edit_file(root, "briefs/test-brief.yaml", "title: A test brief", "title: A new edition")
    # A project template that breaks in print only.
    theme = REPO / "templates"
    brief = (theme / "brief.html").read_text()
    write_files(
        root,
        {"templates/brief.html": "{% if medium == 'print' %}{{ 1 / 0 }}{% endif %}" + brief},
    )
    run = run_cli("build", "--root", str(root), "--jobs", "1")
    assert run.code == 1
    assert "A new edition" not in (root / "output/test-brief/index.html").read_text()
    assert _tree(root / "output") == before


def test_a_pdf_that_cannot_be_written_leaves_the_page_as_it_was(tmp_path: Path) -> None:
    root = _valid(tmp_path)
    assert run_cli("build", "--root", str(root), "--jobs", "1").code == 0
    page = root / "output/test-brief/index.html"
    good = page.read_bytes()
    pdf = root / "output/test-brief/test-brief.pdf"
    pdf.unlink()
    pdf.mkdir()  # a folder in the PDF's place: renaming over it fails
    (pdf / "keep").write_text("x")
    edit_file(root, "briefs/test-brief.yaml", "title: A test brief", "title: A new edition")
    run = run_cli("build", "--root", str(root), "--jobs", "1")
    assert run.code == 1
    assert "cannot write output" in run.err
    assert page.read_bytes() == good
    assert not list(page.parent.glob(".*.tmp"))


# The site is prepared while the last PDFs render (build/site_build.py): a PDF
# that fails after that must still leave the brief's last good listing.


def _spy_on_the_site(monkeypatch: pytest.MonkeyPatch) -> tuple[list[set[str]], list[bytes]]:
    """Record each preparation's assumed failures and every index page the build renders."""
    from policybrief.build import site_build

    assumed: list[set[str]] = []
    indexes: list[bytes] = []
    prepare, render = site_build.SiteBuild.prepare, site_build.render_site

    def spy_prepare(self: site_build.SiteBuild, failed: set[str], pool: Any = None) -> None:
        assumed.append(set(failed))
        prepare(self, failed, pool)

    def spy_render(*args: object, **kwargs: object) -> object:
        rendered = render(*args, **kwargs)  # type: ignore[arg-type]
        indexes.append(rendered.pages["index.html"] if rendered is not None else b"")
        return rendered

    monkeypatch.setattr(site_build.SiteBuild, "prepare", spy_prepare)
    monkeypatch.setattr(site_build, "render_site", spy_render)
    return assumed, indexes


def _worker_died(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """test-brief's worker dies after the site is prepared (the pool hands back its death)."""
    from policybrief.build.pool import PdfPool
    from policybrief.build.workers import died

    results = PdfPool.results

    def dying(self: PdfPool) -> Iterator[tuple[Any, Any]]:
        for view, result in results(self):
            if view.slug == "test-brief":
                result = died(view.slug, -9, 2048, "the default")
            yield view, result

    monkeypatch.setattr(PdfPool, "results", dying)


def _pdf_unwritable(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = root / "output/test-brief/test-brief.pdf"
    pdf.unlink()
    pdf.mkdir()  # a folder in the PDF's place: renaming over it fails
    (pdf / "keep").write_text("x")


@pytest.mark.parametrize("failure", [_worker_died, _pdf_unwritable])
def test_a_pdf_failing_after_the_site_was_prepared_keeps_the_last_good_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: object
) -> None:
    root = _valid(tmp_path)
    write_files(root, {"briefs/other.yaml": OTHER})
    assert run_build(root).code == 0
    index = (root / "output/index.html").read_bytes()
    edit_file(root, "briefs/test-brief.yaml", "title: A test brief", "title: A new edition")
    failure(root, monkeypatch)  # type: ignore[operator]
    assumed, indexes = _spy_on_the_site(monkeypatch)
    run = run_build(root)
    assert run.code == 1, run.err
    # Prepared while the PDF rendered, as if it would succeed: the new title...
    assert assumed == [set()]
    assert b"A new edition" in indexes[0]
    # ...but the brief failed, so the site was rendered again with its last good listing.
    assert len(indexes) == 2
    assert (root / "output/index.html").read_bytes() == index
    for rel in ("index.html", "feed.xml", "search/index.js", "timeline/index.html"):
        assert "A new edition" not in (root / "output" / rel).read_text(), rel
    assert "A new edition" not in (root / "output/test-brief/index.html").read_text()


def test_a_site_prepared_for_the_briefs_that_succeed_is_rendered_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _valid(tmp_path)
    write_files(root, {"briefs/other.yaml": OTHER})
    assumed, indexes = _spy_on_the_site(monkeypatch)
    assert run_build(root).code == 0
    assert assumed == [set()]
    assert len(indexes) == 1
    assert (root / "output/index.html").read_bytes() == indexes[0]


# markdown-nesting-crash


def _nested_list(depth: int) -> str:
    return "\n".join("    " * i + "- x" for i in range(depth))


@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("content/analysis/outlook.md", "\n\n" + _nested_list(400) + "\n"),
        ("content/analysis/outlook.md", "\n\n" + "> " * 300 + "deep\n"),
        ("content/analysis/kj-summit.md", "\n\n" + _nested_list(33) + "\n"),
    ],
)
def test_nesting_past_the_limit_is_a_content_error_and_other_briefs_are_built(
    tmp_path: Path, rel: str, text: str
) -> None:
    root = _valid(tmp_path)
    write_files(root, {"briefs/other.yaml": OTHER})
    with (root / rel).open("a") as f:
        f.write(text)
    check = run_cli("check", "--root", str(root), "--format", "text")
    assert check.code == 1
    assert re.search(rf"{re.escape(rel)}:\d+:1: error: lists or quotes nested deeper", check.err)
    code, output = _html(root)
    assert code == 1
    assert "internal error" not in output
    assert "lists or quotes nested deeper than 32 levels" in output
    assert (root / "output/other/index.html").is_file()
    assert (root / "output/index.html").is_file()


def test_nesting_in_an_actor_summary_keeps_the_site(tmp_path: Path) -> None:
    root = _valid(tmp_path)
    assert _html(root)[0] == 0
    before = _tree(root / "output")
    lines = "".join(f"  {line}\n" for line in _nested_list(300).split("\n"))
    with (root / "content/actors/bob-jones.yaml").open("a") as f:
        f.write("summary: |\n" + lines)
    code, output = _html(root)
    assert code == 1
    assert "nested deeper" in output
    assert _tree(root / "output") == before


def test_any_exception_while_rendering_one_brief_fails_that_brief_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policybrief.build import rendering as briefs

    root = _valid(tmp_path)
    write_files(root, {"briefs/other.yaml": OTHER})
    real = briefs.render_page

    def render(env, corpus, view, **kwargs):  # type: ignore[no-untyped-def]
        if view.slug == "test-brief":
            raise RecursionError("maximum recursion depth exceeded")
        return real(env, corpus, view, **kwargs)

    monkeypatch.setattr(briefs, "render_page", render)
    code, output = _html(root)
    assert code == 1
    assert "briefs/test-brief.yaml:1:1: error: rendering this brief needed too deep" in output
    assert (root / "output/other/index.html").is_file()
    monkeypatch.setattr(briefs, "render_page", lambda *a, **k: (_ for _ in ()).throw(KeyError("x")))
    edit_file(root, "briefs/other.yaml", "Hi.", "Hello.")
    code, output = _html(root)
    assert code == 1
    assert "rendering this brief failed unexpectedly (KeyError: 'x')" in output
    assert "Hi." in (root / "output/other/index.html").read_text()


def test_the_preview_survives_a_rebuild_that_raises(tmp_path: Path) -> None:
    from policybrief.serve.preview import Preview

    root = _valid(tmp_path)
    (root / "output").mkdir()

    def explode():  # type: ignore[no-untyped-def]
        raise RecursionError("maximum recursion depth exceeded")

    preview = Preview(
        root, root / "output", build_html=explode, pdf_command=None, host="127.0.0.1", port=0
    )
    try:
        preview._rebuild("saved")
        problems: list[Diagnostic] = preview.html_problems
        assert [p.code for p in problems] == ["internal-failure"]
        assert "RecursionError" in problems[0].message
    finally:
        preview.status.close()
        preview.server.server_close()


# stale-after-edit-race


def test_an_edit_between_digest_and_read_is_never_recorded_as_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _valid(tmp_path)
    assert _html(root)[0] == 0
    manifest = root / "briefs/test-brief.yaml"
    a = manifest.read_text()
    b = a.replace("title: A test brief", "title: STALE-EDIT-B")
    edit_file(root, "content/analysis/outlook.md", "No estimate here.", "None here.")
    real = scan.scan_inputs
    calls = []

    def save_after_the_scan(root_: Path, theme):  # type: ignore[no-untyped-def]
        digests = real(root_, theme)
        calls.append(1)
        if len(calls) == 1:
            manifest.write_text(b)  # the writer's save lands between digest and read
        return digests

    monkeypatch.setattr(scan, "scan_inputs", save_after_the_scan)
    assert _html(root)[0] == 0
    monkeypatch.setattr(scan, "scan_inputs", real)
    manifest.write_text(a)  # undo
    _, output = _html(root)
    assert "nothing to do" not in output
    for page in ("index.html", "feed.xml", "test-brief/index.html"):
        assert "STALE-EDIT-B" not in (root / "output" / page).read_text()


@pytest.mark.parametrize(
    "rel", ["content/actors/beta.yaml", "templates/css/screen.css", "policybrief.yaml"]
)
def test_an_edit_during_rendering_makes_the_next_build_render_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rel: str
) -> None:
    from policybrief.build import rendering as briefs

    root = _valid(tmp_path)
    if rel.startswith("templates/"):
        write_files(root, {rel: (REPO / rel).read_text()})
    assert _html(root)[0] == 0
    edit_file(root, "content/analysis/outlook.md", "No estimate here.", "None here.")
    real = briefs.render_page

    def render(*args, **kwargs):  # type: ignore[no-untyped-def]
        with (root / rel).open("a") as f:
            f.write("\n# saved during the build\n" if rel.endswith("yaml") else "\n/* saved */\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(briefs, "render_page", render)
    _html(root)
    monkeypatch.setattr(briefs, "render_page", real)
    code, output = _html(root)
    assert code == 0
    assert "built test-brief" in output


# A killed worker's temporary files (WeasyPrint copies every font a stylesheet
# names into a temporary folder: about 100 MB with the CJK fonts).


def test_workers_keep_temporary_files_in_the_state_and_remove_them(tmp_path: Path) -> None:
    root = _valid(tmp_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=30)
    killed = root / ".policybrief" / "tmp" / str(dead.pid)
    (killed / "weasyprint-abc").mkdir(parents=True)
    (killed / "weasyprint-abc" / "font").write_bytes(b"x" * 1000)
    system = tmp_path / "system-tmp"
    system.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TMPDIR", str(system))
        run = run_build(root)
    assert run.code == 0, run.err
    assert not killed.exists()  # a worker that is gone cannot remove its own
    assert list((root / ".policybrief" / "tmp").iterdir()) == []
    assert not list(system.glob("weasyprint-*"))


def test_a_build_with_nothing_to_render_removes_a_killed_workers_files(tmp_path: Path) -> None:
    """After ``kill -9`` the next build is often a no-op: it starts no workers, but cleans up."""
    root = _valid(tmp_path)
    assert run_build(root).code == 0
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=30)
    killed = root / ".policybrief" / "tmp" / str(dead.pid)
    (killed / "weasyprint-abc").mkdir(parents=True)
    run = run_build(root)
    assert run.code == 0, run.err
    assert "nothing to do" in run.out + run.err
    assert not killed.exists()


# orphan-workers-after-kill


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
@pytest.mark.parametrize("when", ["starting", "rendering"])
def test_workers_exit_when_the_build_is_killed(tmp_path: Path, when: str) -> None:
    root = _valid(tmp_path)
    write_files(root, {"briefs/other.yaml": OTHER})
    with (root / "content/analysis/outlook.md").open("a") as f:
        f.write(SLOW_TABLE)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    build = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        workers = wait_until(
            lambda: child_processes(build.pid, b"spawn_main") or build.poll() is not None,
            timeout=60,
            what="the PDF workers",
        )
        assert build.poll() is None, "the build ended before it could be killed"
        if when == "rendering":
            assert build.stderr is not None
            # The short brief is done while the long one's PDF still renders.
            line = build.stderr.readline
            wait_until(lambda: b"built other" in line(), timeout=60, what="a first PDF")
        tracker = child_processes(build.pid, b"resource_tracker")
        # The zygote's forked workers too, once they are there (its children).
        workers += descendant_processes(build.pid, b"spawn_main")
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=10)
        gone = [*workers, *tracker]
        wait_until(lambda: not any(process_alive(p) for p in gone), timeout=15, what="orphans")
    finally:
        if build.poll() is None:
            build.kill()
            build.wait(timeout=10)
        assert build.stderr is not None
        build.stderr.close()


def test_a_build_interrupted_while_rendering_leaves_the_next_one_work_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policybrief.build import rendering as briefs

    root = _valid(tmp_path)
    assert _html(root)[0] == 0
    edit_file(root, "briefs/test-brief.yaml", "title: A test brief", "title: A new edition")
    real = briefs.render_page

    def interrupted(*args: Any, **kwargs: Any) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(briefs, "render_page", interrupted)
    assert _html(root)[0] == 130
    monkeypatch.setattr(briefs, "render_page", real)
    code, output = _html(root)
    assert code == 0
    assert "nothing to do" not in output
    assert "A new edition" in (root / "output/test-brief/index.html").read_text()


def test_a_build_into_another_folder_leaves_no_stale_output(tmp_path: Path) -> None:
    # The state describes one output folder: after a build into a staging folder,
    # a plain build said "skipped" and output/ kept the text from before the edit.
    root = _valid(tmp_path)
    assert _html(root)[0] == 0
    outlook = root / "content" / "analysis" / "outlook.md"
    outlook.write_text(outlook.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    staging = tmp_path / "staging"
    assert _html(root, "--output", str(staging))[0] == 0
    code, text = _html(root)
    assert code == 0, text
    page = (root / "output" / "test-brief" / "index.html").read_text(encoding="utf-8")
    assert "An edit." in page
    assert "An edit." in (staging / "test-brief" / "index.html").read_text(encoding="utf-8")


def test_a_site_page_deleted_from_output_is_written_again(tmp_path: Path) -> None:
    # A no-op build said "nothing to do" and left the page missing (a brief's PDF
    # deleted the same way was written again).
    root = _valid(tmp_path)
    assert _html(root)[0] == 0
    page = root / "output" / "actors" / "ann-smith" / "index.html"
    before = page.read_bytes()
    page.unlink()
    code, text = _html(root)
    assert code == 0, text
    assert page.read_bytes() == before
    assert "nothing to do" in _html(root)[1]
