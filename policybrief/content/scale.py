"""The estimative scale: likelihood steps, their ranges and words, and confidence levels.

A scale is data, not code: a YAML file with its steps (the ``likelihood``
values a writer may use, in rising order), each step's printed label, its
probability range in percent and the words that express it in prose, and the
confidence levels. Two ship with the package (``scales/icd203.yaml``, the
default, and ``scales/uk-yardstick.yaml``); ``estimative_scale:`` in
``policybrief.yaml`` picks one or names a team's own file, which is validated
like content (every problem at its file:line:column).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from policybrief.content.fields import validate_fields
from policybrief.content.load import RawDocument, read_yaml_document
from policybrief.content.model import SLUG_PATTERN, Settings, Text, _Model
from policybrief.errors import Diagnostics, closest

if TYPE_CHECKING:  # corpus.py holds the scale, so it cannot be imported here at run time
    from policybrief.content.corpus import Record

#: The scales that ship, by the name ``estimative_scale:`` takes.
SHIPPED = {"icd203": "icd203.yaml", "uk-yardstick": "uk-yardstick.yaml"}
DEFAULT_SCALE = "icd203"

Percent = Annotated[int, Field(ge=0, le=100)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]


# The scale file's format. Comments, not docstrings: these models validate a
# file the way content models do, and their docstrings would be schema text.
class _StepFile(_Model):
    id: Slug
    label: Text
    range: tuple[Percent, Percent]
    words: tuple[Text, ...] = Field(min_length=1)


class _LevelFile(_Model):
    id: Slug
    label: Text


class _ScaleFile(_Model):
    name: Text
    note: Text
    steps: tuple[_StepFile, ...] = Field(min_length=2)
    confidence: tuple[_LevelFile, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Step:
    """One likelihood step: ``id`` as writers type it, ``label`` as printed,
    ``low``–``high`` its probability range in percent, ``words`` its phrases in
    prose (lower case)."""

    id: str
    label: str
    low: int
    high: int
    words: tuple[str, ...]

    @property
    def band(self) -> str:
        """The range as printed: ``55–80%``, ``≤5%`` from 0, ``≥95%`` to 100."""
        if self.low == 0:
            return f"≤{self.high}%"
        if self.high == 100:
            return f"≥{self.low}%"
        return f"{self.low}–{self.high}%"

    @property
    def middle(self) -> float:
        """The middle of the range, to compare steps of different scales."""
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class Scale:
    """An estimative scale, validated: steps in rising order and confidence levels.

    ``key`` is what ``estimative_scale:`` said (``icd203``, a file path);
    ``digest`` is the scale file's sha256, which enters every brief's fingerprint.
    """

    key: str
    name: str
    note: str
    steps: tuple[Step, ...]
    #: Confidence level id -> its printed words ("Moderate confidence").
    confidence: tuple[tuple[str, str], ...]
    digest: str

    def step(self, id_: str | None) -> Step | None:
        """Return the step whose id is ``id_``, or None."""
        return next((s for s in self.steps if s.id == id_), None)

    def confidence_label(self, id_: str | None) -> str | None:
        """Return the printed words of confidence level ``id_``, or None."""
        return dict(self.confidence).get(id_ or "")

    @property
    def likelihoods(self) -> dict[str, tuple[str, str]]:
        """Step id -> (label, band), in rising order: the scale box's rows."""
        return {s.id: (s.label, s.band) for s in self.steps}

    def nearest(self, probability: float) -> Step:
        """The step whose range is nearest ``probability`` (percent): another
        scale's term in this scale's words."""
        return min(
            self.steps,
            key=lambda s: 0 if s.low <= probability <= s.high else abs(s.middle - probability),
        )

    def values_hint(self, field: str) -> str:
        """A hint listing the values ``field`` (likelihood or confidence) may take."""
        ids = [s.id for s in self.steps] if field == "likelihood" else dict(self.confidence)
        return f"add '{field}:' with one of " + ", ".join(ids)


