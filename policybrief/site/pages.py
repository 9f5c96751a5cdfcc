"""Build the intranet site: index, actor pages, timeline, tag pages, feed and search index.

Site pages come from the corpus and the manifests only, never from rendered
files, so every shard of a build (``--shard K/N``) writes them byte for byte
the same, and a build that renders no brief still brings them up to date.
Nothing here reads the clock: the feed's dates are the briefs' own.

Every link is relative (``root`` is the way back to the site's top from a page),
so the site works from any path prefix, and nothing is loaded from another
host. Pages carry no inline script or style, so a strict
Content-Security-Policy (``default-src 'self'``) serves them unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from policybrief.build.write import copy_atomic, write_atomic
from policybrief.content.corpus import Corpus, Record
from policybrief.content.model import AgendaItem, Brief
from policybrief.content.refs import Image, Link, find_references
from policybrief.content.validate import RESERVED_SLUGS
from policybrief.errors import Diagnostics, Position
from policybrief.render.context import SourceEntry
from policybrief.render.html import make_environment
from policybrief.render.labels import KIND_LABELS, STATUS, date_range
from policybrief.render.markdown import BriefMarkdown, Note, NoteSequence, plain_text
from policybrief.render.page import source_entry
from policybrief.render.resolve import (
    BriefView,
    ResolvedActors,
    ResolvedAgenda,
    ResolvedAnalysis,
    UnresolvedError,
    agenda_order,
)
from policybrief.render.resolve import resolve_brief as _resolve_brief
from policybrief.render.theme import Theme

#: Folders whose pages the site owns (reserved brief slugs): stale pages there are removed.
_OWNED = ("actors", "tags")
ATOM_NS = "http://www.w3.org/2005/Atom"
#: Tag URIs (RFC 4151) name a date at which their authority was held. Without
#: ``site.base_url`` the authority is a name under the reserved ``.invalid``
#: domain, which nobody holds, so any fixed date will do; it must never change.
TAG_URI_DATE = "2025"
ACTOR_KINDS = {
    "person": "People",
    "organisation": "Organisations",
    "state": "States",
    "body": "Bodies",
}
ACTOR_KIND_LABEL = {
    "person": "Person",
    "organisation": "Organisation",
    "state": "State",
    "body": "Body",
}
_EXCERPT = 320
_MARKS_RE = re.compile("[\u0300-\u036f]")


# page data


@dataclass(frozen=True)
class Tag:
    """A brief's tag as the site shows it: its words and a safe URL slug."""

    slug: str
    name: str


@dataclass(frozen=True)
class BriefEntry:
    """One brief on the site's pages; paths are relative to the site's top."""

    slug: str
    title: str
    subtitle: str | None
    date: Any  # PartialDate
    edition: int
    status: str
    marking: str | None
    language: str
    authors: tuple[str, ...]
    tags: tuple[Tag, ...]
    summary: str
    html: str | None
    pdf: str | None

    @property
    def href(self) -> str:
        """Where the brief's title links: its page, or its PDF when it has no page."""
        return self.html or self.pdf or f"{self.slug}/"

    @property
    def excerpt(self) -> str:
        return excerpt(self.summary)


@dataclass(frozen=True)
class ActorRef:
    id: str
    name: str


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item on the timeline and on the pages of its participants."""

    id: str
    title: str
    kind: str
    status: str
    when: str
    date_iso: str
    year: int
    location: str | None
    participants: tuple[ActorRef, ...]
    summary: str
    outcomes_label: str
    outcomes: tuple[str, ...]
    briefs: tuple[BriefEntry, ...]


@dataclass(frozen=True)
class ActorEntry:
    """One actor's page: who they are and every brief and agenda item mentioning them."""

    id: str
    name: str
    native_name: str | None
    kind: str
    role: str | None
    affiliation: ActorRef | None
    country: ActorRef | None
    aliases: tuple[str, ...]
    #: Markdown, rendered on the actor's page.
    summary: str | None
    summary_text: str
    sources: tuple[str, ...]
    briefs: tuple[BriefEntry, ...]
    agenda: tuple[AgendaEntry, ...]
    #: Actors whose affiliation or country this actor is.
    related: tuple[ActorRef, ...]


