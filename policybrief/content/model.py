"""The content format (DESIGN.md's writers' contract) as typed, frozen models.

These models are the single source of truth for field names, types and
vocabularies: validation runs them, and the JSON Schemas for editors are
generated from them, so the two never drift apart. Cross-file rules (references,
id namespaces) need the whole corpus and live in ``validate.py``.
"""

from __future__ import annotations

import functools
import re
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from policybrief.content.apostrophes import set_apostrophes
from policybrief.content.dates import DateError, PartialDate, Precision
from policybrief.content.languages import valid_tag
from policybrief.content.markings import DEFAULT_MARKINGS
from policybrief.content.numbers import Jobs, MemoryLimit, Seconds
from policybrief.content.tags import tag_key
from policybrief.content.urls import absolute_url_hint, url_problem

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")

ActorKind = Literal["person", "organisation", "state", "body"]
AgendaKind = Literal["visit", "meeting", "session", "summit", "signing", "deadline", "other"]
AgendaStatus = Literal["scheduled", "under-way", "held", "postponed", "cancelled"]
AnalysisKind = Literal[
    "key-judgment", "background", "assessment", "implication",
    "outlook", "recommendation", "indicator",
]  # fmt: skip
BriefStatus = Literal["draft", "final"]
Paper = Literal["A4", "Letter"]
Format = Literal["html", "pdf"]
PdfVariant = Literal["pdf/ua-1", "pdf/a-3b", "plain"]

#: Analysis kinds that may carry a likelihood (key judgments must).
LIKELIHOOD_KINDS = frozenset({"key-judgment", "assessment", "outlook"})


def _date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return PartialDate.parse(value)
        except DateError as exc:
            raise PydanticCustomError(
                "date_format", "{problem}", {"problem": exc.problem, "hint": exc.hint}
            ) from None
    return value


def _day(value: Any) -> Any:
    date = _date(value)
    if isinstance(date, PartialDate) and date.precision is not Precision.DAY:
        raise PydanticCustomError(
            "date_precision",
            "'{value}' must be a full date",
            {"value": str(value), "hint": "write YYYY-MM-DD"},
        )
    return date


