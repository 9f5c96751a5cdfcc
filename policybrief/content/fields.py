"""Check one file's fields against its model: pass 1 of validation.

pydantic validates the raw data; each of its errors becomes a diagnostic at the
key or value the writer can fix, worded for a writer, with a code chosen by the
error's type (:data:`_PYDANTIC_CODES`).
"""

from __future__ import annotations

import copy
import re
import typing
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from policybrief.content.load import RawDocument
from policybrief.content.model import SECTION_KINDS, SiteSettings
from policybrief.content.yamlsrc import Path as DataPath
from policybrief.errors import Diagnostics, Position, closest

M = TypeVar("M", bound=BaseModel)


def validate_fields(doc: RawDocument, model: type[M], diags: Diagnostics) -> M | None:
    """Return ``doc``'s data as ``model``, or None after reporting each field that does not fit.

    Each problem is reported once per value, at the key or value to fix.
    """
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        reported: set[DataPath] = set()
        for err in exc.errors():
            path, rest = _data_path(doc.data, err["loc"])
            if path in reported:
                continue  # several union members failing at one value: say it once
            reported.add(path)
            position, message, hint = _describe(doc, model, err, path, rest)
            diags.error(doc.path, position, message, hint, code=_error_code(doc, err, path))
        return None


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[DataPath, tuple[Any, ...]]:
    """Split a pydantic location into the path through the data and the rest."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and i == len(loc) - 1:
            path.append(part)  # a missing field: the path names it
            return tuple(path), ()
        else:
            if isinstance(node, (dict, list)) and i < len(loc) - 1:
                continue  # a union tag such as 'agenda' or 'literal[...]'
            return tuple(path), tuple(loc[i:])
        path.append(part)
    return tuple(path), ()


def _value_at(data: Any, path: DataPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


#: The diagnostic code for each type of pydantic error (``err["type"]``), including
#: the custom types :mod:`policybrief.content.model` raises; any other type is an ``invalid-value``.
_PYDANTIC_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "union_tag_not_found": "unknown-field",
    "literal_error": "invalid-value",
    "greater_than_equal": "invalid-value",
    "less_than_equal": "invalid-value",
    "string_pattern_mismatch": "invalid-value",
    "language": "invalid-value",
    "tag": "invalid-value",
    "url": "unsafe-url",
    "string_type": "wrong-type",
    "tuple_type": "wrong-type",
    "list_type": "wrong-type",
    "model_type": "wrong-type",
    "dict_type": "wrong-type",
    "model_attributes_type": "wrong-type",
    "integer": "wrong-type",
    "boolean": "wrong-type",
    "too_short": "empty-value",
    "string_too_short": "empty-value",
    "date_format": "invalid-date",
    "date_precision": "invalid-date",
}


def _error_code(doc: RawDocument, err: Any, path: DataPath) -> str:
    """The diagnostic code of one pydantic error, chosen by its type, never its message."""
    kind = err["type"]
    if kind == "missing" and doc.smap.has_key(path):
        return "empty-value"  # 'field:' with nothing after it: given, but empty
    return _PYDANTIC_CODES.get(kind, "invalid-value")


def _describe(
    doc: RawDocument, model: type[BaseModel], err: Any, path: DataPath, rest: tuple[Any, ...]
) -> tuple[Position, str, str | None]:
    """Where one pydantic error is, and the writer's message and hint for it.

    One flat table of pydantic's error types, one short case each, kept in one
    function (longer than our usual 60 lines) so that every message of the
    first validation pass can be read and compared in one place.
    """
    kind = err["type"]
    smap = doc.smap
    value = _value_at(doc.data, path)
    field = next((p for p in reversed(path) if isinstance(p, str)), "value")
    where = smap.value(path)
    if kind == "missing":
        if smap.has_key(path):
            return smap.key(path), f"field '{field}' is empty", f"give '{field}' a value"
        return (
            smap.first_key(path[:-1]),
            f"missing required field '{field}'",
            f"add a line '{field}: …'",
        )
    if kind == "extra_forbidden":
        known = _known_fields(model, path)
        guess = closest(field, known)
        hint = f"did you mean '{guess}'?" if guess else "known fields: " + ", ".join(known)
        return smap.key(path), f"unknown field '{field}'", hint
    if kind == "union_tag_not_found":
        keys = list(value) if isinstance(value, dict) else []
        guess = closest(keys[0], SECTION_KINDS) if keys else None
        hint = (
            f"did you mean '{guess}'?"
            if guess
            else "write '- analysis: ID', '- agenda: auto', '- actors: auto' or '- sources: auto'"
        )
        return where, "a section must be one of: analysis, agenda, actors, sources", hint
    if path and path[0] == "sections" and len(path) == 3 and path[2] in ("agenda", "actors"):
        noun = "agenda item" if path[2] == "agenda" else "actor"
        if isinstance(value, str):
            return (
                where,
                f"expected 'auto' or a list of {noun} ids, not '{value}'",
                (f"write '{path[2]}: auto', or '{path[2]}: [id, …]'"),
            )
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        guess = closest(str(value), choices)
        listing = ", ".join(choices)
        hint = f"did you mean '{guess}'? ({listing})" if guess else f"expected one of: {listing}"
        if isinstance(value, str):
            if path and isinstance(path[-1], int):
                return where, f"'{value}' is not a valid entry in {field}", hint
            return where, f"'{value}' is not a valid {field}", hint
        return where, f"{field} must be one of: {listing}", None
    if kind == "string_type":
        got = _type_name(value)
        return (
            where,
            f"expected text for '{field}', not {got}",
            (
                "quote the text, or write several lines after '|'"
                if isinstance(value, (list, dict))
                else "write the text after the '-' of the list's item, or delete the empty item"
                if value is None and path and isinstance(path[-1], int)
                else "write the text after the field's ':'"
                if value is None
                else "quote the value to make it text"
            ),
        )
    if kind in ("tuple_type", "list_type"):
        example = value if isinstance(value, str) else "…"
        return (
            where,
            f"expected a list for '{field}', not {_type_name(value)}",
            (f"write '{field}: [{example}]'"),
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            where,
            f"expected 'field: value' lines for '{field}', not {_type_name(value)}",
            f"write '{field}:' alone on its line, then its fields indented below it",
        )
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return where, f"'{field}' must not be empty", f"write the {field} after '{field}:'"
        return where, f"'{field}' needs at least one item", "list at least one item"
    # A field's own validator may give a hint in its unit (content/numbers.py).
    if kind == "greater_than_equal":
        limit = err.get("ctx", {}).get("ge", 1)
        hint = err.get("ctx", {}).get("hint") or f"write a whole number from {limit} up"
        return where, f"'{field}' must be {limit} or more", hint
    if kind == "less_than_equal":
        limit = err.get("ctx", {}).get("le")
        hint = err.get("ctx", {}).get("hint") or f"write a whole number up to {limit}"
        return where, f"'{field}' must be {limit} or less", hint
    if kind == "string_pattern_mismatch":
        return (
            where,
            f"'{value}' is not a valid {field}",
            "use lowercase letters, digits and single hyphens, such as toss-up",
        )
    return where, f"{field}: {err['msg']}", err.get("ctx", {}).get("hint")


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'" if value is not None else "nothing"


def _known_fields(model: type[BaseModel], path: DataPath) -> list[str]:
    if len(path) >= 2 and path[0] == "sections":
        return list(SECTION_KINDS)
    if len(path) >= 2 and path[0] == "site":
        return list(SiteSettings.model_fields)
    model = _nested_model(model, path[:-1])
    return [field.alias or name for name, field in model.model_fields.items()]


def _nested_model(model: type[BaseModel], path: DataPath) -> type[BaseModel]:
    """The model of the mapping at ``path`` (a list item of models, such as a scale's steps)."""
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return model
        hints = (field.annotation, *typing.get_args(field.annotation))
        found = [h for h in hints if isinstance(h, type) and issubclass(h, BaseModel)]
        if not found:
            return model
        model = found[0]
    return model


#: Values tried, in order, to stand in for a required field that is not a vocabulary.
_STAND_INS: tuple[Any, ...] = ("x", "2000-01-01", 1, ["x"])
#: Rounds of salvage: removing one value can only uncover a missing required one.
_SALVAGE_ROUNDS = 3


def salvage_fields(doc: RawDocument, model: type[M]) -> tuple[M, frozenset[str]] | None:
    """``doc``'s data as ``model`` without the values that do not fit, for pass 2 alone.

    A file with a wrong value still has references worth checking (a brief
    with ``status: Final`` and an unknown section id): this removes each value
    :func:`validate_fields` reported (a list's item, else the top-level field)
    and puts a stand-in into a required field left empty (the first choice of
    a vocabulary). Returns the data and the names of the fields stood in for,
    so that rules reading them can be skipped; None when nothing fits still.
    Never put into the corpus: the file is an error already.
    """
    if not isinstance(doc.data, dict):
        return None
    data = copy.deepcopy(doc.data)
    guessed: set[str] = set()
    for _ in range(_SALVAGE_ROUNDS):
        try:
            return model.model_validate(data), frozenset(guessed)
        except ValidationError as exc:
            errors = exc.errors()
        cuts: set[tuple[str | int, ...]] = set()
        for err in errors:
            path, _rest = _data_path(data, err["loc"])
            if err["type"] == "missing" and len(path) == 1 and isinstance(path[0], str):
                stand_in = _stand_in(model, path[0])
                if stand_in is None:
                    return None
                data[path[0]] = stand_in
                guessed.add(path[0])
                continue
            item = next((i for i, p in enumerate(path) if isinstance(p, int)), None)
            cut = path[: item + 1] if item is not None else path[:1]
            if not cut:
                return None
            cuts.add(cut)
        # Later list items first, so the earlier indexes stay right.
        for cut in sorted(cuts, key=_cut_order, reverse=True):
            parent = _value_at(data, cut[:-1])
            if isinstance(parent, dict):
                parent.pop(cut[-1], None)
            elif isinstance(parent, list) and isinstance(cut[-1], int) and cut[-1] < len(parent):
                del parent[cut[-1]]
    return None


def _cut_order(cut: tuple[str | int, ...]) -> list[int]:
    return [p if isinstance(p, int) else -1 for p in cut]


def _stand_in(model: type[BaseModel], name: str) -> Any:
    """A valid value for a required field a writer gave wrong: a vocabulary's first
    word, else the first of a few plain values its type takes (text, a date)."""
    field = next(
        (f for n, f in model.model_fields.items() if (f.alias or n) == name and f.is_required()),
        None,
    )
    if field is None or field.annotation is None:
        return None
    if typing.get_origin(field.annotation) is typing.Literal:
        return typing.get_args(field.annotation)[0]
    # The field's validators travel in its metadata (a date's own reading of text).
    annotation: Any = (
        Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    )
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    for candidate in _STAND_INS:
        try:
            adapter.validate_python(candidate)
        except ValidationError:
            continue
        return candidate
    return None
