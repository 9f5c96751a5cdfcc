"""The site index's entries: what the site's templates, feed and search index show.

These classes are the site templates' context (``templates/site/*.html``): their
docstrings are the reference a theme author reads. Every path in them is
relative to the site's top; a template prefixes it with ``root``, the way back
to the top from the page being rendered.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from policybrief.content.dates import PartialDate
from policybrief.content.markings import DEFAULT_MARKINGS, highest_marking
from policybrief.content.tags import tag_key

#: An actor's kind (the ``kind`` field) -> its group's heading on the actors page.
ACTOR_KINDS = {
    "person": "People",
    "organisation": "Organisations",
    "state": "States",
    "body": "Bodies",
}
#: An actor's kind (the ``kind`` field) -> its label on its own page and in search.
ACTOR_KIND_LABEL = {
    "person": "Person",
    "organisation": "Organisation",
    "state": "State",
    "body": "Body",
}
_EXCERPT = 320
_MARKS_RE = re.compile("[\u0300-\u036f]")
_DIGEST_END_RE = re.compile(r"-[0-9a-f]{8}$")


@dataclass(frozen=True)
class Tag:
    """A brief's tag as the site shows it.

    ``slug`` is the tag page's folder (``tags/<slug>/``, ``[a-z0-9-]``, see
    :func:`tag_slug`); ``name`` is the tag's words, in the spelling most briefs use.
    """

    slug: str
    name: str


@dataclass(frozen=True)
class BriefEntry:
    """One brief in the site's listings (``b`` in the templates).

    ``date`` is a :class:`~policybrief.content.dates.PartialDate` (``b.date.iso()``
    gives ``2025-12``, ``b.date.long()`` ``December 2025``). ``status`` is the
    manifest's (``draft`` or ``final``); ``marking`` the brief's handling
    marking or None; ``language`` a BCP 47 tag. ``summary`` is plain text.
    ``html`` and ``pdf`` are paths relative to the site's top (``<slug>/index.html``,
    ``<slug>/<slug>.pdf``), None when the brief is not made in that format.
    """

    slug: str
    title: str
    subtitle: str | None
    date: PartialDate
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
        return self.html or self.pdf or f"{self.slug}/index.html"

    @property
    def excerpt(self) -> str:
        """The summary cut for listings (see :func:`excerpt`)."""
        return excerpt(self.summary)


@dataclass(frozen=True)
class ActorRef:
    """A link to an actor's page (``actors/<id>/index.html``): its id and display name."""

    id: str
    name: str


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item on the timeline and on the pages of its participants.

    ``kind`` and ``status`` are display labels (``Summit``, ``Under way``).
    ``when`` is the date or date range in words (``4–5 December 2025``);
    ``date_iso`` the start as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (for
    ``<time datetime>``); ``year`` the start's year, by which the timeline
    groups. ``summary`` and ``outcomes`` are plain text; ``outcomes_label``
    reads "Expected outcomes" for an item not yet held, else "Outcomes".
    ``briefs`` are those that mention the item, newest first.
    """

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
    """One actor's page: who they are and every brief and agenda item mentioning them.

    ``kind`` is the manifest's (``person``, ``organisation``, ``state``,
    ``body``; ``actor_kind_label`` gives its label). ``briefs`` are newest
    first; ``agenda`` is in timeline order.
    """

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
    #: The summary as plain text, for search.
    summary_text: str
    #: Ids of the sources the actor's manifest cites.
    sources: tuple[str, ...]
    briefs: tuple[BriefEntry, ...]
    agenda: tuple[AgendaEntry, ...]
    #: Actors whose affiliation or country this actor is, by name.
    related: tuple[ActorRef, ...]
    #: The native name's BCP 47 tag ("" when unknown) and direction, for ``lang`` and ``dir``.
    native_lang: str = ""
    native_dir: str = "ltr"


@dataclass(frozen=True)
class TagEntry:
    """One tag's page: the tag and its briefs, newest first."""

    tag: Tag
    briefs: tuple[BriefEntry, ...]