@dataclass(frozen=True)
class TagEntry:
    tag: Tag
    briefs: tuple[BriefEntry, ...]


@dataclass(frozen=True)
class Site:
    """Everything the site's pages, feed and search index show."""

    title: str
    organisation: str | None
    marking: str | None
    language: str
    base_url: str | None
    #: Newest first; drafts only with ``site.include_drafts``.
    briefs: tuple[BriefEntry, ...]
    tags: tuple[TagEntry, ...]
    #: By name.
    actors: tuple[ActorEntry, ...]
    #: Every agenda item, by date (resolve.agenda_order).
    timeline: tuple[AgendaEntry, ...]
    #: Plain text of each listed brief's body, by slug: what search reads.
    texts: dict[str, str] = field(default_factory=dict, compare=False)


def tag_slug(name: str) -> str:
    """A tag as a URL path segment: ``[a-z0-9-]``, the same for the same words.

    Accents fold to their letter (``Côte`` → ``cote``); a tag with letters that
    have no ASCII form (``Россия``) keeps a digest of its words, so two such tags
    never share a page.
    """
    folded = _MARKS_RE.sub("", unicodedata.normalize("NFKD", name)).casefold()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:50].strip("-")
    if any(c.isalnum() and not c.isascii() for c in folded) or not slug:
        digest = hashlib.sha256(unicodedata.normalize("NFC", name.casefold()).encode()).hexdigest()
        slug = f"{slug or 'tag'}-{digest[:8]}"
    return slug


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """The summary cut at a sentence (or word) end for listings."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end >= limit // 2:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:–—") + " …"


def site_data(corpus: Corpus) -> Site:
    """What the site shows, from the corpus and the manifests alone."""
    settings = corpus.settings
    include_drafts = settings.site.include_drafts
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
    spellings = Counter(t for v in views.values() for t in v.brief.data.tags)
    names: dict[str, str] = {}
    for name, _ in sorted(spellings.items(), key=lambda item: (-item[1], item[0])):
        names.setdefault(tag_slug(name), name)

    entries = {slug: _brief_entry(corpus, view, names) for slug, view in views.items()}
    newest = sorted(
        entries.values(), key=lambda b: (-b.date.first_day().toordinal(), -b.edition, b.slug)
    )
    order = {b.slug: i for i, b in enumerate(newest)}

    actor_briefs: dict[str, list[str]] = {}
    agenda_briefs: dict[str, list[str]] = {}
    for slug, view in views.items():
        actors, items = _brief_mentions(corpus, view)
        for id_ in actors:
            actor_briefs.setdefault(id_, []).append(slug)
        for id_ in items:
            agenda_briefs.setdefault(id_, []).append(slug)

    def briefs_of(slugs: Iterable[str]) -> tuple[BriefEntry, ...]:
        return tuple(entries[s] for s in sorted(slugs, key=order.__getitem__))

    timeline = tuple(
        _agenda_entry(corpus, record, briefs_of(agenda_briefs.get(record.id, ())))
        for record in sorted(corpus.agenda.values(), key=agenda_order)
    )
    actor_agenda: dict[str, list[AgendaEntry]] = {}
    for item, record in zip(
        timeline, sorted(corpus.agenda.values(), key=agenda_order), strict=True
    ):
        for id_ in _agenda_mentions(corpus, record):
            actor_agenda.setdefault(id_, []).append(item)

    related: dict[str, set[str]] = {}
    for record in corpus.actors.values():
        for other in (record.data.affiliation, record.data.country):
            if other and other != record.id:
                related.setdefault(other, set()).add(record.id)

    def ref(id_: str | None) -> ActorRef | None:
        record = corpus.actors.get(id_ or "")
        return ActorRef(record.id, record.data.name) if record else None

    actors = []
    for record in sorted(corpus.actors.values(), key=lambda r: (r.data.name.casefold(), r.id)):
        a = record.data
        actors.append(
            ActorEntry(
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
                briefs=briefs_of(actor_briefs.get(record.id, ())),
                agenda=tuple(actor_agenda.get(record.id, ())),
                related=tuple(
                    sorted(
                        (r for r in map(ref, related.get(record.id, ())) if r is not None),
                        key=lambda r: (r.name.casefold(), r.id),
                    )
                ),
            )
        )

    tags = tuple(
        TagEntry(Tag(slug, name), tuple(b for b in newest if any(t.slug == slug for t in b.tags)))
        for slug, name in sorted(names.items(), key=lambda item: (item[1].casefold(), item[0]))
    )
    texts = {slug: _body_text(corpus, view) for slug, view in views.items()}
    return Site(
        title=settings.site.title,
        organisation=settings.organisation,
        marking=settings.marking,
        language=settings.language,
        base_url=settings.site.base_url,
        briefs=tuple(newest),
        tags=tags,
        actors=tuple(actors),
        timeline=timeline,
        texts=texts,
    )


def _brief_entry(corpus: Corpus, view: BriefView, names: dict[str, str]) -> BriefEntry:
    b: Brief = view.brief.data
    tags: dict[str, Tag] = {}
    for name in b.tags:
        slug = tag_slug(name)
        tags.setdefault(slug, Tag(slug, names[slug]))
    return BriefEntry(
        slug=view.slug,
        title=b.title,
        subtitle=b.subtitle,
        date=b.date,
        edition=b.edition,
        status=b.status,
        marking=view.marking,
        language=view.language,
        authors=b.authors,
        tags=tuple(tags.values()),
        summary=plain_text(corpus, b.summary),
        html=f"{view.slug}/" if "html" in b.outputs else None,
        pdf=f"{view.slug}/{view.slug}.pdf" if "pdf" in b.outputs else None,
    )


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


# search


def search_words(*texts: str) -> str:
    """Normalised words, each once, in order: what the search script matches against.

    Lower case with accents folded, so the script (which folds the query the
    same way) finds ``Modi`` for ``modi`` and ``Cote`` for ``Côte``.
    """
    seen: dict[str, None] = {}
    for text in texts:
        folded = _MARKS_RE.sub("", unicodedata.normalize("NFKD", text)).casefold()
        word: list[str] = []
        for c in folded + " ":
            if c.isalnum() or unicodedata.category(c).startswith("M"):
                word.append(c)
            elif word:
                seen.setdefault("".join(word), None)
                word = []
    return " ".join(seen)


def search_index(site: Site) -> dict[str, Any]:
    """The search index: one document per brief, actor and agenda item."""
    docs: list[dict[str, str]] = []
    for b in site.briefs:
        docs.append(
            {
                "kind": "Brief",
                "title": b.title,
                "url": b.href,
                "date": b.date.long(),
                "text": excerpt(b.summary, 200),
                "title_words": search_words(b.title),
                "words": search_words(b.summary, *(t.name for t in b.tags), site.texts[b.slug]),
            }
        )
    for a in site.actors:
        about = a.role or ACTOR_KIND_LABEL[a.kind]
        docs.append(
            {
                "kind": "Actor",
                "title": a.name,
                "url": f"actors/{a.id}/",
                "date": "",
                "text": about,
                "title_words": search_words(a.name, a.native_name or "", *a.aliases),
                "words": search_words(
                    about,
                    a.affiliation.name if a.affiliation else "",
                    a.country.name if a.country else "",
                    a.summary_text,
                ),
            }
        )
    for item in site.timeline:
        docs.append(
            {
                "kind": "Agenda item",
                "title": item.title,
                "url": f"timeline/#agenda-{item.id}",
                "date": item.when,
                "text": " · ".join(filter(None, [item.status, item.kind, item.location])),
                "title_words": search_words(item.title),
                "words": search_words(
                    item.kind,
                    item.location or "",
                    *(p.name for p in item.participants),
                    item.summary,
                    *item.outcomes,
                ),
            }
        )
    return {"version": 1, "docs": docs}


# feed


def feed_url(site: Site, rel: str) -> str:
    """A feed link: absolute under ``site.base_url``, else relative to the feed."""
    if site.base_url:
        return site.base_url.rstrip("/") + "/" + rel
    return rel


def feed_id(site: Site, slug: str | None = None, edition: int | None = None) -> str:
    """A stable Atom id: a URL under ``site.base_url``, else a ``tag:`` URI (RFC 4151).

    An entry's id names the brief and its edition, so a new edition is a new
    entry, and rebuilding never changes an id.
    """
    if site.base_url:
        base = site.base_url.rstrip("/") + "/"
        return base if slug is None else f"{base}{slug}/#edition-{edition}"
    authority = tag_slug(site.organisation or site.title)
    prefix = f"tag:{authority}.invalid,{TAG_URI_DATE}:"
    return prefix + ("briefs" if slug is None else f"{slug}/edition-{edition}")


def _timestamp(date: Any) -> str:
    return f"{date.first_day().isoformat()}T00:00:00Z"


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: str
    html: str | None
    pdf: str | None
    summary: str
    authors: tuple[str, ...]
    tags: tuple[Tag, ...]
    #: The brief's language when it is not the site's, else None.
    language: str | None = None


def feed_entries(site: Site) -> list[FeedEntry]:
    """One entry per brief edition listed on the site, newest first."""
    return [
        FeedEntry(
            id=feed_id(site, b.slug, b.edition),
            title=b.title if b.edition == 1 else f"{b.title} (edition {b.edition})",
            updated=_timestamp(b.date),
            html=feed_url(site, b.html) if b.html else None,
            pdf=feed_url(site, b.pdf) if b.pdf else None,
            summary=b.summary,
            authors=b.authors,
            tags=b.tags,
            language=b.language if b.language != site.language else None,
        )
        for b in site.briefs
    ]


def render_feed(site: Site) -> bytes:
    """The Atom 1.0 feed of the site's briefs."""
    entries = feed_entries(site)
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.language})
    ET.SubElement(feed, "id").text = feed_id(site)
    ET.SubElement(feed, "title").text = site.title
    if site.organisation:
        ET.SubElement(feed, "subtitle").text = site.organisation
    # No clock: the feed changed when its newest entry did.
    ET.SubElement(feed, "updated").text = max(
        (e.updated for e in entries), default="1970-01-01T00:00:00Z"
    )
    ET.SubElement(
        feed,
        "link",
        {"rel": "self", "type": "application/atom+xml", "href": feed_url(site, "feed.xml")},
    )
    ET.SubElement(
        feed, "link", {"rel": "alternate", "type": "text/html", "href": feed_url(site, "") or "./"}
    )
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = site.organisation or site.title
    ET.SubElement(feed, "generator").text = "policybrief"
    for e in entries:
        entry = ET.SubElement(feed, "entry", {"xml:lang": e.language} if e.language else {})
        ET.SubElement(entry, "id").text = e.id
        ET.SubElement(entry, "title").text = e.title
        ET.SubElement(entry, "updated").text = e.updated
        ET.SubElement(entry, "published").text = e.updated
        if e.html:
            ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": e.html})
        if e.pdf:
            rel = "related" if e.html else "alternate"
            ET.SubElement(entry, "link", {"rel": rel, "type": "application/pdf", "href": e.pdf})
        for name in e.authors:
            ET.SubElement(ET.SubElement(entry, "author"), "name").text = name
        for tag in e.tags:
            ET.SubElement(entry, "category", {"term": tag.slug, "label": tag.name})
        ET.SubElement(entry, "summary", {"type": "text"}).text = e.summary
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


