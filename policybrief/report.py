"""Print diagnostics for people (text, optionally coloured) and for CI (GitHub)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import click

from .errors import Diagnostic, Severity

FORMATS = ("text", "github")


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
        kind = "error" if d.is_error else "warning"
        text = d.message + (f" (hint: {d.hint})" if d.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={where},line={d.position.line},col={d.position.column}::{text}"
    label = d.severity.value
    if colour:
        label = click.style(
            label, fg="red" if d.severity is Severity.ERROR else "yellow", bold=True
        )
        where_text = click.style(f"{where}:{d.position.line}:{d.position.column}", bold=True)
    else:
        where_text = f"{where}:{d.position.line}:{d.position.column}"
    line = f"{where_text}: {label}: {d.message}"
    if d.hint:
        hint = click.style("hint", fg="cyan") if colour else "hint"
        line += f"\n  {hint}: {d.hint}"
    return line


def print_diagnostics(
    diagnostics: Iterable[Diagnostic], stream: TextIO, *, fmt: str = "text"
) -> None:
    colour = fmt == "text" and use_colour(stream)
    for d in diagnostics:
        print(format_diagnostic(d, fmt=fmt, colour=colour), file=stream)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
