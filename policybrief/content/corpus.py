"""The validated content of a project: typed records with their origins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from policybrief.content.editions import PastEdition
from policybrief.content.images import ImageProblem
from policybrief.content.model import Actor, AgendaItem, AnalysisMeta, Brief, Settings, Source
from policybrief.content.scale import DEFAULT_SCALE, Scale, shipped_scale
from policybrief.content.yamlsrc import SourceMap

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, eq=False)
class Record(Generic[M]):
    """One entity, as validated, with the file it came from.

    ``rel`` is the path relative to the project root (POSIX form), the name used
    in dependency sets; ``smap`` locates every value for later diagnostics.
    """

    kind: str
    id: str
    path: Path
    rel: str
    data: M
    smap: SourceMap
    digest: str
    body: str = ""
    body_line: int = 0


@dataclass(frozen=True)
class Corpus:
    """Everything ``check`` validated; the input of resolution and the site."""

    root: Path
    settings: Settings
    settings_record: Record[Settings] | None
    actors: dict[str, Record[Actor]] = field(default_factory=dict)
    agenda: dict[str, Record[AgendaItem]] = field(default_factory=dict)
    analysis: dict[str, Record[AnalysisMeta]] = field(default_factory=dict)
    sources: dict[str, Record[Source]] = field(default_factory=dict)
    briefs: dict[str, Record[Brief]] = field(default_factory=dict)
    assets: frozenset[str] = frozenset()
    #: Why an asset cannot be shown (see :mod:`policybrief.content.images`), by ``assets/NAME``.
    asset_problems: Mapping[str, ImageProblem] = field(default_factory=dict)
    #: What each SVG drawing asks that the PDF renderer does not draw, by ``assets/NAME``
    #: (:mod:`policybrief.content.svg_limits`).
    drawing_limits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The file's own name of each asset whose name on disk is not its NFC form
    #: (``assets`` holds the NFC form, :func:`~policybrief.content.refs.asset_name`).
    asset_files: Mapping[str, str] = field(default_factory=dict)
    #: The estimative scale ``policybrief.yaml`` chose (ICD 203 unless it says otherwise).
    scale: Scale = field(default_factory=lambda: shipped_scale(DEFAULT_SCALE))
    #: Each brief's earlier edition as git history has it, by slug (briefs past
    #: edition 1 only; filled by :func:`policybrief.content.standards.check_standards`).
    past_editions: Mapping[str, PastEdition] = field(default_factory=dict)

    def asset_path(self, src: str) -> Path:
        """The file of the asset ``src`` (``assets/NAME``, NFC) under ``content/``."""
        return self.root / "content" / self.asset_files.get(src, src)

    def linkable(self, id_: str) -> Record[Actor] | Record[AgendaItem] | None:
        """Return the actor or agenda item that ``[[id]]`` names (one shared namespace).

        None when ``id_`` names neither, or names an entity with errors.
        """
        return self.actors.get(id_) or self.agenda.get(id_)
