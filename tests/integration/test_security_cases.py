"""The security cases (tests/data/cases/security-*), each with the outcome it should have.

Each case is a set of files over a copy of the repository's example project,
as filed; its README says what happened and what should. Variants of each
kind follow its case: other schemes and encodings, other file types and link
targets, other control characters, other pathological inputs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import DATA, REPO, copy_project, edit_file, run_build, run_cli

CASES = DATA / "cases"


def case_project(name: str, dest: Path) -> Path:
    """The example project at ``dest`` with the case's ``content/`` and ``briefs/`` over it."""
    root = copy_project(REPO, dest)
    case = CASES / f"security-{name}"
    for folder in ("content", "briefs"):
        if (case / folder).is_dir():
            shutil.copytree(case / folder, root / folder, dirs_exist_ok=True)
    return root


def check_lines(root: Path) -> list[str]:
    """The diagnostics' first lines ``check`` prints for ``root``, relative to it."""
    run = run_cli("check", "--root", str(root), "--format", "text")
    return [
        line.replace(f"{root}/", "")
        for line in run.err.splitlines()
        if ": error: " in line or ": warning: " in line
    ]


def published(root: Path) -> str:
    """Every text file of ``root/output`` (what the site publishes), joined."""
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((root / "output").rglob("*"))
        if p.is_file() and p.suffix in (".html", ".xml", ".json", ".css", ".js")
    )


# source-url-javascript


def test_a_javascript_source_url_is_an_error_and_never_a_link(tmp_path: Path) -> None:
    root = case_project("source-url-javascript", tmp_path / "p")
    assert check_lines(root)[:1] == [
        "content/sources/kremlin-statement.yaml:4:6: error: url: "
        "'javascript:alert(document.domain)//': 'javascript:' addresses are not allowed"
    ]
    run_build(root, "--outputs", "html")
    assert "javascript:" not in published(root).lower()


@pytest.mark.parametrize(
    "url",
    [
        "data:text/html;base64,PHNjcmlwdD4=",
        "VBScript:msgbox(1)",
        "java&#x0A;script:alert(1)",
        " \\tjavascript:alert(1)",
        "%6Aavascript:alert(1)",
        "//evil.example/x",
        "file:///etc/passwd",
    ],
)
def test_every_refused_source_url_is_an_error(tmp_path: Path, url: str) -> None:
    root = case_project("source-url-javascript", tmp_path / "p")
    edit_file(
        root,
        "content/sources/kremlin-statement.yaml",
        '"javascript:alert(document.domain)//"',
        f'"{url}"',
    )
    [first, *_] = check_lines(root)
    assert first.startswith("content/sources/kremlin-statement.yaml:4:6: error: url: ")


# asset-html-xss


def test_an_asset_that_is_no_image_is_an_error_and_never_published(tmp_path: Path) -> None:
    root = case_project("asset-html-xss", tmp_path / "p")
    (root / "content/assets/page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (root / "content/assets/evil.png").write_text("<html><script>x</script>", encoding="utf-8")
    lines = check_lines(root)
    assert (
        "content/actors/india.yaml:6:17: error: image 'assets/chart.html': not a PNG, JPEG, "
        "GIF, WebP or SVG file" in lines
    )
    assert any(
        line.startswith(
            "content/actors/india.yaml:6:45: error: image 'assets/logo.svg': SVG refused"
        )
        for line in lines
    )
    assert any(line.startswith("content/assets/page.html:1:1: error:") for line in lines)
    assert any(line.startswith("content/assets/evil.png:1:1: error:") for line in lines)
    run_build(root, "--outputs", "html")
    media = root / "output/media"
    assert not media.exists() or sorted(p.name for p in media.iterdir()) == []


# asset-symlink-leak


def test_links_out_of_content_are_errors_and_never_published(tmp_path: Path) -> None:
    root = case_project("asset-symlink-leak", tmp_path / "p")
    (root / ".git").mkdir()
    (root / ".git/config").write_text('extraheader = "AUTHORIZATION: basic TOKEN"\n')
    (root / ".env").write_text("API_KEY=secret\n", encoding="utf-8")
    (root / "content/assets").mkdir()
    (root / "content/assets/logo.png").symlink_to("../../.git/config")
    (root / "content/assets/chart.png").symlink_to("../../.env")
    (root / "content/actors/leak.yaml").symlink_to("../../briefs/summit-read-ahead.yaml")
    page = root / "content/analysis/kj-hedging.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n![Logo](assets/logo.png) ![Chart](assets/chart.png)\n",
        encoding="utf-8",
    )
    lines = check_lines(root)
    assert (
        "content/assets/chart.png:1:1: error: asset is a link to a file outside content/" in lines
    )
    assert "content/assets/logo.png:1:1: error: asset is a link to a file outside content/" in lines
    assert (
        "content/actors/leak.yaml:1:1: error: file is a link to somewhere outside content/" in lines
    )
    run_build(root, "--outputs", "html")
    text = published(root) + "".join(
        p.read_text(errors="replace") for p in (root / "output").rglob("*.png")
    )
    assert "TOKEN" not in text
    assert "API_KEY" not in text


