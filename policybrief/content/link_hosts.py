"""Links whose words show one web address and whose target is another host.

``[https://www.gov.uk/](https://evil.example/phish)`` reads as a link to
GOV.UK and leads elsewhere: the oldest phishing trick, and one a reviewer
misses since the page shows only the words. :func:`misleading_host` tells
when a link's words look like an address or a host name and its target is a
different host; ``check`` warns at the link (``misleading-link``) and the
renderer does not give such words the look of an address (the ``url`` class).

Words look like an address when they are a URL with a scheme
(``https://…``), start with ``www.``, or are a host name whose last labels
are a public suffix (``gov.uk``, ``mod.gov.in``, ``example.org``: the Public
Suffix List, shipped with the ``publicsuffixlist`` package, so ``Node.js`` or
``e.g.`` are words, not hosts). The target is the same place when its host
is the words' host, or one is a subdomain of the other (``www.`` aside), but
never merely because both end in the same public suffix (``gov.uk``). A
relative link or a ``#fragment`` leads to this site, which no address words
name; an e-mail address and ``mailto:`` are left alone.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from policybrief.content.html_tags import iter_tags

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

#: Words that are a web address: a scheme and ``//``, or ``www.``, up to the host's end.
_ADDRESS_RE = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//([^/?#\s]+)|(www\.[^/?#\s]+)", re.I)
#: A bare host name (``mod.gov.in``), optionally followed by a path.
_HOST_RE = re.compile(r"((?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_][\w-]*)\.?(?:[/?#]\S*)?", re.I)
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)


@functools.cache
def _suffixes() -> PublicSuffixList:
    # Read once, on the first link whose words may be a host name.
    from publicsuffixlist import PublicSuffixList

    # accept_unknown=False: a label the list does not know (``js``) is no suffix.
    return PublicSuffixList(accept_unknown=False)


def _public_suffix(host: str) -> str | None:
    return _suffixes().publicsuffix(host)


def _canonical(host: str) -> str:
    """``host`` lower-cased, without port, user, trailing dot or ``www.``, in IDNA (ASCII) form."""
    host = host.rpartition("@")[2].strip("[]").lower()
    host = re.sub(r":\d*$", "", host).rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # not a valid IDNA name: compared as written
    return host.removeprefix("www.")


def shown_host(words: str) -> str | None:
    """The host a link's ``words`` show as an address, or None when they are not one."""
    words = words.strip().strip("<>")
    if not words or any(c.isspace() for c in words):
        return None
    if m := _ADDRESS_RE.match(words):
        # The host runs to the first / ? # or the end; a user name before @ is not it.
        return (m.group(1) or m.group(2)).rpartition("@")[2]
    if "@" in words or _SCHEME_RE.match(words):
        return None  # an e-mail address, or another scheme (mailto:, tel:)
    m = _HOST_RE.fullmatch(words)
    if m is None:
        return None
    host = m.group(1)
    return host if _public_suffix(_canonical(host)) is not None else None


def _same_place(shown: str, target: str) -> bool:
    """True when ``target`` is ``shown``, or one is a subdomain of the other."""
    if shown == target:
        return True
    shorter, longer = sorted((shown, target), key=len)
    return longer.endswith("." + shorter) and _public_suffix(shorter) != shorter


def misleading_host(words: str, href: str) -> tuple[str, str] | None:
    """``(shown, target)`` hosts when ``words`` look like an address elsewhere than ``href``.

    None when the words are no address, when ``href`` is an e-mail address,
    or when both name the same place (see the module's rules). A relative
    ``href`` leads to this site: its target is given as ``"this site"``.
    """
    shown = shown_host(words)
    if shown is None:
        return None
    href = href.strip()
    if href.lower().startswith("mailto:"):
        return None
    # A browser reads a backslash in a web address as a slash (WHATWG URL), so
    # "https://evil.example\\@gov.uk/" leads to evil.example; urlsplit would
    # take gov.uk as its host. Tabs and line breaks it drops.
    href = re.sub(r"[\t\n\r]", "", href).replace("\\", "/")
    try:
        parts = urlsplit(href)
    except ValueError:
        return None  # an address check refuses on its own (unsafe-url)
    if not parts.netloc:
        return (shown, "this site")
    target = parts.hostname or ""
    if _same_place(_canonical(shown), _canonical(target)):
        return None
    return (shown, target)


@dataclass(frozen=True)
class MisleadingLink:
    """A link at ``offset`` of a text whose words show ``shown`` and lead to ``target``."""

    offset: int
    shown: str
    target: str


#: ``[words](address`` of an inline link (not an image's ``![alt](``).
_INLINE_RE = re.compile(r"(?<!!)\[([^\[\]\n]++)\]\(\s*+(?:<([^<>\n]*+)>|([^\s()<>]++))")
#: ``[words][label]``, ``[words][]`` or ``[words]`` of a reference link.
_REFERENCE_RE = re.compile(r"(?<![!\]])\[([^\[\]\n^]++)\](?:\[([^\[\]\n]*+)\])?(?![(:\[])")
#: ``[label]: address`` of a reference definition.
_DEFINITION_RE = re.compile(r"^ {0,3}\[([^\[\]\n^]++)\]:[ \t]*+\n?[ \t]*+<?([^\s>]++)", re.M)


def _as_printed(words: str) -> str:
    """A link's ``words`` as the page shows them: without tags, emphasis or code
    marks round them, character references as their characters
    (``**www&#46;gov&#46;uk**`` shows ``www.gov.uk``)."""
    words = re.sub(r"<[^>]*>", "", words)
    words = html.unescape(words) if "&" in words else words
    return words.strip().strip("*_`~").strip()


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_misleading(text: str, code: Callable[[int], bool]) -> Iterator[MisleadingLink]:
    """Yield each link of a Markdown ``text`` whose words are an address elsewhere.

    Inline and reference links and raw ``<a href>`` elements, in order of
    offset; ``code`` tells whether an offset is inside code (never a link).
    """
    found: list[MisleadingLink] = []

    def consider(offset: int, words: str, href: str) -> None:
        if not code(offset) and (hosts := misleading_host(_as_printed(words), href)):
            found.append(MisleadingLink(offset, *hosts))

    if "](" in text:
        for m in _INLINE_RE.finditer(text):
            consider(m.start(), m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
    if "]:" in text:
        definitions = {_label(m.group(1)): m.group(2) for m in _DEFINITION_RE.finditer(text)}
        for m in _REFERENCE_RE.finditer(text):
            label = _label(m.group(2) or m.group(1))
            if label in definitions:
                consider(m.start(), m.group(1), definitions[label])
    if "<a" in text.lower():
        lower = text.lower()
        for tag in iter_tags(text):
            if tag.name != "a" or tag.closing or not tag.complete:
                continue
            href = next((v for n, v in tag.attributes if n == "href"), None)
            close = lower.find("</a", tag.end)
            if href is not None and close >= 0:
                consider(tag.start, text[tag.end : close], html.unescape(href))
    found.sort(key=lambda f: f.offset)
    yield from found
