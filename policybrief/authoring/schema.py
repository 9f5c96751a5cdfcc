"""Generate the editors' JSON Schemas from the models that validate content.

The content model (:mod:`policybrief.content.model`) is the one description of
the content format; these schemas are derived from it at the moment they are
written, so an editor's completion and inline errors can never disagree with
``check`` about a field name, a type or a vocabulary. Only what the models check
in Python code is added by hand here (each place says which runtime rule it
mirrors), and cross-file rules (references, ids, reserved slugs) stay
``check``'s job.

Editors read YAML as YAML 1.2 (``2025`` is a number, ``true`` a boolean),
while policybrief reads every scalar as the text typed; so wherever the model
takes text, the schema also accepts the numbers and booleans an editor sees.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, BeforeValidator
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from policybrief.build.write import write_atomic
from policybrief.content.model import (
    LANGUAGE_RE,
    LIKELIHOOD_KINDS,
    Actor,
    AgendaItem,
    AnalysisMeta,
    Boolean,
    Brief,
    Integer,
    Language,
    Settings,
    Source,
)
from policybrief.content.numbers import Jobs, MemoryLimit, Seconds
from policybrief.content.scale import SHIPPED, shipped_scale

#: JSON Schema draft 7: the newest draft every YAML editor plug-in understands.
DIALECT = "http://json-schema.org/draft-07/schema#"


@dataclass(frozen=True)
class SchemaKind:
    """One kind of file and the model its schema comes from."""

    name: str
    model: type[BaseModel]
    #: Where files of this kind live, as a glob relative to the project root.
    files: str

    @property
    def filename(self) -> str:
        """The schema's file name in ``schemas/``: ``NAME.schema.json``."""
        return f"{self.name}.schema.json"


