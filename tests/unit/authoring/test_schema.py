"""The editors' JSON Schemas: generated from the models, committed, and true to check."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from policybrief.authoring.schema import (
    KINDS,
    KINDS_BY_NAME,
    SCHEMA_DIR,
    generate_schema,
    schema_text,
)
from policybrief.cli import main
from tests.helpers import REPO

VALID = REPO / "tests" / "data" / "valid"


class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2 core schema):
    ``no`` and ``2025-12-01`` are strings, ``2025`` an integer, ``true`` a boolean."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$", list("-+0123456789.")),
]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def read_data(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("\n---\n", 1)[0].removeprefix("---\n")
    return yaml.load(text, Loader=Yaml12Loader)


def kind_of(path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    if rel == "policybrief.yaml":
        return "settings"
    if rel.startswith("briefs/"):
        return "brief"
    folder = rel.split("/")[1]
    return {"actors": "actor", "agenda": "agenda", "analysis": "analysis"}.get(folder, "source")


def example_files() -> list[tuple[Path, Path]]:
    found = []
    for root in (REPO, VALID):
        found.append((root, root / "policybrief.yaml"))
        found += [(root, p) for p in sorted((root / "briefs").glob("*.yaml"))]
        for folder in ("actors", "agenda", "sources"):
            found += [(root, p) for p in sorted((root / "content" / folder).glob("*.yaml"))]
        found += [(root, p) for p in sorted((root / "content" / "analysis").glob("*.md"))]
    return found


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = generate_schema(KINDS_BY_NAME[kind])
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(kind: str, data: Any) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(data)]


def all_messages(kind: str, data: Any) -> list[str]:
    """Every message, including those of the alternatives inside anyOf."""
    found = []
    pending = list(validator(kind).iter_errors(data))
    while pending:
        error = pending.pop()
        found.append(error.message)
        pending.extend(error.context or ())
    return found


def test_the_schemas_are_draft_7() -> None:
    for kind in KINDS:
        schema = generate_schema(kind)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(schema)


def test_the_committed_schemas_are_the_generated_ones() -> None:
    committed = sorted(p.name for p in (REPO / SCHEMA_DIR).glob("*.json"))
    assert committed == sorted(kind.filename for kind in KINDS)
    for kind in KINDS:
        text = (REPO / SCHEMA_DIR / kind.filename).read_text(encoding="utf-8")
        assert text == schema_text(kind), (
            f"{SCHEMA_DIR}/{kind.filename} is stale: run 'python build.py schema' and commit it"
        )


@pytest.mark.parametrize(
    ("root", "path"), example_files(), ids=lambda v: v.name if isinstance(v, Path) else None
)
def test_every_example_file_is_accepted(root: Path, path: Path) -> None:
    assert errors(kind_of(path, root), read_data(path)) == []


def test_there_are_examples_of_every_kind() -> None:
    kinds = {kind_of(path, root) for root, path in example_files()}
    assert kinds == set(KINDS_BY_NAME)


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("actor", {"name": "Beta", "kind": "stat"}, "'stat' is not one of"),
        ("actor", {"name": "Beta", "kind": "state", "rol": "x"}, "'rol' was unexpected"),
        ("actor", {"kind": "state"}, "'name' is a required property"),
        ("agenda", {"title": "T", "kind": "visit", "date": "4 Dec", "status": "held"}, "match"),
        (
            "brief",
            {"title": "T", "date": 2025, "summary": "S", "sections": [{"sources": "auto"}]},
            "is not of type 'string'",
        ),
        (
            "brief",
            {"title": "T", "date": "2025-12-01", "summary": "S", "sections": []},
            "should be non-empty",
        ),
        (
            "brief",
            {"title": "T", "date": "2025-12-01", "summary": "S", "sections": [{"x": 1}]},
            "is not valid under any of the given schemas",
        ),
        (
            "brief",
            {
                "title": "T",
                "date": "2025-12-01",
                "summary": "S",
                "edition": 0,
                "sections": [{"sources": "auto"}],
            },
            "is not valid under any",
        ),
        (
            "analysis",
            {"title": "T", "kind": "key-judgment", "likelihood": "likely"},
            "'confidence' is a required property",
        ),
        (
            "analysis",
            {"title": "T", "kind": "background", "likelihood": "likely", "confidence": "low"},
            "is not of type 'null'",
        ),
        ("settings", {"paper": "A5"}, "'A5' is not one of"),
        ("settings", {"site": {"include_drafts": "yes"}}, "is not valid under any"),
        ("settings", {"language": "English!"}, "is not valid under any"),
    ],
)
def test_a_broken_file_is_rejected(kind: str, data: dict[str, Any], message: str) -> None:
    found = all_messages(kind, data)
    assert found
    assert any(message in m for m in found), found


def test_a_broken_example_file_is_rejected(tmp_path: Path) -> None:
    text = (REPO / "content" / "actors" / "andrei-belousov.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "andrei-belousov.yaml"
    broken.write_text(text.replace("kind: person", "kind: persn"), encoding="utf-8")
    assert all_messages("actor", read_data(broken)) == [
        "'persn' is not one of ['person', 'organisation', 'state', 'body']"
    ]


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("agenda", {"title": 1984, "kind": "other", "date": 2025, "status": "held"}),
        (
            "brief",
            {
                "title": "T",
                "date": "2025-12-01",
                "summary": "S",
                "edition": "2",
                "sections": [{"agenda": "auto"}],
                "language": "no",
                "subtitle": None,
            },
        ),
        ("settings", {"site": {"include_drafts": "true"}, "jobs": 4, "marking": None}),
    ],
)
def test_text_is_accepted_as_policybrief_reads_it(kind: str, data: dict[str, Any]) -> None:
    """A year alone, quoted numbers and empty values pass check, so they pass the schema."""
    assert errors(kind, data) == []


def test_schema_command_writes_every_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "out"
    assert main(["schema", "--root", str(tmp_path), "--output", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(k.filename for k in KINDS)
    assert json.loads((out / "brief.schema.json").read_text())["title"].startswith("policybrief")
    capsys.readouterr()
    assert main(["schema", "--root", str(tmp_path), "--output", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_editor_settings_map_every_yaml_kind_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind in KINDS:
        if kind.files.endswith(".md"):
            continue  # front matter inside Markdown: check and serve are the feedback
        assert mapping[f"./{SCHEMA_DIR}/{kind.filename}"] == kind.files
