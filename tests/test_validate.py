"""Bad data gets one clear message per problem: file, line, column, field, the line itself."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.build import check
from generator.errors import DataError
from generator.project import default_templates
from generator.reference import SCHEMA_DIR, json_schemas

ROOT = Path(__file__).resolve().parent.parent


def edit(project: Path, name: str, old: str, new: str) -> Path:
    path = project / "data" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def position(path: Path, snippet: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the `|` in `snippet` (or its start) in the file."""
    before, _, after = snippet.rpartition("|") if "|" in snippet else ("", "", snippet)
    text = before + after
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            seen += 1
            if seen == occurrence:
                return number, line.index(text) + len(before) + 1
    raise AssertionError(f"{text!r} not in {path}")


def index_of(path: Path, record_id: str) -> int:
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(i for i, r in enumerate(records) if r["id"] == record_id)


def problems(project: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        check(project)
    return [str(p) for p in info.value.problems]


# (file, text to replace, replacement, id of the record, snippet the error points at, field, message)
CASES = [
    pytest.param(
        "facts.yaml", "  value: 79.8\n", '  value: "79.8%"\n', "r1-aime-2024", 'value: |"79.8%"', "value",
        'Input should be a valid number, unable to parse string as a number, got "79.8%"',
        id="value-not-a-number",
    ),
    pytest.param(
        "facts.yaml", "  value: 79.8\n", "  value: 97.8\n", "r1-aime-2024", "value: |97.8", "value",
        "97.8 does not match the printed '79.8%'",
        id="value-disagrees-with-print",
    ),
    pytest.param(
        "facts.yaml", 'printed: "79.8%"', 'printed: "79.8 percent"', "r1-aime-2024", 'printed: |"79.8 percent"', "printed",
        "'79.8 percent' does not occur in the quote",
        id="printed-not-in-quote",
    ),
    pytest.param(
        "glossary.yaml", "quote: \"“cash-burning business model” (烧钱模式)\"", "quote: \"“cash burning business model” (烧钱模式)\"",
        "cash-burning-model", "\"“cash burning", "quote",
        "does not occur verbatim in paragraph p6",
        id="quote-not-verbatim",
    ),
    pytest.param(
        "entities.yaml", "  paragraph: p9\n  quote: \"Li Dian,", "  paragraph: p99\n  quote: \"Li Dian,", "li-dian", "p99", "paragraph",
        "unknown paragraph 'p99'",
        id="unknown-paragraph",
    ),
    pytest.param(
        "entities.yaml", "affiliations: [institute-of-china-studies, fudan-university]",
        "affiliations: [institute-of-china-studies, fudan-univ]", "li-dian", "fudan-univ]", "affiliations[1]",
        "unknown entity 'fudan-univ'",
        id="unknown-entity",
    ),
    pytest.param(
        "entities.yaml", "  name: Li Dian\n", "  name: Li Dian\n  nickname: LD\n", "li-dian", "LD", "nickname",
        "unknown field 'nickname': the schema has no such key (misspelt?)",
        id="unknown-field",
    ),
    pytest.param(
        "facts.yaml", "  label: DeepSeek's training cost relative to ChatGPT-4o\n", "", "training-cost-fraction",
        "- |id: training-cost-fraction", "label", "required field is missing",
        id="missing-field",
    ),
    pytest.param(
        "entities.yaml", "  name: Li Dian\n", '  name: ""\n', "li-dian", 'name: |""', "name",
        'expected text, found an empty or whitespace-only string, got ""',
        id="empty-value",
    ),
    pytest.param(
        "facts.yaml", "  measures: DeepSeek-R1's score on AIME 2024\n", '  measures: "   "\n', "r1-aime-2024", 'measures: |"   "',
        "measures", 'expected text, found an empty or whitespace-only string, got "   "',
        id="whitespace-only-value",
    ),
    pytest.param(
        "charts.yaml", "facts: [r1-price-input-cache-hit,", "facts: [r1-price-input-cache-hits,", "chart-api-prices",
        "facts: [|r1-price-input-cache-hits", "facts[0]", "unknown fact 'r1-price-input-cache-hits'",
        id="unknown-chart-field",
    ),
    # `check` used to pass these, and the build then crashed with a traceback
    pytest.param(
        "pages.yaml", "  template: data_reference\n", "  template: data_refrence\n", "data-reference", "template: |data_refrence",
        "template", "no template 'data_refrence' in {templates}/pages (there are: about, data_reference, glossary, overview, people, source, timeline, topic)",
        id="unknown-template",
    ),
    pytest.param(
        "charts.yaml", "  source_list: restricting-governments\n", "", "chart-restrictions", "kind: |map", "kind",
        "a map chart needs source_list, the id of the list it shows",
        id="map-without-list",
    ),

    pytest.param(
        "derived.yaml", "inputs: [chatgpt-price-output, r1-price-output]", "inputs: [chatgpt-price-output, o1-math-500]",
        "price-ratio-output", "inputs: [chatgpt-price-output, |o1-math-500]", "inputs[1]",
        "fact 'o1-math-500' has no numeric value (value: null); a ratio needs a number",
        id="ratio-of-a-null-value",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "record", "snippet", "field", "message"), CASES)
def test_a_bad_value_is_reported_with_file_line_and_field(project, name, old, new, record, snippet, field, message):
    path = edit(project, name, old, new)
    line, column = position(path, snippet)
    source_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
    stem = name.removesuffix(".yaml")
    expected = (
        f"{path}:{line}:{column}: {stem}[{index_of(path, record)}].{field}: {message.format(project=project, templates=default_templates())}\n"
        f"    {source_line}\n"
        f"    {' ' * (column - 1)}^"
    )
    assert problems(project) == [expected]


def test_a_mapped_country_without_its_code_is_reported_on_the_list(project):
    edit(project, "entities.yaml", '  country_code: "380"\n', "")
    lists = project / "data" / "lists.yaml"
    line, column = position(lists, "{label: Italy, entity: |italy}")
    index = index_of(lists, "restricting-governments")
    [message] = problems(project)
    assert message.startswith(
        f"{lists}:{line}:{column}: lists[{index}].items[1].entity: chart-restrictions maps this list: entity 'italy' needs a country_code"
    )


def test_every_problem_is_reported_not_just_the_first(project):
    edit(project, "facts.yaml", "  value: 79.8\n", "  value: 97.8\n")
    edit(project, "entities.yaml", "  paragraph: p9\n  quote: \"Li Dian,", "  paragraph: p99\n  quote: \"Li Dian,")
    found = problems(project)
    assert len(found) == 2
    assert "facts.yaml" in found[0] + found[1] and "entities.yaml" in found[0] + found[1]


def test_a_record_that_breaks_the_schema_does_not_hide_the_cross_checks(project):
    edit(project, "entities.yaml", "  name: Li Dian\n", "  name: Li Dian\n  nickname: LD\n")  # schema: li-dian is left out
    edit(project, "facts.yaml", "  value: 79.8\n", "  value: 97.8\n")  # cross-check on another file
    found = problems(project)
    assert len(found) == 2, found  # and li-dian's references elsewhere are not "unknown"
    assert "entities[0].nickname" in found[0] and "facts[" in found[1] and "97.8 does not match" in found[1]


def test_a_yaml_syntax_error_keeps_its_position(project):
    path = edit(project, "facts.yaml", "  value: 79.8\n", "  value: [79.8\n")
    [message] = problems(project)
    assert message.startswith(f"{path}:")
    assert "invalid YAML" in message


def test_an_id_used_twice_is_an_error(project):
    path = edit(project, "entities.yaml", "- id: li-dian\n", "- id: xu-chenggag\n")
    line, column = position(path, "- id: |xu-chenggag", occurrence=2)  # the second record with the id
    expected = f"{path}:{line}:{column}: entities[{index_of(path, 'xu-chenggag') + 1}].id: id 'xu-chenggag' is already used in entities.yaml"
    assert any(p.startswith(expected) for p in problems(project))


def test_paragraph_ids_are_pinned_to_their_lines(project):
    text_path = project / "data" / "source-article.txt"
    lines = text_path.read_text(encoding="utf-8").splitlines()
    lines[1], lines[2] = lines[2], lines[1]
    text_path.write_text("\n".join(lines), encoding="utf-8")
    found = problems(project)
    assert any("article.paragraphs[1].starts: line 2 of source-article.txt starts 'This massive" in p for p in found)


def test_a_missing_file_is_named(project):
    (project / "data" / "glossary.yaml").unlink()
    assert problems(project) == [f"{project / 'data' / 'glossary.yaml'}: file is missing"]


def test_the_repository_data_is_valid():
    data = check(ROOT)
    assert data.facts and data.entities and data.glossary


def test_editorial_text_may_not_state_a_figure(project):
    path = edit(project, "pages.yaml", "intro: Scores on AIME 2024 and MATH-500, reported by The Paper.", "intro: Scores up to 97.3% on AIME 2024, reported by The Paper.")
    line, column = position(path, "intro: |Scores up to")
    [message] = problems(project)
    assert message.startswith(f"{path}:{line}:{column}: pages[")
    assert "editorial text states a figure" in message


def test_a_figure_inside_a_printed_name_is_not_a_figure(project):
    # "AIME 2024" and "MATH-500" are names, recorded in entities.yaml; the unchanged data passes
    assert "AIME 2024" in (project / "data" / "pages.yaml").read_text(encoding="utf-8")
    check(project)


def test_a_list_on_an_unknown_paragraph_is_reported_not_a_crash(project):
    path = project / "data" / "lists.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    old = f"  paragraph: {records[0]['paragraph']}\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, "  paragraph: p404\n", 1), encoding="utf-8")
    assert any("lists[0].paragraph: unknown paragraph 'p404'" in p for p in problems(project))


