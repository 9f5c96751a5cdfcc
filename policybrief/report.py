"""Print diagnostics for people (text, optionally coloured) and for CI (GitHub)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import click

from policybrief.errors import Diagnostic, Severity

REPORT_FORMATS = ("text", "github")


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, never with NO_COLOR (no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path relative to the working folder when it is inside it, so editors can open it."""
    cwd = cwd or Path.cwd()
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(cwd.resolve()).as_posix()
        except ValueError:
            return str(path)


def format_diagnostic(d: Diagnostic, *, fmt: str = "text", colour: bool = False) -> str:
    where = display_path(d.path)
    if fmt == "github":
        return github_annotation(d, where)
    label = d.severity.value
    # Line 0 is the file as a whole: "path: error: …", never a made-up "path:0:0".
    if d.position.line > 0:
        where = f"{where}:{d.position.line}:{d.position.column}"
    if colour:
        label = click.style(
            label, fg="red" if d.severity is Severity.ERROR else "yellow", bold=True
        )
        where_text = click.style(where, bold=True)
    else:
        where_text = where
    line = f"{where_text}: {label}: {d.message}"
    if d.hint:
        hint = click.style("hint", fg="cyan") if colour else "hint"
        line += f"\n  {hint}: {d.hint}"
    return line


def github_annotation(d: Diagnostic, where: str) -> str:
    """A GitHub Actions workflow command: ``::error file=…,line=…,col=…::message``.

    GitHub reads the message up to the end of the line and the properties up to
    the next ``,`` or ``::``, so both are escaped as its toolkit does
    (``escapeData`` and ``escapeProperty`` in @actions/core): a path or message
    holding ``%``, a newline, ``:`` or ``,`` arrives intact. A problem with the
    file as a whole (line 0) is annotated on the file, without a line.
    """
    kind = "error" if d.is_error else "warning"
    text = d.message + (f" (hint: {d.hint})" if d.hint else "")
    props = [f"file={_escape_property(where)}"]
    if d.position.line > 0:
        props.append(f"line={d.position.line}")
        if d.position.column > 0:
            props.append(f"col={d.position.column}")
    return f"::{kind} {','.join(props)}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def print_diagnostics(
    diagnostics: Iterable[Diagnostic], stream: TextIO, *, fmt: str = "text"
) -> None:
    colour = fmt == "text" and use_colour(stream)
    for d in diagnostics:
        print(format_diagnostic(d, fmt=fmt, colour=colour), file=stream)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
