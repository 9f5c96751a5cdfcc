"""Diagnostics: one error type that carries file, line and column.

Every problem a user can cause is a :class:`Diagnostic` with a position, so that
``check`` can collect all of them in one run and print them in one format
(``path:line:col: error: message`` and ``  hint: …`` on the next line).

Each diagnostic also names its kind of problem with a stable code from
:data:`CODES`, so tools and tests can tell problems apart without reading the
wording, which may change.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: Every diagnostic code, with what it means. A code names a kind of problem,
#: never a wording: the same kind of problem has the same code in every stage.
CODES: dict[str, str] = {
    # files and folders
    "stray-file": "a file or folder where the project layout has none",
    "unreadable-file": "a file that exists but cannot be read",
    "not-utf8": "a text file that is not UTF-8",
    "file-too-large": "a content file or image above the size limit",
    "outside-project": "a link to a file outside the project folder",
    "invalid-front-matter": "an analysis file without its '---' front matter block",
    # YAML
    "yaml-syntax": "text that is not valid YAML",
    "yaml-tag": "a YAML tag such as !!python/object, which content may not use",
    "yaml-limit": "YAML nested too deeply or expanding to too many values",
    "duplicate-key": "a YAML key given twice in one mapping",
    "yaml-comment-in-value": "a plain value cut short by ' #', which starts a YAML comment",
    # fields of one file
    "unknown-field": "a field (or section kind) the content format does not have",
    "missing-field": "a required field that is absent",
    "unexpected-field": "a field this kind of entity does not take",
    "empty-value": "a field or list that is given but empty",
    "wrong-type": "a value of the wrong shape: text, list or mapping",
    "invalid-value": "a value outside the field's vocabulary or range",
    "invalid-date": "a date that is malformed, impossible or too coarse",
    "date-order": "an end date before its start",
    "invalid-id": "a file name that is not a valid id",
    "reserved-slug": "a brief id that the site uses for its own pages",
    "too-long": "a marking or product identifier longer than one line of the page holds",
    # references between files
    "unknown-reference": "an id that names no actor, agenda item, analysis section or source",
    "wrong-kind": "a reference to an entity of the wrong kind",
    "self-reference": "an entity that refers to itself where it may not",
    "duplicate-id": "an id listed twice where it may appear once",
    "duplicate-section": "a brief section that may appear once, given twice",
    "id-clash": "an actor and an agenda item with the same id",
    # Markdown text
    "empty-link": "a [[]] link without an id",
    "unclosed-html": "a raw HTML block never closed, which swallows the rest of the text",
    "unclosed-reference": "a [[link or [@citation opened but never closed, which prints as typed",
    "foreign-markdown": (
        "Markdown of another dialect (~~strike~~, definition lists, Pandoc's citations, "
        "GitHub's alerts) that prints as typed"
    ),
    "invalid-citation": "a citation that cannot be read",
    "missing-alt-text": "an image without alternative text",
    "caption-without-table": "a 'Table:' caption line that no table follows",
    "table-too-wide": (
        "a table too wide for any page it can print on, even in the smallest type "
        "(an error in a final brief)"
    ),
    "table-in-paragraph": "a table right under a paragraph's line, which prints as text",
    "table-extra-cells": "a table row with more cells than its header, which would not print",
    "asset-name-clash": "image names differing only in case, or a name Windows cannot hold",
    "unknown-asset": "an image that is not a file in content/assets/",
    "unsupported-image": "an image file that is not PNG, JPEG, GIF, WebP or well-formed SVG",
    "image-too-large": "a raster image with more pixels than the documented limit",
    "unsafe-svg": "an SVG image with script, event handlers or references outside itself",
    "stacked-marks": "a character carrying more combining marks than any script uses (Zalgo text)",
    "control-character": "a control, invisible or text-reversing character in content",
    "markdown-limit": "Markdown past a limit that keeps its reading linear",
    "sanitised-html": "HTML that the sanitiser will remove",
    "unsafe-url": "a link address the link policy refuses (scheme, or leaving the site)",
    "misleading-link": "a link whose words are a web address on another host than its target",
    "unknown-footnote": "a footnote call [^label] with no definition in the same text",
    "unused-footnote": "a footnote definition [^label]: that nothing calls",
    "duplicate-footnote": "a footnote label defined twice in one text",
    "table-in-note": "a table in a footnote's text, which a note at the page foot cannot print",
    "nested-footnote": "a footnote call inside a footnote's own text",
    "unknown-native-lang": "a native name whose script does not tell its language (native_lang)",
    "tag-spelling": "one tag spelled two ways (case, Unicode form or spaces for hyphens)",
    "unranked-marking": "a marking that is not in the markings setting, so it ranks above all",
    "markup-in-plain-field": "a link, citation, note or image in a field that is plain text",
    # analytic standards (warnings; content/standards.py; silenced by lint-ignore)
    "likelihood-mismatch": "words of another likelihood step than the judgment declares",
    "other-scale-term": "a likelihood term of another estimative scale than the project's",
    "hedge": "a vague hedge (may, might, could, possibly, perhaps, cannot rule out) in a judgment",
    "mixed-estimate": "likelihood and confidence stated in one sentence",
    "no-estimative-word": "a key judgment whose first sentence states no likelihood",
    "unsourced-judgment": "a key judgment that names no source",
    "uncited-source": "a source that no text cites and no sources: list names",
    "edition-history": "an earlier edition that git history cannot show: no 'What changed'",
    "unused-lint-ignore": "a lint-ignore entry that silences nothing",
    # theme and rendering
    "unknown-template": "a template name the theme does not have",
    "missing-glyph": "characters that no theme font can draw (an error in a final brief)",
    "missing-font": "a font file a theme stylesheet names that is not installed",
    "damaged-font": (
        "a font file a theme stylesheet names that is cut short, not a font, or makes a web "
        "font browsers reject"
    ),
    "template-error": "a template that fails to render",
    "refused-fetch": "a resource the renderer was not allowed to fetch",
    "page-limit": "a brief longer than its page limit",
    "pdf-failed": "a PDF that could not be rendered",
    "pdf-warning": "a problem the PDF renderer reported but survived",
    "svg-cut-short": "an SVG the PDF renderer stopped drawing part way, at a value it cannot read",
    "svg-unsupported": "an SVG using what the PDF renderer does not draw (it prints otherwise)",
    "svg-text-on-path": "an SVG's text set along a path, which the PDF prints off its path",
    "svg-text-unshaped": "an SVG's text in a script the PDF would draw unjoined, letter by letter",
    "dead-link": "a link to an anchor the page lacks, a link with no address or no words",
    "image-not-embedded": "a content image the PDF renderer could not read, left out of the PDF",
    "note-too-long": "a note taller than the foot of a page, which the PDF would leave out",
    # build
    "content-with-errors": "a brief not built because its content has errors",
    "cannot-write": "an output file or folder that cannot be written",
    "cannot-remove": "an output file or folder that cannot be removed",
    "state-unsaved": "build state that could not be saved",
    # limits and failures of one file or brief (docs/reliability.md)
    "nesting-limit": "Markdown lists or quotes nested deeper than the documented limit",
    "time-limit": "a file or brief whose reading or rendering outlived its time limit",
    "internal-failure": "an unexpected failure on one file or brief; the rest was built",
}


class Severity(enum.Enum):
    """How bad a diagnostic is: an error fails the run, a warning is only reported.

    The value is the label printed in a report (``path:1:1: error: …``).
    """

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
    #: ``missing-glyph``), one of :data:`CODES`: code branches on it, never on
    #: the message's wording.
    code: str = field(kw_only=True)

    def __post_init__(self) -> None:
        """Raises ``ValueError`` for a code not in :data:`CODES` (a bug, not a user error)."""
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code!r}")

    @property
    def is_error(self) -> bool:
        """An error (fails the run), not a warning."""
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        """Return the report order's key: (path as text, line, column, message).

        A problem with the file as a whole (line 0) comes first in its file.
        """
        return (str(self.path), self.position.line, self.position.column, self.message)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate a typo most likely meant, or None if none is close enough.

    For "did you mean" hints: difflib's similarity ratio of at least 0.6.
    """
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def position_at(text: str, offset: int, first_line: int = 1) -> Position:
    """Return the 1-based line and column of character ``offset`` of ``text``.

    ``first_line`` is the line ``text`` starts on in its file (an analysis body
    starts after its front matter). Columns count code points, as ``offset``
    does, so a character before it on the line counts once however many bytes
    it takes; only ``\n`` ends a line, so with CRLF endings the ``\r`` is the
    last column of its line. ``offset`` may be ``len(text)``: the position
    just after the last character.
    """
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(first_line + text.count("\n", 0, offset), offset - line_start + 1)


