"""Writers' relative links, read against the pages the site will have.

A writer may link another page of the site by its relative address
(``[the read-ahead](../summit-read-ahead/index.html)``). Nothing else checked
such a link: one to a brief renamed or deleted, an actor page that does not
exist, a Markdown file (``x.md``), a file of ``content/assets/`` (published
only as an image shown) or a page the text's other places do not share was
published dead. The site's layout is fixed (``docs/publishers-guide.md``):

- ``index.html``, ``timeline/index.html``, ``actors/index.html``,
  ``tags/index.html`` and pages under ``tags/``, ``feed.xml``;
- ``SLUG/index.html`` and ``SLUG/SLUG.pdf`` for each brief, in the outputs its
  manifest asks for;
- ``actors/ID/index.html`` for each actor, ``timeline/index.html#agenda-ID`` for
  each agenda item;
- ``media/NAME`` for each image of ``content/assets/``.

A text shows on more than one page: a brief's text and an analysis on the
brief's page (``SLUG/index.html``); an actor's summary there and on the
actor's page (``actors/ID/index.html``); an agenda item's on the timeline
too. A relative link must lead somewhere from each. Links with a scheme
(``https:``, ``mailto:``), from the site's root (``/x``) or within the page
(``#x``) are not this module's.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from policybrief.content.corpus import Corpus
from policybrief.content.refs import INLINE_LINK_RE, Image, find_references
from policybrief.errors import closest

#: A raw HTML link's address.
_RAW_HREF_RE = re.compile(r"<a\s[^<>]*?\bhref\s*=\s*(?:\"([^\"<>]*)\"|'([^'<>]*)')", re.I)
#: An address that starts at the root, within the page, or with a query.
_ABSOLUTE_RE = re.compile(r"^(?:/|#|\?)")
#: The pages every site has.
_FIXED = frozenset(
    {"index.html", "timeline/index.html", "actors/index.html", "tags/index.html", "feed.xml"}
)
#: A brief's page, standing for any brief's (the address a brief's text is read from);
#: no brief's slug has parentheses.
_BRIEF_PAGE = "(brief)/index.html"


@dataclass(frozen=True)
class DeadLink:
    """A relative link that leads nowhere from a page that shows its text."""

    #: Offset of the link's address in the text.
    offset: int
    address: str
    message: str
    hint: str


def relative_links(text: str) -> list[tuple[int, str]]:
    """Each relative link address of Markdown ``text`` (inline or raw HTML) and its offset,
    in the text's order; in code too (the caller knows where code is)."""
    found: list[tuple[int, str]] = []
    if "](" in text:
        for m in INLINE_LINK_RE.finditer(text):
            if m.start() and text[m.start() - 1] == "!":
                continue  # an image: checked as an image
            group = 2 if m.group(2) is not None else 3
            address = m.group(group)
            if _relative(address):
                found.append((m.start(group), address))
    if "href" in text:
        for m in _RAW_HREF_RE.finditer(text):
            address = m.group(1) if m.group(1) is not None else m.group(2)
            if address and _relative(address):
                found.append((m.start(1 if m.group(1) is not None else 2), address))
    return sorted(found)


def _relative(address: str) -> bool:
    """Whether ``address`` is relative: no scheme (read as the page reads it: character
    references resolved, tabs and line breaks dropped, so ``java\tscript:`` and
    ``javascript&colon;`` have one, reported as unsafe elsewhere), not from the root,
    not within the page."""
    cleaned = re.sub(r"[\t\n\r]", "", html.unescape(address)).strip()
    return bool(cleaned) and not _ABSOLUTE_RE.match(cleaned) and ":" not in cleaned.split("/")[0]


def shown_on(kind: str, id_: str) -> tuple[str, ...]:
    """The site pages a text of a ``kind`` record shows on (a placeholder brief's page
    stands for any brief's; a brief's own text is on its own page)."""
    if kind == "briefs":
        return (f"{id_}/index.html",)
    if kind == "actors":
        return (_BRIEF_PAGE, f"actors/{id_}/index.html")
    if kind == "agenda":
        return (_BRIEF_PAGE, "timeline/index.html")
    return (_BRIEF_PAGE,)


def dead_links(corpus: Corpus, kind: str, id_: str, text: str) -> list[DeadLink]:
    """The relative links of ``text`` (a Markdown text of record ``kind``/``id_``) that
    lead to no page of the site from some page the text shows on."""
    links = relative_links(text)
    if not links:
        return []
    pages = shown_on(kind, id_)
    if kind == "analysis":  # on the page of each brief that lists it, if any does
        pages = _listing_briefs(corpus, id_) or pages
    found = []
    for offset, address in links:
        problem = _problem(corpus, address, pages)
        if problem is not None:
            found.append(DeadLink(offset, address, *problem))
    return found


def _listing_briefs(corpus: Corpus, id_: str) -> tuple[str, ...]:
    """The pages of the briefs that list analysis ``id_`` in their sections or key
    judgments (``SLUG/index.html``)."""
    return tuple(
        f"{slug}/index.html"
        for slug, record in corpus.briefs.items()
        if id_ in record.data.key_judgments
        or any(getattr(entry, "analysis", None) == id_ for entry in record.data.sections)
    )


