"""Check raw documents against the content format and against each other.

Two passes: each file against its model (fields, types, vocabularies, dates;
see :mod:`policybrief.content.fields`), then the corpus as a whole (ids,
references, the rules that span files). Every problem becomes a diagnostic at
the file, line and column where the writer can fix it; nothing stops at the
first error.
"""

from __future__ import annotations

import re
from typing import Any

from policybrief.content.corpus import Corpus, Record
from policybrief.content.fields import validate_fields
from policybrief.content.load import RawDocument, RawProject
from policybrief.content.model import (
    CONTENT_MODELS,
    LIKELIHOOD_KINDS,
    SLUG_RE,
    Actor,
    AgendaItem,
    AnalysisMeta,
    Brief,
    Settings,
)
from policybrief.content.project import RESERVED_SLUGS
from policybrief.content.reference_check import TWICE, ReferenceChecker
from policybrief.content.yamlsrc import Path as DataPath
from policybrief.errors import Diagnostics, Position


def validate_project(raw: RawProject, diags: Diagnostics) -> Corpus:
    """Validate every document and return the corpus of the valid ones."""
    settings_record = None
    settings = Settings()
    if raw.settings is not None:
        parsed = validate_fields(raw.settings, Settings, diags)
        if parsed is not None:
            settings = parsed
            settings_record = _record(raw.settings, parsed)
    corpus = Corpus(
        raw.root,
        settings,
        settings_record,
        # Only images that may be shown: a refused one is never copied or printed.
        assets=frozenset(raw.assets) - raw.asset_problems.keys(),
        asset_problems=raw.asset_problems,
    )
    #: ids that exist even when their file is invalid, so one broken file does
    #: not also make every reference to it an "unknown id".
    existing: dict[str, set[str]] = {kind: set() for kind in (*CONTENT_MODELS, "briefs")}
    for kind, id_ in raw.unreadable:
        existing[kind].add(id_)
    for doc in raw.documents:
        existing[doc.kind].add(doc.id)
        if not SLUG_RE.fullmatch(doc.id):
            diags.error(
                doc.path,
                Position(1, 1),
                f"'{doc.path.name}' is not a valid id: ids are lowercase letters, "
                "digits and single hyphens",
                f"rename the file to '{_slugify(doc.id)}{doc.path.suffix}'",
                code="invalid-id",
            )
            continue
        model = Brief if doc.kind == "briefs" else CONTENT_MODELS[doc.kind]
        data = validate_fields(doc, model, diags)
        if data is not None:
            getattr(corpus, doc.kind)[doc.id] = _record(doc, data)
    _Checker(corpus, existing, diags).run()
    return corpus


def _record(doc: RawDocument, data: Any) -> Record[Any]:
    return Record(
        doc.kind, doc.id, doc.path, doc.rel, data, doc.smap, doc.digest, doc.body, doc.body_line
    )


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "id"


# -- pass 2: the corpus as a whole ---------------------------------------------


