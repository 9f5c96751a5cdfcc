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

import markdown
from markdown.extensions import Extension
from markdown.extensions.smarty import SmartyExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor

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
}
APOSTROPHE = "’"
_OPEN_SINGLE = "\ue000"  # private-use markers, resolved before the HTML leaves Markdown
_CLOSE_SINGLE = "\ue001"
#: Text smarty must leave as typed: web and e-mail addresses.
_VERBATIM_RE = (
    r"(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)[^\s<>\"]*[^\s<>\"'.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


def quotes_for(language: str) -> Quotes:
    """The quotation marks of a BCP 47 ``language`` (``de-AT`` falls back to ``de``)."""
    tag = language.lower()
    return QUOTES.get(tag) or QUOTES.get(tag.split("-")[0]) or _ENGLISH


def smarty(language: str) -> SmartyExtension:
    """Python-Markdown's smarty set for ``language``: quotes, en/em dashes, ellipsis."""
    ldquo, rdquo, _, _ = quotes_for(language)
    return SmartyExtension(
        substitutions={
            "left-double-quote": ldquo,
            "right-double-quote": rdquo,
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


class _PairSingleQuotes(Postprocessor):
    def __init__(self, md: markdown.Markdown, quotes: Quotes) -> None:
        super().__init__(md)
        self.open, self.close = quotes[2], quotes[3]

    def run(self, text: str) -> str:
        if _OPEN_SINGLE not in text and _CLOSE_SINGLE not in text:
            return text
        out: list[str] = []
        depth = 0
        for i, char in enumerate(text):
            if char == _OPEN_SINGLE:
                depth += 1
                out.append(self.open)
            elif char == _CLOSE_SINGLE:
                following = text[i + 1 : i + 2]
                if depth and not following.isalnum():
                    depth -= 1
                    out.append(self.close)
                else:
                    out.append(APOSTROPHE)
            else:
                out.append(char)
        return "".join(out)


class TypographyExtension(Extension):
    """Typographic quotes for ``language``; list it after :func:`smarty`'s extension."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.quotes = quotes_for(language)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        patterns = md.treeprocessors["smarty"].inlinePatterns  # type: ignore[attr-defined]
        patterns.register(_Verbatim(_VERBATIM_RE, md), "brief_verbatim", 100)
        # After the stashed substitutions are back in the text (raw_html is 30).
        md.postprocessors.register(_PairSingleQuotes(md, self.quotes), "brief_quotes", 25)
