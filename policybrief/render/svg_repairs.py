"""Write an SVG drawing the way the PDF renderer reads it, before it reads it.

Charting tools write SVG that browsers draw and WeasyPrint 70's SVG renderer
draws wrongly, losing labels or whole parts of a chart without a word. Each
repair here rewrites one such construct into an equivalent one it reads; the
web page shows the original file (browsers read both). :func:`repair_svg` runs
them all; each leaves bytes it has nothing to do with untouched, and a file it
cannot read (not UTF-8, not well-formed) stays as it is.

- The CSS ``font`` shorthand (D3's ``font: bold 14px sans-serif``): written out
  as longhands (:mod:`.svg_fonts`).
- ``currentcolor`` in any case but ``currentColor``: the renderer knows only
  that spelling, and raised at the first other one, which stopped the drawing
  there (every bar and label after it missing).
- A ``<style>`` rule whose selector the renderer cannot compile
  (``::-moz-selection``, ``:dir(rtl)``, ``svg|text``): it stopped reading the
  stylesheet there, so every later rule was lost (black bars). Such rules are
  dropped; a browser never applies them to a drawing's shapes either.
- ``var(--name)``: the renderer drops custom properties, so a colour set by
  one printed black and a size set by one hid its label. A custom property
  the drawing gives one value (anywhere: most charts set them on the root) is
  written in where it is used, and an unset one's fallback where it has one; a
  property set to several values is left as it is (``check`` reports it).
- An ``x`` or ``y`` of 0 on a ``<text>`` or ``<tspan>``: the renderer tests the
  position for truth, so 0 did not reset the ``dy`` offsets before it, and D3's
  multi-line labels (``<tspan x="0" y="0" dy="1.91em">``) drifted down the
  chart. A zero becomes ``0.001`` (a thousandth of a unit).
- Text after a ``<tspan>`` nested in a ``<tspan>`` (Inkscape wraps every line in
  one: ``<tspan>CO<tspan>2</tspan> emissions</tspan>``): the renderer dropped it
  (" emissions" lost). It is wrapped in a ``<tspan>`` of its own.
- A ``<switch>`` (multilingual maps: one label per ``systemLanguage``): the
  renderer drew every alternative, on top of each other. Only the one a
  browser reading in the brief's language shows is kept: the first whose
  ``systemLanguage`` names that language (or names none).
- A font size as a keyword (``small``, ``larger``): the renderer reads it as
  0 and the label vanished. It is written in pixels (``small`` is 13px) or,
  for ``smaller`` and ``larger``, in ems, as browsers compute them.
- ``style="height: auto"`` on the drawing's root (D3's examples write
  ``max-width: 100%; height: auto``): the renderer lost the root's ``height``
  and drew the figure as tall as wide, pushing the brief a page longer. An
  ``auto`` width or height in the root's style is dropped: the attributes give
  the size, as in a browser.
- Text in decomposed form (``e`` and a combining accent, as macOS and some GIS
  data write it): the renderer draws text letter by letter, so the accent fell
  on a dotted circle. Text is set in Unicode's composed form (NFC).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from xml.sax.saxutils import escape as xml_escape

import cssselect2
import tinycss2

from policybrief.content.characters import composed
from policybrief.content.svg_css import (
    in_markup,
    root_tag,
    style_contents,
    substitute_custom_properties,
)
from policybrief.render.svg_fonts import expand_font_shorthands

SVG_NS = "http://www.w3.org/2000/svg"
_CDATA_RE = re.compile(rb"^(\s*<!\[CDATA\[)(.*)(\]\]>\s*)$", re.DOTALL)
_CURRENT_COLOR_RE = re.compile(rb"(?<![\w-])currentcolor(?![\w-])", re.IGNORECASE)
#: An ``x`` or ``y`` attribute and its value, in a start tag.
_POSITION_RE = re.compile(rb"(\s[xy]\s*=\s*)(\"[^\"<>]*\"|'[^'<>]*')")
#: A number that is zero, with a unit or not: ``0``, ``-0.0``, ``0px``, ``0e5``.
_ZERO_RE = re.compile(rb"(?<![\w.])[-+]?(?:0+\.?0*|\.0+)(?:[eE][-+]?\d+)?(?=[a-z%]*(?![\w.]))")
#: Some ``x`` or ``y`` that may hold a zero (a quick test before the tags are read).
_ZERO_POSITION_RE = re.compile(rb"\s[xy]\s*=\s*[\"'][^\"'<>]*?(?<![\w.])[-+]?\.?0")
#: A ``<text>`` or ``<tspan>`` start tag.
_TEXT_START_RE = re.compile(
    rb"<(?:[\w.-]+:)?(?:text|tspan)\b(?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+>", re.IGNORECASE
)
#: A ``<tspan>`` start or end tag, to find one nested in another.
_TSPAN_TAG_RE = re.compile(rb"<(/?)(?:[\w.-]+:)?tspan\b[^<>]*?(/?)>")
#: CSS's font size keywords, as browsers compute them (medium is 16px).
_FONT_SIZES = {
    b"xx-small": b"9px", b"x-small": b"10px", b"small": b"13px", b"medium": b"16px",
    b"large": b"18px", b"x-large": b"24px", b"xx-large": b"32px", b"xxx-large": b"48px",
    b"smaller": b"0.833em", b"larger": b"1.2em",
}  # fmt: skip
_FONT_SIZE_KEYWORD_RE = re.compile(
    rb"(font-size\s*[:=]\s*[\"']?\s*)("
    + b"|".join(sorted(_FONT_SIZES, key=lambda k: -len(bytes(k))))
    + rb")(?![\w-])",
    re.IGNORECASE,
)


def repair_svg(svg: bytes, language: str = "en") -> bytes:
    """``svg`` with each construct the PDF renderer misreads rewritten (see the module),
    for a brief in ``language`` (a BCP 47 tag); the same bytes when it has none. Any
    bytes are accepted; nothing is raised."""
    for repair in _REPAIRS:
        svg = repair(svg)
    return chosen_alternatives(svg, language)


#: The root ``<svg>`` start tag (its first), and a ``width`` or ``height`` of ``auto``
#: (or Safari's ``intrinsic``) in a style: the declaration and its ``;``.
_AUTO_SIZE_RE = re.compile(
    rb"(?<![\w-])(?:width|height)\s*:\s*(?:auto|intrinsic)\s*(?:!important\s*)?(?:;|(?=[\"']))",
    re.IGNORECASE,
)


def root_size(svg: bytes) -> bytes:
    """The root's ``style`` without an ``auto`` width or height (the attributes size it)."""
    if b"auto" not in svg.lower() and b"intrinsic" not in svg.lower():
        return svg
    root = root_tag(svg)
    if root is None:
        return svg
    tag = _AUTO_SIZE_RE.sub(b"", svg[root[0] : root[1]])
    return svg[: root[0]] + tag + svg[root[1] :]