def _shown_images(corpus: Corpus) -> set[str]:
    """Every ``assets/NAME`` some Markdown text of ``corpus`` shows: the images the
    site publishes in ``media/``."""
    texts: list[str] = []
    for record in corpus.analysis.values():
        texts.append(record.body)
    for table in (corpus.actors, corpus.agenda, corpus.briefs):
        for entry in table.values():
            summary = getattr(entry.data, "summary", None)
            if isinstance(summary, str):
                texts.append(summary)
    return {
        ref.src for text in texts if "![" in text for ref in find_references(text)
        if isinstance(ref, Image)
    }  # fmt: skip


def _problem(corpus: Corpus, address: str, pages: tuple[str, ...]) -> tuple[str, str] | None:
    path, _, fragment = address.partition("#")
    path = unquote(path.split("?", 1)[0])
    missing = []
    # A folder's address (``../``, ``../tags/``) is served as its index.html.
    folder = not path or path.endswith("/") or posixpath.basename(path) in (".", "..")
    for page in pages:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
        if folder and path:
            target = "index.html" if target == "." else f"{target}/index.html"
        if not _exists(corpus, target, unquote(fragment)):
            missing.append((page, target))
    if not missing:
        return None
    page, target = missing[0]
    where = "the brief's page" if page == _BRIEF_PAGE else f"'{page}'"
    fragment = unquote(fragment)
    if target == ".." or target.startswith("../"):
        what = "leads above the site's top folder"
    elif target == "timeline/index.html":
        item = fragment.removeprefix("agenda-")
        what = f"names '#{fragment}', but the timeline has no agenda item '{item}'"
    elif target.startswith("(brief)/"):
        name = target.removeprefix("(brief)/")
        what = f"names '{name}' in the brief's own folder, which has no such file"
    else:
        what = f"names '{target}', which the site does not have"
    if len(missing) < len(pages):
        return (
            f"link to '{address}' leads nowhere from {where}: this text shows there too, "
            f"and from there the address {what}",
            _REUSED_HINT,
        )
    return f"link to '{address}' leads nowhere: it {what}", _hint(corpus, path, target, fragment)


_REUSED_HINT = (
    "a relative address is read from each page that shows the text: link an actor or "
    "agenda item with [[id]], or write the page's full web address"
)


def _hint(corpus: Corpus, path: str, target: str, fragment: str) -> str:
    name = posixpath.basename(path).lower()
    parts = target.split("/")
    guess = None
    if target == "timeline/index.html":
        guess = closest(fragment.removeprefix("agenda-"), corpus.agenda)
        if guess:
            return f"did you mean '#agenda-{guess}'? Or link the item with [[{guess}]]"
    elif len(parts) == 3 and parts[0] == "actors":
        guess = closest(parts[1], corpus.actors)
        if guess:
            return f"did you mean '{guess}'? Link the actor with [[{guess}]]"
    elif len(parts) == 2 and parts[0] not in corpus.briefs and not target.startswith("(brief)/"):
        guess = closest(parts[0], corpus.briefs)
        if guess:
            return f"did you mean the brief '{guess}' (../{guess}/index.html)?"
    if path.startswith("assets/") or "/assets/" in path:
        return (
            "content/assets/ is published only as images shown with ![alt](assets/NAME); "
            "show the image, or link a copy kept elsewhere by its web address"
        )
    if name.endswith((".md", ".yaml", ".yml")):
        return (
            "content files are not published: link an actor or agenda item with [[id]], a "
            "brief by its page (../SLUG/index.html)"
        )
    return (
        "link a brief as ../SLUG/index.html (its PDF ../SLUG/SLUG.pdf), an actor or agenda "
        "item with [[id]], or write the full web address"
    )


def _exists(corpus: Corpus, target: str, fragment: str) -> bool:
    """Whether the site will have page ``target`` (relative to its top), and its anchor."""
    if target == "timeline/index.html" and fragment.startswith("agenda-"):
        return fragment.removeprefix("agenda-") in corpus.agenda
    if target in _FIXED or target.startswith("tags/") or target == _BRIEF_PAGE:
        return True
    parts = target.split("/")
    if len(parts) == 3 and parts[0] == "actors" and parts[2] == "index.html":
        return parts[1] in corpus.actors
    if len(parts) == 2 and parts[0] == "media":
        # Published only if a text shows it (a link is read rarely: read them all then).
        return f"assets/{parts[1]}" in corpus.assets and f"assets/{parts[1]}" in _shown_images(
            corpus
        )
    if len(parts) == 2 and parts[0] in corpus.briefs:
        outputs = corpus.briefs[parts[0]].data.outputs
        return (parts[1] == "index.html" and "html" in outputs) or (
            parts[1] == f"{parts[0]}.pdf" and "pdf" in outputs
        )
    if len(parts) == 2 and parts[0] == "(brief)" and parts[1].endswith(".pdf"):
        return parts[1].removesuffix(".pdf") in corpus.briefs  # a brief's own PDF
    if len(parts) == 2 and parts[1] in ("index.html", f"{parts[0]}.pdf"):
        # A brief with errors of its own (reported there) is served from its last
        # good build: its file is what counts.
        return (corpus.root / "briefs" / f"{parts[0]}.yaml").is_file()
    return False
