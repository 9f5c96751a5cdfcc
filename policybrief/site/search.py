"""Build the site's search index: one document per brief, actor and agenda item.

The index is a script, ``search/index.js``, that sets ``window.policybriefSearch``
to :func:`search_script`'s data, so the search box works when the site is
opened from disk (a page at ``file://`` may load a script but not fetch a
file). It carries the folding table of :mod:`policybrief.site.folding`: the
search script folds the query with the very rules that folded the index.
"""

from __future__ import annotations

import json
from typing import Any

from policybrief.content.languages import direction
from policybrief.site.entries import ACTOR_KIND_LABEL, Site, excerpt
from policybrief.site.folding import fold_table, search_terms

#: The global that ``search/index.js`` sets and ``search.js`` reads.
SEARCH_GLOBAL = "policybriefSearch"


def search_words(*texts: str) -> str:
    """Folded words, each once, in order: what the search script matches against.

    Folded by :func:`~policybrief.site.folding.fold`, as the script folds the
    query, so ``Außenminister`` finds ``Außenminister`` and ``aussenminister``.
    """
    seen: dict[str, None] = {}
    for text in texts:
        seen.update(dict.fromkeys(search_terms(text)))
    return " ".join(seen)


def search_script(site: Site) -> bytes:
    """Return ``search/index.js``: the search index and the folding table, as a script.

    JSON inside a plain assignment (``<`` escaped, so no text of a brief can
    end a script element if a theme ever inlines it).
    """
    data = {**search_index(site), "fold": fold_table()}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.{SEARCH_GLOBAL} = {text};\n".encode()


def search_index(site: Site) -> dict[str, Any]:
    """The search index: one document per brief, actor and agenda item, in site order.

    Each document has ``kind``, ``title``, ``url`` (relative to the site's
    top), ``date`` (in words, or empty), ``text`` (the line shown under a hit)
    and the ``title_words`` and ``words`` that search matches; a brief's also
    its ``lang`` (a BCP 47 tag) and ``dir`` (``ltr`` or ``rtl``), which its hit
    carries, so an Arabic summary reads right to left and Chinese takes its own
    glyph forms. Briefs link
    to their page's file (``<slug>/index.html``).
    """
    docs = _brief_docs(site) + _actor_docs(site) + _agenda_docs(site)
    return {"version": 2, "docs": docs}


def _brief_docs(site: Site) -> list[dict[str, str]]:
    return [
        {
            "kind": "Brief",
            "lang": b.language,
            "dir": direction(b.language),
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
                "url": f"actors/{a.id}/index.html",
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
            "url": f"timeline/index.html#agenda-{item.id}",
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
