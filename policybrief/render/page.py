"""Build a brief's template context, a :class:`~policybrief.render.context.Page`.

The same brief view becomes a page twice: for the ``screen`` medium (names the
brief does not show link to their site pages, images come from ``../media/``)
and for ``print`` (such names stay plain text, images come from ``content/``).
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import quote

from markupsafe import Markup, escape

from policybrief.content.corpus import Corpus, Record
from policybrief.content.languages import direction, name_language, text_direction
from policybrief.content.model import Actor, AgendaItem, AnalysisMeta, Source
from policybrief.content.scale import Scale
from policybrief.content.sourcing import source_summary
from policybrief.content.urls import safe_url
from policybrief.render.bidi import isolate_fields
from policybrief.render.changes import edition_changes
from policybrief.render.chart import ChartItem, agenda_timeline, caption
from policybrief.render.context import (
    ActorRow,
    AgendaRow,
    Estimate,
    Judgment,
    LazyHtml,
    LazyMarkdown,
    Page,
    ScaleBox,
    Section,
    SourceEntry,
)
from policybrief.render.furniture import (
    marking_size,
    product_id,
    running_foot,
    site_address,
)
from policybrief.render.labels import KIND_LABELS, STATUS, date_range
from policybrief.render.markdown import (
    BriefMarkdown,
    Medium,
    NoteSequence,
    NoteStyle,
    plain_text,
    short_form,
)
from policybrief.render.resolve import (
    BriefView,
    ResolvedActors,
    ResolvedAgenda,
    ResolvedAnalysis,
    ResolvedSection,
    ResolvedSources,
)


def estimate(meta: AnalysisMeta, scale: Scale) -> Estimate | None:
    """Return the words for an analysis section's likelihood and confidence on ``scale``.

    None if it gives neither; a part it does not give is None in the estimate.
    """
    if meta.likelihood is None and meta.confidence is None:
        return None
    step = scale.step(meta.likelihood)
    words, band = (step.label, step.band) if step else (None, None)
    return Estimate(words, band, scale.confidence_label(meta.confidence))


def scale_box(scale: Scale) -> ScaleBox:
    """The scale box of ``scale``: its name, its note and each step's words and range."""
    return ScaleBox(scale.name, scale.note, tuple(scale.likelihoods.values()))


def section_anchor(analysis_id: str) -> str:
    """The HTML id of an analysis section: ``section-<id>``.

    The prefix keeps writers' ids apart from the page's own anchors (``main``,
    ``sources``, ``toc``…), as ``actor-``, ``agenda-`` and ``source-`` do for entries.
    """
    return f"section-{analysis_id}"


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
    values = [s.publisher, *([s.author] if s.author else []), s.title]
    if s.date is not None:
        values.append(s.date.long())
    bits = isolate_fields(*values)
    title = 2 if s.author else 1
    bits[title] = Markup("<cite>%s</cite>") % bits[title]
    html = Markup(". ").join(bits) + Markup(".")
    if s.accessed is not None:
        html += Markup(" Accessed %s.") % s.accessed.long()
    if s.reliability:
        html += Markup(' <span class="reliability">%s.</span>') % s.reliability.rstrip(".")
    # check refuses any other address; this keeps one that slipped past it off the page.
    url = safe_url(s.url, relative=False) if s.url else None
    return SourceEntry(f"source-{record.id}", html, url)


