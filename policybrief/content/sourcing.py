"""Sourcing: which sources support a judgment, how reliable they are, which go unused.

A key judgment is supported by the sources its front matter lists and those
its body cites. The source summary groups them by their reliability note's
first phrase (up to the first comma, semicolon or full stop: "Official
statement, quoted in translation…" counts as "Official statement"), so a
note that starts with its category groups well. Two findings:

- ``unsourced-judgment``: a key judgment that names no source at all;
- ``uncited-source``: a source that no text cites and no ``sources:`` list names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol

from policybrief.content.corpus import Corpus, Record
from policybrief.content.model import AnalysisMeta, Source
from policybrief.content.refs import CitationGroup, find_references
from policybrief.errors import Position

#: The reliability group of a source without a reliability note.
NOT_STATED = "Reliability not stated"
_FIRST_PHRASE_RE = re.compile(r"[^,;.]+")


class Report(Protocol):
    """Where a check sends each finding: the record, its position, message, hint and code."""

    def __call__(
        self, record: Record[Any], position: Position, message: str, hint: str, *, code: str
    ) -> None: ...


def cited_in(text: str) -> list[str]:
    """Return the source ids ``text``'s citations name, in order (repeats kept)."""
    return [
        item.id
        for ref in find_references(text)
        if isinstance(ref, CitationGroup)
        for item in ref.items
    ]


def judgment_sources(record: Record[AnalysisMeta]) -> tuple[str, ...]:
    """Return the ids of the sources supporting an analysis section, each once.

    Its ``sources:`` list first, then what its body cites, in order.
    """
    return tuple(dict.fromkeys((*record.data.sources, *cited_in(record.body))))


def reliability_group(source: Source | None) -> str:
    """Return the first phrase of a source's reliability note, the summary's group."""
    if source is None or not source.reliability:
        return NOT_STATED
    m = _FIRST_PHRASE_RE.match(source.reliability.strip())
    return m.group(0).strip() if m else NOT_STATED


def source_summary(corpus: Corpus, record: Record[AnalysisMeta]) -> tuple[tuple[str, int], ...]:
    """Return (reliability group, number of sources) for one judgment, largest group first."""
    counts = Counter(
        reliability_group(getattr(corpus.sources.get(id_), "data", None))
        for id_ in judgment_sources(record)
    )
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def lint_sourcing(corpus: Corpus, report: Report) -> None:
    """Report key judgments without a source and sources nothing uses."""
    for record in corpus.analysis.values():
        if record.data.kind == "key-judgment" and not judgment_sources(record):
            report(
                record,
                record.smap.first_key(()),
                "the key judgment names no source",
                "cite the evidence in its text with [@source-id], or list it under 'sources:'",
                code="unsourced-judgment",
            )
    used = set(_used_sources(corpus))
    unread = None  # the words of files that failed to load, read once if needed
    for source in corpus.sources.values():
        if source.id in used:
            continue
        # A file with a syntax error cites what it cites, though it could not load.
        unread = _unloaded_words(corpus) if unread is None else unread
        if source.id not in unread:
            report(
                source,
                Position(1, 1),
                f"source '{source.id}' is cited nowhere",
                f"cite it with [@{source.id}] where it supports the text, or remove the file",
                code="uncited-source",
            )


#: The content folders whose files may cite a source.
_CITING = ("content/analysis", "content/agenda", "content/actors", "briefs")


def _unloaded_words(corpus: Corpus) -> set[str]:
    """Every word (``[\\w-]+``) of the content files that are not in ``corpus``: those
    that failed to load (a syntax error), whose citations still count."""
    loaded = {
        record.path
        for table in (corpus.actors, corpus.agenda, corpus.analysis, corpus.briefs)
        for record in table.values()
    }
    words: set[str] = set()
    for folder in _CITING:
        for path in sorted((corpus.root / folder).glob("*")):
            if path.suffix in (".md", ".yaml", ".yml") and path not in loaded and path.is_file():
                try:
                    words.update(re.findall(r"[\w-]+", path.read_text("utf-8", "replace")))
                except OSError:
                    continue
    return words


def _used_sources(corpus: Corpus) -> Iterable[str]:
    """Every source id a text cites or a ``sources:`` list names, anywhere in the content."""
    for brief in corpus.briefs.values():
        yield from cited_in(brief.data.summary)
    for table in (corpus.actors, corpus.agenda, corpus.analysis):
        for record in table.values():
            yield from record.data.sources
            for text in _texts(record):
                yield from cited_in(text)


def _texts(record: Record[Any]) -> Iterable[str]:
    data = record.data
    if record.body:
        yield record.body
    if getattr(data, "summary", None):
        yield data.summary
    yield from getattr(data, "outcomes", ())
