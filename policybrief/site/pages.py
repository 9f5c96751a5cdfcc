"""Render the intranet site's files: index, actor pages, timeline, tag pages, feed and search.

Rendering returns bytes by path; writing them is the build's job. Every link
is relative (``root`` is the way back to the site's top from a page), so the
site works from any path prefix, and nothing is loaded from another host.
Pages carry no inline script or style, so a strict Content-Security-Policy
(``default-src 'self'``) serves them unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

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
    Site,
)
from policybrief.site.feed import render_feed
from policybrief.site.search import search_index


@dataclass(frozen=True)
class ActorPage:
    """An actor's page (``actor_page`` in ``site/actor.html``).

    ``actor`` is the site index's entry; ``summary`` its Markdown summary as
    HTML, or None; ``notes`` the summary's endnotes in number order;
    ``sources`` the sources the summary cites and then those the actor's
    manifest lists, each once.
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
            image_url=lambda src: "../../media/" + src.removeprefix("assets/"),
            language=corpus.settings.language,
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
    """Return the site URL of an actor's page or an agenda item's timeline entry.

    ``root`` is the relative URL from the linking page to the site's top
    (``"../../"``); None when ``id_`` is neither an actor nor an agenda item.
    """
    if id_ in corpus.actors:
        return f"{root}actors/{id_}/"
    if id_ in corpus.agenda:
        return f"{root}timeline/#agenda-{id_}"
    return None


def render_pages(corpus: Corpus, site: Site, env: jinja2.Environment) -> dict[str, bytes]:
    """Every site file, by path relative to the output folder.

    Raises jinja2.TemplateError when a theme's site template is broken.
    """
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
