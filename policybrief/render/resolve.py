"""From the corpus and one manifest to a brief view: everything a template shows.

Resolution decides what a brief contains (DESIGN.md's ``auto`` rules and their
ordering) and which files it depends on; templates only lay it out. It is pure:
corpus in, view out, no disk access, so the build stage can resolve every brief
on every run to see whether an ``auto`` selection changed.

Vocabulary: the manifest lists *section entries* (``AnalysisSection`` and
friends in ``content/model.py``); resolving one gives a *resolved section*
(``ResolvedAnalysis`` and friends here), whose entities are records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from policybrief.content.corpus import Corpus, Record
from policybrief.content.dates import Precision
from policybrief.content.editions import PastEdition
from policybrief.content.model import (
    Actor,
    AgendaItem,
    AnalysisMeta,
    Auto,
    Brief,
    Settings,
    Source,
)
from policybrief.content.refs import CitationGroup, Image, Link, find_references


@dataclass(frozen=True)
class ResolvedAnalysis:
    """One analysis section with its full text."""

    analysis: Record[AnalysisMeta]


@dataclass(frozen=True)
class ResolvedAgenda:
    """A timeline of agenda items, ordered by date."""

    items: tuple[Record[AgendaItem], ...]
    auto: bool


@dataclass(frozen=True)
class ResolvedActors:
    """A table of actors, in order of first mention when ``auto``."""

    actors: tuple[Record[Actor], ...]
    auto: bool


@dataclass(frozen=True)
class ResolvedSources:
    """The full list of sources: cited ones first, then those the shown entities list."""

    sources: tuple[Record[Source], ...]


ResolvedSection = ResolvedAnalysis | ResolvedAgenda | ResolvedActors | ResolvedSources

#: What one ``auto`` section selected: (section index, section kind, entity ids).
Selection = tuple[int, str, tuple[str, ...]]


@dataclass(frozen=True)
class MarkdownText:
    """One Markdown text the brief shows, and where it came from (for diagnostics)."""

    record: Record[Any]
    field: tuple[str | int, ...] | None  # None: the body of an analysis file
    text: str


@dataclass(frozen=True)
class BriefView:
    """A brief, resolved: the data every template and the build stage read."""

    slug: str
    brief: Record[Brief]
    settings: Settings
    language: str
    template: str
    paper: str
    marking: str | None
    key_judgments: tuple[Record[AnalysisMeta], ...]
    #: One resolved section per section entry of the manifest, in its order.
    sections: tuple[ResolvedSection, ...]
    #: Actor ids in order of first mention.
    mentioned: tuple[str, ...]
    #: Source ids in order of first citation across everything shown.
    cited: tuple[str, ...]
    #: Every Markdown text shown, in reading order (the order notes are numbered in).
    texts: tuple[MarkdownText, ...]
    #: Project-relative paths of every file the brief's content comes from.
    dependencies: frozenset[str]
    #: What each ``auto`` section selected, by section index.
    selections: tuple[Selection, ...]
    #: The brief's earlier edition from git history, for "What changed"; None
    #: for a first edition or when history cannot show it.
    past_edition: PastEdition | None = None


class UnresolvedError(Exception):
    """The brief refers to entities that are not valid, so it cannot be built."""

    def __init__(self, slug: str, missing: list[str], uses: frozenset[str] = frozenset()) -> None:
        """Name the brief and what it misses, each as "actor 'x'" or "link 'y'", sorted;
        ``uses`` are the project-relative files it was found to use before it failed."""
        super().__init__(f"brief '{slug}' uses content that has errors: " + ", ".join(missing))
        self.slug = slug
        self.missing = missing
        self.uses = uses


def agenda_order(record: Record[AgendaItem]) -> tuple[dt.date, Precision, str]:
    """Return the agenda's sort key: first day the date can mean, coarser precision first, id.

    The id breaks ties: same-date items come in id order however they were listed.
    """
    return (*record.data.date.sort_key(), record.id)


def resolve_brief(corpus: Corpus, slug: str) -> BriefView:
    """Resolve the brief ``slug`` of ``corpus`` into what its template shows.

    Raises:
        KeyError: ``slug`` is not a valid brief of the corpus (a caller's bug:
            the build selects from ``corpus.briefs``).
        UnresolvedError: the brief uses an entity or links to an id that is
            missing or invalid (content with errors), so it cannot be built.
    """
    return _Resolver(corpus, corpus.briefs[slug]).resolve()


class _Resolver:
    """One brief's resolution; collects its dependencies and the entities it misses."""

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

    def _raise_if_missing(self) -> None:
        if self.missing:
            raise UnresolvedError(self.brief.id, sorted(set(self.missing)), frozenset(self.deps))

    def resolve(self) -> BriefView:
        """Resolve the brief; raise :class:`UnresolvedError` if content it uses is invalid."""
        c, b = self.corpus, self.brief.data
        kjs = [self._get(c.analysis, "analysis", i) for i in b.key_judgments]
        key_judgments = tuple(r for r in kjs if r is not None)
        counting = self._counting(key_judgments)
        selections: list[Selection] = []
        sections = self._sections(counting, selections)
        # Resolved sections no longer line up with section entries, which the steps below rely on.
        self._raise_if_missing()

        mentioned = self._mentions(counting, sections)
        sections = self._fill_actors(sections, mentioned, selections)
        texts = tuple(self._texts(sections))
        cited = self._citations(texts)
        sections = self._fill_sources(sections, cited, key_judgments, selections)
        self._shown_names(sections, texts)
        self._raise_if_missing()

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
            sections=tuple(s for s in sections if not _empty(s)),
            mentioned=mentioned,
            cited=cited,
            texts=texts,
            dependencies=frozenset(self.deps),
            selections=tuple(sorted(selections)),
            past_edition=c.past_editions.get(self.brief.id),
        )

    def _counting(
        self, key_judgments: tuple[Record[AnalysisMeta], ...]
    ) -> list[tuple[Record[Any], str]]:
        """The Markdown that counts for mentions, in reading order.

        That is the summary, key judgments and analysis sections, each read once.
        """
        b = self.brief.data
        listed = [
            self._get(self.corpus.analysis, "analysis", entry.analysis)
            for entry in b.sections
            if hasattr(entry, "analysis")
        ]
        counting: list[tuple[Record[Any], str]] = [(self.brief, b.summary)]
        read: set[str] = set()
        for record in (*key_judgments, *(r for r in listed if r is not None)):
            if record.id not in read:
                read.add(record.id)
                counting.append((record, record.body))
        return counting

    def _sections(
        self, counting: list[tuple[Record[Any], str]], selections: list[Selection]
    ) -> list[ResolvedSection]:
        """Resolve each section entry; actors and sources are left empty, filled later."""
        c = self.corpus
        linked: list[str] = []
        for _, text in counting:
            linked.extend(r.id for r in find_references(text) if isinstance(r, Link))
        sections: list[ResolvedSection] = []
        for index, entry in enumerate(self.brief.data.sections):
            if hasattr(entry, "analysis"):
                record = c.analysis.get(entry.analysis)
                if record is not None:
                    sections.append(ResolvedAnalysis(record))
            elif hasattr(entry, "agenda"):
                sections.append(self._agenda(index, entry.agenda, linked, selections))
            elif hasattr(entry, "actors"):
                sections.append(ResolvedActors((), entry.actors == "auto"))
            else:
                sections.append(ResolvedSources(()))
        return sections

    def _agenda(
        self,
        index: int,
        spec: Auto | tuple[str, ...],
        linked: list[str],
        selections: list[Selection],
    ) -> ResolvedAgenda:
        """The agenda items an agenda section entry lists, or selects by links when ``auto``."""
        c = self.corpus
        if spec == "auto":
            linked_actors = {i for i in linked if i in c.actors}
            linked_set = set(linked)
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
            found = [self._get(c.agenda, "agenda item", i) for i in spec]
            items = sorted((r for r in found if r is not None), key=agenda_order)
        return ResolvedAgenda(tuple(items), spec == "auto")

    def _mentions(
        self, counting: list[tuple[Record[Any], str]], sections: list[ResolvedSection]
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
        for section in sections:
            if isinstance(section, ResolvedAnalysis) and section.analysis.id not in read:
                read.add(section.analysis.id)
                self._add_links(order, section.analysis.body)
            elif isinstance(section, ResolvedAgenda):
                for item in section.items:
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
        self,
        sections: list[ResolvedSection],
        mentioned: tuple[str, ...],
        selections: list[Selection],
    ) -> list[ResolvedSection]:
        filled: list[ResolvedSection] = []
        entries = self.brief.data.sections
        for index, section in enumerate(sections):
            if isinstance(section, ResolvedActors):
                spec = entries[index].actors  # type: ignore[union-attr]
                ids = mentioned if spec == "auto" else spec
                found = [self._get(self.corpus.actors, "actor", i) for i in ids]
                actors = tuple(r for r in found if r is not None)
                if spec == "auto":
                    selections.append((index, "actors", tuple(r.id for r in actors)))
                section = ResolvedActors(actors, spec == "auto")
            filled.append(section)
        return filled

    def _texts(self, sections: list[ResolvedSection]) -> Iterator[MarkdownText]:
        """Every Markdown text shown, in reading order."""
        yield MarkdownText(self.brief, ("summary",), self.brief.data.summary)
        for section in sections:
            if isinstance(section, ResolvedAnalysis):
                yield MarkdownText(section.analysis, None, section.analysis.body)
            elif isinstance(section, ResolvedAgenda):
                for item in section.items:
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
        sections: list[ResolvedSection],
        cited: tuple[str, ...],
        key_judgments: tuple[Record[AnalysisMeta], ...],
        selections: list[Selection],
    ) -> list[ResolvedSection]:
        order: dict[str, None] = dict.fromkeys(cited)
        # A key judgment's text counts (its mentions fill the actors table) though
        # only its title prints unless a section lists it: its citations count too.
        for record in key_judgments:
            for ref in find_references(record.body):
                if isinstance(ref, CitationGroup):
                    for item in ref.items:
                        order.setdefault(item.id, None)
        shown: list[Record[Any]] = list(key_judgments)
        for section in sections:
            if isinstance(section, ResolvedAnalysis):
                shown.append(section.analysis)
            elif isinstance(section, ResolvedAgenda):
                shown.extend(section.items)
            elif isinstance(section, ResolvedActors):
                shown.extend(section.actors)
        for record in shown:
            for source in record.data.sources:
                order.setdefault(source, None)
        found = [self._get(self.corpus.sources, "source", i) for i in order]
        sources = tuple(r for r in found if r is not None)
        filled: list[ResolvedSection] = []
        for index, section in enumerate(sections):
            if isinstance(section, ResolvedSources):
                selections.append((index, "sources", tuple(r.id for r in sources)))
                section = ResolvedSources(sources)
            filled.append(section)
        return filled

    def _shown_names(
        self, sections: list[ResolvedSection], texts: tuple[MarkdownText, ...]
    ) -> None:
        """Depend on every entity whose name the brief prints, and on images."""
        c = self.corpus
        for section in sections:
            if isinstance(section, ResolvedAgenda):
                for item in section.items:
                    for participant in item.data.participants:
                        self._get(c.actors, "actor", participant)
            elif isinstance(section, ResolvedActors):
                for actor in section.actors:
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
                    self.deps.add(f"content/{c.asset_files.get(ref.src, ref.src)}")


def _empty(section: ResolvedSection) -> bool:
    """Is ``section`` a list with nothing in it (an ``auto`` selection that found nothing)?

    Such a section is left out of the brief and its contents, rather than
    printing a heading over nothing; the selection itself is still recorded,
    so linking a first agenda item or actor rebuilds the brief.
    """
    if isinstance(section, ResolvedAgenda):
        return not section.items
    if isinstance(section, ResolvedActors):
        return not section.actors
    if isinstance(section, ResolvedSources):
        return not section.sources
    return False
