"""Render the intranet site's files: index, actor pages, timeline, tag pages, feed and search.

Rendering returns bytes by path; writing them is the build's job. Every link
is relative (``root`` is the way back to the site's top from a page) and names
a file (``actors/index.html``, never ``actors/``), so the site works under any
path prefix and opened from disk (``file://``), and nothing is loaded from
another host. Each page's banner carries the highest marking of the briefs it
shows (:meth:`~policybrief.site.entries.Site.marking_of`).
Pages carry no inline script or style, so a strict Content-Security-Policy
(``default-src 'self'``) serves them unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from policybrief.content.corpus import Corpus
from policybrief.content.refs import find_references
from policybrief.render.context import SourceEntry
from policybrief.render.markdown import BriefMarkdown, Note, NoteSequence
from policybrief.render.page import source_entry
from policybrief.site.entries import (
    ACTOR_KIND_LABEL,
    ACTOR_KINDS,
    ActorEntry,
    AgendaEntry,
    BriefEntry,
    Site,
)
from policybrief.site.feed import render_feed
from policybrief.site.order import collation_key
from policybrief.site.search import search_script


@dataclass(frozen=True)
class ActorPage:
    """An actor's page (``actor_page`` in ``site/actor.html``).

    ``actor`` is the site index's entry; ``summary`` its Markdown summary as
    HTML, or None; ``notes`` the summary's endnotes in number order;
    ``sources`` the sources the summary cites or the actor's manifest lists,
    each once, in alphabetical order of publisher, author and title.
    """

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
            image_url=lambda src: "../../media/" + quote(src.removeprefix("assets/")),
            language=corpus.settings.language,
            heading_context=1,
        )
        summary = md.render(actor.summary)
    cited: dict[str, None] = {}
    for ref in find_references(actor.summary or ""):
        for item in getattr(ref, "items", ()):
            cited.setdefault(item.id, None)
    cited.update(dict.fromkeys(actor.sources))
    records = sorted(
        (corpus.sources[s] for s in cited if s in corpus.sources),
        key=lambda r: (
            collation_key(r.data.publisher),
            collation_key(r.data.author or ""),
            collation_key(r.data.title),
            r.id,
        ),
    )
    sources = tuple(source_entry(r) for r in records)
    return ActorPage(actor, summary, tuple(notes.notes), sources)


def site_href(corpus: Corpus, id_: str, root: str) -> str | None:
    """Return the site URL of an actor's page or an agenda item's timeline entry.

    ``root`` is the relative URL from the linking page to the site's top
    (``"../../"``); None when ``id_`` is neither an actor nor an agenda item.
    """
    if id_ in corpus.actors:
        return f"{root}actors/{id_}/index.html"
    if id_ in corpus.agenda:
        return f"{root}timeline/index.html#agenda-{id_}"
    return None


def render_pages(corpus: Corpus, site: Site, env: jinja2.Environment) -> dict[str, bytes]:
    """Every site file, by path relative to the output folder.

    Raises jinja2.TemplateError when a theme's site template is broken.
    """
    pages: dict[str, bytes] = {}

    def page(
        rel: str,
        template: str,
        root: str,
        current: str,
        shown: Iterable[BriefEntry],
        **context: Any,
    ) -> None:
        html = env.get_template(f"site/{template}.html").render(
            site=site,
            root=root,
            home=f"{root}index.html",
            current=current,
            marking=site.marking_of(shown),
            section_page=rel.count("/") <= 1,
            actor_kinds=ACTOR_KINDS,
            actor_kind_label=ACTOR_KIND_LABEL,
            generator="policybrief",
            **context,
        )
        pages[rel] = html.encode("utf-8")

    # The index shows every brief and searches them all; the actors page shows
    # no brief's words, only how many mention each actor.
    page("index.html", "index", "", "briefs", site.briefs)
    in_timeline = [b for item in site.timeline for b in item.briefs]
    years = _by_year(site.timeline)
    page("timeline/index.html", "timeline", "../", "timeline", in_timeline, years=years)
    page("actors/index.html", "actors", "../", "actors", (), groups=_by_kind(site.actors))
    for actor in site.actors:
        page(
            f"actors/{actor.id}/index.html",
            "actor",
            "../../",
            "actors",
            actor.briefs,
            actor_page=_actor_page(corpus, actor),
        )
    tagged = [b for entry in site.tags for b in entry.briefs]
    page("tags/index.html", "tags", "../", "tags", tagged)
    for entry in site.tags:
        page(
            f"tags/{entry.tag.slug}/index.html", "tag", "../../", "tags", entry.briefs, entry=entry
        )
    pages["feed.xml"] = render_feed(site)
    pages["search/index.js"] = search_script(site)
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
