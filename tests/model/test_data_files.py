"""Each data file is declared once (generator/model/files.py), and what lists the files is made from the declarations."""

from __future__ import annotations

from generator.authoring.scaffold import new_project
from generator.model import schema
from generator.model.chart_kinds import chart_kinds
from generator.model.files import DATA_FILES
from generator.model.reference import json_schemas, model_docs, schema_path
from generator.model.roles import ROLES

NAMES = [data_file.name for data_file in DATA_FILES]


def test_the_dataset_holds_the_paragraphs_and_one_field_per_declared_file_of_its_model():
    fields = schema.Dataset.model_fields
    assert list(fields) == ["site", "article", "paragraphs", *NAMES[2:]]
    for data_file in DATA_FILES:
        assert fields[data_file.name].annotation == (list[data_file.model] if data_file.records else data_file.model)


def test_the_json_schemas_and_the_data_reference_list_every_declared_file():
    assert list(json_schemas()) == NAMES
    assert [doc.file for doc in model_docs() if doc.file is not None] == NAMES


def test_a_new_project_has_every_declared_file_and_its_schema(tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("A first paragraph.\n\nA second one.\n", encoding="utf-8")
    new_project(tmp_path / "report", text)
    data = tmp_path / "report" / "data"
    assert sorted(path.stem for path in data.glob("*.yaml")) == sorted(NAMES)
    assert sorted(str(path.relative_to(data)) for path in data.glob("schema/*")) == sorted(schema_path(name) for name in NAMES)
    charts = (data / "charts.yaml").read_text(encoding="utf-8")
    assert f"(kinds: {', '.join(chart_kinds())})" in charts


def test_every_data_file_a_page_role_names_is_declared():
    for role in ROLES.values():
        named = [role.needed.file] if role.needed else []
        named += [name.removesuffix(".yaml") for name in (role.dated_by if isinstance(role.dated_by, tuple) else ()) if name.endswith(".yaml")]
        assert set(named) <= set(NAMES), role.name
        assert role.needed is None or role.needed.records in schema.Dataset.model_fields, role.name
