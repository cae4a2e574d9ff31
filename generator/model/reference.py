"""The data's schema for the people who edit it, from the same models the build validates with.

- JSON Schema per data file (`data/schema/<file>.schema.json`), which the
  YAML files name in their first line so editors validate and complete as
  one types (`python -m generator schema` rewrites them; a test checks
  they match the models);
- the fields of every file for the site's "Data reference" page, from the
  models' field docstrings.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel, TypeAdapter

from generator.dates import When

from .files import DATA_FILE, DATA_FILES, MODELS

SCHEMA_DIR = "schema"
"""Below `data/`: where the JSON Schema files live."""


def schema_path(name: str) -> str:
    """Where a data file's JSON Schema is, below `data/` and on the site."""
    return f"{SCHEMA_DIR}/{name}.schema.json"


@functools.cache  # the models' code decides them: made once a process, not again on each rebuild under serve
def json_schemas() -> dict[str, str]:
    """Data file name (without `.yaml`) → its JSON Schema, as text."""
    out = {}
    for name, model in MODELS.items():
        schema = TypeAdapter(model).json_schema()
        for field in DATA_FILE[name].filled_in:  # the build fills them in (site_url comes from mkdocs.yml)
            schema["properties"].pop(field)
            schema["required"] = [r for r in schema.get("required", []) if r != field]
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": f"{name}.yaml"}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    required: bool
    default: str
    description: str


@dataclass(frozen=True)
class ModelDoc:
    id: str
    """Anchor on the reference page."""
    title: str
    description: str
    fields: list[FieldDoc]
    file: str | None
    """The data file holding these records, or None for a record nested in another."""


def model_docs() -> list[ModelDoc]:
    """Every data file's record type, then the records nested in them, in first-use order."""
    docs: list[ModelDoc] = []
    nested: list[type[BaseModel]] = []
    for data_file in DATA_FILES:
        name, record = data_file.name, data_file.model
        shape = f"A list of {record.__name__} records." if data_file.records else f"One {record.__name__} record."
        docs.append(_doc(record, f"{name}-yaml", f"{name}.yaml", f"{shape} {_docstring(record)}".strip(), name, nested))
    seen = set()
    while nested:
        model = nested.pop(0)
        if model.__name__ not in seen:
            seen.add(model.__name__)
            docs.append(_doc(model, f"record-{model.__name__.lower()}", model.__name__, _docstring(model), None, nested))
    return docs


def _doc(model: type[BaseModel], anchor: str, title: str, description: str, file: str | None, nested: list) -> ModelDoc:
    skip = DATA_FILE[file].filled_in if file is not None else ()
    fields = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        nested += [m for m in _models_in(info.annotation) if m not in nested]
        default = "" if info.is_required() else json.dumps(info.default, default=str, ensure_ascii=False)
        fields.append(FieldDoc(name, type_name(info.annotation), info.is_required(), default, " ".join((info.description or "").split())))
    return ModelDoc(anchor, title, description, fields, file)


def _docstring(model: type[BaseModel]) -> str:
    own = model.__dict__.get("__doc__")
    return " ".join(own.split()) if own else ""


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def type_name(annotation) -> str:
    """A field's type as an editor reads it: `text`, `number or empty`, `list of text`, `one of: a, b`."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin is typing.Literal:
        return "one of: " + ", ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        named = [type_name(a) for a in args if a is not type(None)]
        return " or ".join(named) + (" or empty" if type(None) in args else "")
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is dict:
        return f"mapping of {type_name(args[0])} to {type_name(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"{annotation.__name__} record"
    return {
        str: "text", float: "number", int: "whole number", bool: "true or false", dt.date: "date (YYYY-MM-DD)",
        When: "day, month or year (YYYY-MM-DD, YYYY-MM or YYYY)",
    }.get(annotation, str(annotation))
