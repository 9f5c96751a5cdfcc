"""Diagnostics: one error type that carries file, line and column.

Every problem a user can cause is a :class:`Diagnostic` with a position, so that
``check`` can collect all of them in one run and print them in one format
(``path:line:col: error: message`` and ``  hint: …`` on the next line).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a file; line 0 means "the file as a whole"."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one file, with what to do about it."""

    path: Path
    position: Position
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR
    #: A stable, kebab-case name of the kind of problem (``unknown-reference``,
    #: ``missing-glyph``): code branches on it, never on the message's wording.
    code: str = field(default="", kw_only=True)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.position.line, self.position.column, self.message)


def position_at(text: str, offset: int, first_line: int = 1) -> Position:
    """The 1-based line and column of ``offset`` (code points) in ``text``.

    ``first_line`` is the file line on which ``text`` starts (a Markdown body
    after its front matter starts below line 1).
    """
    line = first_line + text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Position(line, column)


class PolicybriefError(Exception):
    """Base of every error the tool raises on purpose; ``exit_code`` is the process's."""

    exit_code = 1


class UsageError(PolicybriefError):
    """Bad options or arguments: the command line, not the content, is wrong."""

    exit_code = 2


class ContentError(PolicybriefError):
    """Content that cannot be used, carrying every diagnostic found in the run."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        first = self.diagnostics[0] if self.diagnostics else None
        super().__init__(first.message if first else "content error")


@dataclass
class Diagnostics:
    """A collector that stages append to, so a run reports all problems at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(
        self,
        path: Path,
        position: Position,
        message: str,
        hint: str | None = None,
        *,
        code: str = "",
    ) -> None:
        self.items.append(Diagnostic(path, position, message, hint, Severity.ERROR, code=code))

    def warning(
        self,
        path: Path,
        position: Position,
        message: str,
        hint: str | None = None,
        *,
        code: str = "",
    ) -> None:
        self.items.append(Diagnostic(path, position, message, hint, Severity.WARNING, code=code))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def unique(self) -> Diagnostics:
        """The same diagnostics without repeats (a file shown by several briefs warns once).

        Two diagnostics are the same when path, position, message and severity
        agree; the first one's order is kept.
        """
        key = {(d.path, d.position, d.message, d.severity): d for d in self.items}
        return Diagnostics(list(key.values()))

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)
