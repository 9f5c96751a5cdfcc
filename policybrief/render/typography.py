"""Print straight quotes, dashes and dots as the brief's language sets them.

Python-Markdown's ``smarty`` extension finds the quotes, ``--``, ``---`` and
``...`` in prose (never in code, raw HTML or attribute values); this module
gives it each language's quotation marks and keeps URLs and e-mail addresses as
typed. Smarty cannot tell a closing single quote from an apostrophe, and in
German or French the two differ (‚so‘ but geht’s), so single quotes come out as
markers that :class:`_PairSingleQuotes` resolves: a closing mark with an opening
one before it closes it, unless a letter follows (don’t); any other is ’.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.extensions.smarty import SmartyExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

#: Opening and closing double quote, opening and closing single (inner) quote.
Quotes = tuple[str, str, str, str]
_NNBSP = "\u202f"  # French sets its guillemets off by a narrow no-break space
_ENGLISH: Quotes = ("“", "”", "‘", "’")
_GERMAN: Quotes = ("„", "“", "‚", "‘")
_GUILLEMETS: Quotes = ("«", "»", "„", "“")
_LATIN: Quotes = ("«", "»", "“", "”")
#: By BCP 47 tag or its language subtag, lower case; any other language gets English marks.
QUOTES: dict[str, Quotes] = {
    "en": _ENGLISH,
    "de": _GERMAN,
    "de-ch": ("«", "»", "‹", "›"),
    "cs": _GERMAN,
    "sk": _GERMAN,
    "fr": ("«" + _NNBSP, _NNBSP + "»", "“", "”"),
    "ru": _GUILLEMETS,
    "uk": _GUILLEMETS,
    "be": _GUILLEMETS,
    "es": _LATIN,
    "it": _LATIN,
    "pt": _LATIN,
    "pt-br": _ENGLISH,
    "pl": ("„", "”", "«", "»"),
    "nl": _ENGLISH,
    "sv": ("”", "”", "’", "’"),
    "fi": ("”", "”", "’", "’"),
    "da": ("»", "«", "›", "‹"),
    # Chinese as written in mainland China and Singapore keeps “ ”; Japanese and
    # Chinese in traditional characters (Taiwan, Hong Kong) use corner brackets.
    "ja": ("「", "」", "『", "』"),
    "zh-hant": ("「", "」", "『", "』"),
    "zh-tw": ("「", "」", "『", "』"),
    "zh-hk": ("「", "」", "『", "』"),
    "zh-mo": ("「", "」", "『", "』"),
}
APOSTROPHE = "’"
_OPEN_SINGLE = "\ue000"  # private-use markers, resolved before the HTML leaves Markdown
_CLOSE_SINGLE = "\ue001"
_OPEN_DOUBLE = "\ue002"
_CLOSE_DOUBLE = "\ue003"
_MARKERS = (_OPEN_SINGLE, _CLOSE_SINGLE, _OPEN_DOUBLE, _CLOSE_DOUBLE)
#: Chinese, Japanese and Korean letters and punctuation (ideographs, kana, hangul,
#: the CJK symbols and the full-width forms).
_CJK_RE = re.compile(
    "[\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)
#: Where a block of text ends: a quotation never runs on past one.
_BLOCK_END_RE = re.compile(r"(</(?:p|li|td|th|h[1-6]|dt|dd|figcaption|caption|blockquote)>)")
#: Text smarty must leave as typed: web and e-mail addresses.
_VERBATIM_RE = (
    r"(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)[^\s<>\"]*[^\s<>\"'.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


def quotes_for(language: str) -> Quotes:
    """The quotation marks of a BCP 47 ``language``: its longest prefix :data:`QUOTES`
    names (``de-AT`` falls back to ``de``, ``zh-Hant-TW`` to ``zh-hant``), else English."""
    parts = language.lower().split("-")
    for end in range(len(parts), 0, -1):
        found = QUOTES.get("-".join(parts[:end]))
        if found:
            return found
    return _ENGLISH


def smarty(language: str) -> SmartyExtension:
    """Python-Markdown's smarty set for ``language``: quotes, en/em dashes, ellipsis.

    Quotes come out as markers that :class:`TypographyExtension` resolves.
    """
    return SmartyExtension(
        substitutions={
            "left-double-quote": _OPEN_DOUBLE,
            "right-double-quote": _CLOSE_DOUBLE,
            "left-single-quote": _OPEN_SINGLE,
            "right-single-quote": _CLOSE_SINGLE,
            "ndash": "–",
            "mdash": "—",
            "ellipsis": "…",
        }
    )


class _Verbatim(InlineProcessor):
    """Take an address out of smarty's reach (it would turn ``a--b`` into a dash)."""

    # The stubs give InlineProcessor Pattern's one-argument signature, as Markdown does.
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # type: ignore[override]  # noqa: N802
        return m.group(0), m.start(0), m.end(0)