# pages


@dataclass(frozen=True)
class ActorPage:
    """An actor's page: the entry plus its rendered summary, notes and sources."""

    actor: ActorEntry
    summary: Markup | None
    notes: tuple[Note, ...]
    sources: tuple[SourceEntry, ...]


def _actor_page(corpus: Corpus, actor: ActorEntry) -> ActorPage:
    summary: Markup | None = None
    notes = NoteSequence()
    if actor.summary:
        md = BriefMarkdown(
            corpus,
            note_style="endnotes",
            notes=notes,
            link_href=lambda id_: site_href(corpus, id_, "../../"),
            image_url=lambda src: "../../media/" + src.removeprefix("assets/"),
        )
        summary = md.render(actor.summary)
    cited: dict[str, None] = {}
    for ref in find_references(actor.summary or ""):
        for item in getattr(ref, "items", ()):
            cited.setdefault(item.id, None)
    cited.update(dict.fromkeys(actor.sources))
    sources = tuple(source_entry(corpus.sources[s]) for s in cited if s in corpus.sources)
    return ActorPage(actor, summary, tuple(notes.notes), sources)


def site_href(corpus: Corpus, id_: str, root: str) -> str | None:
    """The site page of an actor or agenda item, from a page ``root`` below the top."""
    if id_ in corpus.actors:
        return f"{root}actors/{id_}/"
    if id_ in corpus.agenda:
        return f"{root}timeline/#agenda-{id_}"
    return None


