"""Build the site's search index: one JSON document per brief, actor and agenda item.

The site's search script loads ``search/index.json`` and matches the query,
folded the same way as :func:`search_words`, against each document's words.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from policybrief.site.entries import ACTOR_KIND_LABEL, Site, excerpt, fold


def search_words(*texts: str) -> str:
    """Normalised words, each once, in order: what the search script matches against.

    Lower case with accents folded, so the script (which folds the query the
    same way) finds ``Modi`` for ``modi`` and ``Cote`` for ``Côte``.
    """
    seen: dict[str, None] = {}
    for text in texts:
        folded = fold(text)
        word: list[str] = []
        for c in folded + " ":
            if c.isalnum() or unicodedata.category(c).startswith("M"):
                word.append(c)
            elif word:
                seen.setdefault("".join(word), None)
                word = []
    return " ".join(seen)


def search_index(site: Site) -> dict[str, Any]:
    """The search index: one document per brief, actor and agenda item, in site order.

    Each document has ``kind``, ``title``, ``url`` (relative to the site's
    top), ``date`` (in words, or empty), ``text`` (the line shown under a hit)
    and the ``title_words`` and ``words`` that search matches.
    """
    docs = _brief_docs(site) + _actor_docs(site) + _agenda_docs(site)
    return {"version": 1, "docs": docs}


def _brief_docs(site: Site) -> list[dict[str, str]]:
    return [
        {
            "kind": "Brief",
            "title": b.title,
            "url": b.href,
            "date": b.date.long(),
            "text": excerpt(b.summary, 200),
            "title_words": search_words(b.title),
            "words": search_words(b.summary, *(t.name for t in b.tags), site.texts[b.slug]),
        }
        for b in site.briefs
    ]


def _actor_docs(site: Site) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = []
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
    return docs


def _agenda_docs(site: Site) -> list[dict[str, str]]:
    return [
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
        for item in site.timeline
    ]
