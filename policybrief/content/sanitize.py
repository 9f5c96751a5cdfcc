"""The HTML a brief may contain: the allow-list, and what ``check`` says it removes.

Content is untrusted: many people edit it and the result is published on an
intranet. Markdown may carry raw HTML; the allow-list here says what stays
(formatting and tables) and what goes (scripts, event handlers, styles, forms,
frames, ``<link>``, ``<object>``, ``<embed>``, links to ``javascript:`` and
``data:``). :func:`clean_html` is the one sanitiser (nh3, the Ammonia
library, with this list and :mod:`policybrief.content.urls`'s link policy);
the renderer runs it on every page (:mod:`policybrief.render.sanitiser`), and
``check`` asks it about each tag a text holds (:func:`find_unsafe`), so what
``check`` reports at a file, line and column is what the sanitiser removes:
the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from policybrief.content.html_tags import Tag, iter_tags, start_tag
from policybrief.content.languages import valid_tag
from policybrief.content.markdown_lines import escaped
from policybrief.content.refs import IMAGE_RE
from policybrief.content.urls import SCHEMES, URL_HINT, url_problem

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
#: Elements removed together with their content.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
#: Attributes holding an address, vetted by the link policy.
URL_ATTRIBUTES = frozenset({"href", "cite"})
#: Elements without content (no end tag to probe with).
_VOID = frozenset({"br", "hr", "img", "wbr", "input", "link", "meta", "embed", "source", "col"})
#: Where a probed element must stand for an HTML parser to keep it (a cell in a row…).
_CONTEXT = {
    **dict.fromkeys(("caption", "thead", "tbody", "tfoot"), ("<table>", "</table>")),
    "tr": ("<table><tbody>", "</tbody></table>"),
    **dict.fromkeys(("td", "th"), ("<table><tbody><tr>", "</tr></tbody></table>")),
}
_ATTRIBUTE_NAME_RE = re.compile(r"[a-z][a-z0-9_.:-]*")
#: ``[words](address`` of an inline link (``<address>`` may hold spaces).
# Alternatives that start differently, so the repeat never backtracks (no possessive
# group: Python 3.11's re mishandles one inside a capture).
_MD_LINK_RE = re.compile(r"\]\(\s*+(?:<([^<>\n]*+)>|((?:[^()\s]|\([^()\s]*+\))+))")
#: ``[label]: address`` of a reference definition (not a footnote's ``[^label]:``).
_MD_REF_RE = re.compile(r"^ {0,3}\[(?!\^)[^\[\]\n]*+\]:[ \t]*+\n?[ \t]*+<?([^\s>]++)", re.MULTILINE)
#: A link's title after its address: ``"…"``, ``'…'`` or ``(…)``.
_MD_TITLE_RE = re.compile(r"""[ \t]*+\n?[ \t]*+(?:"[^"]*+"|'[^']*+'|\([^()]*+\))""")
ALLOWED_HTML = "see the list of allowed HTML in docs/security.md"
AttributeFilter = Callable[[str, str, str], "str | None"]


@dataclass(frozen=True)
class Unsafe:
    """Something the sanitiser will remove, at a character offset of the text.

    ``code`` is ``sanitised-html`` (a warning: the page is built without it),
    ``unsafe-url`` (an error: a link address the policy refuses) or
    ``invalid-value`` (a warning: a ``lang`` that is no language tag).
    """

    offset: int
    message: str
    hint: str
    code: str = field(kw_only=True)


def clean_html(html: str, *, attribute_filter: AttributeFilter | None = None) -> str:
    """Return ``html`` with only what the allow-list permits: the one sanitiser.

    ``attribute_filter(tag, attribute, value)`` runs first on each attribute
    kept (returning None drops it, a string replaces the value); then every
    ``href`` and ``cite`` must pass :func:`~policybrief.content.urls.url_problem`.
    """
    import nh3

    def policy(tag: str, attribute: str, value: str) -> str | None:
        if attribute_filter is not None:
            if (kept := attribute_filter(tag, attribute, value)) is None:
                return None
            if kept is not value:
                return kept  # an address the caller made (an image's), not the writer's
        if attribute in URL_ATTRIBUTES and url_problem(value) is not None:
            return None  # nh3 checks the scheme of href and src only, and no encodings
        return value

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=policy,
    )


@functools.lru_cache(maxsize=1024)
def _kept(probe: str, name: str) -> frozenset[str] | None:
    """The attributes :func:`clean_html` keeps of the start tag ``probe`` (None: it drops it)."""
    opening, closing = _CONTEXT.get(name, ("", ""))
    element = probe if name in _VOID else f"{probe}x</{name}>"
    cleaned = clean_html(opening + element + closing)
    found = next((t for t in iter_tags(cleaned) if t.name == name and not t.closing), None)
    return None if found is None else frozenset(n for n, _ in found.attributes)


def _link(offset: int, url: str) -> Unsafe | None:
    problem = url_problem(url)
    if problem is None:
        return None
    message = f"link to '{url[:40]}': {problem}"
    return Unsafe(offset, message, URL_HINT, code="unsafe-url")