def render_pages(corpus: Corpus, site: Site, env: jinja2.Environment) -> dict[str, bytes]:
    """Every site file, by path relative to the output folder."""
    pages: dict[str, bytes] = {}

    def page(rel: str, template: str, root: str, current: str, **context: Any) -> None:
        html = env.get_template(f"site/{template}.html").render(
            site=site,
            root=root,
            home=root or "./",
            current=current,
            section_page=rel.count("/") <= 1,
            actor_kinds=ACTOR_KINDS,
            actor_kind_label=ACTOR_KIND_LABEL,
            generator="policybrief",
            **context,
        )
        pages[rel] = html.encode("utf-8")

    page("index.html", "index", "", "briefs")
    page("timeline/index.html", "timeline", "../", "timeline", years=_by_year(site.timeline))
    page("actors/index.html", "actors", "../", "actors", groups=_by_kind(site.actors))
    for actor in site.actors:
        page(
            f"actors/{actor.id}/index.html",
            "actor",
            "../../",
            "actors",
            actor_page=_actor_page(corpus, actor),
        )
    page("tags/index.html", "tags", "../", "tags")
    for entry in site.tags:
        page(f"tags/{entry.tag.slug}/index.html", "tag", "../../", "tags", entry=entry)
    pages["feed.xml"] = render_feed(site)
    index = json.dumps(search_index(site), ensure_ascii=False, separators=(",", ":"))
    pages["search/index.json"] = index.encode("utf-8") + b"\n"
    return pages