def font_size_keywords(svg: bytes) -> bytes:
    """Each font size written as a keyword (``small``) written as its size."""
    if _FONT_SIZE_KEYWORD_RE.search(svg) is None:
        return svg
    return in_markup(
        svg,
        lambda part: _FONT_SIZE_KEYWORD_RE.sub(
            lambda m: m.group(1) + _FONT_SIZES[m.group(2).lower()], part
        ),
    )


def chosen_alternatives(svg: bytes, language: str) -> bytes:
    """Each ``<switch>`` holding only the child a browser reading ``language`` shows:
    the one whose ``systemLanguage`` matches it best (:func:`_match`), else none."""
    if b"<switch" not in svg and b":switch" not in svg:
        return svg
    try:
        root = ET.fromstring(svg)
    except (ET.ParseError, ValueError):
        return svg
    changed = False
    for switch in [e for e in root.iter() if _local(e.tag) == "switch"]:
        children = [c for c in switch if isinstance(c.tag, str)]
        scores = [_match(c, language) for c in children]
        best = max(scores, default=0)
        shown = children[scores.index(best)] if best > 0 else None  # the first of the best
        for child in children:
            if child is not shown:
                switch.remove(child)
                changed = True
    return _written(root) if changed else svg


def _match(element: ET.Element, language: str) -> int:
    """How well ``element``'s conditions (SVG's conditional processing) hold for
    ``language``: 0 not at all; 2 with no ``systemLanguage``; for a tag of the same
    language 3, 5 in the same script, and 1 more in the same region, each tag read
    with its likely script and region (``zh-TW`` is Traditional, ``zh-CN`` and
    ``zh`` Simplified, ``sr`` Cyrillic), so a Traditional brief keeps the
    Traditional label and a Simplified one, if that is all there is, before none."""
    if element.get("requiredExtensions", "").strip():
        return 0  # no extension is supported
    wanted = element.get("systemLanguage")
    if wanted is None:
        return 2
    mine = _likely(language)
    best = 0
    for tag in wanted.split(","):
        theirs = _likely(tag.strip())
        if mine is None or theirs is None or theirs[0] != mine[0]:
            continue
        best = max(best, 3 + 2 * (theirs[1] == mine[1]) + (theirs[2] == mine[2]))
    return best


def _likely(tag: str) -> tuple[str, str, str] | None:
    """A BCP 47 tag's language, likely script and likely region; None if unreadable."""
    import langcodes

    try:
        found = langcodes.Language.get(tag).maximize()
    except (ValueError, LookupError):
        return None
    return (found.language or "", found.script or "", found.territory or "")


def current_color(svg: bytes) -> bytes:
    """Every ``currentcolor`` keyword, in any case, spelled ``currentColor``."""
    if svg.lower().count(b"currentcolor") == svg.count(b"currentColor"):
        return svg
    return in_markup(svg, lambda part: _CURRENT_COLOR_RE.sub(b"currentColor", part))


def custom_properties(svg: bytes) -> bytes:
    """Each ``var()`` whose custom property has one value in the drawing written as that
    value (its fallback where the property is never set); others left as they are."""
    return substitute_custom_properties(svg)


