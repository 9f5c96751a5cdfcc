"""WeasyPrint's user-agent stylesheets, cut to the rules a page can use.

WeasyPrint styles every element of a page against its user-agent stylesheet
and, with presentational hints on, its hints stylesheet. Both hold rules that
cost work on every element and, on our pages, change nothing:

- Six rules with a bare pseudo-element selector (``::marker``,
  ``::footnote-call``, ``::footnote-marker``, ``::note-call``,
  ``::note-marker``, ``::note-callback``) match every element, so the cascade
  computes six pseudo-element styles per element (about 3,700 on the example
  brief) of which it reads a few dozen: a marker's only for a list item, a
  note's only for an element floated to the page foot (``float: footnote``)
  or set as a note (``position: note()``). Here each rule is scoped to the
  selectors of the rules that can make an element one of those (from the
  user-agent stylesheet and the page's own stylesheets, ``@import``\\ s
  followed), and dropped when none can.
- The hints stylesheet's rules match attributes such as ``align``, ``type``
  or ``border``; here it keeps only the rules whose attributes the page has.

A scoped rule applies to every element that uses it, so the styles WeasyPrint
reads are the same and the PDF is byte-identical; what is saved is about 4 %
of a render (docs/performance.md, "What a page costs"). When a stylesheet
cannot be read or holds something the scan does not follow (nested rules, a
pseudo-element among the selectors found), WeasyPrint's own sheets are used.
This relies on WeasyPrint's ``HTML._ua_stylesheets`` and ``_ph_stylesheets``
and on the text of its stylesheets (70.0), which byte tests guard.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from policybrief.render.fetcher import ConfinedFetcher

#: The user-agent rules scoped, by what makes an element use them.
_PSEUDO_RULES = {
    "marker": ("marker",),
    "footnote": ("footnote-call", "footnote-marker"),
    "note": ("note-call", "note-marker", "note-callback"),
}
#: Values of ``float`` and ``position`` that make no footnote or note.
_PLAIN_FLOAT = frozenset({"left", "right", "none", "inline-start", "inline-end", "initial"})
_PLAIN_POSITION = frozenset({"static", "relative", "absolute", "fixed", "sticky", "initial"})
#: Values that take a property from elsewhere: what they give cannot be known here.
_WILD = frozenset({"inherit", "unset", "revert", "revert-layer"})
_LINK_RE = re.compile(r"<link\b[^>]*>", re.I)
_HREF_RE = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_BASE_RE = re.compile(r"<base\b", re.I)
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_ATTRIBUTE_RE = re.compile(r"""\s([a-zA-Z][\w:-]*)(?=\s*=|\s|/?>)""")


class Unscannable(Exception):  # noqa: N818 (a signal, not an error)
    """A stylesheet the scan cannot follow: WeasyPrint's own sheets are used."""


@dataclass(frozen=True)
class Scopes:
    """Selectors of the rules that can make an element a list item, footnote or note."""

    marker: tuple[str, ...]
    footnote: tuple[str, ...]
    note: tuple[str, ...]


