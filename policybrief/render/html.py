"""Lay out a resolved brief with its Jinja template, for the screen or for print.

The same brief view renders twice: ``screen`` for ``output/<slug>/index.html``
(endnotes with back-links, CSS from ``../assets/``) and ``print`` for the PDF
(notes as footnotes at the page foot, CSS from the theme folders). Templates
only lay out what this module hands them; they never select content.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup, escape

from policybrief.content.corpus import Corpus, Record
from policybrief.content.dates import PartialDate, Precision
from policybrief.content.model import Actor, AgendaItem, AnalysisMeta, Source
from policybrief.content.refs import CITE_RE, LINK_RE
from policybrief.render.chart import ChartItem, agenda_timeline
from policybrief.render.markdown import BriefMarkdown, Medium, Note, NoteSequence, NoteStyle
from policybrief.render.resolve import (
    BriefView,
    ResolvedActors,
    ResolvedAgenda,
    ResolvedAnalysis,
    ResolvedSection,
    ResolvedSources,
)
from policybrief.render.theme import Theme

#: ICD 203 likelihood terms with their probability ranges.
LIKELIHOOD = {
    "almost-no-chance": ("Almost no chance", "1–5%"),
    "very-unlikely": ("Very unlikely", "5–20%"),
    "unlikely": ("Unlikely", "20–45%"),
    "roughly-even-chance": ("Roughly even chance", "45–55%"),
    "likely": ("Likely", "55–80%"),
    "very-likely": ("Very likely", "80–95%"),
    "almost-certain": ("Almost certain", "95–99%"),
}
CONFIDENCE = {"low": "Low confidence", "moderate": "Moderate confidence", "high": "High confidence"}
STATUS = {
    "scheduled": "Scheduled",
    "under-way": "Under way",
    "held": "Held",
    "postponed": "Postponed",
    "cancelled": "Cancelled",
}
KIND_LABELS = {
    "key-judgment": "Key judgment",
    "background": "Background",
    "assessment": "Assessment",
    "implication": "Implications",
    "outlook": "Outlook",
    "recommendation": "Recommendations",
    "indicator": "Indicators",
}


def date_range(start: PartialDate, end: PartialDate | None) -> str:
    """``4–5 December 2025``, ``December 2025``: never a day that is not known."""
    if end is None or end == start:
        return start.long()
    if start.precision is Precision.DAY and end.precision is Precision.DAY:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.long()}"
        if start.year == end.year:
            return f"{start.long().rsplit(' ', 1)[0]} – {end.long()}"
    return f"{start.long()} – {end.long()}"


@dataclass(frozen=True)
class Estimate:
    likelihood: str | None
    range: str | None
    confidence: str | None


@dataclass(frozen=True)
class Judgment:
    id: str
    title: str
    estimate: Estimate
    href: str | None


@dataclass(frozen=True)
class Section:
    """One section as the template sees it; ``kind`` picks the layout."""

    kind: str  # analysis | agenda | actors | sources
    anchor: str
    title: str
    label: str = ""
    html: LazyMarkdown | None = None
    estimate: Estimate | None = None
    items: tuple[Any, ...] = ()
    #: The agenda timeline as inline SVG (agenda sections of two or more items).
    chart: Markup | None = None


@dataclass(frozen=True)
class AgendaEntry:
    anchor: str
    title: str
    kind: str
    when: str
    date_iso: str
    status: str
    location: str | None
    participants: tuple[Markup, ...]
    summary: LazyMarkdown | None
    outcomes_label: str
    outcomes: tuple[LazyMarkdown, ...]


@dataclass(frozen=True)
class ActorRow:
    anchor: str
    name: str
    native_name: str | None
    kind: str
    role: str | None
    affiliation: Markup | None
    country: Markup | None


@dataclass(frozen=True)
class SourceEntry:
    anchor: str
    html: Markup
    url: str | None


@dataclass
class Page:
    """Everything a brief template receives (besides ``brief`` and the helpers)."""

    medium: Medium
    view: BriefView
    summary: LazyMarkdown
    summary_text: str
    created: str
    judgments: tuple[Judgment, ...]
    sections: tuple[Section, ...]
    notes: list[Note]
    assets: str
    marking_line: str | None
    toc: tuple[tuple[str, str], ...] = field(default=())


class LazyMarkdown:
    """Markdown rendered when the template first prints it.

    Notes are numbered as they are rendered, so rendering in the order the
    template prints gives one note sequence in the page's reading order, and a
    text the template does not show takes no note number.
    """

    def __init__(self, md: BriefMarkdown, text: str, *, inline: bool = False) -> None:
        self._md = md
        self._text = text
        self._inline = inline
        self._html: Markup | None = None

    def __html__(self) -> str:
        if self._html is None:
            render = self._md.render_inline if self._inline else self._md.render
            self._html = render(self._text)
        return str(self._html)

    def __bool__(self) -> bool:
        return bool(self._text.strip())

    def __str__(self) -> str:
        return self.__html__()


def estimate(meta: AnalysisMeta) -> Estimate | None:
    if meta.likelihood is None and meta.confidence is None:
        return None
    words, band = LIKELIHOOD.get(meta.likelihood or "", (None, None))
    return Estimate(words, band, CONFIDENCE.get(meta.confidence or ""))


def plain_text(corpus: Corpus, text: str) -> str:
    """Markdown as plain text, for metadata: links read as their words, no notes."""

    def link(m: re.Match[str]) -> str:
        record = corpus.linkable(m.group(1).strip())
        name = (
            getattr(record.data, "name", None) or getattr(record.data, "title", "")
            if record
            else ""
        )
        return (m.group(2) or name or m.group(1)).strip()

    text = LINK_RE.sub(link, text)
    text = CITE_RE.sub("", text)
    text = re.sub(r"\[\^[^\]]+\]", "", text)
    text = re.sub(r"[*_`#>]", "", text)
    return " ".join(text.split())


def created_date(view: BriefView) -> str:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set, else the brief's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        stamp = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return view.brief.data.date.iso()


def source_entry(record: Record[Source]) -> SourceEntry:
    """The full reference for the sources list."""
    s = record.data
    bits: list[Markup] = [escape(s.publisher)]
    if s.author:
        bits.append(escape(s.author))
    bits.append(Markup("<cite>%s</cite>") % s.title)
    if s.date is not None:
        bits.append(escape(s.date.long()))
    html = Markup(". ").join(bits) + Markup(".")
    if s.accessed is not None:
        html += Markup(" Accessed %s.") % s.accessed.long()
    if s.reliability:
        html += Markup(' <span class="reliability">%s.</span>') % s.reliability.rstrip(".")
    return SourceEntry(f"source-{record.id}", html, s.url)


class PageBuilder:
    """Turn a brief view into a :class:`Page` for one medium."""

    def __init__(
        self, corpus: Corpus, view: BriefView, medium: Medium, assets: str, note_style: NoteStyle
    ) -> None:
        self.corpus = corpus
        self.view = view
        self.medium = medium
        self.assets = assets
        self.shown: dict[str, str] = {}
        for section in view.sections:
            if isinstance(section, ResolvedAgenda):
                self.shown.update((r.id, f"#agenda-{r.id}") for r in section.items)
            elif isinstance(section, ResolvedActors):
                self.shown.update((r.id, f"#actor-{r.id}") for r in section.actors)
            elif isinstance(section, ResolvedSources):
                # Sources have their own namespace: "source:" keeps them apart.
                self.shown.update((f"source:{r.id}", f"#source-{r.id}") for r in section.sources)
        self.notes = NoteSequence()
        self.md = BriefMarkdown(
            corpus,
            note_style=note_style,
            notes=self.notes,
            link_href=self._href,
            image_url=self._image_url,
        )

    def _href(self, id_: str) -> str | None:
        """Where a name links: its entry in the brief, else (on screen) its site page.

        Print keeps a name the brief does not show as plain text: a PDF travels
        without the site.
        """
        href = self.shown.get(id_)
        if href is None and self.medium == "screen":
            if id_ in self.corpus.actors:
                return f"../actors/{id_}/"
            if id_ in self.corpus.agenda:
                return f"../timeline/#agenda-{id_}"
        return href

    def _image_url(self, src: str) -> str:
        name = src.removeprefix("assets/")
        if self.medium == "screen":
            return f"../media/{name}"
        return (self.corpus.root / "content" / "assets" / name).as_uri()

    def _name(self, id_: str) -> Markup:
        record = self.corpus.actors.get(id_)
        name = record.data.name if record else id_
        href = self._href(id_)
        if href:
            return Markup('<a class="entity" href="%s">%s</a>') % (href, name)
        return escape(name)

    def build(self) -> Page:
        v = self.view
        summary = LazyMarkdown(self.md, v.brief.data.summary)
        analysis_shown = {s.analysis.id for s in v.sections if isinstance(s, ResolvedAnalysis)}
        judgments = tuple(
            Judgment(
                r.id,
                r.data.title,
                estimate(r.data) or Estimate(None, None, None),
                f"#{r.id}" if r.id in analysis_shown else None,
            )
            for r in v.key_judgments
        )
        sections = tuple(self._section(section) for section in v.sections)
        toc = tuple((s.anchor, s.title) for s in sections)
        brief = v.brief.data
        marking = v.marking
        if brief.status == "draft":
            marking = f"{marking} · DRAFT" if marking else "DRAFT"
        return Page(
            medium=self.medium,
            view=v,
            summary=summary,
            summary_text=plain_text(self.corpus, v.brief.data.summary),
            created=created_date(v),
            judgments=judgments,
            sections=sections,
            notes=self.notes.notes,
            assets=self.assets,
            marking_line=marking,
            toc=toc,
        )

    def _section(self, section: ResolvedSection) -> Section:
        if isinstance(section, ResolvedAnalysis):
            r = section.analysis
            return Section(
                "analysis",
                r.id,
                r.data.title,
                label=KIND_LABELS[r.data.kind],
                html=LazyMarkdown(self.md, r.body),
                estimate=estimate(r.data),
            )
        if isinstance(section, ResolvedAgenda):
            chart = agenda_timeline(
                [
                    ChartItem(
                        r.data.title,
                        r.data.date,
                        r.data.end,
                        r.data.status,
                        STATUS[r.data.status],
                        date_range(r.data.date, r.data.end),
                    )
                    for r in section.items
                ],
                "agenda-chart",
            )
            items = tuple(map(self._agenda, section.items))
            return Section("agenda", "agenda", "Agenda", items=items, chart=chart)
        if isinstance(section, ResolvedActors):
            return Section(
                "actors", "actors", "Key actors", items=tuple(map(self._actor, section.actors))
            )
        assert isinstance(section, ResolvedSources)
        return Section(
            "sources", "sources", "Sources", items=tuple(map(source_entry, section.sources))
        )

    def _agenda(self, record: Record[AgendaItem]) -> AgendaEntry:
        a = record.data
        summary = LazyMarkdown(self.md, a.summary) if a.summary else None
        outcomes = tuple(LazyMarkdown(self.md, o, inline=True) for o in a.outcomes)
        expected = a.status in ("scheduled", "under-way", "postponed")
        return AgendaEntry(
            anchor=f"agenda-{record.id}",
            title=a.title,
            kind=a.kind.capitalize(),
            when=date_range(a.date, a.end),
            date_iso=a.date.iso(),
            status=STATUS[a.status],
            location=a.location,
            participants=tuple(self._name(p) for p in a.participants),
            summary=summary,
            outcomes_label="Expected outcomes" if expected else "Outcomes",
            outcomes=outcomes,
        )

    def _actor(self, record: Record[Actor]) -> ActorRow:
        a = record.data
        return ActorRow(
            anchor=f"actor-{record.id}",
            name=a.name,
            native_name=a.native_name,
            kind=a.kind,
            role=a.role,
            affiliation=self._name(a.affiliation) if a.affiliation else None,
            country=self._name(a.country) if a.country else None,
        )


#: A template containing this comment keeps notes as endnotes in print too.
ENDNOTES_PRAGMA = "policybrief: endnotes"


def make_environment(theme: Theme) -> jinja2.Environment:
    """A Jinja environment over the theme folders, autoescaping everything."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in theme.folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["LIKELIHOOD"] = LIKELIHOOD
    env.filters["css_string"] = css_string  # base.html's print <style> needs it
    return env


def css_string(value: object) -> Markup:
    """Text for a CSS string in a print-only ``<style>``: quotes escaped, no ``</style>``."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(text.replace("<", "\\3c "))


def render_page(
    env: jinja2.Environment,
    corpus: Corpus,
    view: BriefView,
    *,
    medium: Medium,
    assets: str,
) -> str:
    """Render the brief's template to a complete HTML document."""
    name = f"{view.template}.html"
    template = env.get_template(name)
    note_style: NoteStyle = "endnotes"
    if medium == "print":
        assert env.loader is not None
        source = env.loader.get_source(env, name)[0]
        note_style = "endnotes" if ENDNOTES_PRAGMA in source else "footnotes"
    page = PageBuilder(corpus, view, medium, assets, note_style).build()
    return template.render(
        page=page,
        brief=view.brief.data,
        settings=view.settings,
        organisation=view.settings.organisation,
        generator="policybrief",
    )
