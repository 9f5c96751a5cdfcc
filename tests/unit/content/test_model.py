"""The content models: defaults, coercion from typed text, immutability, JSON Schema."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, ValidationError

from policybrief.content.dates import PartialDate, Precision
from policybrief.content.model import (
    CONTENT_MODELS,
    ActorsSection,
    AgendaItem,
    AgendaSection,
    AnalysisMeta,
    AnalysisSection,
    Brief,
    Settings,
    SiteSettings,
    Source,
    SourcesSection,
)

BRIEF = {
    "title": "A brief",
    "date": "2025-12-01",
    "summary": "Text.",
    "sections": [{"analysis": "background"}],
}
AGENDA = {"title": "Talks", "kind": "meeting", "date": "2025-12", "status": "held"}


def brief(**changes: object) -> Brief:
    return Brief.model_validate({**BRIEF, **changes})


def test_brief_defaults() -> None:
    b = brief()
    assert b.edition == 1
    assert b.status == "draft"
    assert b.outputs == ("html", "pdf")
    assert b.key_judgments == ()
    assert b.authors == ()
    assert b.tags == ()
    assert (b.subtitle, b.marking, b.language, b.template, b.paper) == (None,) * 5
    assert b.date == PartialDate(2025, 12, 1)


def test_settings_defaults() -> None:
    s = Settings()
    assert s.organisation is None
    assert s.marking is None
    assert s.paper == "A4"
    assert s.template == "brief"
    assert s.language == "en"
    assert s.site == SiteSettings(title="Policy briefs", base_url=None, include_drafts=False)
    assert s.jobs is None
    assert s.timeout is None
    assert s.pdf_variant == "pdf/ua-1"
    assert s.strict is False


def test_analysis_defaults() -> None:
    a = AnalysisMeta.model_validate({"title": "T", "kind": "background"})
    assert (a.likelihood, a.confidence, a.tags, a.sources) == (None, None, (), ())


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Brief, BRIEF),
        (AgendaItem, AGENDA),
        (Settings, {}),
        (Source, {"title": "T", "publisher": "P"}),
    ],
)
def test_models_are_frozen(model: type[BaseModel], data: dict[str, object]) -> None:
    instance = model.model_validate(data)
    field = next(iter(model.model_fields))
    with pytest.raises(ValidationError, match="frozen"):
        setattr(instance, field, "changed")


@pytest.mark.parametrize("model", [*CONTENT_MODELS.values(), Brief, Settings, SiteSettings])
def test_unknown_fields_are_refused(model: type[BaseModel]) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate({"no_such_field": "x"})
    assert "extra_forbidden" in {e["type"] for e in info.value.errors()}


def test_text_is_coerced_where_the_format_says_so() -> None:
    b = brief(edition="2")
    assert b.edition == 2
    s = Settings.model_validate(
        {"jobs": "4", "timeout": "60", "strict": "true", "site": {"include_drafts": "false"}}
    )
    assert (s.jobs, s.timeout, s.strict, s.site.include_drafts) == (4, 60, True, False)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"edition": "one"}, "integer"),
        ({"edition": "0"}, "greater_than_equal"),
        ({"edition": "-1"}, "integer"),
        ({"date": "2025-12"}, "date_precision"),
        ({"date": "2025"}, "date_precision"),
        ({"date": "2025-02-30"}, "date_format"),
        ({"language": "English"}, "language"),
        ({"paper": "a4"}, "literal_error"),
        ({"sections": []}, "too_short"),
        ({"summary": ""}, "string_too_short"),
    ],
)
def test_brief_errors(data: dict[str, object], kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        brief(**data)
    assert [e["type"] for e in info.value.errors()] == [kind]


@pytest.mark.parametrize("value", ["yes", "no", "True", "1", "on"])
def test_booleans_are_true_or_false_only(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        Settings.model_validate({"strict": value})
    assert info.value.errors()[0]["type"] == "boolean"


def test_agenda_dates_keep_their_precision() -> None:
    item = AgendaItem.model_validate({**AGENDA, "end": "2026"})
    assert item.date.precision is Precision.MONTH
    assert item.end == PartialDate(2026)


def test_sections_are_told_apart_by_their_key() -> None:
    b = brief(
        sections=[
            {"analysis": "background"},
            {"agenda": "auto"},
            {"agenda": ["summit", "talks"]},
            {"actors": "auto"},
            {"actors": ["ann-smith"]},
            {"sources": "auto"},
        ]
    )
    assert b.sections == (
        AnalysisSection(analysis="background"),
        AgendaSection(agenda="auto"),
        AgendaSection(agenda=("summit", "talks")),
        ActorsSection(actors="auto"),
        ActorsSection(actors=("ann-smith",)),
        SourcesSection(sources="auto"),
    )


@pytest.mark.parametrize(
    ("section", "kind"),
    [
        ({"analyis": "x"}, "union_tag_not_found"),
        ({"sources": ["a"]}, "literal_error"),
        ({"analysis": "x", "extra": "y"}, "extra_forbidden"),
    ],
)
def test_bad_sections(section: dict[str, object], kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        brief(sections=[section])
    assert kind in {e["type"] for e in info.value.errors()}


@pytest.mark.parametrize(
    ("model", "required"),
    [
        (CONTENT_MODELS["actors"], ["name", "kind"]),
        (CONTENT_MODELS["agenda"], ["title", "kind", "date", "status"]),
        (CONTENT_MODELS["analysis"], ["title", "kind"]),
        (CONTENT_MODELS["sources"], ["title", "publisher"]),
        (Brief, ["title", "date", "summary", "sections"]),
        (Settings, []),
    ],
    ids=["actor", "agenda", "analysis", "source", "brief", "settings"],
)
def test_json_schema(model: type[BaseModel], required: list[str]) -> None:
    schema = model.model_json_schema()
    json.dumps(schema)  # serialisable, for editors
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert schema.get("required", []) == required
    keys = {field.alias or name for name, field in model.model_fields.items()}
    assert keys == set(schema["properties"])


def test_json_schema_describes_dates_and_choices() -> None:
    agenda = AgendaItem.model_json_schema()["properties"]
    assert agenda["date"] == {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
    assert agenda["status"]["enum"] == ["scheduled", "under-way", "held", "postponed", "cancelled"]
    schema = Brief.model_json_schema()
    assert schema["properties"]["date"]["pattern"] == r"^\d{4}-\d{2}-\d{2}$"
    assert schema["properties"]["sections"]["minItems"] == 1
    assert len(schema["properties"]["sections"]["items"]["oneOf"]) == 4


@pytest.mark.parametrize(
    "address",
    [
        "https://intranet.example/my briefs/",
        "https://intranet.example/briefs?x=1",
        "https://i.example/b#top",
    ],
)
def test_the_site_address_holds_no_query_fragment_or_space(address: str) -> None:
    # Every feed id is made from it: "…/briefs?x=1#frag/first-brief/#edition-1".
    with pytest.raises(ValidationError, match="no query, fragment or space"):
        SiteSettings.model_validate({"base_url": address})
    assert SiteSettings.model_validate({"base_url": "https://intranet.example/my%20briefs/"})
