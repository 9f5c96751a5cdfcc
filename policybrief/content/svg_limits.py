"""What an SVG drawing asks that the PDF renderer does not draw: told at the image.

The PDF renderer (WeasyPrint 70) draws a subset of SVG. What charting tools
write and it misreads in a way that can be rewritten is rewritten before it
reads the drawing (:mod:`policybrief.render.svg_repairs`); this module names
the rest, so ``check`` can warn at the ``![`` that shows the drawing
(``svg-unsupported``) instead of the PDF quietly differing from the web page.
Each finding is one short phrase: what is written, then what the PDF does.

Only the markup is read (start tags and ``<style>`` contents:
:func:`~policybrief.content.svg_css.markup`), never a label's text; selectors
and the cascade are not followed, so a property is found wherever it is set.
Everything is linear in the file's size.
"""

from __future__ import annotations

import re

from policybrief.content.svg_css import (
    VAR_RE,
    markup,
    root_tag,
    substitute_custom_properties,
)

#: Each (words the file must hold one of, lower case; a pattern of the markup; what
#: is written and what the PDF does). The words are looked for first: most drawings
#: hold none.
_FINDINGS: tuple[tuple[tuple[bytes, ...], re.Pattern[bytes], str], ...] = (
    (
        (b"text-decoration",),
        re.compile(
            rb"text-decoration(?:-line)?\s*[:=]\s*[\"']?[^;\"'<>{}]{0,200}?(?:line-through|underline|overline)",
            re.I,
        ),
        "text-decoration (a struck-through or underlined label prints plain)",
    ),
    (
        (b"text-transform",),
        re.compile(rb"text-transform\s*[:=]\s*[\"']?\s*(?:uppercase|lowercase|capitalize)", re.I),
        "text-transform (labels print as typed, not in capitals)",
    ),
    (
        (b"small-caps",),
        re.compile(rb"font-variant(?:-caps)?\s*[:=]\s*[\"']?[^;\"'<>{}]{0,200}?small-caps", re.I),
        "small capitals (labels print as typed)",
    ),
    (
        (b"baseline-shift",),
        re.compile(
            rb"baseline-shift\s*[:=]\s*[\"']?\s*(?!baseline\b|0*\.?0+(?:px|em|%)?(?![\w.]))[\w.+-]",
            re.I,
        ),
        "baseline-shift (superscripts and subscripts print on the line: km² as km2)",
    ),
    (
        (b"writing-mode",),
        re.compile(rb"writing-mode\s*[:=]\s*[\"']?\s*(?:tb|vertical)", re.I),
        "vertical writing-mode (the text prints horizontally)",
    ),
    (
        (b"vector-effect",),
        re.compile(rb"vector-effect\s*[:=]\s*[\"']?\s*non-scaling-stroke", re.I),
        "non-scaling strokes (lines scale with the drawing: a zoomed map's borders "
        "print as thick bands)",
    ),
    (
        (b"transform-",),
        re.compile(
            rb"transform-box\s*[:=]|transform-origin\s*[:=]\s*[\"']?\s*(?:center|top|bottom|left|right)",
            re.I,
        ),
        "transform-box or a keyword transform-origin (shapes turn about the drawing's "
        "corner instead)",
    ),
    (
        (b"color-mix(",),
        re.compile(rb"color-mix\(", re.I),
        "color-mix() (prints black)",
    ),
    (
        (b"calc(", b"clamp(", b"min(", b"max("),
        re.compile(
            rb"(?:(?<![\w-])(?:[xyr]|d[xy]|c[xy]|r[xy]|width|height|font-size|stroke-width|"
            rb"letter-spacing|word-spacing|opacity)\s*=\s*[\"']|:)"
            rb"[^;\"'<>{}]{0,200}?(?<![\w-])(?:calc|clamp|min|max)\(",
            re.I,
        ),
        "calc(), clamp(), min() or max() in a value (the PDF renderer stops drawing there)",
    ),
    (
        (b"vw", b"vh", b"vmin", b"vmax"),
        re.compile(rb"font-size\s*[:=]\s*[\"']?\s*[-+]?[\d.]+(?:vw|vh|vmin|vmax)\b", re.I),
        "a font size in vw or vh (the label is not drawn)",
    ),
    (
        (b"calibri", b"cambria", b"segoe ui", b"aptos"),
        re.compile(
            # The first family only: a fallback is not what sets the words.
            rb"font-family\s*[:=]\s*[\"']?\s*(?:[\"']|&quot;)?"
            rb"(?:Calibri|Cambria|Segoe UI(?! Emoji| Symbol)|Aptos)\b",
            re.I,
        ),
        "Office's fonts, Calibri or Cambria (the PDF sets a wider font: words Office "
        "placed one by one may run into each other)",
    ),
)
_MASK_START_RE = re.compile(rb"<(?:\w+:)?mask\b", re.I)
_GRADIENT_ID_RE = re.compile(
    rb"<(?:\w+:)?(?:linear|radial)Gradient\b[^<>]*\sid\s*=\s*[\"']([^\"'<>]+)[\"']", re.I
)
_URL_REF_RE = re.compile(rb"url\(\s*[\"']?#([^\"')\s]+)")
_TEXT_TAG_RE = re.compile(
    rb"<(?:\w+:)?(?:text|tspan|textPath)\b(?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+>", re.I
)
_FILL_URL_RE = re.compile(rb"\bfill\s*[:=]\s*[\"']?\s*url\(\s*[\"']?#([^\"')\s]+)", re.I)
_SIZE_ATTRIBUTE_RE = re.compile(rb"\s(?:width|height|viewBox)\s*=", re.I)


def svg_limits(svg: bytes) -> tuple[str, ...]:
    """What drawing ``svg`` (an SVG file's bytes) asks that the PDF renderer does not
    draw, each as a phrase (see the module); empty when nothing. Raises nothing."""
    found: list[str] = []
    lowered = svg.lower()
    written: bytes | None = None
    for words, pattern, phrase in _FINDINGS:
        if any(word in lowered for word in words):
            written = markup(svg) if written is None else written
            if pattern.search(written):
                found.append(phrase)
    if b"var(" in lowered and VAR_RE.search(markup(substitute_custom_properties(svg))):
        found.append(
            "var() of a custom property set to several values, or never set (prints "
            "black, or hides the label)"
        )
    gradients = set(_GRADIENT_ID_RE.findall(svg)) if b"gradient" in lowered else set()
    if gradients:
        masks = b" ".join(_masks(svg))
        if gradients & set(_URL_REF_RE.findall(masks)):
            found.append("a mask painted with a gradient (a fade: the masked shape is left out)")
        for tag in _TEXT_TAG_RE.finditer(svg):
            if (m := _FILL_URL_RE.search(tag.group(0))) and m.group(1) in gradients:
                found.append("text filled with a gradient (only its last letter prints)")
                break
    root = root_tag(svg)
    if root is not None and not _SIZE_ATTRIBUTE_RE.search(svg[root[0] : root[1]]):
        found.append("no width, height or viewBox (the drawing is cut to 300 × 150 px)")
    return tuple(found)


def _masks(svg: bytes) -> list[bytes]:
    """The content of each ``<mask>`` element, each to its first ``</mask`` (linear)."""
    found, at = [], 0
    lowered = svg.lower()
    while (m := _MASK_START_RE.search(svg, at)) is not None:
        end = lowered.find(b"mask>", m.end())
        if end < 0:
            break
        found.append(svg[m.end() : end])
        at = end
    return found
