"""Build state in ``.policybrief/``: what the last build saw and made.

The state lets the next build skip work: a no-op build compares digests and
stops; an incremental build re-renders only briefs whose inputs changed. It is
a cache, never a source of truth: missing, unreadable or corrupt state (or
state from another version) simply means a full rebuild.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from policybrief import __version__
from policybrief.build.write import write_atomic
from policybrief.errors import Diagnostic, Position, Severity

STATE_DIR = ".policybrief"
STATE_FILE = "state.json"
#: 2: each saved diagnostic has its code.
FORMAT = 2
_PACKAGE = Path(__file__).resolve().parents[1]


#: Files every complete site has; the no-op build checks that they are still there.
SITE_FILES = ("index.html", "feed.xml", "search/index.json", "timeline/index.html")


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


def state_path(root: Path) -> Path:
    """Return where the project at ``root`` keeps its build state (the file may not exist)."""
    return root / STATE_DIR / STATE_FILE


def load_state(root: Path) -> BuildState | None:
    """Return the saved state, or None when there is none or it cannot be trusted.

    Never raises: an unreadable file, bad JSON, another format or package
    version, or a saved diagnostic that does not read back all mean None, and
    so a full rebuild.
    """
    try:
        raw = json.loads(state_path(root).read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT or raw.get("version") != __version__:
            return None
        state = BuildState(
            inputs=str(raw["inputs"]),
            output=str(raw["output"]),
            strict=bool(raw["strict"]),
            briefs={
                slug: BriefState(
                    deps=dict(b["deps"]),
                    selections=list(b["selections"]),
                    outputs=list(b["outputs"]),
                    warnings=list(b["warnings"]),
                )
                for slug, b in raw["briefs"].items()
            },
            diagnostics=list(raw["diagnostics"]),
        )
        # Every saved diagnostic must read back, or the state is not trusted.
        for saved in [*state.diagnostics, *(w for b in state.briefs.values() for w in b.warnings)]:
            diagnostic_from_json(saved, root)
        return state
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


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