def _tag_findings(text: str, tag: Tag) -> Iterator[Unsafe]:
    """What the sanitiser removes of one start tag, asked of the sanitiser itself."""
    if ":" in tag.name:  # Markdown's <scheme://…> autolink, not a tag
        address = text[tag.start + 1 : tag.end - 1]
        if found := _link(tag.start, address):
            yield found
        return
    usable = [(n, v) for n, v in tag.attributes if _ATTRIBUTE_NAME_RE.fullmatch(n)]
    kept = _kept(start_tag(tag.name, usable), tag.name)
    if kept is None:
        what = "and its content are" if tag.name in DROP_WITH_CONTENT else "is"
        yield Unsafe(
            tag.start,
            f"HTML element <{tag.name}> {what} removed",
            ALLOWED_HTML,
            code="sanitised-html",
        )
        return
    if tag.name == "img":
        hint = "write images as ![alt text](assets/NAME), which are checked"
        yield Unsafe(tag.start, "raw <img> is removed", hint, code="sanitised-html")
        return
    for name, value in tag.attributes:
        if name in URL_ATTRIBUTES and (found := _link(tag.start, value)):
            yield found
        elif name not in kept:
            yield Unsafe(
                tag.start,
                f"attribute '{name}' on <{tag.name}> is removed",
                ALLOWED_HTML,
                code="sanitised-html",
            )
        elif name == "lang" and value and not valid_tag(value):  # "" is "unknown"
            # Kept, but the page's language for screen readers, fonts and hyphenation.
            yield Unsafe(
                tag.start,
                f"lang='{value}' on <{tag.name}> is not a BCP 47 language tag",
                "write a language tag such as ar, fa, he, zh-Hans or ja",
                code="invalid-value",
            )


def _address_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds link addresses and titles (inline and in definitions)."""
    spans: list[tuple[int, int]] = []
    if "](" in text:
        for m in _MD_LINK_RE.finditer(text):
            end = m.end()
            if title := _MD_TITLE_RE.match(text, end):
                end = title.end()
            spans.append((m.start(1) if m.group(1) is not None else m.start(2), end))
    if "]:" in text:
        for m in _MD_REF_RE.finditer(text):
            line_end = text.find("\n", m.start(1))
            spans.append((m.start(1), len(text) if line_end < 0 else line_end))
    return spans


def _tags(text: str) -> Iterator[Tag]:
    """The tags of ``text``, reading ``<scheme:…<tag>…>`` as text and a tag, not one autolink.

    An autolink holds no ``<``; Markdown leaves such a run as text, and the
    sanitiser then meets the tag inside it.
    """
    for tag in iter_tags(text):
        inner = text.find("<", tag.start + 1, tag.end)
        if ":" not in tag.name or inner < 0:
            yield tag
            continue
        for nested in _tags(text[inner:]):
            yield dataclasses.replace(nested, start=nested.start + inner, end=nested.end + inner)


#: An e-mail address in angle brackets: Markdown's autolink (Python-Markdown's rule).
_AUTOMAIL_RE = re.compile(r"<[^<> !]+@[^@<> ]+>")


def find_unsafe(text: str, code: Callable[[int], bool]) -> Iterator[Unsafe]:
    """Yield what the sanitiser will strip from a Markdown text, in order of offset.

    Raw HTML tags, inline links and reference definitions are read in one pass
    each; ``code`` tells whether a character offset of ``text`` is inside code,
    where HTML is literal text and nothing is reported.
    """
    found: list[Unsafe] = []
    # A link's address is an address, not HTML: Markdown keeps `<script>` in
    # `[v](https://x/?q=<script>)` as part of it (escaped), removing nothing.
    addresses = _address_spans(text)
    if "<" in text:
        for tag in _tags(text):
            if code(tag.start) or tag.closing or not (tag.complete or tag.name == "!--"):
                continue
            if escaped(text, tag.start) or _AUTOMAIL_RE.fullmatch(text, tag.start, tag.end):
                continue  # "\<angle>" is text; "<a@b.org>" a link to the address
            if any(start - 1 <= tag.start < end for start, end in addresses):
                continue
            if tag.name == "!--":
                continue  # a writer's private note: removed, as meant, without a word
            else:
                found.extend(_tag_findings(text, tag))
    if "](" in text:
        images = {m.end(1) for m in IMAGE_RE.finditer(text)}  # images are checked as images
        for m in _MD_LINK_RE.finditer(text):
            at = m.start(1) if m.group(1) is not None else m.start(2)
            url = m.group(1) if m.group(1) is not None else m.group(2)
            if m.start() not in images and not code(m.start()) and (bad := _link(at, url)):
                found.append(bad)
    if "]:" in text:
        for m in _MD_REF_RE.finditer(text):
            if not code(m.start(1)) and (bad := _link(m.start(1), m.group(1))):
                found.append(bad)
    found.sort(key=lambda u: u.offset)
    yield from found
