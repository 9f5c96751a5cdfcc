"""Build the site index from the corpus and the manifests alone.

The site index comes from the corpus and the manifests only, never from
rendered files, so every shard of a build (``--shard K/N``) computes it the
same, and a build that renders no brief still brings the site up to date.
Nothing here reads the clock: dates are the briefs' and agenda items' own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from policybrief.content.corpus import Corpus, Record
from policybrief.content.languages import name_language
from policybrief.content.model import Actor, AgendaItem, Brief
from policybrief.content.project import RESERVED_SLUGS
from policybrief.content.refs import Link, find_references
from policybrief.render.labels import KIND_LABELS, STATUS, date_range
from policybrief.render.markdown import plain_text
from policybrief.render.resolve import (
    BriefView,
    ResolvedActors,
    ResolvedAgenda,
    ResolvedAnalysis,
    UnresolvedError,
    agenda_order,
)
from policybrief.render.resolve import resolve_brief as _resolve_brief
from policybrief.site.entries import (
    ActorEntry,
    ActorRef,
    AgendaEntry,
    BriefEntry,
    BriefsOf,
    Site,
    Tag,
    TagEntry,
    tag_slug,
)
from policybrief.site.listing import BriefListing, own_tags
from policybrief.site.order import collation_key


def site_data(corpus: Corpus, listings: Mapping[str, BriefListing] | None = None) -> Site:
    """Build the site index from the corpus and the briefs' listings.

    ``listings`` are the listed briefs by slug (None: :func:`brief_listings` of
    the corpus); the build passes, for a brief that failed, the listing of its
    last good build, so the site shows it as it was.
    """
    settings = corpus.settings
    listed = brief_listings(corpus) if listings is None else listings
    names = _tag_names(listed.values())
    entries = {
        slug: replace(
            listing.entry,
            tags=tuple(Tag(t.slug, names[t.slug]) for t in listing.entry.tags),
        )
        for slug, listing in sorted(listed.items())
    }
    newest = sorted(
        entries.values(), key=lambda b: (-b.date.first_day().toordinal(), -b.edition, b.slug)
    )
    order = {b.slug: i for i, b in enumerate(newest)}

    def briefs_of(slugs: Iterable[str]) -> tuple[BriefEntry, ...]:
        return tuple(entries[s] for s in sorted(slugs, key=order.__getitem__))

    actor_briefs: dict[str, list[str]] = {}
    agenda_briefs: dict[str, list[str]] = {}
    for slug, listing in sorted(listed.items()):
        for id_ in listing.actors:
            actor_briefs.setdefault(id_, []).append(slug)
        for id_ in listing.agenda:
            agenda_briefs.setdefault(id_, []).append(slug)
    timeline = tuple(
        _agenda_entry(corpus, record, briefs_of(agenda_briefs.get(record.id, ())))
        for record in sorted(corpus.agenda.values(), key=agenda_order)
    )
    tags = tuple(
        TagEntry(Tag(slug, name), tuple(b for b in newest if any(t.slug == slug for t in b.tags)))
        for slug, name in sorted(names.items(), key=lambda item: (collation_key(item[1]), item[0]))
    )
    return Site(
        title=settings.site.title,
        organisation=settings.organisation,
        marking=settings.marking,
        marking_order=settings.markings,
        language=settings.language,
        base_url=settings.site.base_url,
        briefs=tuple(newest),
        tags=tags,
        actors=_actor_entries(corpus, timeline, actor_briefs, briefs_of),
        timeline=timeline,
        texts={slug: listing.text for slug, listing in listed.items()},
    )


def brief_listings(
    corpus: Corpus, formats: Mapping[str, Sequence[str]] | None = None
) -> dict[str, BriefListing]:
    """Return the listing of every brief the site lists, by slug.

    Briefs that are drafts (unless ``site.include_drafts``), use a reserved
    slug or do not resolve are left out; the build reports them elsewhere.
    ``formats`` are the formats published of each brief, which the listing
    links (a brief not in it: those its ``outputs:`` names).
    """
    given = formats or {}
    return {
        slug: brief_listing(corpus, view, given.get(slug))
        for slug, view in _listed_views(corpus).items()
    }


def brief_listing(
    corpus: Corpus, view: BriefView, formats: Sequence[str] | None = None
) -> BriefListing:
    """Return what the site shows of one resolved brief, linking ``formats`` (None: its
    ``outputs:``)."""
    actors, items = _brief_mentions(corpus, view)
    b: Brief = view.brief.data
    linked = b.outputs if formats is None else formats
    entry = BriefEntry(
        slug=view.slug,
        title=b.title,
        subtitle=b.subtitle,
        date=b.date,
        edition=b.edition,
        status=b.status,
        marking=view.marking,
        language=view.language,
        authors=b.authors,
        tags=own_tags(b.tags),
        summary=plain_text(corpus, b.summary),
        html=f"{view.slug}/index.html" if "html" in linked else None,
        pdf=f"{view.slug}/{view.slug}.pdf" if "pdf" in linked else None,
    )
    return BriefListing(entry, b.tags, _body_text(corpus, view), tuple(actors), tuple(items))


def _listed_views(corpus: Corpus) -> dict[str, BriefView]:
    """The resolved briefs the site lists, by slug in slug order."""
    include_drafts = corpus.settings.site.include_drafts
    views: dict[str, BriefView] = {}
    for slug in sorted(corpus.briefs):
        record = corpus.briefs[slug]
        if record.data.status == "draft" and not include_drafts:
            continue
        if slug in RESERVED_SLUGS:
            continue  # an error at the manifest; the site's own page wins its folder
        try:
            views[slug] = _resolve_brief(corpus, slug)
        except UnresolvedError:
            continue  # the build reports it and renders nothing for it
    return views


def _tag_names(listings: Iterable[BriefListing]) -> dict[str, str]:
    """Each tag slug's display name: the spelling most briefs use (ties: the first sorted).

    Spellings share a slug only when they are one tag (:func:`tag_slug`).
    """
    spellings = Counter(t for listing in listings for t in listing.tag_names)
    names: dict[str, str] = {}
    for name, _ in sorted(spellings.items(), key=lambda item: (-item[1], item[0])):
        names.setdefault(tag_slug(name), name)
    return names


def _brief_mentions(corpus: Corpus, view: BriefView) -> tuple[list[str], list[str]]:
    """The actors and agenda items a brief mentions, shows or links, in reading order."""
    actors: dict[str, None] = dict.fromkeys(view.mentioned)
    items: dict[str, None] = {}
    for section in view.sections:
        if isinstance(section, ResolvedActors):
            actors.update(dict.fromkeys(r.id for r in section.actors))
        elif isinstance(section, ResolvedAgenda):
            items.update(dict.fromkeys(r.id for r in section.items))
    texts = [t.text for t in view.texts] + [r.body for r in view.key_judgments]
    for text in texts:
        for ref in find_references(text):
            if isinstance(ref, Link):
                if ref.id in corpus.actors:
                    actors.setdefault(ref.id, None)
                elif ref.id in corpus.agenda:
                    items.setdefault(ref.id, None)
    return list(actors), list(items)


def _agenda_mentions(corpus: Corpus, record: Record[AgendaItem]) -> list[str]:
    """The actors an agenda item mentions: its participants and links in its text."""
    found: dict[str, None] = dict.fromkeys(record.data.participants)
    for text in (record.data.summary or "", *record.data.outcomes):
        for ref in find_references(text):
            if isinstance(ref, Link) and ref.id in corpus.actors:
                found.setdefault(ref.id, None)
    return list(found)


def _agenda_entry(
    corpus: Corpus, record: Record[AgendaItem], briefs: tuple[BriefEntry, ...]
) -> AgendaEntry:
    a = record.data
    participants = tuple(
        ActorRef(p, corpus.actors[p].data.name) for p in a.participants if p in corpus.actors
    )
    expected = a.status in ("scheduled", "under-way", "postponed")
    return AgendaEntry(
        id=record.id,
        title=a.title,
        kind=a.kind.capitalize(),
        status=STATUS[a.status],
        when=date_range(a.date, a.end),
        date_iso=a.date.iso(),
        year=a.date.year,
        location=a.location,
        participants=participants,
        summary=plain_text(corpus, a.summary) if a.summary else "",
        outcomes_label="Expected outcomes" if expected else "Outcomes",
        outcomes=tuple(plain_text(corpus, o) for o in a.outcomes),
        briefs=briefs,
    )


def _actor_entries(
    corpus: Corpus,
    timeline: tuple[AgendaEntry, ...],
    actor_briefs: dict[str, list[str]],
    briefs_of: BriefsOf,
) -> tuple[ActorEntry, ...]:
    """Every actor's entry, by name; ``timeline`` is every agenda item in agenda order."""
    actor_agenda: dict[str, list[AgendaEntry]] = {}
    for item, agenda_record in zip(
        timeline, sorted(corpus.agenda.values(), key=agenda_order), strict=True
    ):
        for id_ in _agenda_mentions(corpus, agenda_record):
            actor_agenda.setdefault(id_, []).append(item)
    related: dict[str, set[str]] = {}
    for actor in corpus.actors.values():
        for other in (actor.data.affiliation, actor.data.country):
            if other and other != actor.id:
                related.setdefault(other, set()).add(actor.id)
    return tuple(
        _actor_entry(
            corpus,
            record,
            briefs=briefs_of(actor_briefs.get(record.id, ())),
            agenda=tuple(actor_agenda.get(record.id, ())),
            related=related.get(record.id, set()),
        )
        for record in sorted(
            corpus.actors.values(), key=lambda r: (collation_key(r.data.name), r.id)
        )
    )


