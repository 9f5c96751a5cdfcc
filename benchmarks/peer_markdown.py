"""The peer's input: each brief of a synthetic project as one Pandoc Markdown file.

``peer.py`` times Pandoc + WeasyPrint on the same content as policybrief's
build. This module writes that content: for each brief, what its PDF shows, in
the order it shows it, as a Pandoc user would write it by hand:

- a YAML metadata block (title, subtitle, date, authors), the marking, audience
  and distribution;
- the bottom line (the brief's summary) and the key judgments, each with its
  likelihood and confidence;
- every section of the manifest: an analysis section's full text (its
  sub-headings, lists, tables and footnotes), the agenda as a table with each
  item's summary and outcomes, the actors as a table with their summaries,
  and the sources as a numbered list;
- ``[[links]]`` become the name or words they show; ``[@citations]`` become
  footnotes that name the source (Pandoc's ``^[...]``), as policybrief's
  citations are notes; footnotes are renamed so that each stays unique.

The briefs are resolved with policybrief itself (``resolve_brief``), so
``agenda: auto`` and friends select exactly what the build shows. Only the
synthetic corpus's syntax is handled (``make_corpus.py``), not every
Markdown form a writer may use.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

LINK_RE = re.compile(r"\[\[([^\]|\\]+)(?:\\?\|([^\]]+))?\]\]")
CITE_RE = re.compile(r" ?\[(@[^\[\]]+)\]")
NOTE_RE = re.compile(r"\[\^([^\]\s]+)\]")


def write_markdown(root: Path, dest: Path) -> list[Path]:
    """Write ``dest/<slug>.md`` for every brief of the project at ``root`` that has a PDF.

    Raises SystemExit when the project has errors (run ``build.py check``).
    """
    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.errors import Diagnostics
    from policybrief.render.resolve import resolve_brief

    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    if diags.errors:
        raise SystemExit(f"{root}: the project has errors; run build.py check")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for slug in sorted(corpus.briefs):
        view = resolve_brief(corpus, slug)
        if "pdf" not in view.brief.data.outputs:
            continue
        path = dest / f"{slug}.md"
        path.write_text(Rendition(corpus, view).markdown(), encoding="utf-8")
        written.append(path)
    return written


class Rendition:
    """One brief's Markdown; notes are numbered across the whole brief."""

    def __init__(self, corpus: Any, view: Any) -> None:
        self.corpus = corpus
        self.view = view
        self.text_index = 0

    def names(self, id_: str) -> str:
        for table in (self.corpus.actors, self.corpus.agenda):
            if id_ in table:
                record = table[id_]
                return str(getattr(record.data, "name", None) or record.data.title)
        if id_ in self.corpus.analysis:
            return str(self.corpus.analysis[id_].data.title)
        return id_

    def source_note(self, group: str) -> str:
        """``@a, p. 3; @b`` as a footnote naming each source."""
        parts = []
        for item in group.split(";"):
            id_, _, locator = item.strip().lstrip("@").partition(",")
            source = self.corpus.sources[id_.strip()].data
            when = f", {source.date}" if source.date else ""
            part = f"{source.publisher}, *{source.title}*{when}"
            parts.append(part + (f", {locator.strip()}" if locator else ""))
        return "^[" + "; ".join(parts) + ".]"

    def prose(self, text: str) -> str:
        """A text of the corpus in Pandoc Markdown: links, citations, unique note labels."""
        self.text_index += 1
        prefix = f"t{self.text_index}-"
        text = LINK_RE.sub(lambda m: m.group(2) or self.names(m.group(1)), text)
        text = CITE_RE.sub(lambda m: self.source_note(m.group(1)), text)
        return NOTE_RE.sub(lambda m: f"[^{prefix}{m.group(1)}]", text).strip()

    def markdown(self) -> str:
        """The whole brief: metadata block, front matter, then each section in order."""
        brief = self.view.brief.data
        meta = [f"title: {quote(brief.title)}"]
        if brief.subtitle:
            meta.append(f"subtitle: {quote(brief.subtitle)}")
        meta.append(f"date: {quote(str(brief.date))}")
        if brief.authors:
            meta.append("author: [" + ", ".join(quote(a) for a in brief.authors) + "]")
        out = ["---", *meta, "---", ""]
        marking = self.view.marking or "UNCLASSIFIED"
        out.append(f"**{marking}** · Edition {brief.edition} · {brief.status}\n")
        if brief.audience:
            out.append(f"Audience: {brief.audience}  ")
        if brief.distribution:
            out.append(f"Distribution: {brief.distribution}\n")
        out += ["## Bottom line", "", self.prose(brief.summary), ""]
        if self.view.key_judgments:
            out += ["## Key judgments", ""]
            for k, record in enumerate(self.view.key_judgments, 1):
                out.append(f"{k}. **{record.data.title}.** {estimate(record.data)}")
            out.append("")
        for section in self.view.sections:
            out += self.section(section)
        out += ["## Estimative language", "", SCALE_TABLE]
        return "\n".join(out) + "\n"

    def section(self, section: Any) -> list[str]:
        kind = type(section).__name__
        if kind == "ResolvedAnalysis":
            record = section.analysis
            out = [f"## {record.data.title}", "", f"*{record.data.kind.replace('-', ' ')}*"]
            if record.data.likelihood:
                out[-1] += f" · {estimate(record.data)}"
            return [*out, "", self.prose(record.body), ""]
        if kind == "ResolvedAgenda":
            return self.agenda(section.items)
        if kind == "ResolvedActors":
            return self.actors(section.actors)
        if kind == "ResolvedSources":
            return self.sources(section.sources)
        return []

    def agenda(self, items: Any) -> list[str]:
        out = ["## Agenda", "", "| Date | Event | Status | Where |", "| --- | --- | --- | --- |"]
        details = []
        for record in items:
            item = record.data
            when = f"{item.date}–{item.end}" if item.end else str(item.date)
            out.append(f"| {when} | {item.title} | {item.status} | {item.location or ''} |")
            text = [self.prose(item.summary)] if item.summary else []
            text += [f"Outcome: {self.prose(o)}" for o in item.outcomes]
            if text:
                details.append(f"**{item.title}.** " + " ".join(text))
        return [*out, "", *(f"{d}\n" for d in details)]

    def actors(self, actors: Any) -> list[str]:
        out = ["## Key actors", "", "| Name | Role | Country |", "| --- | --- | --- |"]
        details = []
        for record in actors:
            actor = record.data
            name = actor.name + (f" ({actor.native_name})" if actor.native_name else "")
            country = self.names(actor.country) if actor.country else ""
            out.append(f"| {name} | {actor.role or actor.kind} | {country} |")
            if actor.summary:
                details.append(f"**{actor.name}.** {self.prose(actor.summary)}")
        return [*out, "", *(f"{d}\n" for d in details)]

    def sources(self, sources: Any) -> list[str]:
        out = ["## Sources", ""]
        for k, record in enumerate(sources, 1):
            source = record.data
            line = f"{k}. {source.publisher}: *{source.title}*"
            line += f", {source.author}" if source.author else ""
            line += f", {source.date}" if source.date else ""
            line += f", <{source.url}>" if source.url else ""
            line += f". {source.reliability}." if source.reliability else "."
            out.append(line)
        return [*out, ""]


#: What the brief's estimative-language box shows (ICD 203, the default scale).
SCALE_TABLE = """\
| Term | Probability |
| --- | --- |
| almost no chance | 1–5% |
| very unlikely | 5–20% |
| unlikely | 20–45% |
| roughly even chance | 45–55% |
| likely | 55–80% |
| very likely | 80–95% |
| almost certain | 95–99% |

Confidence (high, moderate, low) rates the evidence and reasoning behind a judgment,
not its likelihood.
"""


def estimate(meta: Any) -> str:
    """``Likely; moderate confidence.`` for an analysis section that declares both."""
    parts = []
    if meta.likelihood:
        parts.append(meta.likelihood.replace("-", " ").capitalize())
    if meta.confidence:
        parts.append(f"{meta.confidence} confidence")
    return "; ".join(parts) + "." if parts else ""


def quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
