"""The command line, in-process: exit codes, output streams and formats."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from policybrief import __version__, cli
from policybrief.cli import main
from policybrief.errors import Terminated
from policybrief.report import use_colour
from tests.helpers import VALID

BAD_KIND = "kind: stat"  # one error in content/actors/beta.yaml at 2:7


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


pytestmark = pytest.mark.usefixtures("clean_environment")


@pytest.fixture
def broken(make_project) -> Path:
    return make_project({"content/actors/beta.yaml": f"name: Beta State\n{BAD_KIND}\n"})


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [[], *([name] for name in sorted(cli.cli.commands))])
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*command, "--help"], capsys)
    assert code == 0
    assert out.startswith("Usage: policybrief")
    assert err == ""


def test_every_command_shares_the_common_options(capsys: pytest.CaptureFixture[str]) -> None:
    for name in sorted(cli.cli.commands):
        _, out, _ = run([name, "--help"], capsys)
        for option in ("--root", "--quiet", "--verbose", "--format"):
            assert option in out, (name, option)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert __version__ in out


def test_root_that_is_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("x")
    code, out, err = run(["check", "--root", str(file)], capsys)
    assert code == 2
    assert out == ""
    assert "--root" in err


def test_root_that_does_not_exist_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["check", "--root", str(tmp_path / "missing")], capsys)
    assert code == 2
    assert "is not a folder" in err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["chekc"], capsys)
    assert code == 2
    assert out == ""
    assert "No such command 'chekc'" in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "--colour"], capsys)
    assert code == 2
    assert "--colour" in err


def test_bad_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(["check", "--root", str(VALID), "--format", "json"], capsys)
    assert code == 2


def test_check_valid_prints_a_summary_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(VALID)
    code, out, err = run(["check"], capsys)
    assert code == 0
    assert err == ""
    assert out.startswith("checked 14 files, no problems (")


def test_check_quiet_prints_nothing_when_all_is_well(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["check", "--root", str(VALID), "--quiet"], capsys)
    assert (code, out, err) == (0, "", "")


def test_check_finds_the_root_from_a_subfolder(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    monkeypatch.chdir(broken / "content" / "actors")
    code, _, err = run(["check"], capsys)
    assert code == 1
    # Paths are shown relative to the working folder, so an editor can open them.
    assert err.splitlines()[0] == "beta.yaml:2:7: error: 'stat' is not a valid kind"


def test_check_with_root_elsewhere_shows_full_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], broken
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = run(["check", "--root", str(broken)], capsys)
    assert code == 1
    assert err.splitlines()[0].startswith(f"{broken}/content/actors/beta.yaml:2:7: error: ")


def test_errors_go_to_stderr_with_a_summary(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    monkeypatch.chdir(broken)
    code, out, err = run(["check"], capsys)
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "content/actors/beta.yaml:2:7: error: 'stat' is not a valid kind",
        "  hint: did you mean 'state'? (person, organisation, state, body)",
        "checked 14 files: 1 error, 0 warnings",
    ]


def test_github_format(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    monkeypatch.chdir(broken)
    code, _, err = run(["check", "--format", "github"], capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        "::error file=content/actors/beta.yaml,line=2,col=7::'stat' is not a valid kind "
        "(hint: did you mean 'state'? (person, organisation, state, body))"
    )


def test_github_actions_picks_the_github_format(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    monkeypatch.chdir(broken)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, _, err = run(["check"], capsys)
    assert err.startswith("::error file=content/actors/beta.yaml,line=2,col=7::")
    _, _, err = run(["check", "--format", "text"], capsys)
    assert err.startswith("content/actors/beta.yaml:2:7: error: ")


def test_no_colour_when_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    monkeypatch.chdir(broken)
    _, _, err = run(["check"], capsys)
    assert "\x1b[" not in err


@pytest.mark.parametrize(
    ("env", "colour"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)],
)
def test_colour_on_a_terminal_unless_no_color(
    env: dict[str, str], colour: bool, monkeypatch: pytest.MonkeyPatch, broken: Path
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.chdir(broken)
    assert main(["check"]) == 1
    assert ("\x1b[" in terminal.getvalue()) is colour
    assert use_colour(terminal) is colour
    assert use_colour(io.StringIO()) is False


def test_internal_errors_say_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("policybrief.content.validate.validate_project", boom)
    code, _, err = run(["check", "--root", str(VALID)], capsys)
    assert code == 3
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err
    code, _, err = run(["check", "--root", str(VALID), "--verbose"], capsys)
    assert code == 3
    assert "Traceback" in err


@pytest.mark.parametrize(
    ("interruption", "exit_code"),
    [(KeyboardInterrupt, 130), (Terminated, 143)],  # Ctrl-C: 128 + 2; SIGTERM: 128 + 15
)
def test_interrupted(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    interruption: type[BaseException],
    exit_code: int,
) -> None:
    def interrupt(*args: object) -> None:
        raise interruption

    monkeypatch.setattr("policybrief.content.validate.validate_project", interrupt)
    code, _, err = run(["check", "--root", str(VALID)], capsys)
    assert code == exit_code
    assert "interrupted" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_exits_128_plus_its_number(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    signum: int,
    exit_code: int,
) -> None:
    """The signal itself, sent to this process while it checks: the CLI's own handlers."""

    def signalled(*args: object) -> None:
        os.kill(os.getpid(), signum)  # its handler runs before the next line
        raise AssertionError("the signal was not handled")

    monkeypatch.setattr("policybrief.content.validate.validate_project", signalled)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        code, _, err = run(["check", "--root", str(VALID)], capsys)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert code == exit_code
    assert "interrupted" in err


