"""Check raw documents against the content format and against each other.

Two passes: each file against its model (fields, types, vocabularies, dates;
see :mod:`policybrief.content.fields`), then the corpus as a whole (ids,
references, the rules that span files). Every problem becomes a diagnostic at
the file, line and column where the writer can fix it; nothing stops at the
first error.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from policybrief.content.corpus import Corpus, Record
from policybrief.content.fields import closest, validate_fields
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
from policybrief.content.refs import CitationGroup, Image, Link, code_ranges, find_references
from policybrief.content.sanitize import find_unsafe
from policybrief.content.yamlsrc import Path as DataPath
from policybrief.errors import Diagnostics, Position, position_at

#: Brief slugs that would collide with the site's own folders in ``output/``.
RESERVED_SLUGS = frozenset({"actors", "agenda", "assets", "media", "search", "tags", "timeline"})

_KIND_NAMES = {
    "actors": "actor",
    "agenda": "agenda item",
    "analysis": "analysis section",
    "sources": "source",
    "briefs": "brief",
}


_TWICE = "remove the second one"


def validate_project(raw: RawProject, diags: Diagnostics) -> Corpus:
    """Validate every document and return the corpus of the valid ones."""
    settings_record = None
    settings = Settings()
    if raw.settings is not None:
        parsed = validate_fields(raw.settings, Settings, diags)
        if parsed is not None:
            settings = parsed
            settings_record = _record(raw.settings, parsed)
    corpus = Corpus(raw.root, settings, settings_record, assets=frozenset(raw.assets))
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


class _Checker:
    """Cross-file rules: references, shared namespaces, kind-dependent fields."""

    def __init__(self, corpus: Corpus, existing: dict[str, set[str]], diags: Diagnostics):
        self.corpus = corpus
        self.existing = existing
        self.diags = diags

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

    # helpers

    def _error(
        self,
        record: Record[Any],
        position: Position,
        message: str,
        hint: str | None = None,
        *,
        code: str,
    ) -> None:
        self.diags.error(record.path, position, message, hint, code=code)

    def _ref(
        self,
        record: Record[Any],
        path: DataPath,
        id_: str,
        kind: str,
        position: Position | None = None,
    ) -> bool:
        """Report ``id_`` unless an entity of ``kind`` has it; True when it exists."""
        if id_ in self.existing[kind]:
            return True
        position = position or record.smap.value(path)
        noun = _KIND_NAMES[kind]
        guess = closest(id_, self.existing[kind])
        if guess:
            hint = f"did you mean '{guess}'?"
        elif SLUG_RE.fullmatch(id_):
            hint = (
                f"no {noun} has this id; create content/{kind}/{id_}.yaml"
                if kind != "analysis"
                else f"no {noun} has this id; create content/analysis/{id_}.md"
            )
        else:
            article = "an" if noun[0] in "aeiou" else "a"
            hint = f"refer to {article} {noun} by its id, the name of its file without extension"
        self._error(record, position, f"unknown {noun} '{id_}'", hint, code="unknown-reference")
        return False

    def _refs(self, record: Record[Any], field: str, ids: tuple[str, ...], kind: str) -> None:
        seen: set[str] = set()
        for i, id_ in enumerate(ids):
            if id_ in seen:
                self._error(
                    record,
                    record.smap.value((field, i)),
                    f"'{id_}' is listed twice in {field}",
                    _TWICE,
                    code="duplicate-id",
                )
            seen.add(id_)
            self._ref(record, (field, i), id_, kind)

    def _markdown(self, record: Record[Any], text: str, path: DataPath | None) -> None:
        """Check every reference in one Markdown text (a field, or the body if no path)."""

        def where(offset: int) -> Position:
            if path is None:
                return position_at(text, offset, record.body_line)
            return record.smap.in_text(path, offset)

        if "<" in text or "](" in text:
            code = code_ranges(text)
            in_code = lambda offset: any(a <= offset < b for a, b in code)  # noqa: E731
            for unsafe in find_unsafe(text, in_code):
                self.diags.warning(
                    record.path,
                    where(unsafe.offset),
                    unsafe.message,
                    unsafe.hint,
                    code="sanitised-html",
                )
        for ref in find_references(text):
            pos = where(ref.offset)
            if isinstance(ref, Link):
                self._link(record, ref, pos)
            elif isinstance(ref, CitationGroup):
                for bad in ref.bad:
                    self._error(
                        record,
                        pos,
                        f"cannot read citation '{bad}'",
                        "write [@source-id], [@source-id, p. 4] or [@a; @b]",
                        code="invalid-citation",
                    )
                for item in ref.items:
                    self._ref(record, (), item.id, "sources", where(item.offset))
            elif isinstance(ref, Image):
                self._image(record, ref, pos)

    def _link(self, record: Record[Any], link: Link, pos: Position) -> None:
        if not link.id:
            self._error(
                record, pos, "empty link '[[]]'", "write [[id]] or [[id|words]]", code="empty-link"
            )
            return
        if link.id in self.existing["actors"] or link.id in self.existing["agenda"]:
            return
        candidates = self.existing["actors"] | self.existing["agenda"]
        guess = closest(link.id, candidates)
        hint = (
            f"did you mean '{guess}'?"
            if guess
            else "[[id]] links an actor or agenda item by the name of its file"
        )
        self._error(
            record, pos, f"unknown actor or agenda item '{link.id}'", hint, code="unknown-reference"
        )

    def _image(self, record: Record[Any], image: Image, pos: Position) -> None:
        if not image.alt:
            self._error(
                record,
                pos,
                "image has no alternative text",
                "describe the image for readers who cannot see it: ![what it shows](…)",
                code="missing-alt-text",
            )
        src = image.src
        parts = PurePosixPath(src).parts
        if ":" in src or src.startswith("/") or ".." in parts or not parts or parts[0] != "assets":
            self._error(
                record,
                pos,
                f"image '{src}' is not in content/assets/",
                "put the image in content/assets/ and write ![alt](assets/NAME)",
                code="unknown-asset",
            )
        elif src not in self.corpus.assets:
            guess = closest(src, self.corpus.assets)
            self._error(
                record,
                pos,
                f"image '{src}' does not exist",
                f"did you mean '{guess}'?" if guess else "add the file to content/assets/",
                code="unknown-asset",
            )

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
                    _TWICE,
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
        seen: set[str] = set()
        for i, id_ in enumerate(b.key_judgments):
            path: DataPath = ("key_judgments", i)
            if id_ in seen:
                self._error(
                    record,
                    smap.value(path),
                    f"'{id_}' is listed twice in key_judgments",
                    _TWICE,
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
        listed: dict[str, int] = {}
        sources_sections = 0
        for i, section in enumerate(b.sections):
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

    def _refs_at(
        self, record: Record[Any], path: DataPath, ids: tuple[str, ...], kind: str
    ) -> None:
        seen: set[str] = set()
        for i, id_ in enumerate(ids):
            if id_ in seen:
                self._error(
                    record,
                    record.smap.value((*path, i)),
                    f"'{id_}' is listed twice in {path[-1]}",
                    _TWICE,
                    code="duplicate-id",
                )
            seen.add(id_)
            self._ref(record, (*path, i), id_, kind)

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