def test_a_number_in_the_text_that_nothing_accounts_for_fails_the_build_pointing_at_it(project):
    edit(project, "events.yaml", "date: 2025-02-06", "date: 2025-02-05")  # the date no longer matches "On February 6"
    found = problems(project)
    text = (project / "data" / "source-article.txt").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if t.startswith("On February 6"))
    assert len(found) == 1, found
    assert f"source-article.txt:{line}:{len('On February ') + 1}: paragraph p15: the number '6' is not accounted for" in found[0]


def test_a_waiver_with_its_reason_accounts_for_a_number_and_an_unused_one_is_an_error(project):
    edit(project, "events.yaml", "date: 2025-02-06", "date: 2025-02-05")
    waivers = project / "data" / "waivers.yaml"
    waiver = '- paragraph: p15\n  quote: "On February 6"\n  printed: "6"\n  reason: a test\n'
    waivers.write_text(waiver, encoding="utf-8")
    check(project)  # accounted for
    edit(project, "events.yaml", "date: 2025-02-05", "date: 2025-02-06")
    [problem] = problems(project)
    assert "waivers.yaml:3:12: waivers[0].printed: waives '6' in p15, but no uncovered number is there" in problem


def test_every_number_in_the_article_is_a_fact_a_date_or_a_name():
    data = check(ROOT)
    assert data.waivers == []  # nothing waived: each number is stated as a fact, an event's date or part of a name


def test_the_committed_json_schemas_match_the_data_model():
    committed = {p.name.removesuffix(".schema.json"): p.read_text(encoding="utf-8") for p in (ROOT / "data" / SCHEMA_DIR).glob("*.schema.json")}
    assert committed == json_schemas(), "run `python -m generator schema`"


def test_every_data_file_names_its_schema_and_an_editor_validating_with_it_agrees_with_the_build():
    for name, text in json_schemas().items():
        path = ROOT / "data" / f"{name}.yaml"
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema={SCHEMA_DIR}/{name}.schema.json"
        validator = jsonschema.Draft202012Validator(json.loads(text))
        # as a YAML 1.2 editor reads it: a date such as 2025-01-27 is a string
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert not list(validator.iter_errors(data)), name
        if isinstance(data, list) and data:  # a misspelt key is an error for the editor too
            assert list(validator.iter_errors([{**data[0], "lable": "x"}]))
