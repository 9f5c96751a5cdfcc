"""Build state in ``.policybrief/``: what the last build saw and made.

The state lets the next build skip work: a no-op build compares digests and
stops; an incremental build re-renders only briefs whose inputs changed. It
also keeps what the site shows of each brief's last good build, and which
copy of each content file was last good (:mod:`policybrief.build.last_good`).

It is an untrusted cache, never a source of truth: a CI cache can hand back
any file. Missing or other-version state simply means a full rebuild; state
that does not match the schema below exactly (a path that leaves the output
folder, a slug that is not an id, a diagnostic that cannot be shown) is
ignored whole, with a one-line notice, and also means a full rebuild. No path
is ever read from it: outputs are checked to be a brief's own two file names,
and last good copies are named by their digest.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from policybrief import __version__
from policybrief.build.write import write_atomic
from policybrief.content.model import SLUG_RE
from policybrief.errors import CODES, Diagnostic, Position, Severity
from policybrief.site.listing import listing_from_json

STATE_DIR = ".policybrief"
STATE_FILE = "state.json"
#: 2: each saved diagnostic has its code; 3: listings and last good copies;
#: 4: each brief's PDF render seconds; 5: the images each brief's page shows.
FORMAT = 5
_PACKAGE = Path(__file__).resolve().parents[1]


#: Files every complete site has; the no-op build checks that they are still there.
SITE_FILES = ("index.html", "feed.xml", "search/index.js", "timeline/index.html")


@dataclass
class BriefState:
    """One brief as last built: its inputs, what its auto sections chose, outputs, warnings.

    ``deps`` is {input name: sha256 hex} (:func:`~policybrief.build.staleness.brief_inputs`);
    ``selections`` is ``[[section index, kind, [id, ...]], ...]``, JSON-ready;
    ``outputs`` are POSIX paths relative to the output folder; ``warnings`` are
    :func:`diagnostic_to_json` dicts.
    """

    deps: dict[str, str]
    selections: list[Any]
    outputs: list[str]
    warnings: list[dict[str, Any]] = field(default_factory=list)
    #: What the site showed of the brief's last good build
    #: (:func:`~policybrief.site.listing.listing_to_json`); None: not listed.
    listing: dict[str, Any] | None = None
    #: CPU seconds its last PDF took to render (None: no PDF yet), so that the
    #: next build starts the longest first (:func:`~policybrief.build.schedule.longest_first`).
    seconds: float | None = None
    #: The images its published page shows (``media/NAME``, relative to the output
    #: folder), so that a build removes only the images no published page shows
    #: (:func:`~policybrief.build.outputs.remove_unshown_media`).
    media: list[str] = field(default_factory=list)


@dataclass
class BuildState:
    """The whole project as last seen by a build."""

    #: Digest of every input file and every option that changes output.
    inputs: str = ""
    #: The output folder the state describes, as text.
    output: str = ""
    #: ``strict:`` of policybrief.yaml, so a no-op run exits as the full run did.
    strict: bool = False
    briefs: dict[str, BriefState] = field(default_factory=dict)
    #: Diagnostics of the last run, shown again by a no-op run.
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    #: The digest of each content file's last good copy, by project-relative path.
    good: dict[str, str] = field(default_factory=dict)


def state_path(root: Path) -> Path:
    """Return where the project at ``root`` keeps its build state (the file may not exist)."""
    return root / STATE_DIR / STATE_FILE


_Digest = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Diagnostic(_Strict):
    path: Annotated[str, Field(pattern=r"^[^\x00]+$", max_length=4096)]
    line: int = Field(ge=0, le=10**9)
    column: int = Field(ge=0, le=10**9)
    message: str
    hint: str | None
    severity: Literal["error", "warning"]
    code: str


class _Brief(_Strict):
    deps: dict[str, str]
    selections: list[tuple[int, str, list[str]]]
    outputs: list[str]
    warnings: list[_Diagnostic]
    listing: dict[str, Any] | None
    seconds: Annotated[float, Field(ge=0, le=10**6, allow_inf_nan=False)] | None
    media: list[str]


class _State(_Strict):
    format: Literal[5]
    version: str
    inputs: str
    output: str
    strict: bool
    briefs: dict[str, _Brief]
    diagnostics: list[_Diagnostic]
    good: dict[str, _Digest]


class UnusableStateError(ValueError):
    """The saved state is not what a build writes; the message says what was wrong."""


def load_state(root: Path) -> BuildState | None:
    """Return the saved state; None when there is none or it is of another version.

    Raises:
        UnusableStateError: the file is unreadable, not JSON, or does not match the
            schema (including a brief's outputs other than its own
            ``SLUG/index.html`` and ``SLUG/SLUG.pdf``, images outside
            ``media/``, and diagnostic codes not in
            :data:`~policybrief.errors.CODES`). Callers rebuild
            everything and say so in one line.
    """
    path = state_path(root)
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnusableStateError(f"cannot read it: {exc.strerror}") from None
    try:
        raw = json.loads(text)
    except ValueError:
        raise UnusableStateError("it is not JSON") from None
    if not isinstance(raw, dict):
        raise UnusableStateError("it is not a JSON object")
    if raw.get("format") != FORMAT or raw.get("version") != __version__:
        return None  # another release wrote it: an upgrade rebuilds everything, silently
    try:
        checked = _State.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UnusableStateError(f"{where}: {first['msg']}") from None
    _check_meaning(checked)
    return BuildState(
        inputs=checked.inputs,
        output=checked.output,
        strict=checked.strict,
        briefs={
            slug: BriefState(
                deps=dict(b.deps),
                selections=[[i, kind, list(ids)] for i, kind, ids in b.selections],
                outputs=list(b.outputs),
                warnings=[d.model_dump() for d in b.warnings],
                listing=b.listing,
                seconds=b.seconds,
                media=list(b.media),
            )
            for slug, b in checked.briefs.items()
        },
        diagnostics=[d.model_dump() for d in checked.diagnostics],
        good=dict(checked.good),
    )


def _check_meaning(state: _State) -> None:
    """What the schema's types cannot say: slugs, own outputs and images, codes, listings.

    Raises:
        UnusableStateError: the first value that is wrong.
    """
    for slug, brief in state.briefs.items():
        if not SLUG_RE.fullmatch(slug):
            raise UnusableStateError(f"briefs: {slug!r} is not a brief's id")
        own = {f"{slug}/index.html", f"{slug}/{slug}.pdf"}
        if not set(brief.outputs) <= own:
            raise UnusableStateError(f"briefs.{slug}.outputs: not the brief's own files")
        for rel in brief.media:
            if not (_project_relative(rel) and rel.startswith("media/")):
                raise UnusableStateError(f"briefs.{slug}.media: {rel!r} is not an image's output")
        if brief.listing is not None:
            try:
                if listing_from_json(brief.listing).entry.slug != slug:
                    raise UnusableStateError(f"briefs.{slug}.listing: another brief's listing")
            except ValueError as exc:
                raise UnusableStateError(f"briefs.{slug}.listing: {exc}") from None
    for rel in state.good:
        if not _project_relative(rel):
            raise UnusableStateError(f"good: {rel!r} is not a path inside the project")
    for d in [*state.diagnostics, *(w for b in state.briefs.values() for w in b.warnings)]:
        if d.code not in CODES:
            raise UnusableStateError(f"a saved diagnostic has the unknown code {d.code!r}")


def _project_relative(rel: str) -> bool:
    """Whether ``rel`` is a plain POSIX path inside the project: not absolute, no "..", no NUL."""
    return (
        bool(rel)
        and "\0" not in rel
        and not rel.startswith("/")
        and posixpath.normpath(rel) == rel
        and not rel.startswith("../")
        and rel != ".."
    )


def save_state(root: Path, state: BuildState) -> None:
    """Write ``state`` atomically to :func:`state_path`, creating ``.policybrief/`` if needed.

    Raises:
        OSError: the file cannot be written; callers report it as a warning,
            since a build without saved state is still a good build.
    """
    data = {"format": FORMAT, "version": __version__, **asdict(state)}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1)
    write_atomic(state_path(root), text.encode("utf-8"))


def diagnostic_to_json(d: Diagnostic, root: Path) -> dict[str, Any]:
    """Return ``d`` as a JSON-ready dict for the state, its path relative to ``root``.

    Keys: path (POSIX, or as given when outside ``root``), line, column,
    message, hint (None when absent), severity ("error"/"warning"), code.
    Relative paths keep the state valid when the project folder moves.
    """
    try:
        path = d.path.relative_to(root).as_posix()
    except ValueError:
        path = str(d.path)
    return {
        "path": path,
        "line": d.position.line,
        "column": d.position.column,
        "message": d.message,
        "hint": d.hint,
        "severity": d.severity.value,
        "code": d.code,
    }


def diagnostic_from_json(data: Mapping[str, Any], root: Path) -> Diagnostic:
    """Return the diagnostic that :func:`diagnostic_to_json` saved, its path under ``root``.

    ``data`` comes from a state :func:`load_state` checked, or from
    :func:`diagnostic_to_json` itself.

    Raises:
        KeyError: a key is missing from ``data``.
        ValueError: a line or column that is not a number, an unknown
            severity, or a code not in :data:`~policybrief.errors.CODES`.
        TypeError: a value of the wrong JSON type (a line that is a list).
    """
    return Diagnostic(
        root / data["path"],
        Position(int(data["line"]), int(data["column"])),
        str(data["message"]),
        data.get("hint"),
        Severity(data["severity"]),
        code=str(data["code"]),
    )


def code_digest() -> str:
    """Digest of the package's own code and version and of the libraries it renders with:
    a new release, or an upgraded WeasyPrint or Markdown, re-renders everything (so a
    build state restored from a CI cache is never trusted across an upgrade)."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    for name in _installed_distributions():
        h.update(name.encode())
    return h.hexdigest()


def _installed_distributions() -> list[str]:
    """``name-version.dist-info`` of every package beside WeasyPrint, from one folder
    listing: importlib.metadata would cost the no-op build a tenth of its time."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or spec.origin is None:
        return []
    site = Path(spec.origin).parent.parent
    return sorted(p.name for p in site.glob("*.dist-info"))


def file_digest(path: Path) -> str:
    """Return the sha256 hex digest of the file's bytes.

    Raises:
        OSError: the file cannot be read.
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


def combine(items: Iterable[tuple[str, str]]) -> str:
    """Return one sha256 hex digest for (name, digest) pairs, independent of their order.

    Used for a whole build's inputs: {name: digest}.items() can be passed as is.
    """
    h = hashlib.sha256()
    for name, digest in sorted(items):
        h.update(f"{name}\0{digest}\n".encode())
    return h.hexdigest()
