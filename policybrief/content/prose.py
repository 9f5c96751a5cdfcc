"""The writer's own prose in a Markdown text, as sentences of words with their offsets.

What the analyst did not write in their own voice is blanked out before the
text is read: quotations (a quoted communiqué's "may" is not the writer's
hedge), code, citations, links and their targets, footnote calls, raw HTML and
block quotes. Blanking replaces each character by a space (a line break stays),
so every offset still points into the original text, for file:line:column.

Sentences and words come from syntok (a maintained rule-based segmenter and
tokenizer with character offsets), not from splitting on full stops, so "e.g."
or "U.S." does not end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from syntok import segmenter

from policybrief.content.markdown_lines import code_ranges
from policybrief.content.refs import FootnoteDefinition, find_references

#: Quotations, each within one paragraph: “…”, "…", «…», and ‘…’ or '…' that
#: open at a word's start and close before a non-letter (so "Russia’s" is no quote).
_NO_BLANK_LINE = r"(?!\n[ \t]*\n)"
_QUOTE_RES = (
    re.compile(rf"“(?:{_NO_BLANK_LINE}[^”])*”"),
    re.compile(rf'"(?:{_NO_BLANK_LINE}[^"])*"'),
    re.compile(rf"«(?:{_NO_BLANK_LINE}[^»])*»"),
    re.compile(rf"(?<![\w’'])[‘'](?:{_NO_BLANK_LINE}[^‘’'])*?[’'](?![\w])"),
)
#: A Markdown link's target ``](url)``, an autolink ``<https://…>`` and raw HTML tags.
_MARKUP_RE = re.compile(r"\]\([^)\n]*\)|<[a-zA-Z/!][^>\n]*>")
#: A block quote line: quoted text, not the writer's.
_BLOCK_QUOTE_RE = re.compile(r"^ {0,3}>.*$", re.M)
#: Dashes between words: syntok would keep "unlikely—really" as one word.
_DASHES_RE = re.compile(r"[–—]")


@dataclass(frozen=True)
class Word:
    """One token of a sentence: its text as typed, lower-cased, and where it starts."""

    text: str
    lower: str
    offset: int

    @property
    def end(self) -> int:
        """The offset just after the token."""
        return self.offset + len(self.text)

    @property
    def is_word(self) -> bool:
        """A word or number, not punctuation."""
        return any(c.isalnum() for c in self.text)


def blank_out(text: str) -> str:
    """Return ``text`` with everything but the writer's own prose replaced by spaces.

    Offsets are kept: the result has the same length, with line breaks in place.
    """
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    for start, end in code_ranges(text):
        blank(start, end)
    for ref in find_references(text):
        if isinstance(ref, FootnoteDefinition):
            # A note's own text is the writer's prose: only its "[^label]:" is markup.
            blank(ref.offset, text.find("]:", ref.offset) + 2)
        else:
            blank(ref.offset, ref.end)
    for pattern in (_MARKUP_RE, _BLOCK_QUOTE_RE, *_QUOTE_RES):
        for m in pattern.finditer("".join(chars)):
            blank(m.start(), m.end())
    for m in _DASHES_RE.finditer(text):
        chars[m.start()] = " "
    return "".join(chars)


def sentences(text: str) -> Iterator[list[Word]]:
    """Yield each sentence of ``text``'s own prose (:func:`blank_out`) as its tokens.

    Sentences without a word (what blanking left of a quotation) are skipped.
    """
    prose = blank_out(text)
    # Paragraph by paragraph: syntok's own split re-reads the text before each
    # paragraph's start (it pads the offset with spaces), so a text of many short
    # paragraphs took time quadratic in its length (888 KB: a minute).
    for chunk in _PARAGRAPH_RE.finditer(prose):
        start = chunk.start()
        for paragraph in segmenter.analyze(chunk.group()):
            for sentence in paragraph:
                words = [Word(t.value, t.value.lower(), start + t.offset) for t in sentence]
                if any(w.is_word for w in words):
                    yield words


#: A paragraph: lines of text up to a line holding nothing but spaces.
_PARAGRAPH_RE = re.compile(r"(?:[^\n]|\n(?![ \t]*+\n))++")