def page_class(page: str, base_url: str, fetcher: ConfinedFetcher) -> Any:
    """The ``weasyprint.HTML`` class to render the print HTML ``page`` with.

    ``base_url`` is the page's; stylesheets are read through ``fetcher`` (the
    brief's: what it refuses here, WeasyPrint is refused too and reports).
    Returns a subclass whose user-agent and hints stylesheets are cut to what
    ``page`` can use, or ``weasyprint.HTML`` itself when the page's
    stylesheets cannot be scanned. Call only in the PDF worker (it imports
    WeasyPrint).
    """
    import weasyprint
    import weasyprint.html

    refused = len(fetcher.refused)

    def fetch(url: str) -> str:
        return bytes(fetcher.fetch(url).read()).decode("utf-8", "replace")

    try:
        texts = [weasyprint.html.UA, *_page_stylesheets(page, base_url, fetch)]
        scopes = scan(texts, style_attributes=bool(re.search(r"<[^>]*\sstyle\s*=", page)))
        agent = _agent_sheet(scopes)
    except Unscannable:
        del fetcher.refused[refused:]  # the render asks again, and reports
        return weasyprint.HTML
    hints = _hints_sheet(frozenset(a.lower() for a in _ATTRIBUTE_RE.findall(page)))

    class Page(weasyprint.HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [agent, *super()._ua_stylesheets(forms)[1:]]

        def _ph_stylesheets(self) -> list[Any]:
            return [hints]

    return Page


def _page_stylesheets(page: str, base_url: str, fetch: Callable[[str], str]) -> Iterable[str]:
    """The text of every stylesheet ``page`` links or holds, each followed by what it imports.

    Raises:
        Unscannable: the page sets its own base URL (``<base>``), which WeasyPrint
            resolves links against; or a stylesheet cannot be read.
    """
    if _BASE_RE.search(page):
        raise Unscannable("<base> in the page")
    for link in _LINK_RE.findall(page):
        href = _HREF_RE.search(link)
        if "stylesheet" in link.lower() and href:
            url = urljoin(base_url, next(g for g in href.groups() if g is not None))
            yield from _with_imports(url, fetch, depth=0)
    for text in _STYLE_RE.findall(page):
        yield text
        yield from _imports_of(text, base_url, fetch, depth=0)


def _with_imports(url: str, fetch: Callable[[str], str], depth: int) -> Iterable[str]:
    if depth > 8:
        raise Unscannable("imports nested too deep")
    try:
        text = fetch(url)
    except Exception as exc:  # WeasyPrint would warn and go on: stay out of the way
        raise Unscannable(url) from exc
    yield text
    yield from _imports_of(text, url, fetch, depth)


def _imports_of(text: str, base: str, fetch: Callable[[str], str], depth: int) -> Iterable[str]:
    for url in _imports(text):
        yield from _with_imports(urljoin(base, url), fetch, depth + 1)


@functools.lru_cache(maxsize=64)
def _imports(text: str) -> tuple[str, ...]:
    """The URLs the stylesheet ``text`` imports, in order."""
    import tinycss2

    urls = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            for token in rule.prelude:
                if token.type in ("url", "string"):
                    urls.append(token.value)
                    break
                if token.type == "function" and token.lower_name == "url":
                    urls.extend(t.value for t in token.arguments if t.type == "string")
                    break
    return tuple(urls)


def scan(texts: Iterable[str], *, style_attributes: bool = False) -> Scopes:
    """The scopes that the stylesheets ``texts`` give, with ``[style]`` added to each
    when the page has ``style`` attributes.

    Raises:
        Unscannable: a stylesheet nests rules or a selector found holds a pseudo-element.
    """
    found: dict[str, list[str]] = {"marker": [], "footnote": [], "note": []}
    for text in texts:
        for kind, selector in _scan_text(text):
            found[kind].append(selector)
    if style_attributes:
        for selectors in found.values():
            selectors.append("[style]")
    return Scopes(*(tuple(dict.fromkeys(found[k])) for k in ("marker", "footnote", "note")))


@functools.lru_cache(maxsize=64)
def _scan_text(text: str) -> tuple[tuple[str, str], ...]:
    """(kind, selector) for each selector of the rules of ``text`` that can make an
    element a list item ("marker"), a footnote or a note. Cached: a worker sees the
    same sheets often."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return tuple(_scan_rules(rules))


def _scan_rules(rules: Iterable[Any]) -> Iterable[tuple[str, str]]:
    import cssselect2
    import tinycss2

    for rule in rules:
        if rule.type == "at-rule":
            if rule.content is not None and rule.lower_at_keyword in ("media", "supports", "layer"):
                yield from _scan_rules(
                    tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                )
            continue
        if rule.type != "qualified-rule":
            continue
        contents = tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        )
        if any(item.type in ("qualified-rule", "at-rule") for item in contents):
            raise Unscannable("nested rules")
        kinds = {k for item in contents if item.type == "declaration" for k in _kinds(item)}
        if not kinds:
            continue
        try:
            compiled = list(cssselect2.compile_selector_list(rule.prelude))
        except cssselect2.SelectorError:
            continue  # WeasyPrint drops the rule too
        if any(selector.pseudo_element is not None for selector in compiled):
            raise Unscannable("a pseudo-element sets display, float or position")
        for kind in sorted(kinds):
            for selector in _split(rule.prelude):
                yield kind, selector


def _split(prelude: list[Any]) -> Iterable[str]:
    """The selectors of a rule's selector list, as text (commas inside functions stay)."""
    import tinycss2

    selector: list[Any] = []
    for token in [*prelude, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            if text := tinycss2.serialize(selector).strip():
                yield text
            selector = []
        else:
            selector.append(token)


def _kinds(declaration: Any) -> set[str]:
    """What the declaration can make an element: "marker", "footnote", "note" (or nothing)."""
    name = declaration.lower_name
    words = {t.lower_value for t in declaration.value if t.type == "ident"}
    functions = {t.lower_name for t in declaration.value if t.type == "function"}
    wild = bool(words & _WILD) or "var" in functions or "env" in functions
    if name == "all":
        return {"marker", "footnote", "note"} if wild else set()
    if name == "display" and (wild or "list-item" in words):
        return {"marker"}
    if name == "float" and (wild or functions or not words <= _PLAIN_FLOAT):
        return {"footnote"}
    if name == "position" and (wild or functions - {"running"} or not words <= _PLAIN_POSITION):
        return {"note"}
    return set()


@functools.lru_cache(maxsize=16)
def _agent_sheet(scopes: Scopes) -> Any:
    """WeasyPrint's user-agent stylesheet with its bare pseudo-element rules scoped.

    Raises:
        Unscannable: the stylesheet's text is not the one this was written for.
    """
    import weasyprint.html
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle

    text = weasyprint.html.UA
    for kind, pseudos in _PSEUDO_RULES.items():
        selectors = getattr(scopes, kind)
        for pseudo in pseudos:
            bare = re.compile(rf"^::{pseudo} \{{[^{{}}]*\}}$", re.M)
            rules = bare.findall(text)
            if len(rules) != 1:
                raise Unscannable(f"::{pseudo} rule not found")
            # One selector each, so that the matcher files each under its class or
            # tag; with no selector the rule goes, as no element uses it.
            rule = rules[0]
            scoped = ", ".join(f"{selector}::{pseudo}" for selector in selectors)
            text = text.replace(rule, f"{scoped} {rule[rule.index('{') :]}" if scoped else "", 1)
    # Its own counter styles: parsing again must not touch WeasyPrint's.
    return CSS(string=text, counter_style=CounterStyle())


#: An attribute selector in the hints stylesheet: its attribute's name.
_HINT_ATTRIBUTE_RE = re.compile(r"\[\s*([a-zA-Z-]+)")


@functools.lru_cache(maxsize=16)
def _hints_sheet(attributes: frozenset[str]) -> Any:
    """WeasyPrint's hints stylesheet with only the rules that name one of ``attributes``."""
    import tinycss2
    import weasyprint.html
    from weasyprint import CSS

    kept = []
    for rule in tinycss2.parse_stylesheet(weasyprint.html.PH, skip_comments=True):
        if rule.type != "qualified-rule":
            continue
        names = {n.lower() for n in _HINT_ATTRIBUTE_RE.findall(tinycss2.serialize(rule.prelude))}
        if names & attributes:
            kept.append(rule.serialize())
    return CSS(string="\n".join(kept))
