"""Write an SVG's CSS ``font`` shorthands out as the longhands the PDF renderer reads.

WeasyPrint's SVG renderer reads ``font: <size> <family>`` and nothing more: it
takes the first word as the size, so ``font: bold 14px sans-serif`` (what D3
and most charting tools write in a ``<style>``) gives a size of "bold" and the
label is not drawn at all, and ``14px/1.2 Arial`` likewise. Before the PDF
renderer reads an SVG, each shorthand in its ``<style>`` elements, ``style``
attributes and ``font`` attributes becomes ``font-style``, ``font-variant``,
``font-weight``, ``font-stretch``, ``font-size``, ``line-height`` and
``font-family`` (those the shorthand gives), which it reads in full. The CSS
is tokenised with tinycss2, as WeasyPrint's own parser does; a value this cannot read (a system font
keyword such as ``caption``, or a shorthand with no size) is left as it is.
The web page shows the original file: browsers read the shorthand.
"""

from __future__ import annotations

import re

import tinycss2
import tinycss2.ast

from policybrief.content.svg_css import in_markup

#: A ``style`` attribute's value, within its tag (no ``<`` or ``>`` in it).
_STYLE_ATTRIBUTE_RE = re.compile(
    rb"(\sstyle\s*=\s*)(?:(\")([^\"<>]*)\"|(')([^'<>]*)')", re.IGNORECASE
)
#: A start tag with a ``font`` attribute: the tag before it, the quote, the value,
#: and the rest of the tag.
_FONT_ATTRIBUTE_RE = re.compile(
    rb"(<[A-Za-z][^<>]*?)\sfont\s*=\s*(?:\"([^\"<>]*)\"|'([^'<>]*)')([^<>]*>)"
)
#: ``font:`` as a declaration's name (not ``font-size:``, not ``x-font:``), and its value.
_SHORTHAND_RE = re.compile(rb"(?<![-\w])font\s*:\s*([^;}<]*)", re.IGNORECASE)

_STYLES = frozenset({"normal", "italic", "oblique"})
_VARIANTS = frozenset({"small-caps"})
_WEIGHTS = frozenset({"bold", "bolder", "lighter"})
_STRETCHES = frozenset(
    {
        "ultra-condensed", "extra-condensed", "condensed", "semi-condensed",
        "semi-expanded", "expanded", "extra-expanded", "ultra-expanded",
    }
)  # fmt: skip
_SIZES = frozenset(
    {"xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "xxx-large",
     "larger", "smaller"}
)  # fmt: skip


def expand_font_shorthands(svg: bytes) -> bytes:
    """``svg`` with each readable ``font:`` shorthand written as longhands; the
    same bytes when it has none. Any bytes are accepted; nothing is raised."""
    if b"font" not in svg.lower():
        return svg

    def expand(m: re.Match[bytes]) -> bytes:
        try:
            value = m.group(1).decode("utf-8")
        except UnicodeDecodeError:
            return m.group(0)
        longhands = _longhands(value)
        if longhands is None:
            return m.group(0)
        return "; ".join(f"{name}: {v}" for name, v in longhands).encode("utf-8")

    def in_attribute(m: re.Match[bytes]) -> bytes:
        # The attribute's own quote ends a value there: a family in the other quotes stays.
        quote = m.group(2) or m.group(4)
        value = m.group(3) if m.group(2) else m.group(5)
        return m.group(1) + quote + _SHORTHAND_RE.sub(expand, value) + quote

    def presentation(m: re.Match[bytes]) -> bytes:
        # The SVG 1.1 ``font`` attribute: its longhands go first in the element's
        # style, where the element's own style declarations still win.
        value = m.group(2) if m.group(2) is not None else m.group(3)
        try:
            longhands = _longhands(value.decode("utf-8"))
        except UnicodeDecodeError:
            return m.group(0)
        if longhands is None:
            return m.group(0)
        css = "; ".join(f"{name}: {v}" for name, v in longhands).encode("utf-8")
        tag = m.group(1) + m.group(4)
        if style := _STYLE_ATTRIBUTE_RE.search(tag):
            at = style.start(3) if style.group(2) else style.start(5)
            return tag[:at] + css + b"; " + tag[at:]
        return m.group(1) + b' style="' + css.replace(b'"', b"'") + b'"' + m.group(4)

    def in_tag(tag: bytes) -> bytes:
        tag = _STYLE_ATTRIBUTE_RE.sub(in_attribute, tag)
        return _FONT_ATTRIBUTE_RE.sub(presentation, tag) if b"font" in tag else tag

    # Tag by tag, outside comments (svg_css.markup_spans): a pattern run over the
    # whole file read a comment as a tag and was quadratic on one never closed.
    return in_markup(svg, in_tag, lambda css: _SHORTHAND_RE.sub(expand, css))


def _longhands(value: str) -> list[tuple[str, str]] | None:
    """The longhands of the shorthand ``value`` in CSS order, or None when it cannot be read."""
    tokens = [
        t
        for t in tinycss2.parse_component_value_list(value)
        if not isinstance(t, (tinycss2.ast.WhitespaceToken, tinycss2.ast.Comment))
    ]
    found: dict[str, str] = {}
    index = 0
    # Style, variant, weight and stretch come in any order before the size.
    while index < len(tokens):
        token = tokens[index]
        word = token.lower_value if isinstance(token, tinycss2.ast.IdentToken) else None
        if word == "normal":
            pass  # any of the four, at its initial value
        elif word in _STYLES and "font-style" not in found:
            found["font-style"] = word
        elif word in _VARIANTS and "font-variant" not in found:
            found["font-variant"] = word
        elif word in _WEIGHTS and "font-weight" not in found:
            found["font-weight"] = word
        elif word in _STRETCHES and "font-stretch" not in found:
            found["font-stretch"] = word
        elif (
            isinstance(token, tinycss2.ast.NumberToken)
            and token.is_integer
            and 1 <= token.int_value <= 1000
            and "font-weight" not in found
        ):
            found["font-weight"] = str(token.int_value)
        else:
            break
        index += 1
    if index >= len(tokens) or not _is_size(tokens[index]):
        return None
    found["font-size"] = tinycss2.serialize([tokens[index]])
    index += 1
    if index < len(tokens) and isinstance(tokens[index], tinycss2.ast.LiteralToken):
        if tokens[index].value != "/" or index + 1 >= len(tokens):
            return None
        found["line-height"] = tinycss2.serialize([tokens[index + 1]])
        index += 2
    family = value[_family_start(value, tokens, index) :].strip() if index < len(tokens) else ""
    if not family:
        return None
    found["font-family"] = family
    return list(found.items())


def _is_size(token: tinycss2.ast.Node) -> bool:
    if isinstance(token, (tinycss2.ast.DimensionToken, tinycss2.ast.PercentageToken)):
        return True
    if isinstance(token, tinycss2.ast.NumberToken):
        return token.value == 0
    if isinstance(token, tinycss2.ast.IdentToken):
        return token.lower_value in _SIZES
    return isinstance(token, tinycss2.ast.FunctionBlock) and token.lower_name in ("calc", "var")


def _family_start(value: str, tokens: list[tinycss2.ast.Node], index: int) -> int:
    """Where the family list starts in ``value``: at its first token's column."""
    token = tokens[index]
    return sum(len(line) + 1 for line in value.split("\n")[: token.source_line - 1]) + (
        token.source_column - 1
    )