def test_check_never_imports_weasyprint() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from policybrief.cli import main
        code = main(["check", "--root", {str(VALID)!r}])
        print(code, "weasyprint" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.splitlines()[-1] == "0 False"


def test_the_code_digest_changes_with_an_installed_library(monkeypatch) -> None:
    """A restored build state is not trusted across an upgrade of WeasyPrint (or any
    library beside it): the digest every brief depends on changes."""
    from policybrief.build import state

    before = state.code_digest()
    assert any(n.startswith("weasyprint-") for n in state._installed_distributions())
    listing = [*state._installed_distributions(), "weasyprint-99.0.dist-info"]
    monkeypatch.setattr(state, "_installed_distributions", lambda: listing)
    assert state.code_digest() != before


def test_build_without_briefs_says_so_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "content/actors").mkdir(parents=True)
    (tmp_path / "content/actors/a.yaml").write_text("name: A\nkind: person\n", encoding="utf-8")
    code, out, err = run(["build", "--root", str(tmp_path)], capsys)
    assert (code, err) == (0, "")
    assert "nothing to build: briefs/ holds no brief yet; nothing written" in out
    assert "policybrief new brief SLUG" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_build_without_briefs_still_checks_the_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "content/actors").mkdir(parents=True)
    (tmp_path / "content/actors/a.yaml").write_text(f"name: A\n{BAD_KIND}\n", encoding="utf-8")
    code, _, err = run(["build", "--root", str(tmp_path)], capsys)
    assert code == 1
    assert "content/actors/a.yaml:2:7: error:" in err


@pytest.mark.parametrize("where", ["content/actors", "content", "content/analysis", "."])
def test_new_writes_into_the_project_wherever_it_runs(
    tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "actor", "first"]) == 0
    (tmp_path / where).mkdir(exist_ok=True)
    monkeypatch.chdir(tmp_path / where)
    assert main(["new", "actor", "second"]) == 0
    capsys.readouterr()
    actors = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.yaml"))
    assert actors == ["content/actors/first.yaml", "content/actors/second.yaml"]


def test_the_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    code, out, _ = run(["--version"], capsys)
    assert (code, out) == (0, f"policybrief {__version__}\n")
    changelog = (Path(__file__).parents[3] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__} " in changelog, "CHANGELOG.md has no entry for this version"
    pyproject = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text("utf-8"))
    assert "version" in pyproject["project"]["dynamic"]


@pytest.mark.parametrize(
    ("given", "mib"),
    [("4096", 4096), ("4096MiB", 4096), ("4GiB", 4096), ("1.5G", 1536), (" 768 mb ", 768)],
)
def test_memory_limit_takes_mib_or_a_size(given: str, mib: int) -> None:
    from policybrief.cli.build import parse_memory

    assert parse_memory(given) == mib


@pytest.mark.parametrize(
    "given",
    [
        "",
        "lots",
        "4TiB",
        "0",
        "0.5MiB",
        "-1",
        "4 GiB extra",
        "64",
        "511MiB",
        "99999999999999999999",
    ],
)
def test_a_memory_limit_that_is_no_size_is_a_usage_error(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--memory-limit", given]) == 2
    assert "--memory-limit" in capsys.readouterr().err


def test_a_suggested_command_runs_where_it_is_suggested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policybrief.cli.common import program

    checkout = tmp_path / "policy brief"  # a space: the path is quoted
    checkout.mkdir()
    monkeypatch.setattr(sys, "argv", [str(checkout / "build.py")])
    assert program(cwd=checkout) == "python build.py"
    elsewhere = program(cwd=tmp_path / "project")
    assert elsewhere == f"python '{checkout / 'build.py'}'"
    monkeypatch.setattr(sys, "argv", ["/usr/bin/policybrief"])
    assert program(cwd=tmp_path) == "policybrief"