class PolicybriefError(Exception):
    """Base of every error the tool raises on purpose; ``exit_code`` is the process's."""

    exit_code = 1


class UsageError(PolicybriefError):
    """Bad options or arguments: the command line, not the content, is wrong."""

    exit_code = 2


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop as on Ctrl-C (clean up, keep what is published), exit 143.

    A KeyboardInterrupt, so everything that cleans up after Ctrl-C does so
    after SIGTERM too; the command line tells them apart only for the exit
    code (128 + the signal's number, as a shell reports a terminated program).
    """


class ContentError(PolicybriefError):
    """Content that cannot be used, carrying every diagnostic found in the run."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        """Keep ``diagnostics`` in report order; the first one's message is the error's text.

        An empty list is allowed (the text is then "content error"), so a caller
        never has to invent a diagnostic to raise.
        """
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
        code: str,
    ) -> None:
        """Add an error at ``path``:``position``.

        ``hint`` says what to do about it (None: no hint line); ``code`` must be
        one of :data:`CODES`, or :class:`Diagnostic` raises ``ValueError`` (a bug).
        """
        self.items.append(Diagnostic(path, position, message, hint, Severity.ERROR, code=code))

    def warning(
        self,
        path: Path,
        position: Position,
        message: str,
        hint: str | None = None,
        *,
        code: str,
    ) -> None:
        """Add a warning at ``path``:``position``: reported, but the run does not fail.

        ``hint`` and ``code`` as for :meth:`error`.
        """
        self.items.append(Diagnostic(path, position, message, hint, Severity.WARNING, code=code))

    def extend(self, other: Diagnostics) -> None:
        """Add every diagnostic of ``other``, in its order."""
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors, in the order found."""
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings, in the order found."""
        return [d for d in self.items if not d.is_error]

    def unique(self) -> Diagnostics:
        """The same diagnostics without repeats (a file shown by several briefs warns once).

        Two diagnostics are the same when path, position, code, message and
        severity agree; the first one's order is kept, with the hint of the last.
        """
        key = {(d.path, d.position, d.code, d.message, d.severity): d for d in self.items}
        return Diagnostics(list(key.values()))

    def sorted(self) -> list[Diagnostic]:
        """Return a new list of the diagnostics in report order (:meth:`Diagnostic.sort_key`).

        The collector itself keeps the order found.
        """
        return sorted(self.items, key=Diagnostic.sort_key)