class PageBuilder:
    """Turn a brief view into a :class:`Page` for one medium."""

    def __init__(
        self, corpus: Corpus, view: BriefView, medium: Medium, assets: str, note_style: NoteStyle
    ) -> None:
        """Prepare the page of ``view`` for ``medium`` ("screen" or "print").

        ``assets`` is the URL prefix of the theme's files; ``note_style`` says
        whether notes are footnotes or endnotes (print templates choose).
        """
        self.corpus = corpus
        self.view = view
        self.medium = medium
        self.assets = assets
        # The brief's own sections, for a writer's ``[text](#agenda)``; an
        # analysis section of the same id wins (it is what the writer named).
        kinds = (ResolvedAgenda, ResolvedActors, ResolvedSources)
        self.shown = {
            f"section:{kind}": f"#{kind}"
            for kind, cls in zip(("agenda", "actors", "sources"), kinds, strict=True)
            if any(isinstance(s, cls) for s in view.sections)
        }
        for section in view.sections:
            if isinstance(section, ResolvedAgenda):
                self.shown.update((r.id, f"#agenda-{r.id}") for r in section.items)
            elif isinstance(section, ResolvedActors):
                self.shown.update((r.id, f"#actor-{r.id}") for r in section.actors)
            elif isinstance(section, ResolvedSources):
                # Sources have their own namespace: "source:" keeps them apart.
                self.shown.update((f"source:{r.id}", f"#source-{r.id}") for r in section.sources)
            elif isinstance(section, ResolvedAnalysis):
                # A writer's ``[text](#id)`` to an analysis section lands on its anchor.
                self.shown[f"section:{section.analysis.id}"] = (
                    f"#{section_anchor(section.analysis.id)}"
                )
        self.notes = NoteSequence()
        self.md = BriefMarkdown(
            corpus,
            note_style=note_style,
            notes=self.notes,
            link_href=self._href,
            image_url=self._image_url,
            language=view.language,
        )

    def _href(self, id_: str) -> str | None:
        """Where a name links: its entry in the brief, else (on screen) its site page.

        Print keeps a name the brief does not show as plain text: a PDF travels
        without the site.
        """
        href = self.shown.get(id_)
        if href is None and self.medium == "screen":
            if id_ in self.corpus.actors:
                return f"../actors/{id_}/index.html"
            if id_ in self.corpus.agenda:
                return f"../timeline/index.html#agenda-{id_}"
        return href

    def _image_url(self, src: str) -> str:
        if self.medium == "screen":
            # A URL: a space or an accent in the name is percent-encoded.
            return "../media/" + quote(src.removeprefix("assets/"))
        return self.corpus.asset_path(src).as_uri()

    def _name(self, id_: str) -> Markup:
        record = self.corpus.actors.get(id_)
        name = record.data.name if record else id_
        href = self._href(id_)
        if href:
            return Markup('<a class="entity" href="%s">%s</a>') % (href, name)
        return escape(name)

    def build(self) -> Page:
        """The page; its Markdown renders (and its notes fill) as the template prints it."""
        v = self.view
        summary = LazyMarkdown(self.md, v.brief.data.summary)
        analysis_shown = {s.analysis.id for s in v.sections if isinstance(s, ResolvedAnalysis)}
        scale = self.corpus.scale
        summary_wanted = v.brief.data.source_summary
        judgments = tuple(
            Judgment(
                r.id,
                r.data.title,
                estimate(r.data, scale) or Estimate(None, None, None),
                f"#{section_anchor(r.id)}" if r.id in analysis_shown else None,
                source_summary(self.corpus, r) if summary_wanted else (),
            )
            for r in v.key_judgments
        )
        past = v.past_edition
        sections = tuple(self._section(section) for section in v.sections)
        toc = tuple((s.anchor, s.title) for s in sections)
        brief = v.brief.data
        marking = v.marking
        if brief.status == "draft":
            marking = f"{marking} · DRAFT" if marking else "DRAFT"
        identifier = product_id(v.slug, brief.edition, brief.product_id)
        address = site_address(v.settings.site.base_url, v.slug)
        foot = running_foot(identifier, address, brief.date.long(), v.settings.organisation)
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
            marking_size=marking_size(marking) if marking else 0.0,
            product_id=identifier,
            address=address,
            foot=foot,
            toc=toc,
            scale=scale_box(scale),
            changes=edition_changes(past, v.key_judgments, scale) if past else None,
        )

    def _section(self, section: ResolvedSection) -> Section:
        if isinstance(section, ResolvedAnalysis):
            r = section.analysis
            return Section(
                "analysis",
                section_anchor(r.id),
                r.data.title,
                label=self._kicker(r.id, r.data.kind, r.data.title),
                html=LazyMarkdown(self.md, r.body),
                estimate=estimate(r.data, self.corpus.scale),
            )
        if isinstance(section, ResolvedAgenda):
            chart = self._agenda_chart(section) if len(section.items) > 1 else None
            items = tuple(map(self._agenda_row, section.items))
            return Section("agenda", "agenda", "Agenda", items=items, chart=chart)
        if isinstance(section, ResolvedActors):
            rows = tuple(map(self._actor_row, section.actors))
            return Section("actors", "actors", "Key actors", items=rows)
        entries = tuple(map(source_entry, section.sources))
        return Section("sources", "sources", "Sources", items=entries)

    def _kicker(self, id_: str, kind: str, title: str) -> str:
        """The label over an analysis section's title, when it says something the title does not.

        A key judgment's carries its number in the key judgments box ("Key
        judgment 2"); another kind's label is left out when the title already
        names it ("Recommendations" over "Recommendations", "Indicators" over
        "Indicators to watch").
        """
        label = KIND_LABELS[kind]
        numbers = [r.id for r in self.view.key_judgments]
        if kind == "key-judgment" and id_ in numbers:
            return f"{label} {numbers.index(id_) + 1}"
        stem = label.lower().removesuffix("s")
        return "" if stem in title.lower() else label

    def _agenda_row(self, record: Record[AgendaItem]) -> AgendaRow:
        a = record.data
        summary = LazyMarkdown(self.md, a.summary) if a.summary else None
        outcomes = tuple(LazyMarkdown(self.md, o, inline=True) for o in a.outcomes)
        expected = a.status in ("scheduled", "under-way", "postponed")
        return AgendaRow(
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

    def _agenda_chart(self, section: ResolvedAgenda) -> LazyHtml:
        """The agenda's timeline as a figure, numbered when the template prints it."""
        items = [
            ChartItem(
                r.data.title,
                r.data.date,
                r.data.end,
                r.data.status,
                STATUS[r.data.status],
                date_range(r.data.date, r.data.end),
            )
            for r in section.items
        ]
        cited = dict.fromkeys(s for r in section.items for s in r.data.sources)
        sources = [self.corpus.sources[s] for s in cited if s in self.corpus.sources]

        def figure() -> Markup:
            number = self.md.next_figure
            self.md.next_figure += 1
            # Not "agenda-chart": that is the anchor of an agenda item with the id "chart".
            svg = agenda_timeline(items, "timeline-chart")
            source = Markup("")
            # The caption is the theme's English; on a page in another language it
            # says so (lang), and on a right-to-left page reads left to right:
            # "Agenda, December 2025 Figure 1." read backwards.
            rtl = direction(self.view.language) == "rtl"
            english = self.view.language.split("-")[0].lower() == "en"
            caption_attrs = Markup("" if english else ' lang="en"') + Markup(
                ' dir="ltr"' if rtl else ""
            )
            if sources:
                forms = Markup("; ").join(self._source_form(r) for r in sources)
                word = "Sources:" if len(sources) > 1 else "Source:"
                source_dir = Markup(
                    ' dir="ltr"' if rtl and text_direction(forms.striptags()) == "ltr" else ""
                )
                source = Markup(
                    '<p class="exhibit-source"{}><span class="source-label">{}</span> {}.</p>'
                ).format(source_dir, word, forms)
            return Markup(
                '<figure class="exhibit exhibit-chart agenda-chart"><figcaption{attrs}>'
                '<span class="exhibit-label">Figure {n}.</span> {title}</figcaption>'
                # Focusable, so a keyboard can scroll it where it scrolls sideways (phones).
                '<div class="chart-frame" tabindex="0" role="group" '
                'aria-label="Figure {n}, the agenda timeline">{svg}</div>{source}</figure>'
            ).format(n=number, title=caption(items), svg=svg, source=source, attrs=caption_attrs)

        return LazyHtml(figure)

    def _source_form(self, record: Record[Source]) -> Markup:
        """A source's short form, linked to its entry when the brief lists it."""
        form = short_form(record.data, None)
        href = self._href(f"source:{record.id}")
        return (
            Markup('<a class="source-link" href="{}">{}</a>').format(href, form) if href else form
        )

    def _actor_row(self, record: Record[Actor]) -> ActorRow:
        a = record.data
        lang, dir_ = name_language(a.native_name, a.native_lang) if a.native_name else ("", "ltr")
        return ActorRow(
            anchor=f"actor-{record.id}",
            name=a.name,
            native_name=a.native_name,
            kind=a.kind,
            role=a.role,
            affiliation=self._name(a.affiliation) if a.affiliation else None,
            country=self._name(a.country) if a.country else None,
            native_lang=lang,
            native_dir=dir_,
        )