@dataclass(frozen=True)
class Site:
    """The site index: everything the site's pages, feed and search index show.

    ``title``, ``organisation``, ``marking`` and ``language`` (a BCP 47 tag)
    are the project's settings; ``base_url`` is ``site.base_url`` or None.
    A page's banner is :meth:`marking_of` the briefs it shows.
    """

    title: str
    organisation: str | None
    marking: str | None
    language: str
    base_url: str | None
    #: Newest first; drafts only with ``site.include_drafts``.
    briefs: tuple[BriefEntry, ...]
    #: By name.
    tags: tuple[TagEntry, ...]
    #: By name.
    actors: tuple[ActorEntry, ...]
    #: Every agenda item, by date (resolve.agenda_order).
    timeline: tuple[AgendaEntry, ...]
    #: Plain text of each listed brief's body, by slug: what search reads.
    texts: dict[str, str] = field(default_factory=dict, compare=False)
    #: The ``markings`` setting: markings from lowest to highest.
    marking_order: tuple[str, ...] = DEFAULT_MARKINGS

    def marking_of(self, briefs: Iterable[BriefEntry]) -> str | None:
        """The marking of a page showing ``briefs``: the highest of theirs and the project's.

        See :func:`~policybrief.content.markings.highest_marking`; None when
        neither the project nor any of the briefs has a marking.
        """
        return highest_marking([self.marking, *(b.marking for b in briefs)], self.marking_order)


#: The briefs whose slugs are given, newest first.
BriefsOf = Callable[[Iterable[str]], tuple[BriefEntry, ...]]


def fold(text: str) -> str:
    """Lower-case ``text`` with accents removed (``Côte`` -> ``cote``), for slugs."""
    return _MARKS_RE.sub("", unicodedata.normalize("NFKD", text)).casefold()


def name_slug(name: str) -> str:
    """A name as a URL path segment, ``[a-z0-9-]``: the feed's ``tag:`` authority.

    Accents fold to their letter; a name with letters that have no ASCII form
    keeps a digest of its words. Feed ids are made with it, so it never changes.
    """
    folded = fold(name)
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:50].strip("-")
    if any(c.isalnum() and not c.isascii() for c in folded) or not slug:
        digest = hashlib.sha256(unicodedata.normalize("NFC", name.casefold()).encode()).hexdigest()
        slug = f"{slug or 'tag'}-{digest[:8]}"
    return slug


def tag_slug(name: str) -> str:
    """A tag's page folder (``tags/<slug>/``): ``[a-z0-9-]``, one per tag, never shared.

    Spellings of one tag (:func:`~policybrief.content.tags.tag_key`: case,
    Unicode form, spaces for hyphens) share a folder; any other tags never do.
    A tag that is ASCII letters and digits in words (``EU sanctions``) is its
    words (``eu-sanctions``); any other keeps a readable part and adds a digest
    of its key (``C++`` -> ``c-<8 hex digits>``, ``Côte d'Ivoire`` ->
    ``cote-d-ivoire-…``, ``Россия`` -> ``tag-…``). The folder depends on the
    tag alone, never on which other tags exist, so it never moves.
    """
    key = tag_key(name)
    words = re.sub(r"[^a-z0-9]+", "-", fold(key)).strip("-")[:50].strip("-")
    # A tag that reads like a digest slug (``r-d-dacc7c16``) gets a digest too.
    if words and words == key and not _DIGEST_END_RE.search(words):
        return words
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{words or 'tag'}-{digest}"


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """Return the summary cut for listings to at most about ``limit`` characters.

    Cut at the last sentence end in the second half of the limit, else at a
    word with " …" added; a text within the limit is returned whole.
    """
    if len(text) <= limit:
        return text
    cut = text[:limit]
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text, 0, limit + 1)]
    if ends and ends[-1] >= limit // 2:
        return cut[: ends[-1]].rstrip()
    space = cut.rfind(" ")
    if space < limit // 2:
        # Chinese, Japanese, Thai: no spaces between words; cut at the limit,
        # never inside a character's marks.
        while cut and _joins(text[len(cut)]):
            cut = cut[:-1]
        return cut.rstrip(",;:–—、，") + "…"
    return cut[:space].rstrip(",;:–—") + " …"


#: A sentence's end: a full stop, question or exclamation mark before a space, or
#: one that needs none (Chinese and Japanese 。！？, the Devanagari danda,
#: Arabic and Urdu ؟ ۔).
_SENTENCE_END_RE = re.compile(r"[.?!](?=\s)|[。！？।؟۔]")


def _joins(char: str) -> bool:
    """Whether ``char`` belongs to the character before it: a combining mark, a
    joiner or a variation selector."""
    return (
        bool(unicodedata.combining(char))
        or char in "\u200d\u200c"
        or ("\ufe00" <= char <= "\ufe0f")
    )
