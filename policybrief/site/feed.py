"""Build the site's Atom 1.0 feed: one entry per brief edition, newest first.

Nothing here reads the clock: an entry's dates are its brief's, and the feed
changed when its newest entry did, so rebuilding gives the same bytes. Ids are
stable (:func:`feed_id`), so a feed reader never shows an old edition as new.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from policybrief.content.dates import PartialDate
from policybrief.site.entries import Site, Tag, name_slug

ATOM_NS = "http://www.w3.org/2005/Atom"
#: Tag URIs (RFC 4151) name a date at which their authority was held. Without
#: ``site.base_url`` the authority is a name under the reserved ``.invalid``
#: domain, which nobody holds, so any fixed date will do; it must never change.
TAG_URI_DATE = "2025"


def feed_url(site: Site, rel: str) -> str:
    """A feed link: absolute under ``site.base_url``, else relative to the feed.

    Under ``site.base_url`` a page's link is its folder (``…/<slug>/``), since a
    web server answers it; a relative link names the file, which also opens
    from disk.
    """
    if site.base_url:
        return site.base_url.rstrip("/") + "/" + rel.removesuffix("index.html")
    return rel


def feed_id(site: Site, slug: str | None = None, edition: int | None = None) -> str:
    """A stable Atom id: a URL under ``site.base_url``, else a ``tag:`` URI (RFC 4151).

    An entry's id names the brief and its edition, so a new edition is a new
    entry, and rebuilding never changes an id.
    """
    if site.base_url:
        base = site.base_url.rstrip("/") + "/"
        return base if slug is None else f"{base}{slug}/#edition-{edition}"
    authority = name_slug(site.organisation or site.title)
    prefix = f"tag:{authority}.invalid,{TAG_URI_DATE}:"
    return prefix + ("briefs" if slug is None else f"{slug}/edition-{edition}")


def _timestamp(date: PartialDate) -> str:
    return f"{date.first_day().isoformat()}T00:00:00Z"


@dataclass(frozen=True)
class FeedEntry:
    """One brief edition in the feed.

    ``id`` is from :func:`feed_id`; ``updated`` is the brief's date (its first
    day when partial) as an RFC 3339 timestamp at midnight UTC. ``html`` and
    ``pdf`` are links made by :func:`feed_url`, None for a format the brief is
    not made in. ``summary`` is plain text.
    """

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
    #: The brief's marking (Atom ``rights``), or None.
    marking: str | None = None


def feed_entries(site: Site) -> list[FeedEntry]:
    """Return one entry per brief edition listed on the site, newest first.

    Links are absolute under ``site.base_url`` when set (see :func:`feed_url`).
    """
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
            marking=b.marking,
            language=b.language if b.language != site.language else None,
        )
        for b in site.briefs
    ]


def render_feed(site: Site) -> bytes:
    """The Atom 1.0 feed of the site's briefs, as UTF-8 XML ending in a newline."""
    entries = feed_entries(site)
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.language})
    ET.SubElement(feed, "id").text = feed_id(site)
    ET.SubElement(feed, "title").text = site.title
    marking = site.marking_of(site.briefs)
    if marking:
        # The feed shows every brief's summary: it carries the highest marking.
        ET.SubElement(feed, "rights").text = marking
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
        feed,
        "link",
        {"rel": "alternate", "type": "text/html", "href": feed_url(site, "index.html")},
    )
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = site.organisation or site.title
    ET.SubElement(feed, "generator").text = "policybrief"
    for e in entries:
        _add_entry(feed, e)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _add_entry(feed: ET.Element, e: FeedEntry) -> None:
    entry = ET.SubElement(feed, "entry", {"xml:lang": e.language} if e.language else {})
    ET.SubElement(entry, "id").text = e.id
    ET.SubElement(entry, "title").text = e.title
    ET.SubElement(entry, "updated").text = e.updated
    ET.SubElement(entry, "published").text = e.updated
    if e.marking:
        ET.SubElement(entry, "rights").text = e.marking
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