def _integer(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(r"\d+", value.strip()):
            raise PydanticCustomError(
                "integer",
                "'{value}' is not a whole number",
                {"value": value, "hint": "write digits only, such as 2"},
            )
        return int(value)
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise PydanticCustomError(
                "boolean",
                "'{value}' is not true or false",
                {"value": value, "hint": "write true or false"},
            )
        return value == "true"
    return value


def _language(value: Any) -> Any:
    if isinstance(value, str) and not (LANGUAGE_RE.fullmatch(value) and valid_tag(value)):
        raise PydanticCustomError(
            "language",
            "'{value}' is not a BCP 47 language tag",
            {"value": value, "hint": "write a language tag such as en, fr, hi or en-GB"},
        )
    return value


def _url(value: Any) -> Any:
    if isinstance(value, str) and (problem := url_problem(value, relative=False)):
        hint = absolute_url_hint(value)  # not URL_HINT: no relative link or #fragment here
        raise PydanticCustomError(
            "url", "'{value}': {problem}", {"value": value, "problem": problem, "hint": hint}
        )
    return value


def _tag(value: str) -> str:
    if not tag_key(value):
        raise PydanticCustomError(
            "tag",
            "'{value}' has nothing to list a tag by: only spaces and dashes",
            {"value": value, "hint": "write the tag's words, such as 'defence' or 'EU sanctions'"},
        )
    return value


_DATE_SCHEMA = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
AnyDate = Annotated[PartialDate, BeforeValidator(_date), WithJsonSchema(_DATE_SCHEMA)]
Day = Annotated[
    PartialDate,
    BeforeValidator(_day),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Integer = Annotated[int, BeforeValidator(_integer), Field(ge=1)]
Boolean = Annotated[bool, BeforeValidator(_boolean)]
Language = Annotated[str, BeforeValidator(_language)]
Text = Annotated[str, Field(min_length=1)]
#: A tag: its key (content/tags.py: case, spaces and dashes folded) may not be
#: empty, or its page would be the site's list of tags (``tags/index.html``).
TagName = Annotated[str, Field(min_length=1), AfterValidator(_tag)]
#: Plain text a reader reads as words (a name, a title, a role): its straight
#: apostrophes are set as ’, as Markdown's are (content/apostrophes.py).
Prose = Annotated[str, Field(min_length=1), AfterValidator(set_apostrophes)]
#: A step of the project's estimative scale (``content/scale.py``), checked
#: against it in ``validate.py``: the scale is the project's choice, not the format's.
Likelihood = Annotated[str, Field(min_length=1, json_schema_extra={"format": "likelihood"})]
#: A confidence level of the project's estimative scale, checked as likelihood is.
Confidence = Annotated[str, Field(min_length=1, json_schema_extra={"format": "confidence"})]
#: ``lint-ignore:``: the code of a finding this file may have -> why it stands.
LintIgnore = Annotated[
    dict[Text, Text],
    Field(alias="lint-ignore", default_factory=dict, description="finding code: reason"),
]
#: A web or e-mail address printed as a link (:mod:`policybrief.content.urls` decides which).
Url = Annotated[
    str, Field(min_length=1, json_schema_extra={"format": "uri"}), BeforeValidator(_url)
]


def _base_url(value: Any) -> Any:
    if isinstance(value, str) and any(c in value for c in "?# \t"):
        raise PydanticCustomError(
            "url",
            "'{value}': the site's address may hold no query, fragment or space",
            {
                "value": value,
                "hint": "write the folder's address, such as https://intranet.example/briefs/ "
                "(a space as %20)",
            },
        )
    return value


#: The site's published address: every feed id and link is made from it, so a
#: query or fragment would end up inside each (``…?x=1#frag/brief/``).
BaseUrl = Annotated[Url, AfterValidator(_base_url)]
#: Markdown text; ``validate.py`` checks the references inside it.
Markdown = Annotated[str, Field(min_length=1, json_schema_extra={"format": "markdown"})]
#: The id of another entity; existence is checked against the corpus.
Ref = Annotated[str, Field(min_length=1, description="id of another entity")]
Auto = Literal["auto"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Actor(_Model):
    """``content/actors/<id>.yaml``: a person, organisation, state or body."""

    name: Prose
    native_name: Text | None = None
    #: BCP 47 tag of ``native_name``; by default the one its script tells (languages.py).
    native_lang: Language | None = None
    kind: ActorKind
    role: Prose | None = None
    country: Ref | None = None
    affiliation: Ref | None = None
    aliases: tuple[Prose, ...] = ()
    summary: Markdown | None = None
    sources: tuple[Ref, ...] = ()


class AgendaItem(_Model):
    """``content/agenda/<id>.yaml``: a visit, session, summit, deadline…"""

    title: Prose
    kind: AgendaKind
    date: AnyDate
    end: AnyDate | None = None
    location: Prose | None = None
    participants: tuple[Ref, ...] = ()
    status: AgendaStatus
    outcomes: tuple[Markdown, ...] = ()
    summary: Markdown | None = None
    sources: tuple[Ref, ...] = ()


class AnalysisMeta(_Model):
    """Front matter of ``content/analysis/<id>.md``; the body is Markdown."""

    title: Prose
    kind: AnalysisKind
    likelihood: Likelihood | None = None
    confidence: Confidence | None = None
    tags: tuple[TagName, ...] = ()
    sources: tuple[Ref, ...] = ()
    lint_ignore: LintIgnore


class Source(_Model):
    """``content/sources/<id>.yaml``: something cited; its URL is printed, never fetched."""

    title: Prose
    publisher: Prose
    author: Prose | None = None
    date: AnyDate | None = None
    url: Url | None = None
    accessed: AnyDate | None = None
    reliability: Text | None = None
    lint_ignore: LintIgnore


# The four section entries of a brief manifest's ``sections:`` list, one class
# per kind. They carry comments, not docstrings: pydantic would publish a
# docstring as the editors' JSON Schema description.


# ``- analysis: <id>``: one analysis section's text.
class AnalysisSection(_Model):
    analysis: Ref


# ``- agenda: auto`` (the agenda items the brief's text links to, or whose
# participants it links to) or a list of agenda item ids.
class AgendaSection(_Model):
    agenda: Auto | tuple[Ref, ...]


# ``- actors: auto`` (the actors the brief mentions, in order of first mention)
# or a list of actor ids.
class ActorsSection(_Model):
    actors: Auto | tuple[Ref, ...]


# ``- sources: auto``: the sources the brief cites, then those its entities list;
# never a hand-picked list.
class SourcesSection(_Model):
    sources: Auto


SECTION_KINDS = ("analysis", "agenda", "actors", "sources")


def _section_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for kind in SECTION_KINDS:
            if kind in value:
                return kind
        return None
    if isinstance(value, BaseModel):
        return next(k for k in SECTION_KINDS if hasattr(value, k))
    return None


Section = Annotated[
    Annotated[AnalysisSection, Tag("analysis")]
    | Annotated[AgendaSection, Tag("agenda")]
    | Annotated[ActorsSection, Tag("actors")]
    | Annotated[SourcesSection, Tag("sources")],
    Discriminator(_section_kind),
]


#: The most characters a marking may have: it sets on one line at the top and
#: foot of every page (``check`` refuses a longer one).
MARKING_LIMIT = 60
#: The most characters a brief's ``product_id`` may have (it shares the foot's line).
PRODUCT_ID_LIMIT = 40


class Brief(_Model):
    """``briefs/<slug>.yaml``: what goes into one brief, in what order."""

    title: Prose
    subtitle: Prose | None = None
    date: Day
    edition: Integer = 1
    status: BriefStatus = "draft"
    authors: tuple[Prose, ...] = ()
    marking: Text | None = None
    audience: Prose | None = None
    distribution: Prose | None = None
    language: Language | None = None
    template: Text | None = None
    paper: Paper | None = None
    #: The product identifier printed on page 1, in the running foot and the PDF's
    #: metadata; default: the slug in capitals and the edition, ``SLUG-E2``.
    product_id: Text | None = None
    #: The most pages the PDF may run to; the build warns, naming what overflows.
    max_pages: Integer | None = None
    summary: Markdown
    key_judgments: tuple[Ref, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)
    outputs: tuple[Format, ...] = ("html", "pdf")
    tags: tuple[TagName, ...] = ()
    #: Under each key judgment, how many of its sources carry each reliability note.
    source_summary: Boolean = False
    lint_ignore: LintIgnore


# ``site:`` in ``policybrief.yaml``: the intranet site's title, its absolute
# URL for the feed (None: the feed has relative links) and whether draft
# briefs are listed. A comment, not a docstring, for the reason above.
class _Documented(_Model):
    """A settings model whose fields' docstrings are their descriptions.

    The descriptions reach the editors' schema, the commented settings file that
    ``init`` writes and the settings reference in docs/, so a new setting is
    documented everywhere by its docstring; ``examples`` gives a sample value
    where the default is none.
    """

    model_config = ConfigDict(**_Model.model_config, use_attribute_docstrings=True)


class SiteSettings(_Documented):
    """The ``site:`` settings: the intranet site around the briefs."""

    title: Prose = "Policy briefs"
    """The intranet site's title, in its header and the feed."""
    base_url: BaseUrl | None = Field(default=None, examples=["https://intranet.example/briefs/"])
    """The site's address; makes the feed's ids and links absolute."""
    include_drafts: Boolean = False
    """List draft briefs on the site's pages, feed and search (true or false)."""


class Settings(_Documented):
    """``policybrief.yaml``: project settings; every key has a default."""

    organisation: Prose | None = Field(default=None, examples=["Policy Analysis Unit"])
    """The organisation's name: in each brief's title block and foot, and the site's header."""
    marking: Text | None = Field(default=None, examples=["UNCLASSIFIED"])
    """The marking banner of briefs that set none; with neither, no banner."""
    markings: tuple[Text, ...] = DEFAULT_MARKINGS
    """Markings from lowest to highest: a site page carries the highest of its briefs'."""
    paper: Paper = "A4"
    """Paper size, A4 or Letter; a brief may set its own."""
    template: Text = "brief"
    """The template of briefs that set none: brief, one-pager or one in templates/."""
    language: Language = "en"
    """The BCP 47 language tag of briefs that set none (the page's lang, hyphenation)."""
    site: SiteSettings = SiteSettings()
    """The intranet site."""
    jobs: Jobs | None = Field(default=None, examples=[4])
    """PDF worker processes (build --jobs); default: the number of CPUs."""
    timeout: Seconds | None = Field(default=None, examples=[120])
    """Seconds one brief's PDF may take to render (build --timeout); default: 120."""
    memory_limit: MemoryLimit | None = Field(default=None, examples=[4096])
    """MiB one PDF worker may use, 512 to 1048576 (build --memory-limit); default: 2048."""
    pdf_variant: PdfVariant = "pdf/ua-1"
    """pdf/ua-1 (tagged, accessible), pdf/a-3b (archival, sources attached) or plain."""
    strict: Boolean = False
    """Treat warnings as errors in check and build (true or false; --strict)."""
    estimative_scale: Text = Field(default="icd203", examples=["uk-yardstick"])
    """The estimative scale: icd203, uk-yardstick or a team's own scale file (a path)."""
    allow_missing_glyphs: Boolean = False
    """No theme font covering a character is a warning in a final brief too (true or false)."""


#: Content folder name → model of its files.
CONTENT_MODELS: dict[str, type[_Model]] = {
    "actors": Actor,
    "agenda": AgendaItem,
    "analysis": AnalysisMeta,
    "sources": Source,
}


def _holds_text(hint: Any) -> bool:
    """True when ``hint`` is :data:`Text` or :data:`Prose`, or an optional or a tuple of one."""
    if hint in (Text, Prose):
        return True
    if typing.get_origin(hint) is Annotated:
        return False  # another annotated string: Markdown, Ref, Language…
    return any(_holds_text(arg) for arg in typing.get_args(hint) if arg is not Ellipsis)


def plain_text_fields(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """The fields of ``model`` that hold plain text (names, titles), not Markdown.

    Maps each such field to None, and each field holding a nested model (the
    site settings) to that model, whose own plain fields count too.
    """
    return dict(_plain_text_fields(model))


@functools.cache
def _plain_text_fields(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    # Once per model: reading its type hints costs as much as validating a file.
    found: dict[str, type[BaseModel] | None] = {}
    for name, hint in typing.get_type_hints(model, include_extras=True).items():
        if name not in model.model_fields:
            continue
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            found[name] = hint
        elif _holds_text(hint):
            found[name] = None
    return found