def _actor_entry(
    corpus: Corpus,
    record: Record[Actor],
    *,
    briefs: tuple[BriefEntry, ...],
    agenda: tuple[AgendaEntry, ...],
    related: set[str],
) -> ActorEntry:
    def ref(id_: str | None) -> ActorRef | None:
        other = corpus.actors.get(id_ or "")
        return ActorRef(other.id, other.data.name) if other else None

    a = record.data
    lang, dir_ = name_language(a.native_name, a.native_lang) if a.native_name else ("", "ltr")
    return ActorEntry(
        id=record.id,
        name=a.name,
        native_name=a.native_name,
        kind=a.kind,
        role=a.role,
        affiliation=ref(a.affiliation),
        country=ref(a.country),
        aliases=a.aliases,
        summary=a.summary,
        summary_text=plain_text(corpus, a.summary) if a.summary else "",
        sources=a.sources,
        briefs=briefs,
        agenda=agenda,
        related=tuple(
            sorted(
                (r for r in map(ref, related) if r is not None),
                key=lambda r: (collation_key(r.name), r.id),
            )
        ),
        native_lang=lang,
        native_dir=dir_,
    )


def _body_text(corpus: Corpus, view: BriefView) -> str:
    """The words a brief shows beyond its title and summary, for search."""
    parts = [view.brief.data.subtitle or ""]
    for record in view.key_judgments:
        parts += [record.data.title, record.body]
    for section in view.sections:
        if isinstance(section, ResolvedAnalysis):
            parts += [KIND_LABELS[section.analysis.data.kind], section.analysis.data.title]
        elif isinstance(section, ResolvedAgenda):
            parts += [r.data.title for r in section.items]
        elif isinstance(section, ResolvedActors):
            parts += [r.data.name for r in section.actors]
    parts += [t.text for t in view.texts[1:]]  # the summary is searched on its own
    return plain_text(corpus, "\n".join(parts))
