"""Hostile content: each input gives its exact diagnostics, and nothing dangerous is published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policybrief.cli import main
from tests.helpers import HOSTILE
from tests.helpers import overlay_case as build_case

CASES = sorted(p.name for p in HOSTILE.iterdir() if p.is_dir())
#: What must never appear in a published page built from hostile content.
FORBIDDEN = re.compile(
    r"<script|<iframe|<form|<input|<object|<embed|<style|style=|\son\w+=|javascript:|data:text"
    r"|file:///etc|evil\.example|127\.0\.0\.1|<!--",
    re.IGNORECASE,
)

#: The site's header on a brief page (templates/layout/chrome.html), with its search form.
SITE_HEADER = re.compile(r'<header class="site-header">.*?</header>', re.DOTALL)


def test_there_are_enough_hostile_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", CASES)
def test_hostile_case(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_case(HOSTILE / name, tmp_path / "project")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["check"])
    _, err = capsys.readouterr()
    expected = (HOSTILE / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    has_errors = any(": error: " in line for line in expected)
    assert code == (1 if has_errors else 0)
    lines = err.splitlines()
    if has_errors:
        lines = lines[:-1]  # the summary line
    assert lines == expected
    assert "Traceback" not in err
    if has_errors:
        return
    # Warnings only: the brief builds, and the page carries nothing dangerous.
    assert main(["build", "--outputs", "html", "-q"]) == 0
    capsys.readouterr()
    page = (root / "output/test-brief/index.html").read_text(encoding="utf-8")
    # The site's header has the theme's own search form; content is what is checked.
    page = SITE_HEADER.sub("", page, count=1)
    assert not FORBIDDEN.search(page), FORBIDDEN.search(page)


@pytest.mark.parametrize(
    "marks",
    [
        "\u0591" * 30,  # Hebrew accents
        "\u0301\u200d" * 30,  # Latin marks split by zero width joiners
        "\u0301\ufe0e" * 30,  # ... or by variation selectors
        "\u064b\u064e" * 15,  # Arabic harakat
        "\u0951" * 30,  # Devanagari
        "\u0e47" * 30,  # Thai
        "\u302a" * 30,  # CJK tone marks
    ],
)
def test_stacked_marks_of_any_script_are_refused(marks: str) -> None:
    from policybrief.content.characters import stacked_marks_re

    assert stacked_marks_re().search(f"x{marks} end")


@pytest.mark.parametrize(
    "text", ["Tiếng Việt ẫ", "בְּרֵאשִׁ֖ית", "بِسْمِ ٱللَّٰهِ", "👨\u200d👩\u200d👧 ❤️ 1️⃣", "བསྒྲུབས"]
)
def test_real_scripts_pass_the_stacked_marks_limit(text: str) -> None:
    from policybrief.content.characters import stacked_marks_re

    assert not stacked_marks_re().search(text)
