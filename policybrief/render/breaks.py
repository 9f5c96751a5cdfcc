"""Where a URL, an e-mail address or code may break across lines: at its punctuation.

Hyphenation would add a hyphen a reader then retypes (``de-`` / ``cision``);
the stylesheets switch it off for these, and this module marks where a line
may break instead, as the Chicago Manual of Style sets URLs: after ``//``,
before a single slash, a dot, a comma, a hyphen, an underline, ``?``, ``#``,
``%``, ``~``, ``@`` and ``&``, and after ``=``. A break is a
``<wbr>``, which adds no character to copied text or to the PDF's text layer.
The part after a hyphen is kept whole (``<span class="nobreak">-of</span>``)
so that a line never ends in the text's own hyphen, which a reader would take
for a hyphenation hyphen and drop. :class:`LineBreaks` applies this to
Markdown's links whose words are their address and to long code spans; the
``url_breaks`` template filter to the sources list.
"""

from __future__ import annotations

import html as html_text
import re
import xml.etree.ElementTree as ET

from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup, escape

from policybrief.content.link_hosts import misleading_host

_BREAK_BEFORE = frozenset("/.,-_?#%~@&")
_BREAK_AFTER = frozenset("=")
#: A part longer than this (a hash, a token) also breaks every ``_LONG`` characters:
#: WeasyPrint breaks ``overflow-wrap: anywhere`` text anywhere, even where a
#: ``<wbr>`` would do, so print relies on these breaks alone.
_LONG = 24
#: Link text a reader retypes: a URL (with a scheme or ``www.``) or an e-mail address.
_URL_TEXT_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|[^\s@<>]+@[^\s@<>]+\.\w+)$", re.I)


def looks_like_url(text: str) -> bool:
    """True when ``text`` is a URL or e-mail address written out (a link's words, say)."""
    return bool(_URL_TEXT_RE.match(text.strip()))


def url_parts(text: str) -> list[str]:
    """Split ``text`` where a line may break; the parts join back to ``text``.

    A part is at most ``_LONG`` characters: a longer run without punctuation
    is cut into pieces of that length.
    """
    parts: list[str] = []
    start = 0
    for i in range(1, len(text)):
        c, before = text[i], text[i - 1]
        if before == "/" and c == "/":
            continue  # "//" stays whole
        if c == "/" and before == ":":
            continue  # so does "://"
        after_slashes = before == "/" and i >= 2 and text[i - 2] == "/"
        if c in _BREAK_BEFORE or before in _BREAK_AFTER or after_slashes:
            parts.append(text[start:i])
            start = i
    parts.append(text[start:])
    return [p[i : i + _LONG] for p in parts if p for i in range(0, len(p), _LONG)]


def url_breaks(text: object) -> Markup:
    """``text`` as HTML with its break opportunities marked (the ``url_breaks`` filter)."""
    return Markup("<wbr>").join(_part_html(p) for p in url_parts(str(text)))


def _part_html(part: str) -> Markup:
    if part.startswith("-") and len(part) > 1:
        return Markup('<span class="nobreak">%s</span>') % part
    return escape(part)


def mark_breaks(el: ET.Element, text: str) -> None:
    """Replace ``el``'s text by ``text`` with its break opportunities, as child elements.

    ``el`` must hold only text (a link's words, a code span); its children are replaced.
    """
    for child in list(el):
        el.remove(child)
    el.text = None
    last: ET.Element | None = None
    for i, part in enumerate(url_parts(text)):
        if i:
            last = ET.SubElement(el, "wbr")
        if part.startswith("-") and len(part) > 1:
            last = ET.SubElement(el, "span", {"class": "nobreak"})
            last.text = part
        elif last is None:
            el.text = part
        else:
            last.tail = (last.tail or "") + part


_AUTOMAIL_ENTITY_RE = re.compile(re.escape(AMP_SUBSTITUTE) + r"(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
#: A code span shorter than this fits on any line: it moves to the next one whole.
_SHORT_CODE = 20


def _entity(m: re.Match[str]) -> str:
    return html_text.unescape(f"&{m.group(1)};")


class LineBreaks(Treeprocessor):
    """Mark where written-out URLs, e-mail addresses and code spans may break.

    A link whose words are its address gets the ``url`` class (not one whose
    words show another host: :mod:`policybrief.content.link_hosts`); see
    :mod:`policybrief.render.breaks` for the rules.
    """

    def run(self, root: ET.Element) -> None:
        in_pre = {code for pre in root.iter("pre") for code in pre.iter("code")}
        for el in list(root.iter()):
            if len(el) or not el.text:
                continue
            if el.tag == "a":
                # An autolinked e-mail address arrives as entities, to deter harvesters.
                text = _AUTOMAIL_ENTITY_RE.sub(_entity, el.text)
                # Words showing another host than the target keep the look of words.
                if looks_like_url(text) and not misleading_host(text, el.get("href", "")):
                    el.set("class", " ".join(filter(None, (el.get("class"), "url"))))
                    mark_breaks(el, text)
            elif el.tag == "code" and el not in in_pre and len(el.text) >= _SHORT_CODE:
                # A code span's text is escaped already; the serialiser escapes it again.
                text = el.text.replace("&lt;", "<").replace("&gt;", ">")
                mark_breaks(el, text.replace("&amp;", "&"))
