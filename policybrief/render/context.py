"""What a brief template receives: the theme's contract.

A brief template is rendered with ``page`` (a :class:`Page`), ``brief`` (the
manifest, ``content/model.py``'s ``Brief``), ``settings``, ``organisation`` and
``generator``. The classes here, with :class:`~policybrief.render.markdown.Note`
for ``page.notes``, are everything a theme author may rely on; keep their names
and fields stable, as themes outside this repository read them.
``render/page.py`` fills them from a brief view; templates only lay them out
and never select content.

Conventions for every field below: *HTML* fields are ``Markup`` (or
:class:`LazyMarkdown`), safe to print as they are; every other text is plain and
autoescaped by Jinja. An *anchor* is an HTML ``id`` without ``#``; an *href* is
a URL relative to the page (``#id`` within it). Words are English, as printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from policybrief.render.furniture import Foot
from policybrief.render.markdown import BriefMarkdown, Medium, Note
from policybrief.render.resolve import BriefView


@dataclass(frozen=True)
class Estimate:
    """An analytic judgment's likelihood and confidence, in ICD 203 words.

    - ``likelihood``: the likelihood term, e.g. ``"Likely"``; None when not given.
    - ``range``: its probability range, e.g. ``"55–80%"``; None with ``likelihood``.
    - ``confidence``: e.g. ``"High confidence"``; None when not given.
    """

    likelihood: str | None
    range: str | None
    confidence: str | None


@dataclass(frozen=True)
class Judgment:
    """One key judgment, as the key judgments list shows it.

    - ``id``: the analysis section's id (its file name without ``.md``).
    - ``title``: its title, plain text.
    - ``estimate``: its :class:`Estimate`; every field None when it gives none.
    - ``href``: ``#<id>`` when the brief also shows the section in full, else None.
    - ``sources``: the brief's ``source_summary: true`` only: (reliability
      group, number of sources) for the sources that support it, e.g.
      ``(("Official statement", 2),)``; empty otherwise.
    """

    id: str
    title: str
    estimate: Estimate
    href: str | None
    sources: tuple[tuple[str, int], ...] = ()

    @property
    def source_count(self) -> int:
        """How many sources support the judgment (0 without a source summary)."""
        return sum(n for _, n in self.sources)


@dataclass(frozen=True)
class ScaleBox:
    """The estimative scale the brief's likelihoods follow, for the scale box.

    - ``name``: e.g. ``"ICD 203"``; ``note``: the sentence that introduces it.
    - ``steps``: (words, range) of each step, least likely first, e.g. ``("Likely", "55–80%")``.
    """

    name: str
    note: str
    steps: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class JudgmentChange:
    """One line of "What changed since edition N".

    - ``change``: ``"added"``, ``"removed"`` or ``"revised"``; ``label``: it in words.
    - ``title``: the judgment's title (as the earlier edition had it when removed).
    - ``details``: for a revised judgment, each change as ``(what, before, after)``,
      e.g. ``("Likelihood", "Likely", "Very likely")``; empty otherwise.
    """

    change: str
    label: str
    title: str
    details: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class EditionChanges:
    """How the key judgments changed since the earlier edition (read from git history).

    - ``since``: the earlier edition's number; ``commit``: the commit it was read from.
    - ``items``: the :class:`JudgmentChange` lines; empty when nothing changed.
    """

    since: int
    commit: str
    items: tuple[JudgmentChange, ...]


@dataclass(frozen=True)
class Section:
    """One section of the brief, in the manifest's order; ``kind`` picks its layout.

    - ``kind``: ``"analysis"``, ``"agenda"``, ``"actors"`` or ``"sources"``.
    - ``anchor``: the section's HTML id: ``section-<analysis id>``, or the kind
      (``agenda``, ``actors``, ``sources``) for the others.
    - ``heading_anchor``: its heading's HTML id, ``title-<anchor>`` (for
      ``aria-labelledby``); no other id of a page has that form.
    - ``title``: the heading, plain text (``"Agenda"``, ``"Key actors"``, ``"Sources"``).
    - ``label``: analysis only: the kicker above the title, e.g. ``"Outlook"`` or
      ``"Key judgment 2"``; empty when the title names the kind already.
    - ``html``: analysis only: the body as HTML; None for the other kinds.
    - ``estimate``: analysis only: its :class:`Estimate`, None when it gives none.
    - ``items``: the rows: :class:`AgendaRow` (agenda), :class:`ActorRow` (actors)
      or :class:`SourceEntry` (sources); empty for analysis.
    - ``chart``: agenda only: the timeline as a numbered figure (HTML: a
      ``<figure>`` with its caption, the inline SVG and its source line), None
      when the agenda has fewer than two items. Its rows are numbered in the
      order of ``items``: print the items' numbers (``loop.index``) beside them.
    """

    kind: str
    anchor: str
    title: str
    label: str = ""
    html: LazyMarkdown | None = None
    estimate: Estimate | None = None
    items: tuple[Any, ...] = ()
    chart: LazyHtml | None = None

    @property
    def heading_anchor(self) -> str:
        """The id of the section's heading: ``title-<anchor>``."""
        # Not "<anchor>-title": ids are slugs, so "section-a-title" could be a
        # section's anchor as well as section "a"'s heading.
        return f"title-{self.anchor}"


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item, a row of the brief's agenda timeline.

    - ``anchor``: ``agenda-<id>``.
    - ``title``: plain text.
    - ``kind``: the item's kind, capitalised, e.g. ``"Meeting"``.
    - ``when``: the date or date range in words, e.g. ``"4–5 December 2025"``,
      ``"December 2025"``: never a day that is not known.
    - ``date_iso``: the start date as ISO 8601 text at the precision known
      (``2025``, ``2025-12`` or ``2025-12-04``), for ``<time datetime>``.
    - ``status``: the status in words, e.g. ``"Under way"``.
    - ``location``: plain text, or None.
    - ``participants``: each participant's name as HTML, a link when it has an href.
    - ``summary``: HTML, or None when the item has none.
    - ``outcomes_label``: ``"Expected outcomes"`` before the event, else ``"Outcomes"``.
    - ``outcomes``: each outcome as one line of inline HTML.
    """

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
    """One actor, a row of the brief's actors table.

    - ``anchor``: ``actor-<id>``.
    - ``name``, ``native_name`` (or None), ``role`` (or None): plain text.
    - ``native_lang``, ``native_dir``: the native name's BCP 47 tag ("" when
      unknown) and direction (``ltr`` or ``rtl``), for its ``lang`` and ``dir``.
    - ``kind``: the content value as written: ``"person"``, ``"organisation"``, ...
    - ``affiliation``, ``country``: that actor's name as HTML (a link when it has
      an href), or None.
    """

    anchor: str
    name: str
    native_name: str | None
    kind: str
    role: str | None
    affiliation: Markup | None
    country: Markup | None
    native_lang: str = ""
    native_dir: str = "ltr"


@dataclass(frozen=True)
class SourceEntry:
    """One source in full, an entry of the sources list.

    - ``anchor``: ``source-<id>``.
    - ``html``: the reference as HTML: publisher, author, ``<cite>`` title, date,
      access date and reliability note.
    - ``url``: the source's own absolute URL, or None.
    """

    anchor: str
    html: Markup
    url: str | None


@dataclass(frozen=True)
class PdfLink:
    """The brief's PDF, for the download link of its web page.

    - ``href``: its address relative to the page (``<slug>.pdf``).
    - ``pages``: its length in words, e.g. ``"9 pages"``.
    """

    href: str
    pages: str


@dataclass
class Page:
    """Everything about the brief a template receives, as ``page``.

    - ``medium``: ``"screen"`` (``output/<slug>/index.html``) or ``"print"`` (the PDF).
    - ``view``: the resolved brief (``render/resolve.py``'s ``BriefView``), e.g.
      ``view.language`` (a BCP 47 tag such as ``en``) and ``view.paper`` (a CSS
      ``@page`` size such as ``A4``).
    - ``summary``: the bottom line as HTML.
    - ``summary_text``: the bottom line as plain text, for ``<meta>``.
    - ``created``: ISO 8601 text: ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) from
      ``SOURCE_DATE_EPOCH`` when set, else the brief's date.
    - ``judgments``: the key judgments (:class:`Judgment`), in the manifest's order.
    - ``sections``: the sections (:class:`Section`), in the manifest's order.
    - ``notes``: the note sequence (``Note``: ``number``, ``html``). It fills as the
      template prints text that calls notes, so print it after that text.
    - ``assets``: URL prefix of the theme's files, ending in ``/``: ``../assets/``
      on screen, a ``file:`` URL of the theme folder in print.
    - ``marking_line``: the security marking, ``"<marking> · DRAFT"`` or ``"DRAFT"``
      for a draft; None when there is neither.
    - ``marking_size``: the marking's type size in points in print, small enough
      to set it on one line (``render/furniture.py``); 0 without a marking.
    - ``product_id``: the brief's product identifier (``product_id``, else ``SLUG-E<n>``).
    - ``address``: the brief's page on the site when ``site.base_url`` is set, else None.
    - ``foot``: the running foot's one line (:class:`~policybrief.render.furniture.Foot`).
    - ``toc``: (anchor, title) of each section, for a table of contents.
    - ``scale``: the :class:`ScaleBox` of the project's estimative scale.
    - ``changes``: :class:`EditionChanges` for a brief past its first edition
      whose earlier edition git history shows; None otherwise.
    - ``pdf``: screen only: the :class:`PdfLink` of the brief's PDF when the
      build makes one; None otherwise.
    """

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
    marking_size: float = 0.0
    product_id: str = ""
    address: str | None = None
    foot: Foot | None = None
    toc: tuple[tuple[str, str], ...] = field(default=())
    scale: ScaleBox | None = None
    changes: EditionChanges | None = None
    pdf: PdfLink | None = None


class LazyMarkdown:
    """Markdown rendered when the template first prints it.

    Prints as HTML; is false when the text is blank. Notes are numbered as they
    are rendered, so rendering in the order the template prints gives one note
    sequence in the page's reading order, and a text the template does not show
    takes no note number.
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


class LazyHtml:
    """HTML made when the template first prints it, so that it takes its number
    (a figure's) in the page's reading order."""

    def __init__(self, make: Callable[[], Markup]) -> None:
        self._make = make
        self._html: Markup | None = None

    def __html__(self) -> str:
        if self._html is None:
            self._html = self._make()
        return str(self._html)

    def __str__(self) -> str:
        return self.__html__()