class _Checker(ReferenceChecker):
    """Cross-file rules: references, shared namespaces, kind-dependent fields."""

    def run(self) -> None:
        c = self.corpus
        for actor in c.actors.values():
            self._actor(actor)
        for item in c.agenda.values():
            self._agenda(item)
        for analysis in c.analysis.values():
            self._analysis(analysis)
        for brief in c.briefs.values():
            self._brief(brief)
        self._namespaces()
        for kind in (c.actors, c.agenda, c.analysis, c.sources, c.briefs):
            for record in kind.values():
                self._plain(record)
        if c.settings_record is not None:
            self._plain(c.settings_record)
        self.unshown_assets()

    # entities

    def _actor(self, record: Record[Actor]) -> None:
        a = record.data
        if a.country is not None and self._ref(record, ("country",), a.country, "actors"):
            country = self.corpus.actors.get(a.country)
            if country is not None and country.data.kind != "state":
                self._error(
                    record,
                    record.smap.value(("country",)),
                    f"country '{a.country}' is an actor of kind {country.data.kind}, not a state",
                    "country takes the id of an actor of kind state; use affiliation for others",
                    code="wrong-kind",
                )
        if a.affiliation is not None:
            if a.affiliation == record.id:
                self._error(
                    record,
                    record.smap.value(("affiliation",)),
                    "an actor cannot be affiliated with itself",
                    "name the organisation or state it belongs to, or remove 'affiliation'",
                    code="self-reference",
                )
            else:
                self._ref(record, ("affiliation",), a.affiliation, "actors")
        self._refs(record, "sources", a.sources, "sources")
        if a.summary:
            self._markdown(record, a.summary, ("summary",))

    def _agenda(self, record: Record[AgendaItem]) -> None:
        a = record.data
        if a.end is not None and a.end.last_day() < a.date.first_day():
            self._error(
                record,
                record.smap.value(("end",)),
                f"end {a.end} is before date {a.date}",
                "end gives the last day of the item; it may not come before its date",
                code="date-order",
            )
        seen: set[str] = set()
        for i, id_ in enumerate(a.participants):
            if id_ in seen:
                self._error(
                    record,
                    record.smap.value(("participants", i)),
                    f"'{id_}' is listed twice in participants",
                    TWICE,
                    code="duplicate-id",
                )
            seen.add(id_)
            if id_ in self.existing["agenda"] and id_ not in self.existing["actors"]:
                self._error(
                    record,
                    record.smap.value(("participants", i)),
                    f"participant '{id_}' is an agenda item, not an actor",
                    "participants are actors; link a related item from the summary with [[id]]",
                    code="wrong-kind",
                )
            else:
                self._ref(record, ("participants", i), id_, "actors")
        self._refs(record, "sources", a.sources, "sources")
        for i, outcome in enumerate(a.outcomes):
            self._markdown(record, outcome, ("outcomes", i))
        if a.summary:
            self._markdown(record, a.summary, ("summary",))

    def _analysis(self, record: Record[AnalysisMeta]) -> None:
        a = record.data
        smap = record.smap
        if a.kind == "key-judgment":
            for field in ("likelihood", "confidence"):
                if getattr(a, field) is None:
                    self._error(
                        record,
                        smap.first_key(()),
                        f"a key judgment needs a {field}",
                        _SCALE_HINTS[field],
                        code="missing-field",
                    )
        elif a.kind in LIKELIHOOD_KINDS:
            if (a.likelihood is None) != (a.confidence is None):
                given, missing = (
                    ("likelihood", "confidence")
                    if a.confidence is None
                    else ("confidence", "likelihood")
                )
                self._error(
                    record,
                    smap.key((given,)),
                    f"{given} is given without a {missing}",
                    f"give both or neither; {_SCALE_HINTS[missing]}",
                    code="missing-field",
                )
        else:
            for field in ("likelihood", "confidence"):
                if getattr(a, field) is not None:
                    self._error(
                        record,
                        smap.key((field,)),
                        f"a section of kind {a.kind} takes no {field}",
                        "only key-judgment, assessment and outlook sections carry estimates; "
                        "remove the field or change the kind",
                        code="unexpected-field",
                    )
        self._refs(record, "sources", a.sources, "sources")
        self._markdown(record, record.body, None)

    def _brief(self, record: Record[Brief]) -> None:
        b = record.data
        smap = record.smap
        if record.id in RESERVED_SLUGS:
            self._error(
                record,
                Position(1, 1),
                f"'{record.id}' is reserved for the site's own pages",
                "rename the manifest; reserved: " + ", ".join(sorted(RESERVED_SLUGS)),
                code="reserved-slug",
            )
        self._markdown(record, b.summary, ("summary",))
        self._key_judgments(record)
        self._sections(record)
        for name in ("template",):
            value = getattr(b, name)
            if value is not None and not SLUG_RE.fullmatch(value):
                self._error(
                    record,
                    smap.value((name,)),
                    f"'{value}' is not a template name",
                    "a template is named by its file in templates/ without '.html', e.g. brief",
                    code="invalid-value",
                )

    def _key_judgments(self, record: Record[Brief]) -> None:
        """Each of ``key_judgments`` once, an analysis section of kind key-judgment."""
        smap = record.smap
        seen: set[str] = set()
        for i, id_ in enumerate(record.data.key_judgments):
            path: DataPath = ("key_judgments", i)
            if id_ in seen:
                self._error(
                    record,
                    smap.value(path),
                    f"'{id_}' is listed twice in key_judgments",
                    TWICE,
                    code="duplicate-id",
                )
            seen.add(id_)
            if self._ref(record, path, id_, "analysis"):
                found = self.corpus.analysis.get(id_)
                if found is not None and found.data.kind != "key-judgment":
                    self._error(
                        record,
                        smap.value(path),
                        f"'{id_}' is an analysis of kind {found.data.kind}, not a key judgment",
                        "list it under sections as '- analysis: " + id_ + "', or change its kind",
                        code="wrong-kind",
                    )

    def _sections(self, record: Record[Brief]) -> None:
        """Each analysis once, known agenda and actor ids, one sources list."""
        smap = record.smap
        listed: dict[str, int] = {}
        sources_sections = 0
        for i, section in enumerate(record.data.sections):
            path = ("sections", i)
            if hasattr(section, "analysis"):
                id_ = section.analysis
                if id_ in listed:
                    self._error(
                        record,
                        smap.value((*path, "analysis")),
                        f"analysis '{id_}' is already listed in sections (line {listed[id_]})",
                        "a section appears once in a brief; remove one of the two",
                        code="duplicate-section",
                    )
                listed[id_] = smap.value((*path, "analysis")).line
                self._ref(record, (*path, "analysis"), id_, "analysis")
            elif hasattr(section, "agenda") and section.agenda != "auto":
                self._refs_at(record, (*path, "agenda"), section.agenda, "agenda")
            elif hasattr(section, "actors") and section.actors != "auto":
                self._refs_at(record, (*path, "actors"), section.actors, "actors")
            elif hasattr(section, "sources"):
                sources_sections += 1
                if sources_sections > 1:
                    self._error(
                        record,
                        smap.value(path),
                        "the sources list is given twice",
                        "keep one '- sources: auto'",
                        code="duplicate-section",
                    )

    def _namespaces(self) -> None:
        for id_, record in self.corpus.agenda.items():
            if id_ in self.existing["actors"]:
                self._error(
                    record,
                    Position(1, 1),
                    f"id '{id_}' is also the id of an actor",
                    "actors and agenda items share one namespace for [[id]] links; rename one file",
                    code="id-clash",
                )


_SCALE_HINTS = {
    "likelihood": "add 'likelihood:' with one of almost-no-chance, very-unlikely, unlikely, "
    "roughly-even-chance, likely, very-likely, almost-certain",
    "confidence": "add 'confidence:' with one of low, moderate, high",
}
