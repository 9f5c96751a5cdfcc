"""From the corpus and one manifest to a brief view: everything a template shows.

Resolution decides what a brief contains (DESIGN.md's ``auto`` rules and their
ordering) and which files it depends on; templates only lay it out. It is pure:
corpus in, view out, no disk access, so the build engine can resolve every brief
on every run to see whether an ``auto`` selection changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from policybrief.content.corpus import Corpus, Record
from policybrief.content.model import Actor, AgendaItem, AnalysisMeta, Brief, Settings, Source
from policybrief.content.refs import CitationGroup, Image, Link, find_references


@dataclass(frozen=True)
class AnalysisPart:
    """One analysis section with its full text."""

    analysis: Record[AnalysisMeta]


@dataclass(frozen=True)
class AgendaPart:
    """A timeline of agenda items, ordered by date."""

    items: tuple[Record[AgendaItem], ...]
    auto: bool


@dataclass(frozen=True)
class ActorsPart:
    """A table of actors, in order of first mention when ``auto``."""

    actors: tuple[Record[Actor], ...]
    auto: bool


@dataclass(frozen=True)
class SourcesPart:
    """The full list of sources: cited ones first, then those the shown entities list."""

    sources: tuple[Record[Source], ...]


Part = AnalysisPart | AgendaPart | ActorsPart | SourcesPart


@dataclass(frozen=True)
class MarkdownText:
    """One Markdown text the brief shows, and where it came from (for diagnostics)."""

    record: Record[Any]
    field: tuple[str | int, ...] | None  # None: the body of an analysis file
    text: str


@dataclass(frozen=True)
class BriefView:
    """A brief, resolved: the data every template and the build engine read."""

    slug: str
    brief: Record[Brief]
    settings: Settings
    language: str
    template: str
    paper: str
    marking: str | None
    key_judgments: tuple[Record[AnalysisMeta], ...]
    parts: tuple[Part, ...]
    #: Actor ids in order of first mention.
    mentioned: tuple[str, ...]
    #: Source ids in order of first citation across everything shown.
    cited: tuple[str, ...]
    #: Every Markdown text shown, in reading order (the order notes are numbered in).
    texts: tuple[MarkdownText, ...]
    #: Project-relative paths of every file the brief's content comes from.
    dependencies: frozenset[str]
    #: What each ``auto`` section selected: (section index, kind, ids).
    selections: tuple[tuple[int, str, tuple[str, ...]], ...]


class UnresolvedError(Exception):
    """The brief refers to entities that are not valid, so it cannot be built."""

    def __init__(self, slug: str, missing: list[str]) -> None:
        super().__init__(f"brief '{slug}' uses content that has errors: " + ", ".join(missing))
        self.slug = slug
        self.missing = missing


def agenda_order(record: Record[AgendaItem]) -> tuple[Any, ...]:
    """By the first day the date can mean, coarser precision first, then id."""
    return (*record.data.date.sort_key(), record.id)


def resolve_brief(corpus: Corpus, slug: str) -> BriefView:
    """Resolve one brief; raise :class:`UnresolvedError` if content it uses is invalid."""
    return _Resolver(corpus, corpus.briefs[slug]).resolve()


class _Resolver:
    def __init__(self, corpus: Corpus, brief: Record[Brief]) -> None:
        self.corpus = corpus
        self.brief = brief
        self.missing: list[str] = []
        self.deps: set[str] = {brief.rel}
        if corpus.settings_record is not None:
            self.deps.add(corpus.settings_record.rel)

    def _get(self, table: dict[str, Record[Any]], kind: str, id_: str) -> Record[Any] | None:
        record = table.get(id_)
        if record is None:
            self.missing.append(f"{kind} '{id_}'")
        else:
            self.deps.add(record.rel)
        return record

    def resolve(self) -> BriefView:
        c, b = self.corpus, self.brief.data
        kjs = [self._get(c.analysis, "analysis", i) for i in b.key_judgments]
        key_judgments = tuple(r for r in kjs if r is not None)
        listed = [
            self._get(c.analysis, "analysis", s.analysis)
            for s in b.sections
            if hasattr(s, "analysis")
        ]

        # The Markdown that counts for mentions: summary, key judgments, analysis
        # sections, each read once, in that order.
        counting: list[tuple[Record[Any], str]] = [(self.brief, b.summary)]
        read: set[str] = set()
        for record in (*key_judgments, *(r for r in listed if r is not None)):
            if record.id not in read:
                read.add(record.id)
                counting.append((record, record.body))
        linked: list[str] = []
        for _, text in counting:
            linked.extend(r.id for r in find_references(text) if isinstance(r, Link))
        linked_actors = {i for i in linked if i in c.actors}
        linked_set = set(linked)

        parts: list[Part] = []
        selections: list[tuple[int, str, tuple[str, ...]]] = []
        for index, section in enumerate(b.sections):
            if hasattr(section, "analysis"):
                record = c.analysis.get(section.analysis)
                if record is not None:
                    parts.append(AnalysisPart(record))
            elif hasattr(section, "agenda"):
                if section.agenda == "auto":
                    items = [
                        r
                        for r in c.agenda.values()
                        if r.id in linked_set or linked_actors.intersection(r.data.participants)
                    ]
                    items.sort(key=agenda_order)
                    selections.append((index, "agenda", tuple(r.id for r in items)))
                    for r in items:
                        self.deps.add(r.rel)
                else:
                    found = [self._get(c.agenda, "agenda item", i) for i in section.agenda]
                    items = sorted((r for r in found if r is not None), key=agenda_order)
                parts.append(AgendaPart(tuple(items), section.agenda == "auto"))
            elif hasattr(section, "actors"):
                parts.append(ActorsPart((), section.actors == "auto"))  # filled below
            else:
                parts.append(SourcesPart(()))
        if self.missing:
            # Parts no longer line up with sections, which the steps below rely on.
            raise UnresolvedError(self.brief.id, sorted(set(self.missing)))

        mentioned = self._mentions(counting, parts)
        parts = self._fill_actors(parts, mentioned, selections)
        texts = tuple(self._texts(parts))
        cited = self._citations(texts)
        parts = self._fill_sources(parts, cited, key_judgments, selections)
        self._shown_names(parts, texts)
        if self.missing:
            raise UnresolvedError(self.brief.id, sorted(set(self.missing)))

        s = c.settings
        return BriefView(
            slug=self.brief.id,
            brief=self.brief,
            settings=s,
            language=b.language or s.language,
            template=b.template or s.template,
            paper=b.paper or s.paper,
            marking=b.marking or s.marking,
            key_judgments=key_judgments,
            parts=tuple(parts),
            mentioned=mentioned,
            cited=cited,
            texts=texts,
            dependencies=frozenset(self.deps),
            selections=tuple(sorted(selections)),
        )

    def _mentions(
        self, counting: list[tuple[Record[Any], str]], parts: list[Part]
    ) -> tuple[str, ...]:
        """Actors in order of first mention; participants count at their agenda section.

        ``counting`` is already in reading order (summary, key judgments, then
        analysis sections, each once), so its links come first, except that an
        analysis section's links belong at that section's place.
        """
        order: dict[str, None] = {}
        read: set[str] = set()
        kj_ids = {r.id for r in self._key_judgment_ids()}
        for record, text in counting:
            if record is self.brief or record.id in kj_ids:
                read.add(record.id)
                self._add_links(order, text)
        for part in parts:
            if isinstance(part, AnalysisPart) and part.analysis.id not in read:
                read.add(part.analysis.id)
                self._add_links(order, part.analysis.body)
            elif isinstance(part, AgendaPart):
                for item in part.items:
                    for actor in item.data.participants:
                        order.setdefault(actor, None)
        return tuple(order)

    def _key_judgment_ids(self) -> list[Record[AnalysisMeta]]:
        table = self.corpus.analysis
        return [table[i] for i in self.brief.data.key_judgments if i in table]

    def _add_links(self, order: dict[str, None], text: str) -> None:
        for ref in find_references(text):
            if isinstance(ref, Link) and ref.id in self.corpus.actors:
                order.setdefault(ref.id, None)

    def _fill_actors(
        self, parts: list[Part], mentioned: tuple[str, ...], selections: list[Any]
    ) -> list[Part]:
        filled: list[Part] = []
        sections = self.brief.data.sections
        for index, part in enumerate(parts):
            if isinstance(part, ActorsPart):
                spec = sections[index].actors  # type: ignore[union-attr]
                ids = mentioned if spec == "auto" else spec
                found = [self._get(self.corpus.actors, "actor", i) for i in ids]
                actors = tuple(r for r in found if r is not None)
                if spec == "auto":
                    selections.append((index, "actors", tuple(r.id for r in actors)))
                part = ActorsPart(actors, spec == "auto")
            filled.append(part)
        return filled

    def _texts(self, parts: list[Part]) -> Iterator[MarkdownText]:
        """Every Markdown text shown, in reading order."""
        yield MarkdownText(self.brief, ("summary",), self.brief.data.summary)
        for part in parts:
            if isinstance(part, AnalysisPart):
                yield MarkdownText(part.analysis, None, part.analysis.body)
            elif isinstance(part, AgendaPart):
                for item in part.items:
                    if item.data.summary:
                        yield MarkdownText(item, ("summary",), item.data.summary)
                    for i, outcome in enumerate(item.data.outcomes):
                        yield MarkdownText(item, ("outcomes", i), outcome)

    def _citations(self, texts: tuple[MarkdownText, ...]) -> tuple[str, ...]:
        order: dict[str, None] = {}
        for text in texts:
            for ref in find_references(text.text):
                if isinstance(ref, CitationGroup):
                    for item in ref.items:
                        order.setdefault(item.id, None)
        return tuple(order)

    def _fill_sources(
        self,
        parts: list[Part],
        cited: tuple[str, ...],
        key_judgments: tuple[Record[AnalysisMeta], ...],
        selections: list[Any],
    ) -> list[Part]:
        order: dict[str, None] = dict.fromkeys(cited)
        shown: list[Record[Any]] = list(key_judgments)
        for part in parts:
            if isinstance(part, AnalysisPart):
                shown.append(part.analysis)
            elif isinstance(part, AgendaPart):
                shown.extend(part.items)
            elif isinstance(part, ActorsPart):
                shown.extend(part.actors)
        for record in shown:
            for source in record.data.sources:
                order.setdefault(source, None)
        found = [self._get(self.corpus.sources, "source", i) for i in order]
        sources = tuple(r for r in found if r is not None)
        filled: list[Part] = []
        for index, part in enumerate(parts):
            if isinstance(part, SourcesPart):
                selections.append((index, "sources", tuple(r.id for r in sources)))
                part = SourcesPart(sources)
            filled.append(part)
        return filled

    def _shown_names(self, parts: list[Part], texts: tuple[MarkdownText, ...]) -> None:
        """Depend on every entity whose name the brief prints, and on images."""
        c = self.corpus
        for part in parts:
            if isinstance(part, AgendaPart):
                for item in part.items:
                    for actor in item.data.participants:
                        self._get(c.actors, "actor", actor)
            elif isinstance(part, ActorsPart):
                for actor in part.actors:
                    for other in (actor.data.affiliation, actor.data.country):
                        if other:
                            self._get(c.actors, "actor", other)
        for text in texts:
            for ref in find_references(text.text):
                if isinstance(ref, Link):
                    if ref.id in c.actors:
                        self.deps.add(c.actors[ref.id].rel)
                    elif ref.id in c.agenda:
                        self.deps.add(c.agenda[ref.id].rel)
                    else:
                        self.missing.append(f"link '{ref.id}'")
                elif isinstance(ref, Image):
                    self.deps.add(f"content/{ref.src}")
