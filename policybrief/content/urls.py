"""Which addresses a writer may link to: the one URL policy of check, renderer and PDF.

A link may be an ``http:``, ``https:`` or ``mailto:`` address, a ``#fragment``,
or a relative link such as ``../actors/india/`` (which stays on the site);
nothing else, however it is written. :func:`url_problem` reads an address the
way the most lenient reader would before deciding: HTML entities and percent
escapes decoded (repeatedly), every control, space and invisible format
character removed, compatibility forms folded (``ｊａｖａｓｃｒｉｐｔ``), case
ignored, and a backslash taken for a slash, as browsers take it. So
``java&#x0A;script:``, ``JaVa%73cript:``, `` \\tjavascript:`` and ``\\\\host``
are all refused, while a plain address is judged as typed. Refusing too much
here costs a writer an odd-looking relative link; refusing too little runs
code in a reader's browser.

``check`` reports a refused address as an error at the place it was typed
(:mod:`policybrief.content.reference_check`); the renderer drops any that
still reach it (:mod:`policybrief.render.sanitiser`, the source lists), and
the PDF worker keeps only link annotations that pass :func:`url_problem`
with ``relative=False`` (a relative link in a PDF would resolve to a
``file:`` address on the build machine).
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

#: The schemes a link may have.
SCHEMES = frozenset({"http", "https", "mailto"})
#: What a writer is told to write instead of a refused address.
URL_HINT = "links may be http://, https:// or mailto: addresses, #fragments or relative links"
#: Where only a full address will do (a source's url, a PDF's links).
ABSOLUTE_URL_HINT = "write the full address, with https:// (or http://) and the host"


def absolute_url_hint(url: str) -> str:
    """The hint for ``url``, refused where only a full address will do: ``https://`` put
    before it when it reads as a host and path (``www.example.org/page``, ``gov.uk``: a
    public suffix, so not ``report.pdf``)."""
    from policybrief.content.link_hosts import shown_host

    text = url.strip()
    if not _SCHEME_RE.match(text) and shown_host(text) is not None:
        return f"write the full address: https://{text}"
    return ABSOLUTE_URL_HINT


_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
#: The host part of an absolute address as written: after ``scheme://``, to / ? or #.
_HOST_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[/\\]{2}([^/?#\\]*)")
#: Unicode categories that print nothing: controls, formats (zero-width, bidi),
#: separators (spaces, line and paragraph separators), surrogates, unassigned.
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Cn"})
#: Rounds of decoding: enough for any double or triple encoding a reader could undo.
_DECODE_ROUNDS = 4


def _decoded(url: str) -> str:
    """``url`` with entities and percent escapes decoded until nothing changes."""
    for _ in range(_DECODE_ROUNDS):
        step = unquote(html.unescape(url))
        if step == url:
            break
        url = step
    return url


def _normalised(url: str) -> str:
    """``url`` as the most lenient reader sees it: decoded, visible characters only, folded."""
    text = unicodedata.normalize("NFKC", _decoded(url))
    text = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
    return text.replace("\\", "/").lower()


def url_problem(url: str, *, relative: bool = True) -> str | None:
    """Why ``url`` may not be a link's address, or None when it may.

    ``relative`` allows ``#fragments`` and relative links (``../x/``); without
    it only an absolute ``http(s)://host`` or ``mailto:`` address passes (what a
    PDF link may point to). Never raises; any text is accepted.
    """
    text = _normalised(url)
    m = _SCHEME_RE.match(text)
    if m is not None:
        scheme = m.group(1)
        if scheme not in SCHEMES:
            return f"'{scheme}:' addresses are not allowed"
        if scheme != "mailto" and not re.match(r"[a-z]+://[^/?#]", text):
            return f"an {scheme}: address needs a host ({scheme}://host/…)"
        if scheme != "mailto" and (bad := _host_problem(url)):
            return bad
        return None
    if not relative:
        return "a relative address has no meaning here"
    if text.startswith("//"):
        return "an address starting with // leaves the site"
    if text.startswith("/"):
        return "an address starting with / depends on where the site is published"
    if ":" in text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return "an address with ':' before its first '/' reads as a scheme"
    return None


def _host_problem(url: str) -> str | None:
    """Why the host of an absolute ``url``, as written, names no host (a space in it)."""
    host = _HOST_RE.match(html.unescape(url).strip())
    if host is None:
        return None
    written = unquote(host.group(1))
    if any(c.isspace() or unicodedata.category(c) in _INVISIBLE for c in written):
        return f"the host '{written.strip()}' has a space or an invisible character in it"
    return None


def safe_url(url: str, *, relative: bool = True) -> str | None:
    """``url`` when :func:`url_problem` allows it, else None (for renderers)."""
    return url if url_problem(url, relative=relative) is None else None
