"""Check raw documents against the content format and against each other.

Two passes: each file against its model (fields, types, vocabularies, dates),
then the corpus as a whole (ids, references, the rules that span files). Every
problem becomes a diagnostic at the file, line and column where the writer can
fix it; nothing stops at the first error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from policybrief.content.corpus import Corpus, Record
from policybrief.content.load import RawDocument, RawProject
from policybrief.content.model import (
    CONTENT_MODELS,
    LIKELIHOOD_KINDS,
    SECTION_KINDS,
    SLUG_RE,
    Actor,
    AgendaItem,
    AnalysisMeta,
    Brief,
    Settings,
    SiteSettings,
)
from policybrief.content.refs import CitationGroup, Image, Link, code_ranges, find_references
from policybrief.content.sanitize import find_unsafe
from policybrief.content.yamlsrc import Path as DataPath
from policybrief.errors import Diagnostics, Position, position_at

#: Brief slugs that would collide with the site's own folders in ``output/``.
RESERVED_SLUGS = frozenset({"actors", "agenda", "assets", "media", "search", "tags", "timeline"})

M = TypeVar("M", bound=BaseModel)

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
        parsed = _validate_model(raw.settings, Settings, diags)
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
        data = _validate_model(doc, model, diags)
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


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant, if any is close enough."""
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


# -- pass 1: one file against its model ---------------------------------------


def _validate_model(doc: RawDocument, model: type[M], diags: Diagnostics) -> M | None:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        reported: set[DataPath] = set()
        for err in exc.errors():
            path, rest = _data_path(doc.data, err["loc"])
            if path in reported:
                continue  # several union members failing at one value: say it once
            reported.add(path)
            position, message, hint = _describe(doc, model, err, path, rest)
            diags.error(doc.path, position, message, hint, code=_error_code(doc, err, path))
        return None


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[DataPath, tuple[Any, ...]]:
    """Split a pydantic location into the path through the data and the rest."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and i == len(loc) - 1:
            path.append(part)  # a missing field: the path names it
            return tuple(path), ()
        else:
            if isinstance(node, (dict, list)) and i < len(loc) - 1:
                continue  # a union tag such as 'agenda' or 'literal[...]'
            return tuple(path), tuple(loc[i:])
        path.append(part)
    return tuple(path), ()


def _value_at(data: Any, path: DataPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


#: The diagnostic code for each type of pydantic error (``err["type"]``), including
#: the custom types ``model.py`` raises; any other type is an ``invalid-value``.
_PYDANTIC_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "union_tag_not_found": "unknown-field",
    "literal_error": "invalid-value",
    "greater_than_equal": "invalid-value",
    "language": "invalid-value",
    "string_type": "wrong-type",
    "tuple_type": "wrong-type",
    "list_type": "wrong-type",
    "model_type": "wrong-type",
    "dict_type": "wrong-type",
    "model_attributes_type": "wrong-type",
    "integer": "wrong-type",
    "boolean": "wrong-type",
    "too_short": "empty-value",
    "string_too_short": "empty-value",
    "date_format": "invalid-date",
    "date_precision": "invalid-date",
}


def _error_code(doc: RawDocument, err: Any, path: DataPath) -> str:
    """The diagnostic code of one pydantic error, chosen by its type, never its message."""
    kind = err["type"]
    if kind == "missing" and doc.smap.has_key(path):
        return "empty-value"  # 'field:' with nothing after it: given, but empty
    return _PYDANTIC_CODES.get(kind, "invalid-value")


def _describe(
    doc: RawDocument, model: type[BaseModel], err: Any, path: DataPath, rest: tuple[Any, ...]
) -> tuple[Position, str, str | None]:
    kind = err["type"]
    smap = doc.smap
    value = _value_at(doc.data, path)
    field = next((p for p in reversed(path) if isinstance(p, str)), "value")
    where = smap.value(path)
    if kind == "missing":
        if smap.has_key(path):
            return smap.key(path), f"field '{field}' is empty", f"give '{field}' a value"
        return (
            smap.first_key(path[:-1]),
            f"missing required field '{field}'",
            f"add a line '{field}: …'",
        )
    if kind == "extra_forbidden":
        known = _known_fields(model, path)
        guess = closest(field, known)
        hint = f"did you mean '{guess}'?" if guess else "known fields: " + ", ".join(known)
        return smap.key(path), f"unknown field '{field}'", hint
    if kind == "union_tag_not_found":
        keys = list(value) if isinstance(value, dict) else []
        guess = closest(keys[0], SECTION_KINDS) if keys else None
        hint = (
            f"did you mean '{guess}'?"
            if guess
            else "write '- analysis: ID', '- agenda: auto', '- actors: auto' or '- sources: auto'"
        )
        return where, "a section must be one of: analysis, agenda, actors, sources", hint
    if path and path[0] == "sections" and len(path) == 3 and path[2] in ("agenda", "actors"):
        noun = "agenda item" if path[2] == "agenda" else "actor"
        if isinstance(value, str):
            return (
                where,
                f"expected 'auto' or a list of {noun} ids, not '{value}'",
                (f"write '{path[2]}: auto', or '{path[2]}: [id, …]'"),
            )
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        guess = closest(str(value), choices)
        listing = ", ".join(choices)
        hint = f"did you mean '{guess}'? ({listing})" if guess else f"expected one of: {listing}"
        if isinstance(value, str):
            if path and isinstance(path[-1], int):
                return where, f"'{value}' is not a valid entry in {field}", hint
            return where, f"'{value}' is not a valid {field}", hint
        return where, f"{field} must be one of: {listing}", None
    if kind == "string_type":
        got = _type_name(value)
        return (
            where,
            f"expected text for '{field}', not {got}",
            (
                "quote the text, or write several lines after '|'"
                if isinstance(value, (list, dict))
                else None
            ),
        )
    if kind in ("tuple_type", "list_type"):
        example = value if isinstance(value, str) else "…"
        return (
            where,
            f"expected a list for '{field}', not {_type_name(value)}",
            (f"write '{field}: [{example}]'"),
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            where,
            f"expected 'field: value' lines for '{field}', not {_type_name(value)}",
            f"write '{field}:' alone on its line, then its fields indented below it",
        )
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return where, f"'{field}' must not be empty", f"write the {field} after '{field}:'"
        return where, f"'{field}' needs at least one item", "list at least one item"
    if kind == "greater_than_equal":
        return where, f"'{field}' must be 1 or more", "write a whole number from 1 up"
    return where, f"{field}: {err['msg']}", err.get("ctx", {}).get("hint")


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'" if value is not None else "nothing"


def _known_fields(model: type[BaseModel], path: DataPath) -> list[str]:
    if len(path) >= 2 and path[0] == "sections":
        return list(SECTION_KINDS)
    if len(path) >= 2 and path[0] == "site":
        return list(SiteSettings.model_fields)
    return list(model.model_fields)


# -- pass 2: the corpus as a whole ---------------------------------------------


class _Checker:
    """Cross-file rules: references, shared namespaces, kind-dependent fields."""

    def __init__(self, corpus: Corpus, existing: dict[str, set[str]], diags: Diagnostics):
        self.corpus = corpus
        self.existing = existing
        self.diags = diags

    def run(self) -> None:
        c = self.corpus
        for record in c.actors.values():
            self._actor(record)
        for record in c.agenda.values():
            self._agenda(record)
        for record in c.analysis.values():
            self._analysis(record)
        for record in c.briefs.values():
            self._brief(record)
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
            path = ("key_judgments", i)
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
            path: DataPath = ("sections", i)
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
