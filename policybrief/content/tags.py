"""Tags as one tag each: the key that makes two spellings the same tag, and its check.

Two spellings are the same tag when they differ only by case, Unicode
normalisation or how words are separated (``EU Sanctions``, ``eu sanctions``,
``eu-sanctions``; a decomposed ``é`` and a precomposed one). Anything else,
punctuation and accents included, makes another tag: ``C++`` and ``C#``,
``R&D`` and ``R-D``, ``EU/UK`` and ``EU-UK``, ``Côte`` and ``Cote`` are eight
tags. The site keys tag pages by this key; ``check`` warns when briefs spell
one tag in more than one way, so a writer sees that they were merged.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policybrief.content.corpus import Corpus
    from policybrief.errors import Diagnostics

_SEPARATORS_RE = re.compile(r"[\s\-‐‑‒–—]+")


def tag_key(name: str) -> str:
    """Return the key two spellings of one tag share.

    NFKC with case folded (then NFC again, since case folding can undo
    composition), runs of spaces and hyphens made one hyphen, trimmed:
    ``"  EU  Sanctions"`` and ``"eu-sanctions"`` -> ``eu-sanctions``.
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", name).casefold())
    return _SEPARATORS_RE.sub("-", folded).strip("-")


def check_tag_spellings(corpus: Corpus, diags: Diagnostics) -> None:
    """Warn (``tag-spelling``) at each spelling of a tag that differs from its first one.

    The first spelling is the one in the first brief by slug, first in its
    ``tags:`` list; the warning names both spellings and where the first is.
    """
    from policybrief.errors import Position

    first: dict[str, tuple[str, str, Position]] = {}
    for slug in sorted(corpus.briefs):
        record = corpus.briefs[slug]
        for i, name in enumerate(record.data.tags):
            position = record.smap.value(("tags", i))
            seen = first.setdefault(tag_key(name), (name, record.rel, position))
            if seen[0] == name:
                continue
            diags.warning(
                record.path,
                position,
                f"tag '{name}' is the same tag as '{seen[0]}' "
                f"({seen[1]}:{seen[2].line}:{seen[2].column}), spelled differently",
                f"spell it '{seen[0]}' everywhere; the site lists both under one page",
                code="tag-spelling",
            )
