"""The HTML a brief may contain: the allow-list, and what ``check`` says it removes.

Content is untrusted: many people edit it and the result is published on an
intranet. Markdown may carry raw HTML; the allow-list here says what stays
(formatting and tables) and what goes (scripts, event handlers, styles, forms,
frames, ``<link>``, ``<object>``, ``<embed>``, links to ``javascript:`` and
``data:``). ``check`` reports what would be removed at its file, line and column
(:func:`find_unsafe`); the renderer enforces the same list
(:mod:`policybrief.render.sanitiser`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from policybrief.content.refs import IMAGE_RE

#: Elements a text may contain (Markdown's own output and raw HTML alike).
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "bdi", "blockquote", "br", "caption", "cite", "code", "dd", "del",
        "dfn", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "b", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip
#: Attributes allowed per element ("*": on every element).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "role", "aria-label"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "time": {"datetime"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "q": {"cite"},
}
#: Link schemes allowed in ``href`` (relative links and ``#fragments`` are always fine).
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Elements removed together with their content.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object"})

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*?)?)\s*/?>|<!--")
_ATTR_RE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_MD_LINK_RE = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)")
_SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
#: What the WHATWG URL parser drops before reading a scheme.
_LEADING_IGNORED = "".join(chr(c) for c in range(0x21))
_BROWSER_IGNORED_RE = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Unsafe:
    """Something the sanitiser will remove, at a character offset of the text."""

    offset: int
    message: str
    hint: str


def unsafe_url(url: str) -> bool:
    """True for a link target with a scheme other than http, https or mailto.

    The URL is read as a browser reads it: leading control characters and
    spaces, and tabs and newlines anywhere, do not count (``java\tscript:``).
    """
    m = _SCHEME_RE.match(_BROWSER_IGNORED_RE.sub("", url.lstrip(_LEADING_IGNORED)))
    return m is not None and m.group(1).lower() not in URL_SCHEMES


def find_unsafe(text: str, code: Callable[[int], bool]) -> Iterator[Unsafe]:
    """Yield what the sanitiser will strip from a Markdown text, in order of offset.

    ``code`` tells whether a character offset of ``text`` is inside code, where
    HTML is literal text and nothing is reported.
    """
    allowed_list = (
        "see the allowed HTML in the writers' guide (docs/writers-guide.md, 'HTML in Markdown')"
    )
    for m in _TAG_RE.finditer(text):
        if code(m.start()):
            continue
        if m.group(0) == "<!--":
            yield Unsafe(m.start(), "HTML comment is removed", "delete it, or use a Markdown note")
            continue
        closing, tag, attrs = m.group(1), m.group(2).lower(), m.group(3) or ""
        if tag not in ALLOWED_TAGS:
            if not closing:
                what = "and its content are" if tag in DROP_WITH_CONTENT else "is"
                yield Unsafe(m.start(), f"HTML element <{tag}> {what} removed", allowed_list)
            continue
        if tag == "img":
            yield Unsafe(
                m.start(),
                "raw <img> is removed",
                "write images as ![alt text](assets/NAME), which are checked",
            )
            continue
        for a in _ATTR_RE.finditer(attrs):
            name = a.group(1).lower()
            value = (a.group(2) or "").strip("\"'")
            if name not in ALLOWED_ATTRIBUTES["*"] and name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                yield Unsafe(m.start(), f"attribute '{name}' on <{tag}> is removed", allowed_list)
            elif name in ("href", "cite") and unsafe_url(value):
                yield Unsafe(
                    m.start(),
                    f"link to '{value[:40]}' is removed",
                    "links may point to http, https or mailto addresses",
                )
    images = {m.end(1) for m in IMAGE_RE.finditer(text)}  # images are checked as images
    for m in _MD_LINK_RE.finditer(text):
        if not code(m.start()) and unsafe_url(m.group(1)) and m.start() not in images:
            yield Unsafe(
                m.start(1),
                f"link to '{m.group(1)[:40]}' is removed",
                "links may point to http, https or mailto addresses",
            )
