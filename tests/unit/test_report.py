"""GitHub Actions annotations: the format, its escaping, and when it is chosen."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from policybrief.cli import main
from policybrief.errors import Diagnostic, Position, Severity
from policybrief.report import format_diagnostic, github_annotation

pytestmark = pytest.mark.usefixtures("clean_environment")

ANNOTATION = re.compile(r"^::(error|warning) ([^:]*)::(.*)$")


def unescape(text: str) -> str:
    """How GitHub's runner reads a workflow command back (the inverse of @actions/core)."""
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split one annotation as the runner does: properties at ',', then '='."""
    match = ANNOTATION.match(line)
    assert match, line
    kind, props, data = match.groups()
    fields = dict(p.split("=", 1) for p in props.split(","))
    return kind, {k: unescape(v) for k, v in fields.items()}, unescape(data)


@pytest.fixture
def broken(make_project) -> Path:
    return make_project({"content/actors/beta.yaml": "name: Beta State\nkind: stat\n"})


def test_an_error_with_a_hint() -> None:
    d = Diagnostic(
        Path("content/actors/beta.yaml"),
        Position(2, 7),
        "bad kind",
        "try state",
        code="invalid-value",
    )
    assert github_annotation(d, "content/actors/beta.yaml") == (
        "::error file=content/actors/beta.yaml,line=2,col=7::bad kind (hint: try state)"
    )


def test_a_warning_without_a_hint() -> None:
    d = Diagnostic(
        Path("a.md"), Position(5, 18), "no font", None, Severity.WARNING, code="invalid-value"
    )
    assert github_annotation(d, "a.md") == "::warning file=a.md,line=5,col=18::no font"


def test_a_problem_with_the_whole_file_has_no_line() -> None:
    d = Diagnostic(
        Path(".policybrief"), Position(0, 0), "cannot save build state", code="invalid-value"
    )
    assert github_annotation(d, ".policybrief") == (
        "::error file=.policybrief::cannot save build state"
    )


def test_the_message_is_escaped_as_data() -> None:
    message = "100% sure: a, b\nsecond line\r"
    d = Diagnostic(Path("x.yaml"), Position(1, 1), message, "50%: c, d", code="invalid-value")
    line = github_annotation(d, "x.yaml")
    # ':' and ',' are left alone in the message; '%', CR and LF are not.
    assert line.endswith("::100%25 sure: a, b%0Asecond line%0D (hint: 50%25: c, d)")
    assert "\n" not in line
    assert "\r" not in line
    assert parse(line)[2] == f"{message} (hint: 50%: c, d)"


def test_the_file_is_escaped_as_a_property() -> None:
    where = "content/actors/a,b:c%d.yaml"
    d = Diagnostic(Path(where), Position(3, 4), "unknown field 'rol'", code="invalid-value")
    line = github_annotation(d, where)
    assert line.startswith("::error file=content/actors/a%2Cb%3Ac%25d.yaml,line=3,col=4::")
    kind, props, data = parse(line)
    assert (kind, props, data) == (
        "error",
        {"file": where, "line": "3", "col": "4"},
        "unknown field 'rol'",
    )


def test_format_diagnostic_never_colours_annotations() -> None:
    d = Diagnostic(Path("x.yaml"), Position(1, 1), "bad", "hint", code="invalid-value")
    assert "\x1b[" not in format_diagnostic(d, fmt="github", colour=True)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "command", [["check"], ["build", "--outputs", "html"], ["build", "--outputs", "html", "-q"]]
)
def test_github_actions_chooses_annotations_by_itself(
    command: list[str],
    broken: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(broken)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(command) == 1
    err = capsys.readouterr().err.splitlines()
    annotations = [line for line in err if line.startswith("::")]
    assert (
        "::error file=content/actors/beta.yaml,line=2,col=7::'stat' is not a valid kind "
        "(hint: did you mean 'state'? (person, organisation, state, body))"
    ) in annotations
    assert all(ANNOTATION.match(line) for line in annotations)
    assert not [line for line in err if ": error:" in line]  # no text-format duplicates
    # The summary count still ends the log, as a plain line.
    errors = len(annotations)
    summary = rf"(checked \d+ files|built \d+, .*): {errors} errors?, \d+ warnings?"
    assert re.fullmatch(summary, err[-1]), err[-1]


def test_format_text_overrides_github_actions(
    broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(broken)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["build", "--outputs", "html", "--format", "text"]) == 1
    err = capsys.readouterr().err
    assert "content/actors/beta.yaml:2:7: error: 'stat' is not a valid kind" in err
    assert "::error" not in err


def test_annotations_have_no_colour_even_on_a_terminal(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check"]) == 1
    assert terminal.getvalue().startswith("::error file=content/actors/beta.yaml,")
    assert "\x1b[" not in terminal.getvalue()


def test_text_format_names_a_whole_file_without_a_line() -> None:
    d = Diagnostic(
        Path("/p/.policybrief"), Position(0, 0), "cannot save build state", code="invalid-value"
    )
    assert format_diagnostic(d) == "/p/.policybrief: error: cannot save build state"
    d = Diagnostic(Path("/p/a.yaml"), Position(3, 1), "bad", "fix it", code="invalid-value")
    assert format_diagnostic(d) == "/p/a.yaml:3:1: error: bad\n  hint: fix it"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("\x1b[2J\x1b[31mforged", "\\x1b[2J\\x1b[31mforged"),
        ("a\rb", "a\\x0db"),
        ("bell\x07", "bell\\x07"),
        ("\u202eevil", "\\u202eevil"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("x.yaml:1:1: error: fake\nnext", "x.yaml:1:1: error: fake\\x0anext"),
    ],
)
def test_control_characters_from_content_are_shown_escaped(raw: str, escaped: str) -> None:
    d = Diagnostic(
        Path(f"content/{raw}.yaml"), Position(1, 1), f"'{raw}'", raw, code="invalid-value"
    )
    text = format_diagnostic(d)
    assert text == f"content/{escaped}.yaml:1:1: error: '{escaped}'\n  hint: {escaped}"
    annotation = format_diagnostic(d, fmt="github")
    for char in "\x1b\u202e\r":
        assert char not in annotation