@functools.cache
def shipped_scale(name: str) -> Scale:
    """Return the shipped scale ``name`` (a key of :data:`SHIPPED`).

    Raises:
        KeyError: ``name`` is not a shipped scale.
        RuntimeError: the packaged file is broken (a bug in the package, not the user's).
    """
    folder = Path(str(resources.files("policybrief.content") / "scales"))
    diags = Diagnostics()
    scale = _read(folder, folder / SHIPPED[name], name, diags)
    if scale is None or diags.items:
        raise RuntimeError(f"the packaged scale {name} is broken: {diags.items}")
    return scale


def load_scale(root: Path, settings: Record[Settings] | None, diags: Diagnostics) -> Scale:
    """Return the scale the settings name; the default after reporting why not.

    A value that is neither a shipped scale nor a ``.yaml`` file inside the
    project is an error at the setting; a broken scale file, an error at its
    own line. In both cases the default scale stands in, so the rest of the
    content is still checked.
    """
    name = settings.data.estimative_scale if settings else DEFAULT_SCALE
    if name in SHIPPED:
        return shipped_scale(name)
    assert settings is not None  # a name other than the default comes from a file
    where = settings.smap.value(("estimative_scale",))
    path = (root / name).resolve()
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        guess = closest(name, SHIPPED)
        hint = f"did you mean '{guess}'? " if guess else ""
        diags.error(
            settings.path,
            where,
            f"estimative_scale '{name}' is neither a shipped scale nor a .yaml file in the project",
            f"{hint}write {' or '.join(SHIPPED)}, or the path of your own scale file "
            "from the project folder, such as scales/our-scale.yaml",
            code="invalid-value",
        )
        return shipped_scale(DEFAULT_SCALE)
    return _read(root, path, name, diags) or shipped_scale(DEFAULT_SCALE)


def _read(root: Path, path: Path, key: str, diags: Diagnostics) -> Scale | None:
    doc = read_yaml_document(root, path, "scale", diags)
    if doc is None:
        return None
    data = validate_fields(doc, _ScaleFile, diags)
    if data is None or not _consistent(doc, data, diags):
        return None
    steps = tuple(
        Step(s.id, s.label, s.range[0], s.range[1], tuple(w.lower() for w in s.words))
        for s in data.steps
    )
    confidence = tuple((c.id, c.label) for c in data.confidence)
    digest = hashlib.sha256(doc.digest.encode()).hexdigest()
    return Scale(key, data.name, data.note, steps, confidence, digest)


def _consistent(doc: RawDocument, data: _ScaleFile, diags: Diagnostics) -> bool:
    """Check what the format cannot: unique ids and words, ranges rising in order."""
    ok = True

    def error(path: tuple[str | int, ...], message: str, hint: str, code: str) -> None:
        nonlocal ok
        ok = False
        diags.error(doc.path, doc.smap.value(path), message, hint, code=code)

    for field in ("steps", "confidence"):
        seen: set[str] = set()
        for i, entry in enumerate(getattr(data, field)):
            if entry.id in seen:
                error(
                    (field, i, "id"),
                    f"'{entry.id}' is given twice in {field}",
                    "each id names one entry; rename or remove one",
                    "duplicate-id",
                )
            seen.add(entry.id)
    words: dict[str, str] = {}
    previous = None
    for i, step in enumerate(data.steps):
        low, high = step.range
        if low > high:
            error(
                (("steps", i, "range")),
                f"range [{low}, {high}] runs backwards",
                "write the lower percentage first, e.g. [55, 80]",
                "invalid-value",
            )
        elif previous is not None and low < previous:
            error(
                ("steps", i, "range"),
                f"range [{low}, {high}] starts below the step before it ({previous}%)",
                "list the steps from least to most likely; ranges may touch, not overlap",
                "invalid-value",
            )
        previous = high
        for j, word in enumerate(step.words):
            other = words.setdefault(word.lower(), step.id)
            if other != step.id:
                error(
                    ("steps", i, "words", j),
                    f"'{word}' is also a word of step '{other}'",
                    "a word must express one step; remove it from one of them",
                    "duplicate-id",
                )
    return ok
