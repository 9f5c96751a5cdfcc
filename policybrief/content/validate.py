"""Check raw documents against the content format and against each other.

Two passes: each file against its model (fields, types, vocabularies, dates;
see :mod:`policybrief.content.fields`), then the corpus as a whole (ids,
references, the rules that span files). Every problem becomes a diagnostic at
the file, line and column where the writer can fix it; nothing stops at the
first error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

from policybrief.content.corpus import Corpus, Record
from policybrief.content.fields import salvage_fields, validate_fields
from policybrief.content.languages import language_from_script, script_name, scripts
from policybrief.content.load import RawDocument, RawProject
from policybrief.content.markings import check_markings
from policybrief.content.model import (
    CONTENT_MODELS,
    LIKELIHOOD_KINDS,
    MARKING_LIMIT,
    PRODUCT_ID_LIMIT,
    SLUG_RE,
    Actor,
    AgendaItem,
    AnalysisMeta,
    Brief,
    Settings,
)
from policybrief.content.project import RESERVED_SLUGS, suggest_slug
from policybrief.content.reference_check import TWICE, ReferenceChecker
from policybrief.content.refs import asset_name
from policybrief.content.scale import SHIPPED, Scale, load_scale, shipped_scale
from policybrief.content.tags import check_tag_spellings
from policybrief.content.yamlsrc import Path as DataPath
from policybrief.errors import Diagnostics, Position, closest
from policybrief.limits import file_guard


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
        assets=frozenset(asset_name(a) for a in raw.assets if a not in raw.asset_problems),
        asset_problems={asset_name(a): p for a, p in raw.asset_problems.items()},
        drawing_limits={asset_name(a): f for a, f in raw.drawing_limits.items()},
        asset_files={asset_name(a): a for a in raw.assets if asset_name(a) != a},
        scale=load_scale(raw.root, settings_record, diags),
    )
    #: ids that exist even when their file is invalid, so one broken file does
    #: not also make every reference to it an "unknown id".
    existing: dict[str, set[str]] = {kind: set() for kind in (*CONTENT_MODELS, "briefs")}
    #: Files with a wrong value, without it: pass 2 checks their references too,
    #: so one wrong value does not hide the rest (never part of the corpus).
    partial: dict[str, dict[str, Record[Any]]] = {kind: {} for kind in existing}
    #: The fields of each such file that hold a stand-in value, which rules skip.
    guessed: dict[PurePath, frozenset[str]] = {}
    # A file refused for its name stands for an entity: references to it are not
    # errors as well (the name's error says what to fix).
    for kind, id_ in (*raw.unreadable, *raw.refused):
        existing[kind].add(id_)
    for doc in raw.documents:
        existing[doc.kind].add(doc.id)
        if not SLUG_RE.fullmatch(doc.id):
            slug = suggest_slug(doc.id, brief=doc.kind == "briefs") or "id"
            if any(d.kind == doc.kind and d.id == slug for d in raw.documents):
                hint = (
                    f"'{slug}{doc.path.suffix}' exists already, so the two would clash: "
                    "merge this file into it, or rename it to another id"
                )
            else:
                hint = f"rename the file to '{slug}{doc.path.suffix}'"
            diags.error(
                doc.path,
                Position(1, 1),
                f"'{doc.path.name}' is not a valid id: ids are lowercase letters, "
                "digits and single hyphens",
                hint,
                code="invalid-id",
            )
            continue
        model = Brief if doc.kind == "briefs" else CONTENT_MODELS[doc.kind]
        data = None
        with file_guard(doc.path, diags, "checking"):
            data = validate_fields(doc, model, diags)
            if data is None and (salvaged := salvage_fields(doc, model)) is not None:
                partial[doc.kind][doc.id] = _record(doc, salvaged[0])
                guessed[doc.path] = salvaged[1]
        if data is not None:
            getattr(corpus, doc.kind)[doc.id] = _record(doc, data)
    _Checker(corpus, existing, diags, partial=partial, guessed=guessed).run()
    check_tag_spellings(corpus, diags)
    check_markings(corpus, diags)
    return corpus


def _record(doc: RawDocument, data: Any) -> Record[Any]:
    return Record(
        doc.kind, doc.id, doc.path, doc.rel, data, doc.smap, doc.digest, doc.body, doc.body_line
    )


# -- pass 2: the corpus as a whole ---------------------------------------------


class _Checker(ReferenceChecker):
    """Cross-file rules: references, shared namespaces, kind-dependent fields."""

    def __init__(
        self,
        corpus: Corpus,
        existing: dict[str, set[str]],
        diags: Diagnostics,
        *,
        partial: dict[str, dict[str, Record[Any]]],
        guessed: dict[PurePath, frozenset[str]],
    ) -> None:
        """``partial``: records of files with a wrong value, checked but never looked up."""
        super().__init__(corpus, existing, diags)
        self.partial = partial
        self.guessed = guessed

    def run(self) -> None:
        c = self.corpus
        self._each(self._all(c.actors, "actors"), self._actor)
        self._each(self._all(c.agenda, "agenda"), self._agenda)
        self._each(self._all(c.analysis, "analysis"), self._analysis)
        self._each(self._all(c.briefs, "briefs"), self._brief)
        self._namespaces()
        for kind in ("actors", "agenda", "analysis", "sources", "briefs"):
            self._each(self._all(getattr(c, kind), kind), self._plain)
        if c.settings_record is not None:
            self._plain(c.settings_record)
            self._one_line(c.settings_record, "marking", MARKING_LIMIT)
        self.unshown_assets()

    def _all(self, records: Mapping[str, Record[Any]], kind: str) -> Mapping[str, Record[Any]]:
        """The valid records of a kind and those with a wrong value (see ``partial``)."""
        return {**records, **self.partial[kind]} if self.partial[kind] else records

    def _stood_in(self, record: Record[Any], field: str) -> bool:
        """True when ``field`` of ``record`` holds a stand-in for a wrong value."""
        return field in self.guessed.get(record.path, ())

    def _each(self, records: Mapping[str, Record[Any]], check: Callable[[Any], None]) -> None:
        """Check each record; a failure on one (a time limit, a bug) is that file's error."""
        for record in records.values():
            with file_guard(record.path, self.diags, "checking"):
                check(record)

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
        if a.native_name and not a.native_lang and not record.smap.has_key(("native_lang",)):
            # (a native_lang that is there but wrong has its own error, and its hint)
            self._native_lang(record, a.native_name)

    def _native_lang(self, record: Record[Actor], name: str) -> None:
        """A native name whose script tells no language: an error for Han characters
        alone (Chinese, Japanese and Korean draw them differently), else a warning."""
        if language_from_script(name) is not None:
            return
        found = scripts(name)
        if not found:
            return  # digits or punctuation only: nothing to read aloud or draw differently
        where = record.smap.value(("native_name",))
        hint = "add a line 'native_lang: …' with its BCP 47 tag"
        if found == ["Hani"]:
            self._error(
                record,
                where,
                "native_name in Han characters alone does not say its language",
                hint + ": zh-Hans (Simplified Chinese), zh-Hant (Traditional), ja or ko",
                code="unknown-native-lang",
            )
            return
        names = " and ".join(script_name(code) for code in found)
        self.diags.warning(
            record.path,
            where,
            f"native_name in {names} script does not say its language",
            hint + (", such as de, fr or es" if found == ["Latn"] else ""),
            code="unknown-native-lang",
        )

    def _agenda(self, record: Record[AgendaItem]) -> None:
        a = record.data
        if (
            a.end is not None
            and not self._stood_in(record, "date")
            and a.end.last_day() < a.date.first_day()
        ):
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
        scale = self.corpus.scale
        if self._stood_in(record, "kind"):
            pass  # its kind is wrong: which estimates it takes is unknown
        elif a.kind == "key-judgment":
            for field in ("likelihood", "confidence"):
                if getattr(a, field) is None:
                    self._error(
                        record,
                        smap.first_key(()),
                        f"a key judgment needs a {field}",
                        scale.values_hint(field),
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
                    f"give both or neither; {scale.values_hint(missing)}",
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
        self._estimate_values(record)
        self._refs(record, "sources", a.sources, "sources")
        self._markdown(record, record.body, None)

    def _estimate_values(self, record: Record[AnalysisMeta]) -> None:
        """Likelihood and confidence are values of the project's scale."""
        scale = self.corpus.scale
        for field, values in (
            ("likelihood", [s.id for s in scale.steps]),
            ("confidence", [c for c, _ in scale.confidence]),
        ):
            value = getattr(record.data, field)
            if value is None or value in values:
                continue
            guess = _translated(value, scale) if field == "likelihood" else None
            guess = guess or closest(value, values)
            listing = ", ".join(values)
            self._error(
                record,
                record.smap.value((field,)),
                f"'{value}' is not a valid {field}",
                f"did you mean '{guess}'? ({listing})" if guess else f"expected one of: {listing}",
                code="invalid-value",
            )

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
        self._one_line(record, "marking", MARKING_LIMIT)
        self._one_line(record, "product_id", PRODUCT_ID_LIMIT)
        self._key_judgments(record)
        self._sections(record)
        if (b.template or self.corpus.settings.template) == "one-pager":
            self._one_pager_tables(record)
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

    def _one_line(self, record: Record[Any], field: str, limit: int) -> None:
        """``field`` of ``record`` (a brief or the settings) fits one printed line.

        The marking and the product identifier print in the page margins, which
        hold one line: a longer one would shrink past reading or be cut.
        """
        value = getattr(record.data, field)
        if value is None:
            return
        name = f"'{field}'"
        lines = value.strip().count("\n") + 1
        if lines > 1:
            message = f"{name} runs to {lines} lines; it prints on one line of the page"
        elif len(value) > limit:
            message = (
                f"{name} has {len(value)} characters; it prints on one line of the page, "
                f"which holds at most {limit}"
            )
        else:
            return
        self._error(
            record,
            record.smap.value((field,)),
            message,
            f"shorten {name} to one line of at most {limit} characters",
            code="too-long",
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


def _translated(value: str, scale: Scale) -> str | None:
    """The step of ``scale`` that ``value`` means: a step whose words say it (ICD 203
    prints "probable" for "likely"), or the step nearest the range of another shipped
    scale's step of that id or words."""
    words = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    for own in scale.steps:
        if words in (w.lower() for w in own.words):
            return own.id
    for name in SHIPPED:
        other = shipped_scale(name)
        step = other.step(value) or next((s for s in other.steps if words in s.words), None)
        if step is not None:
            return scale.nearest(step.middle).id
    return None