def test_a_theme_file_linked_out_of_the_theme_is_not_published(tmp_path: Path) -> None:
    root = copy_project(REPO, tmp_path / "p")
    (root / ".env").write_text("API_KEY=secret\n", encoding="utf-8")
    (root / "templates/css").mkdir(parents=True)
    (root / "templates/css/leak.css").symlink_to("../../.env")
    (root / "templates/leak.html").symlink_to("../.env")
    run_build(root, "--outputs", "html")
    assert not (root / "output/assets/css/leak.css").exists()
    assert "API_KEY" not in published(root)


# pdf-css-injection-marking


def test_a_form_feed_in_a_marking_is_an_error(tmp_path: Path) -> None:
    root = case_project("pdf-css-injection-marking", tmp_path / "p")
    assert check_lines(root) == [
        "briefs/summit-read-ahead.yaml:7:10: error: control character U+000C (form feed) "
        "is not allowed"
    ]


@pytest.mark.parametrize(
    ("escape", "named"),
    [
        ("\\x0b", "U+000B (vertical tab)"),
        ("\\r", "U+000D (carriage return)"),
        ("\\e", "U+001B (escape)"),
        ("\\0", "U+0000 (null)"),
        ("\\uFFFF", "U+FFFF (a noncharacter)"),
        ("\\uFDD0", "U+FDD0 (a noncharacter)"),
        ("\\u202E", "U+202E (right-to-left override)"),
        ("\\u2028", "U+2028 (line separator)"),
        ("\\x85", "U+0085 (next line)"),
    ],
)
def test_every_control_character_is_an_error_however_written(
    tmp_path: Path, escape: str, named: str
) -> None:
    root = copy_project(REPO, tmp_path / "p")
    edit_file(
        root,
        "briefs/summit-read-ahead.yaml",
        "title: Putin in New Delhi",
        f'title: "Putin{escape} in New Delhi',
    )
    text = (root / "briefs/summit-read-ahead.yaml").read_text(encoding="utf-8")
    # Close the quote the edit opened at the end of the title's line.
    lines = text.splitlines()
    lines[0] = lines[0] + '"'
    (root / "briefs/summit-read-ahead.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert check_lines(root) == [
        f"briefs/summit-read-ahead.yaml:1:8: error: control character {named} is not allowed"
    ]


# markdown-redos


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("backticks", "runs of backticks open no code span (at most 32)"),
        ("brackets", "'[' nested more than 32 deep (or never closed)"),
        ("images", "a paragraph holds more than 4000 marks of inline markup (` * _ [ < &)"),
    ],
)
def test_pathological_markdown_is_refused_in_linear_time(
    tmp_path: Path, kind: str, expected: str
) -> None:
    """The case's payloads are refused, at once (no time is asserted:
    benchmarks/pathological.py measures it; a regression makes this take minutes)."""
    root = case_project("markdown-redos", tmp_path / "p")
    make = CASES / "security-markdown-redos/make.py"
    subprocess.run([sys.executable, str(make), str(root), kind], check=True)
    lines = check_lines(root)
    assert lines
    assert all(line.startswith("content/analysis/kj-hedging.md:26:") for line in lines)
    assert any(line.endswith(expected) for line in lines)


# serve-no-host-check: tests/integration/test_serve_security.py

if os.name != "posix":  # symlinks
    pytestmark = pytest.mark.skip("needs POSIX symlinks")
