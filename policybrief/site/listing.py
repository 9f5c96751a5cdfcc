"""A brief's listing: everything the site shows of one brief, and its JSON form.

The site is assembled from listings, one per listed brief. A listing is plain
data, so the build state can keep each brief's listing from its last good
build: a brief that fails later (content errors, a render failure, a time
limit) stays on the index, feed, search index, tag and actor pages exactly as
it was, instead of disappearing from them. The JSON read back is untrusted
(a build state can come from a CI cache): :func:`listing_from_json` checks
every value and never returns paths, only a slug the site derives them from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from policybrief.content.dates import PartialDate
from policybrief.content.model import SLUG_RE
from policybrief.site.entries import BriefEntry, Tag, tag_slug


@dataclass(frozen=True)
class BriefListing:
    """One listed brief: its entry, the tags as written, its search text, what it mentions.

    ``entry.tags`` holds the brief's own spellings; the site replaces them by
    the spelling most briefs use. ``actors`` and ``agenda`` are the ids the
    brief mentions, in reading order.
    """

    entry: BriefEntry
    tag_names: tuple[str, ...]
    text: str
    actors: tuple[str, ...]
    agenda: tuple[str, ...]


class _Listing(BaseModel):
    """The JSON form of a listing, as the build state keeps it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    slug: str
    title: str
    subtitle: str | None
    date: str
    edition: int = Field(ge=1)
    status: Literal["draft", "final"]
    marking: str | None
    language: str
    authors: list[str]
    tags: list[str]
    summary: str
    html: bool
    pdf: bool
    text: str
    actors: list[str]
    agenda: list[str]


def listing_to_json(listing: BriefListing) -> dict[str, Any]:
    """Return ``listing`` as JSON-ready data for the build state."""
    e = listing.entry
    return {
        "slug": e.slug,
        "title": e.title,
        "subtitle": e.subtitle,
        "date": e.date.iso(),
        "edition": e.edition,
        "status": e.status,
        "marking": e.marking,
        "language": e.language,
        "authors": list(e.authors),
        "tags": list(listing.tag_names),
        "summary": e.summary,
        "html": e.html is not None,
        "pdf": e.pdf is not None,
        "text": listing.text,
        "actors": list(listing.actors),
        "agenda": list(listing.agenda),
    }


def listing_from_json(data: Any) -> BriefListing:
    """Return the listing that :func:`listing_to_json` saved.

    Raises:
        ValueError: ``data`` is not exactly that form (a missing or extra key,
            a value of the wrong type, a slug that is not an id, a date that
            does not parse); the caller then distrusts the whole state.
    """
    try:
        raw = _Listing.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"a saved brief listing is malformed: {exc.errors()[0]['msg']}") from None
    slug = raw.slug
    if not SLUG_RE.fullmatch(slug):
        raise ValueError(f"a saved brief listing has a slug that is not an id: {slug!r}")
    entry = BriefEntry(
        slug=slug,
        title=raw.title,
        subtitle=raw.subtitle,
        date=PartialDate.parse(raw.date),
        edition=raw.edition,
        status=raw.status,
        marking=raw.marking,
        language=raw.language,
        authors=tuple(raw.authors),
        tags=own_tags(tuple(raw.tags)),
        summary=raw.summary,
        html=f"{slug}/index.html" if raw.html else None,
        pdf=f"{slug}/{slug}.pdf" if raw.pdf else None,
    )
    return BriefListing(entry, tuple(raw.tags), raw.text, tuple(raw.actors), tuple(raw.agenda))


def own_tags(names: tuple[str, ...]) -> tuple[Tag, ...]:
    """A brief's tags in its own spellings, each tag page once."""
    tags: dict[str, Tag] = {}
    for name in names:
        tags.setdefault(tag_slug(name), Tag(tag_slug(name), name))
    return tuple(tags.values())