def zero_positions(svg: bytes) -> bytes:
    """Each zero in a ``<text>`` or ``<tspan>``'s ``x`` or ``y`` written ``0.001``."""
    if _ZERO_POSITION_RE.search(svg) is None:
        return svg

    def tag(m: re.Match[bytes]) -> bytes:
        return _POSITION_RE.sub(
            lambda p: p.group(1) + _ZERO_RE.sub(_thousandth, p.group(2)), m.group(0)
        )

    return _TEXT_START_RE.sub(tag, svg)


def _thousandth(m: re.Match[bytes]) -> bytes:
    return b"0.001"


def readable_selectors(svg: bytes) -> bytes:
    """Each ``<style>`` without the rules whose selectors cannot be compiled.

    The renderer reads a stylesheet as XML text: ``g &gt; rect`` is ``g > rect``,
    so entities are read before the selectors are tried, and written back. A
    stylesheet holding a comment, or more than one CDATA section, is left as
    it is (their text is not all CSS).
    """
    if b"<style" not in svg.lower() and b":style" not in svg.lower():
        return svg
    parts: list[bytes] = []
    at = 0
    for start, end in style_contents(svg):
        body = svg[start:end]
        if b"<!--" in body or body.count(b"<![CDATA[") > 1:
            continue
        cdata = _CDATA_RE.match(body)
        try:
            text = (cdata.group(2) if cdata else body).decode("utf-8")
        except UnicodeDecodeError:
            continue
        kept = _compilable(text if cdata else html.unescape(text))
        if kept is None:
            continue
        new = kept.encode("utf-8") if cdata else xml_escape(kept).encode("utf-8")
        parts.extend((svg[at:start], cdata.group(1) + new + cdata.group(3) if cdata else new))
        at = end
    if not parts:
        return svg
    parts.append(svg[at:])
    return b"".join(parts)


def _compilable(css: str) -> str | None:
    """``css`` without its qualified rules cssselect2 cannot compile; None if it has none."""
    rules = tinycss2.parse_stylesheet(css)
    kept, dropped = [], False
    for rule in rules:
        if rule.type == "qualified-rule":
            try:
                cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.SelectorError:
                dropped = True
                continue
        kept.append(rule)
    return tinycss2.serialize(kept) if dropped else None


def text_content(svg: bytes) -> bytes:
    """Nested ``<tspan>`` tails wrapped in a ``<tspan>``, and all text in NFC.

    Parses the file only when it has text; writes it anew (namespace prefixes
    may change, not what they name) only when something changed.
    """
    if b"<text" not in svg and b":text" not in svg:
        return svg
    if svg.isascii() and b"&#" not in svg and not _nested_tspan(svg):
        return svg  # all NFC already, and no tail to wrap
    try:
        root = ET.fromstring(svg)
    except (ET.ParseError, ValueError):
        return svg
    changed = False
    for element in root.iter():
        for name in ("text", "tail"):
            value = getattr(element, name)
            if value and (new := composed(value)) != value:
                setattr(element, name, new)
                changed = True
        if _local(element.tag) == "tspan":
            changed |= _wrap_tails(element)
    return _written(root) if changed else svg


def _written(root: ET.Element) -> bytes:
    """``root`` as an XML document (namespace prefixes may change, not what they name)."""
    namespaced = isinstance(root.tag, str) and root.tag.startswith("{" + SVG_NS + "}")
    try:
        return ET.tostring(
            root, encoding="utf-8", xml_declaration=True,
            default_namespace=SVG_NS if namespaced else None,
        )  # fmt: skip
    except ValueError:  # an element outside the SVG namespace
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _nested_tspan(svg: bytes) -> bool:
    """Whether some ``<tspan>`` of ``svg`` starts inside another (read tag by tag)."""
    depth = 0
    for m in _TSPAN_TAG_RE.finditer(svg):
        if m.group(1):
            depth = max(depth - 1, 0)
        elif not m.group(2):
            if depth:
                return True
            depth += 1
    return False


def _wrap_tails(tspan: ET.Element) -> bool:
    """Wrap the tail of each child of ``tspan`` in a new ``<tspan>``; whether any had one.

    A ``tspan`` holding elements whose own text ends in a space has that text
    wrapped too: the renderer reads the space as the last one drawn and drops
    the one that starts the text after the ``tspan`` ("Alpha <tspan>Beta</tspan>
    Gamma</tspan> Delta" printed "GammaDelta").
    """
    if not len(tspan):
        return False
    tag = "{" + SVG_NS + "}tspan" if str(tspan.tag).startswith("{" + SVG_NS) else "tspan"
    changed = False
    for index in range(len(tspan) - 1, -1, -1):
        child = tspan[index]
        if child.tail:
            wrapper = ET.Element(tag)
            wrapper.text, child.tail = child.tail, None
            tspan.insert(index + 1, wrapper)
            changed = True
    if changed and tspan.text and tspan.text[-1:].isspace():
        wrapper = ET.Element(tag)
        wrapper.text, tspan.text = tspan.text, None
        tspan.insert(0, wrapper)
    return changed


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_REPAIRS: tuple[Callable[[bytes], bytes], ...] = (
    expand_font_shorthands,
    current_color,
    readable_selectors,
    custom_properties,
    font_size_keywords,
    root_size,
    zero_positions,
    text_content,
)