#: Every content kind with a schema; ``analysis`` is the Markdown files' front matter.
KINDS = (
    SchemaKind("brief", Brief, "briefs/*.yaml"),
    SchemaKind("actor", Actor, "content/actors/*.yaml"),
    SchemaKind("agenda", AgendaItem, "content/agenda/*.yaml"),
    SchemaKind("analysis", AnalysisMeta, "content/analysis/*.md"),
    SchemaKind("source", Source, "content/sources/*.yaml"),
    SchemaKind("settings", Settings, "policybrief.yaml"),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
SCHEMA_DIR = "schemas"

#: A year written alone (``date: 2025``) is a number to an editor, text to policybrief.
_YEAR = {"type": "integer", "minimum": 0, "maximum": 9999}
_TEXT_TYPES = ["string", "number", "boolean"]


def _converter(alias: Any) -> Callable[..., Any]:
    """The function of the BeforeValidator in one of the content model's Annotated types."""
    return next(m.func for m in typing.get_args(alias)[1:] if isinstance(m, BeforeValidator))


def _quoted_digits(inner: JsonSchemaValue) -> JsonSchemaValue:
    return {"anyOf": [inner, {"type": "string", "pattern": r"^\s*0*[1-9][0-9]*\s*$"}]}


_TEXT_CONVERTERS: dict[Callable[..., Any], Callable[[JsonSchemaValue], JsonSchemaValue]] = {
    # model._integer and the settings' numbers: whole numbers may also be quoted digits.
    **{_converter(number): _quoted_digits for number in (Integer, Jobs, Seconds, MemoryLimit)},
    # model._boolean: true/false may also be quoted.
    _converter(Boolean): lambda inner: {"anyOf": [inner, {"enum": ["true", "false"]}]},
    # model._language: a BCP 47 tag, checked by a regular expression at run time.
    _converter(Language): lambda inner: {**inner, "pattern": LANGUAGE_RE.pattern},
}


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, told what the content model's text converters accept."""

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        inner = super().function_before_schema(schema)
        convert = _TEXT_CONVERTERS.get(schema["function"]["function"])
        return convert(inner) if convert else inner


def generate_schema(kind: SchemaKind) -> dict[str, Any]:
    """Return the JSON Schema (draft 7) of one kind of file, as JSON-ready dicts and lists.

    Derived from the kind's model each time, so it cannot drift from ``check``.
    """
    schema = kind.model.model_json_schema(schema_generator=_Generator)
    schema = _editor_types(schema)
    _empty_is_absent(schema)
    if kind.model is AnalysisMeta:
        schema["allOf"] = _estimate_rules()
    return {
        "$schema": DIALECT,
        "title": f"policybrief {kind.name} ({kind.files})",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _editor_types(node: Any) -> Any:
    """Widen text to what a YAML 1.2 editor sees, and fix pydantic's ``ge`` key."""
    if isinstance(node, list):
        return [_editor_types(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _editor_types(value) for key, value in node.items()}
    if "ge" in node:  # pydantic leaves Field(ge=…) after a BeforeValidator as "ge"
        node["minimum"] = node.pop("ge")
    if node.get("format") in ("likelihood", "confidence"):
        return _scale_values(node)
    if node.get("type") != "string" or "enum" in node or "const" in node:
        return node
    pattern = node.get("pattern", "")
    if pattern.startswith(r"^\d{4}(-"):  # a date that may be a year alone (model.AnyDate)
        return {"anyOf": [node, _YEAR]}
    if pattern:
        return node  # a full date or a tag: never a number in YAML 1.2
    return {**node, "type": _TEXT_TYPES}


def _scale_values(node: dict[str, Any]) -> dict[str, Any]:
    """Likelihood and confidence: the shipped scales' values for completion, any text accepted.

    The project's ``estimative_scale`` decides which values are valid (``check``
    says so); a schema file serves every project, whichever scale it picked.
    """
    field = node["format"]
    values: dict[str, None] = {}
    for name in SHIPPED:
        scale = shipped_scale(name)
        ids = [s.id for s in scale.steps] if field == "likelihood" else dict(scale.confidence)
        values.update(dict.fromkeys(ids))
    text = {"type": "string", "minLength": 1}
    return {"anyOf": [{"enum": list(values)}, text], **_keep(node)}


def _empty_is_absent(schema: dict[str, Any]) -> None:
    """An empty value is the same as an absent one: optional fields also take null."""
    for model_schema in (schema, *schema.get("$defs", {}).values()):
        required = set(model_schema.get("required", ()))
        for name, prop in model_schema.get("properties", {}).items():
            prop.pop("title", None)  # "Key Judgments": noise next to the field's own name
            if name in required or _takes_null(prop):
                continue
            model_schema["properties"][name] = {
                "anyOf": [_strip(prop), {"type": "null"}],
                **_keep(prop),
            }


def _takes_null(prop: dict[str, Any]) -> bool:
    return any(option.get("type") == "null" for option in prop.get("anyOf", ()))


_ANNOTATIONS = ("default", "description", "title")


def _strip(prop: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in prop.items() if k not in _ANNOTATIONS}


def _keep(prop: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in prop.items() if k in _ANNOTATIONS}


def _estimate_rules() -> list[dict[str, Any]]:
    """Validation's estimate rules: a key judgment needs both, other kinds only some.

    The same rules as :mod:`policybrief.content.validate` checks in code.
    """
    both = ["likelihood", "confidence"]
    return [
        {
            "if": {"properties": {"kind": {"const": "key-judgment"}}, "required": ["kind"]},
            "then": {"required": both},
        },
        {
            "if": {
                "properties": {"kind": {"not": {"enum": sorted(LIKELIHOOD_KINDS)}}},
                "required": ["kind"],
            },
            "then": {
                "properties": {"likelihood": {"type": "null"}, "confidence": {"type": "null"}}
            },
        },
        {"dependencies": {"likelihood": ["confidence"], "confidence": ["likelihood"]}},
    ]


def schema_text(kind: SchemaKind) -> str:
    """The schema as written to disk: stable key order, so regenerating changes no byte."""
    return json.dumps(generate_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into ``folder``; return the files whose bytes changed.

    The folder is created if missing; unchanged files are not rewritten.

    Raises:
        OSError: a schema file cannot be written.
    """
    written = []
    for kind in KINDS:
        path = folder / kind.filename
        if write_atomic(path, schema_text(kind).encode("utf-8")):
            written.append(path)
    return written