class _PairQuotes(Postprocessor):
    """Resolve smarty's quote markers into the language's marks, block by block.

    Smarty reads a quote after a space or an opening bracket as opening and any
    other as closing. Chinese and Japanese set no space before a quotation
    (表示："我们欢迎对话。"他说), so every quote there came out closing. A quote
    touching a CJK letter or mark (tags aside) now opens or closes by turns
    instead; any other keeps smarty's reading (an English ``ministers'`` in a
    paragraph naming 一带一路 stays an apostrophe). A quote with no letter or
    digit after it in its block closes, and one with none before it opens,
    whatever touches it (a quotation running on over paragraphs).
    """

    def __init__(self, md: markdown.Markdown, quotes: Quotes) -> None:
        super().__init__(md)
        self.quotes = quotes

    def run(self, text: str) -> str:
        if not any(marker in text for marker in _MARKERS):
            return text
        chunks = _BLOCK_END_RE.split(text)
        return "".join(
            self._block(chunk) if any(m in chunk for m in _MARKERS) else chunk for chunk in chunks
        )

    def _block(self, text: str) -> str:
        ldquo, rdquo, lsquo, rsquo = self.quotes
        cjk = _CJK_RE.search(text) is not None
        visible = _visible(text)  # positions of the text's characters, tags left out
        words = [i for i in visible if text[i].isalnum()]
        first_word, last_word = (words[0], words[-1]) if words else (len(text), -1)
        out = list(text)
        single = double = 0  # quotations open
        for k, i in enumerate(visible):
            char = text[i]
            if char not in _MARKERS:
                continue
            before = text[visible[k - 1]] if k else ""
            after = text[visible[k + 1]] if k + 1 < len(visible) else ""
            by_turns = cjk and (_CJK_RE.match(before) or _CJK_RE.match(after)) is not None
            if char in (_OPEN_DOUBLE, _CLOSE_DOUBLE):
                if i > last_word:
                    opening = False
                elif i < first_word:
                    opening = True
                else:
                    opening = double == 0 if by_turns else char == _OPEN_DOUBLE
                double = double + 1 if opening else max(double - 1, 0)
                out[i] = ldquo if opening else rdquo
            elif by_turns and _elided(text, visible, k):
                out[i] = APOSTROPHE  # 习近平's, '25: an apostrophe, not a quotation
            elif by_turns and i <= last_word and (i < first_word or single == 0):
                single += 1
                out[i] = lsquo
            elif by_turns and single:
                single -= 1
                out[i] = rsquo
            elif char == _OPEN_SINGLE and not by_turns:
                single += 1
                out[i] = lsquo
            elif single and not after.isalnum() and char == _CLOSE_SINGLE:
                single -= 1
                out[i] = rsquo
            else:
                out[i] = APOSTROPHE
        return "".join(out)


#: What follows an apostrophe, not an opening quote: an English possessive or
#: contraction ("'s", "'ll"), or a year cut to two digits ("'25").
_ELIDED_RE = re.compile(r"(?:s|t|d|ll|re|ve|m)(?![^\W\d_])|\d\d(?!\d)", re.IGNORECASE)


