"""Print diagnostics for people (text, optionally coloured) and for CI (GitHub)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import click

from policybrief.errors import Diagnostic, Severity

REPORT_FORMATS = ("text", "github")
#: Characters a terminal or a pull request page would act on instead of showing:
#: C0 and C1 controls (escape sequences, carriage return, bell, backspace), the
#: line and paragraph separators, zero-width and bidirectional formatting
#: characters, the byte order mark and the interlinear annotation characters.
_UNSHOWABLE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


def shown(text: str, keep: str = "") -> str:
    """``text`` with each character that could forge a terminal's output written as an escape.

    ``\x1b`` for the escape character, ``\u202e`` for a right-to-left
    override, ``\\`` for a backslash that precedes one, so that what a
    content file or file name holds is shown, never obeyed.
    """
    if not _UNSHOWABLE_RE.search(text):
        return text

    def escape(m: re.Match[str]) -> str:
        if m.group(0) in keep:
            return m.group(0)
        code = ord(m.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSHOWABLE_RE.sub(escape, text)


def use_colour(stream: TextIO) -> bool:
    """Return whether to colour output to ``stream``.

    Colour only on a terminal, never with NO_COLOR (no-color.org) or TERM=dumb;
    a stream without ``isatty`` (a test's buffer) gets none.
    """
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def default_format() -> str:
    """Return the report format to use when none is given: one of :data:`REPORT_FORMATS`.

    "github" inside GitHub Actions (``GITHUB_ACTIONS=true``), so problems show
    as annotations on the pull request; "text" everywhere else.
    """
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Return ``path`` as a report shows it: relative to ``cwd`` when inside it, so editors open it.

    ``cwd`` None means the process's working folder. Symbolic links are
    resolved before giving up; a path outside ``cwd`` is shown as given.
    """
    cwd = cwd or Path.cwd()
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(cwd.resolve()).as_posix()
        except ValueError:
            return str(path)


def format_diagnostic(d: Diagnostic, *, fmt: str = "text", colour: bool = False) -> str:
    """Return one diagnostic as report text, without a final newline.

    ``fmt`` is one of :data:`REPORT_FORMATS`: "text" gives
    ``path:line:col: error: message`` with the hint on a second, indented line
    (``colour`` adds ANSI styles); "github" gives a one-line workflow command
    (:func:`github_annotation`) and ignores ``colour``.
    """
    where = shown(display_path(d.path))
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
    line = f"{where_text}: {label}: {shown(d.message)}"
    if d.hint:
        hint = click.style("hint", fg="cyan") if colour else "hint"
        line += f"\n  {hint}: {shown(d.hint)}"
    return line


def github_annotation(d: Diagnostic, where: str) -> str:
    """Return ``d`` as a GitHub Actions workflow command (``::error file=…,line=…::message``).

    ``where`` is the path as shown to the user (:func:`display_path`).

    GitHub reads the message up to the end of the line and the properties up to
    the next ``,`` or ``::``, so both are escaped as its toolkit does
    (``escapeData`` and ``escapeProperty`` in @actions/core): a path or message
    holding ``%``, a newline, ``:`` or ``,`` arrives intact. A problem with the
    file as a whole (line 0) is annotated on the file, without a line.
    """
    kind = "error" if d.is_error else "warning"
    text = shown(d.message + (f" (hint: {d.hint})" if d.hint else ""), keep="\r\n")
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
    """Write each diagnostic to ``stream`` in the order given (callers sort first).

    ``fmt`` as for :func:`format_diagnostic`; text is coloured only when
    :func:`use_colour` says ``stream`` is a terminal.
    """
    colour = fmt == "text" and use_colour(stream)
    for d in diagnostics:
        print(format_diagnostic(d, fmt=fmt, colour=colour), file=stream)


def plural(n: int, word: str) -> str:
    """Return ``n`` with ``word``, adding "s" unless ``n`` is 1 ("1 error", "0 errors").

    Only for words whose plural is a plain "s".
    """
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
