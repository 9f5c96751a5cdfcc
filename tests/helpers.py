"""Helpers the test modules share: data paths, project writers, CLI runners, waits.

A plain module (``from tests.helpers import write_files``), not a conftest: test
modules import what they use by name instead of from one another. Fixtures that
wrap these helpers live in ``tests/conftest.py``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest

if TYPE_CHECKING:
    from policybrief.content.corpus import Corpus
    from policybrief.render.resolve import BriefView

T = TypeVar("T")

#: The repository checkout (the example project lives at its top).
REPO = Path(__file__).resolve().parent.parent
#: Small real projects: ``valid/``, and overlays on it in ``broken/`` and ``hostile/``.
DATA = REPO / "tests" / "data"
VALID = DATA / "valid"
BROKEN = DATA / "broken"
HOSTILE = DATA / "hostile"
#: The Nu HTML checker, installed by ``npm install``.
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Files of a broken or hostile case folder that describe the case instead of overlaying it.
CASE_FILES = frozenset({"expected.txt", "delete.txt"})
#: The example project's briefs: the full brief and the one-page read-ahead.
FULL = "russia-india-december-2025"
ONE_PAGER = "summit-read-ahead"

#: Variables that change dates or diagnostics' format, whatever the CI runner sets.
PLAIN_ENVIRONMENT = ("SOURCE_DATE_EPOCH", "GITHUB_ACTIONS", "NO_COLOR", "TERM")


# external tools


def require_tool(name: str) -> str:
    """Return the path of an external tool (``pdftotext``, ``java``…; ``vnu`` is the Nu
    checker's jar, which also needs java).

    A missing tool skips the test locally and fails it in CI (``CI=true``), where a
    silently skipped check would pass a broken build.
    """
    if name == "vnu":
        found = str(VNU_JAR) if VNU_JAR.is_file() and shutil.which("java") else None
        why = f"the Nu checker needs java and {VNU_JAR} (npm install)"
    else:
        found = shutil.which(name)
        why = f"{name} is not installed"
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}; CI must not skip this test")
        pytest.skip(why)
    return found


def run_tool(name: str, *args: str) -> str:
    """Run an external tool (see :func:`require_tool`) and return its standard output.

    Raises ``subprocess.CalledProcessError`` if it fails, ``TimeoutExpired`` after 60 s.
    """
    result = subprocess.run(
        [require_tool(name), *args], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def pages_text(pdf: Path, *options: str) -> list[str]:
    """Return pdftotext's text of each page of ``pdf`` (pages end with a form feed)."""
    return run_tool("pdftotext", *options, str(pdf), "-").split("\f")[:-1]


# projects on disk


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` ({POSIX path relative to ``root``: text}) as UTF-8, making folders."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def edit_file(root: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``root/rel``; fail the test if ``old`` is not there."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_project_at(
    root: Path, files: dict[str, str] | None = None, base: Path | None = VALID
) -> Path:
    """Copy ``base`` (none: start empty) to ``root``, write ``files`` over it; return ``root``.

    ``root`` must not exist yet when ``base`` is given.
    """
    if base is not None:
        shutil.copytree(base, root)
    root.mkdir(parents=True, exist_ok=True)
    write_files(root, files or {})
    return root


def copy_project(source: Path, target: Path) -> Path:
    """Copy a project's inputs (settings, ``briefs/``, ``content/``) to ``target``.

    Its build state and output stay behind; so does the repository's own
    ``templates/``, which is the packaged theme a project without one gets anyway.
    """
    target.mkdir(parents=True)
    shutil.copy2(source / "policybrief.yaml", target / "policybrief.yaml")
    for name in ("briefs", "content"):
        shutil.copytree(source / name, target / name)
    return target


def overlay_case(case: Path, dest: Path) -> Path:
    """Copy the valid project to ``dest`` and apply the case folder ``case`` over it.

    The case's files replace or add files at the same path; its ``delete.txt``
    lists paths to remove; ``expected.txt`` is the case's expectation, not copied.
    """
    shutil.copytree(VALID, dest)
    return apply_case(case, dest)


def apply_case(case: Path, dest: Path) -> Path:
    """Apply the case folder ``case`` over the project at ``dest`` (see :func:`overlay_case`)."""
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        if path.is_dir() or rel.as_posix() in CASE_FILES:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    delete = case / "delete.txt"
    if delete.is_file():
        for line in delete.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (dest / line.strip()).unlink()
    return dest


def load_corpus(root: Path) -> Corpus:
    """Load and validate the project at ``root``; fail the test on any error."""
    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.errors import Diagnostics

    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    assert [d.message for d in diags.errors] == []
    return corpus


# the command line, in-process


@dataclass(frozen=True)
class Run:
    """What a command line run gave: exit code, standard output, standard error."""

    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Run:
    """Run ``policybrief ARGV`` in-process and capture both streams."""
    from policybrief.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return Run(code, out.getvalue(), err.getvalue())


def run_build(root: Path, *args: str) -> Run:
    """Run ``policybrief build --root ROOT ARGS`` with text diagnostics and two jobs."""
    return run_cli("build", "--root", str(root), "--format", "text", "--jobs", "2", *args)


@contextmanager
def plain_environment(names: Iterable[str] = PLAIN_ENVIRONMENT) -> Iterator[None]:
    """Unset ``names`` (by default :data:`PLAIN_ENVIRONMENT`) for the ``with`` block.

    For fixtures of any scope, which cannot all use the ``monkeypatch`` fixture.
    """
    with pytest.MonkeyPatch.context() as mp:
        for name in names:
            mp.delenv(name, raising=False)
        yield


# the repository's example project, built


@dataclass(frozen=True)
class Example:
    """The repository's example project, copied and built once: where and with what result."""

    root: Path
    out: Path
    run: Run
    corpus: Corpus

    def pdf(self, slug: str) -> Path:
        """Return the path of the brief ``slug``'s PDF."""
        return self.out / slug / f"{slug}.pdf"

    def view(self, slug: str) -> BriefView:
        """Resolve the brief ``slug`` against the example's corpus."""
        from policybrief.render.resolve import resolve_brief

        return resolve_brief(self.corpus, slug)


def build_example(base: Path) -> Example:
    """Copy the repository's example project into ``base`` and build it; fail on errors.

    The copy keeps the build state in ``.policybrief/`` out of the checkout.
    """
    root = copy_project(REPO, base / "project")
    out = base / "output"
    run = run_build(root, "--output", str(out))
    assert run.code == 0, run.err
    return Example(root, out, run, load_corpus(root))


# processes


def child_processes(pid: int, marker: bytes = b"") -> list[int]:
    """Processes whose parent is ``pid`` and whose command line contains ``marker`` (/proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == pid and marker in command:
                found.append(int(entry.name))
    return found


def descendant_processes(pid: int, marker: bytes = b"") -> list[int]:
    """Children of ``pid``, their children and so on, whose command line contains ``marker``:
    the PDF workers the pool spawned, and those its zygote forked (the same command line)."""
    found: list[int] = []
    parents = [pid]
    while parents:
        children = [c for p in parents for c in child_processes(p, marker)]
        found += children
        parents = children
    return found


def process_alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie counts as gone)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# waiting


def wait_until(
    predicate: Callable[[], T], *, timeout: float = 10, interval: float = 0.01, what: str = ""
) -> T:
    """Call ``predicate`` until it returns something true, and return that.

    Raises ``AssertionError`` (naming ``what``) if ``timeout`` seconds pass first:
    a test waits for a condition, never for a fixed time it hopes is enough.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(interval)