def _elided(text: str, visible: list[int], k: int) -> bool:
    """Whether the single quote at ``visible[k]`` of ``text`` stands for left-out
    letters (its next characters, tags aside, read as :data:`_ELIDED_RE`)."""
    following = "".join(text[j] for j in visible[k + 1 : k + 4])
    return _ELIDED_RE.match(following) is not None


def _visible(html: str) -> list[int]:
    """The positions of ``html``'s characters outside its tags, in order."""
    positions: list[int] = []
    in_tag = False
    for i, char in enumerate(html):
        if char == "<":
            in_tag = True
        elif char == ">" and in_tag:
            in_tag = False
        elif not in_tag:
            positions.append(i)
    return positions


#: A word that already holds a hyphen ("defence-industrial", "S-400"), not part
#: of an address ("https://a-b.example/x-y", "j-doe@example.org").
_COMPOUND_RE = re.compile(r"(?<![\w/.:@=?&#%~+-])\w+(?:[-\u2010]\w+)+(?![\w/@=?&#%~+-]|[.:]\w)")
#: Elements whose text is left as it is: code, and what is not prose.
_NOT_PROSE = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


class _CompoundWords(Treeprocessor):
    """Wrap each word that holds a hyphen in ``<span class="compound">``.

    Copy editors break such a word at its own hyphen only; the stylesheets turn
    hyphenation off in the span (``hyphens: manual``), so the printed line never
    reads "defence-indus- trial".
    """

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            if parent.tag in _NOT_PROSE or "url" in (parent.get("class") or "").split():
                continue
            if parent.text:
                parent.text, spans = _split(parent.text)
                for i, span in enumerate(spans):
                    parent.insert(i, span)
            for child in list(parent):
                if child.tail and child.get("class") != "compound":
                    child.tail, spans = _split(child.tail)
                    at = list(parent).index(child) + 1
                    for i, span in enumerate(spans):
                        parent.insert(at + i, span)


def _split(text: str) -> tuple[str, list[ET.Element]]:
    """``text`` up to its first compound word, and a span for each compound (text in its tail)."""
    matches = list(_COMPOUND_RE.finditer(text))
    if not matches:
        return text, []
    spans = []
    for m, following in zip(matches, [*matches[1:], None], strict=True):
        span = ET.Element("span", {"class": "compound"})
        span.text = m.group(0)
        span.tail = text[m.end() : following.start() if following else len(text)]
        spans.append(span)
    return text[: matches[0].start()], spans


#: A thin space between digits (``12 345 678``, as Word and LaTeX write figures).
_FIGURE_THIN_SPACE_RE = re.compile(r"(?<=\d)\u2009(?=\d)")


class _FigureSpaces(Postprocessor):
    """Set a thin space between digits as a narrow no-break space (U+202F, the
    same width): a line may break at a thin space, and a figure must not."""

    def run(self, text: str) -> str:
        return _FIGURE_THIN_SPACE_RE.sub("\u202f", text) if "\u2009" in text else text


class TypographyExtension(Extension):
    """Typographic quotes for ``language``; list it after :func:`smarty`'s extension."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.quotes = quotes_for(language)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        patterns = md.treeprocessors["smarty"].inlinePatterns  # type: ignore[attr-defined]
        patterns.register(_Verbatim(_VERBATIM_RE, md), "brief_verbatim", 100)
        # After the stashed substitutions are back in the text (raw_html is 30).
        md.postprocessors.register(_PairQuotes(md, self.quotes), "brief_quotes", 25)
        md.postprocessors.register(_FigureSpaces(md), "brief_figure_spaces", 24)
        # Last: after the inline patterns (20) and the brief's own tree processors
        # (which find written-out URLs in the text), so links and addresses are
        # elements by now.
        md.treeprocessors.register(_CompoundWords(md), "brief_compounds", 1)