def _by_year(items: tuple[AgendaEntry, ...]) -> list[tuple[int, list[AgendaEntry]]]:
    years: dict[int, list[AgendaEntry]] = {}
    for item in items:
        years.setdefault(item.year, []).append(item)
    return list(years.items())


def _by_kind(actors: tuple[ActorEntry, ...]) -> list[tuple[str, list[ActorEntry]]]:
    return [
        (label, [a for a in actors if a.kind == kind])
        for kind, label in ACTOR_KINDS.items()
        if any(a.kind == kind for a in actors)
    ]


def build_site(corpus: Corpus, theme: Theme, output: Path, diags: Diagnostics) -> int:
    """Write the site's pages into ``output``; return how many files changed."""
    env = make_environment(theme)
    site = site_data(corpus)
    try:
        pages = render_pages(corpus, site, env)
    except jinja2.TemplateError as exc:
        path = Path(getattr(exc, "filename", None) or theme.folders[0] / "site")
        line = getattr(exc, "lineno", None) or 1
        diags.error(path, Position(line, 1), f"template error in the site's pages: {exc}")
        return 0
    written = 0
    try:
        for rel, data in pages.items():
            written += write_atomic(output / rel, data)
        written += _copy_media(corpus, site, output)
    except OSError as exc:
        diags.error(
            Path(exc.filename or output),
            Position(1, 1),
            f"cannot write output: {exc.strerror}",
            "check that the output folder is writable and the disk not full",
        )
        return written
    _remove_stale(output, set(pages))
    return written


def _copy_media(corpus: Corpus, site: Site, output: Path) -> int:
    """Images that actor summaries show, which no brief may have copied."""
    written = 0
    for actor in site.actors:
        for ref in find_references(actor.summary or ""):
            if isinstance(ref, Image) and ref.src in corpus.assets:
                source = corpus.root / "content" / ref.src
                written += copy_atomic(source, output / "media" / ref.src.removeprefix("assets/"))
    return written


def _remove_stale(output: Path, current: set[str]) -> None:
    """Remove pages of actors and tags that no longer exist (their folders are the site's)."""
    for name in _OWNED:
        folder = output / name
        if not folder.is_dir():
            continue
        for page in sorted(folder.glob("*/index.html")):
            if page.relative_to(output).as_posix() not in current:
                page.unlink(missing_ok=True)
                if not any(page.parent.iterdir()):
                    page.parent.rmdir()
