"""Bad data gets one clear message per problem: file, line, column, field, the line itself.

Each mistake is made in a scratch copy of the small invented report in tests/fixtures/small-report/
(the `small_report` fixture): a test names the line it breaks and the message it expects, and no
edit to a real report's data can move it. The reports' own data is only read, at the end.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import PROJECTS, ROOT, edit, replace_in
from generator.errors import DataError
from generator.model.reference import SCHEMA_DIR, json_schemas, model_docs
from generator.pipeline import check
from generator.project import default_templates


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


def indexes_of(path: Path, record_id: str) -> list[int]:
    """Indexes of the records with `record_id` in a list file."""
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [i for i, r in enumerate(records) if r["id"] == record_id]


def index_of(path: Path, record_id: str) -> int:
    [index] = indexes_of(path, record_id)
    return index


def located(path: Path, snippet: str, field: str, message: str, occurrence: int = 1) -> str:
    """A problem as the build prints it: file:line:col, the field, the message, the line and a caret under the column."""
    line, column = position(path, snippet, occurrence)
    source_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return f"{path}:{line}:{column}: {field}: {message}\n    {source_line}\n    {' ' * (column - 1)}^"


def problems(project: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        check(project)
    return [str(p) for p in info.value.problems]


# --- one mistake, one message ------------------------------------------------------------

# (file, text to replace, replacement, id of the record, snippet the error points at, field, message)
CASES = [
    # the schema: types, required and unknown keys, text
    pytest.param(
        "facts.yaml", "  value: 92.5\n", '  value: "92.5%"\n', "lumen-charge-retention", 'value: |"92.5%"', "value",
        'Input should be a valid number, unable to parse string as a number, got "92.5%"',
        id="value-not-a-number",
    ),
    pytest.param(
        "entities.yaml", "  name: Mara Okafor\n", "  name: Mara Okafor\n  nickname: MO\n", "mara-okafor", "nickname: |MO", "nickname",
        "unknown field 'nickname': the schema has no such key (misspelt?)",
        id="unknown-field",
    ),
    pytest.param(
        "facts.yaml", "  label: The battery's development cost relative to comparable packs\n", "", "cost-fraction",
        "- |id: cost-fraction", "label", "required field is missing",
        id="missing-field",
    ),
    pytest.param(
        "entities.yaml", "  name: Mara Okafor\n", '  name: ""\n', "mara-okafor", 'name: |""', "name",
        'expected text, found an empty or whitespace-only string, got ""',
        id="empty-value",
    ),
    pytest.param(
        "facts.yaml", "  measures: What Brightwell spent on developing the Lumen 2\n", '  measures: "   "\n', "lumen-development-cost",
        'measures: |"   "', "measures", 'expected text, found an empty or whitespace-only string, got "   "',
        id="whitespace-only-value",
    ),
    pytest.param(
        "entities.yaml", "  name: Mara Okafor\n", '  name: "Mara\\aOkafor"\n', "mara-okafor", 'name: |"Mara', "name",
        'expected printable text, found the control character U+0007, got "Mara\\u0007Okafor"',
        id="control-character",
    ),
    # figures against the text
    pytest.param(
        "facts.yaml", "  value: 92.5\n", "  value: 95.2\n", "lumen-charge-retention", "value: |95.2", "value",
        "95.2 does not match the printed '92.5%', which is rounded to its last digit, so its value lies between 92.45 and 92.55",
        id="value-disagrees-with-print",
    ),
    pytest.param(
        "facts.yaml", "  value: 3\n", "  value: 4.0\n", "launch-country-number", "value: |4.0", "value",
        "4 does not match the printed 'three', which is exact, so its value is 3",
        id="value-disagrees-with-a-number-in-words",
    ),
    pytest.param(
        "facts.yaml", 'printed: "92.5%"', 'printed: "92.5 percent"', "lumen-charge-retention", 'printed: |"92.5 percent"', "printed",
        "'92.5 percent' does not occur in the quote",
        id="printed-not-in-quote",
    ),
    pytest.param(
        "glossary.yaml", "quote: \"“cash-burning business model” (烧钱模式)\"", "quote: \"“cash burning business model” (烧钱模式)\"",
        "cash-burning-model", "quote: |\"“cash burning", "quote",
        "does not occur verbatim in paragraph p4",
        id="quote-not-verbatim",
    ),
    pytest.param(
        "lists.yaml", "{label: inverters}", "{label: invertors}", "factory-products", "{label: |invertors}", "items[1].label",
        "'invertors' does not occur in p6",
        id="list-item-not-printed",
    ),
    # references between records
    pytest.param(
        "entities.yaml", "  paragraph: p5\n  quote: \"says its founder", "  paragraph: p55\n  quote: \"says its founder", "mara-okafor",
        "paragraph: |p55", "paragraph", "unknown paragraph 'p55'",
        id="unknown-paragraph",
    ),
    pytest.param(
        "entities.yaml", "affiliations: [brightwell-energy]", "affiliations: [brightwell]", "mara-okafor", "[|brightwell]",
        "affiliations[0]", "unknown entity 'brightwell'",
        id="unknown-entity",
    ),
    pytest.param(
        "charts.yaml", "facts: [lumen-development-cost, stack-development-cost]\n", "facts: [lumen-developmnet-cost, stack-development-cost]\n",
        "chart-development-cost", "facts: [|lumen-developmnet-cost", "facts[0]", "unknown fact 'lumen-developmnet-cost'",
        id="unknown-fact-on-a-chart",
    ),
    pytest.param(
        "derived.yaml", "checks: cost-fraction", "checks: cost-fractoin", "development-cost-ratio", "checks: |cost-fractoin", "checks",
        "unknown fact 'cost-fractoin'",
        id="unknown-fact-to-check-against",
    ),
    pytest.param(
        "claims.yaml", "stance: optimistic", "stance: optimist", "okafor-small-teams", "stance: |optimist", "stance",
        "unknown stance 'optimist': site.yaml's `stances` defines each tag ('optimistic', 'report')",
        id="unknown-stance",
    ),
    pytest.param(
        "glossary.yaml", "  language: zh-Hans\n", '  language: "Chinese <b>"\n', "cash-burning-model", 'language: |"Chinese', "language",
        "String should match pattern '^[A-Za-z]{{2,3}}(?:-[A-Za-z0-9]{{2,8}})*$', got \"Chinese <b>\"",
        id="language-not-a-bcp47-tag",
    ),
    pytest.param(
        "facts.yaml", "  topic: product\n  section: charge\n\n- id: prototype-charge-retention",
        "  topic: timeline\n  section: charge\n\n- id: prototype-charge-retention", "lumen-charge-retention", "topic: |timeline", "topic",
        "page 'timeline' does not show facts; pages that do: costs, product",
        id="record-on-a-page-that-does-not-show-it",
    ),
    pytest.param(
        "facts.yaml", "  topic: product\n  section: charge\n\n- id: prototype-charge-retention",
        "  topic: product\n  section: charges\n\n- id: prototype-charge-retention", "lumen-charge-retention", "section: |charges", "section",
        "no section 'charges' on page 'product'",
        id="unknown-section",
    ),
    pytest.param(
        "facts.yaml", "  topic: product\n  section: charge\n\n- id: prototype-charge-retention",
        "  topic: products\n  section: charge\n\n- id: prototype-charge-retention", "lumen-charge-retention", "topic: |products", "topic",
        "no page 'products' in pages.yaml; pages that show facts: costs, product",
        id="unknown-page",
    ),
    # pages: `check` used to pass an unknown template, and the build then crashed with a traceback
    pytest.param(
        "pages.yaml", "  template: data_reference\n", "  template: data_refrence\n", "data-reference", "template: |data_refrence",
        "template", "no template 'data_refrence' in {templates}/pages (there are: about, data_reference, glossary, overview, people, source, timeline, topic)",
        id="unknown-template",
    ),
    pytest.param(
        "pages.yaml", "- id: index\n", "- id: home\n", "home", "- id: |home", "id",
        "the first page is the home page: its id is `index` (usually `template: overview`)",
        id="first-page-not-index",
    ),
    # a role page's sections: the ones its role declares (generator/model/roles.py), no other
    pytest.param(
        "pages.yaml", "    - {id: original, title: The original story}\n", "    - {id: original, title: The original story}\n    - {id: colophon, title: Colophon}\n",
        "about", "{id: |colophon", "sections[4].id",
        "the about role has no section 'colophon'; the sections it knows: method, build, cite, original",
        id="unknown-section-of-a-role",
    ),
    pytest.param(
        "pages.yaml", "    - {id: site-map, title: What is on this site}\n", "", "index", "|- id: key-figures", "sections",
        "the overview role needs a section 'site-map': every other page with its summary",
        id="missing-section-of-a-role",
    ),
    pytest.param(
        "pages.yaml", "  template: glossary\n", "  template: glossary\n  sections:\n    - {id: terms, title: Terms}\n", "glossary",
        "{id: |terms", "sections[0].id", "the glossary role has no sections: its page shows the data as a whole",
        id="section-on-a-role-without-sections",
    ),
    pytest.param(
        "charts.yaml", "  topic: about\n  section: method\n", "  topic: about\n  section: build\n", "chart-attribution",
        "section: |build", "section", "section 'build' of the about page shows no charts; the sections that do: method",
        id="chart-in-a-section-that-shows-none",
    ),
    # what a chart or a derived figure needs
    pytest.param(
        "charts.yaml", "  source_list: launch-countries\n", "", "chart-launch-map", "kind: |map", "kind",
        "a map chart needs source_list, the id of the list it shows",
        id="map-without-list",
    ),
    pytest.param(
        "charts.yaml", "facts: [lumen-charge-retention]", "facts: [stack-charge-retention]", "chart-charge",
        "facts: [|stack-charge-retention]", "facts[0]",
        "fact 'stack-charge-retention' has no numeric value (value: null); a share chart plots numbers",
        id="share-chart-of-a-null-value",
    ),
    pytest.param(
        "charts.yaml", "    lumen-development-cost: lumen-2\n", "    lumen-development-cost: lumen-2x\n", "chart-development-cost",
        "lumen-development-cost: |lumen-2x", "series.lumen-development-cost",
        "unknown entity 'lumen-2x'; a series that is not an entity is a label, written as it should print",
        id="series-written-like-an-unknown-entity",
    ),
    pytest.param(
        "charts.yaml", "facts: [lumen-charge-retention, prototype-charge-retention]", "facts: [lumen-charge-retention, launch-country-number]",
        "chart-retention", "facts: [lumen-charge-retention, |launch-country-number]", "facts[1]",
        "a bars chart draws one measure: 'launch-country-number' is in 'countries', 'lumen-charge-retention' in 'percent'",
        id="bars-of-two-units",
    ),
    pytest.param(
        "charts.yaml", "    prototype-charge-retention: The prototype\n",
        "    prototype-charge-retention: The prototype\n  series:\n    lumen-charge-retention: brightwell-energy\n",
        "chart-retention", "    |lumen-charge-retention: brightwell-energy", "series",
        "a bars chart draws its facts as one series; for several, use paired_bars",
        id="bars-in-series",
    ),
    pytest.param(
        "derived.yaml", "inputs: [lumen-development-cost, stack-development-cost]", "inputs: [lumen-development-cost, stack-charge-retention]",
        "development-cost-ratio", "inputs: [lumen-development-cost, |stack-charge-retention]", "inputs[1]",
        "fact 'stack-charge-retention' has no numeric value (value: null); a ratio needs a number",
        id="ratio-of-a-null-value",
    ),
    pytest.param(
        "derived.yaml", '  relation_quote: "with Corvant accounting for nearly $3 billion of it"\n', "", "corvant-share-of-market",
        "relation: |part-of", "relation", "a relation needs relation_quote, the words that state it, and the other way round",
        id="relation-without-its-words",
    ),
    pytest.param(
        "derived.yaml", '"with Corvant accounting for nearly $3 billion of it"', '"with Corvant accounting for $3 billion of it"',
        "corvant-share-of-market", 'relation_quote: |"with Corvant', "relation_quote", "does not occur verbatim in paragraph p2",
        id="relation-words-not-verbatim",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "record", "snippet", "field", "message"), CASES)
def test_a_bad_value_is_reported_with_file_line_and_field(small_report, name, old, new, record, snippet, field, message):
    path = edit(small_report, name, old, new)
    stem = name.removesuffix(".yaml")
    message = message.format(templates=default_templates())
    assert problems(small_report) == [located(path, snippet, f"{stem}[{index_of(path, record)}].{field}", message)]


def test_the_small_report_is_valid_and_accounts_for_every_number(small_report):
    """The baseline of every case above: the fixture as committed has no problem, numbers included."""
    data = check(small_report)
    assert len(data.paragraphs) == 7 and data.waivers  # one waiver, so that a waiver is exercised too


def test_a_mapped_country_without_its_code_is_reported_on_the_list(small_report):
    edit(small_report, "entities.yaml", '  country_code: "392"\n', "")
    lists = small_report / "data" / "lists.yaml"
    field = f"lists[{index_of(lists, 'launch-countries')}].items[1].entity"
    message = "chart-launch-map maps this list: entity 'japan' needs a country_code (ISO 3166-1 numeric)"
    assert problems(small_report) == [located(lists, "{label: Japan, entity: |japan}", field, message)]


def test_a_mapped_list_item_without_an_entity_is_reported(small_report):
    lists = edit(small_report, "lists.yaml", "{label: Japan, entity: japan}", "{label: Japan}")
    field = f"lists[{index_of(lists, 'launch-countries')}].items[1]"
    message = "chart-launch-map maps this list: each item needs the entity of its country"
    assert problems(small_report) == [located(lists, "- |{label: Japan}", field, message)]


# --- all problems at once ------------------------------------------------------------------


def test_every_problem_is_reported_not_just_the_first(small_report):
    facts = edit(small_report, "facts.yaml", "  value: 92.5\n", "  value: 95.2\n")
    entities = edit(small_report, "entities.yaml", "  paragraph: p5\n  quote: \"says its founder", "  paragraph: p55\n  quote: \"says its founder")
    assert sorted(problems(small_report)) == sorted([
        located(facts, "value: |95.2", f"facts[{index_of(facts, 'lumen-charge-retention')}].value",
                "95.2 does not match the printed '92.5%', which is rounded to its last digit, so its value lies between 92.45 and 92.55"),
        located(entities, "paragraph: |p55", f"entities[{index_of(entities, 'mara-okafor')}].paragraph", "unknown paragraph 'p55'"),
    ])


def test_a_record_that_breaks_the_schema_does_not_hide_the_cross_checks(small_report):
    # schema: mara-okafor is left out; the cross-check is on another file
    entities = edit(small_report, "entities.yaml", "  name: Mara Okafor\n", "  name: Mara Okafor\n  nickname: MO\n")
    edit(small_report, "facts.yaml", "  value: 92.5\n", "  value: 95.2\n")
    found = problems(small_report)
    assert len(found) == 2, found  # and mara-okafor's references elsewhere (a claim's `by`, a list) are not "unknown"
    assert f"entities[{index_of(entities, 'mara-okafor')}].nickname" in found[0]
    assert "facts[" in found[1] and "95.2 does not match" in found[1]



def test_a_page_that_breaks_the_schema_reports_its_own_error_not_a_crash_of_its_charts(small_report):
    """The charts placed on a page whose own record is invalid are not checked against its role (it has none yet)."""
    pages = edit(small_report, "pages.yaml", "- id: costs\n", "- id: costs\n  tittle: typo\n")
    found = problems(small_report)
    assert found == [located(pages, "tittle: |typo", f"pages[{index_of(pages, 'costs')}].tittle", "unknown field 'tittle': the schema has no such key (misspelt?)")], found

# --- the files themselves ------------------------------------------------------------------


def test_a_yaml_syntax_error_keeps_its_position(small_report):
    path = edit(small_report, "facts.yaml", "  value: 92.5\n", "  value: [92.5\n")
    [message] = problems(small_report)
    assert message.startswith(f"{path}:")
    assert "invalid YAML" in message


def test_a_missing_file_is_named(small_report):
    (small_report / "data" / "glossary.yaml").unlink()
    assert problems(small_report) == [f"{small_report / 'data' / 'glossary.yaml'}: file is missing"]


def test_an_id_used_twice_is_an_error(small_report):
    path = edit(small_report, "entities.yaml", "- id: mara-okafor\n", "- id: jon-avery\n")
    second = indexes_of(path, "jon-avery")[1]
    message = "id 'jon-avery' is already used in entities.yaml"
    expected = located(path, "- id: |jon-avery", f"entities[{second}].id", message, occurrence=2)
    assert expected in problems(small_report)  # besides the references to mara-okafor, now unknown


def test_paragraph_ids_are_pinned_to_their_lines(small_report):
    text_path = small_report / "data" / "source-article.txt"
    lines = text_path.read_text(encoding="utf-8").splitlines()
    lines[1], lines[2] = lines[2], lines[1]
    text_path.write_text("\n".join(lines), encoding="utf-8")
    found = problems(small_report)
    assert any("article.paragraphs[1].starts: line 2 of source-article.txt starts 'In early tests" in p for p in found), found


def test_a_list_on_an_unknown_paragraph_is_reported_not_a_crash(small_report):
    path = edit(small_report, "lists.yaml", "  paragraph: p5\n", "  paragraph: p404\n")
    field = f"lists[{index_of(path, 'launch-countries')}].paragraph"
    assert problems(small_report) == [located(path, "paragraph: |p404", field, "unknown paragraph 'p404'")]


# --- editorial text ------------------------------------------------------------------------

NAME_OR_FACT = (
    "put it in facts.yaml and show it from there, or, if it is part of a name, record the name as an entity's name or alias or as a glossary term"
)


def test_editorial_text_may_not_state_a_figure(small_report):
    path = edit(
        small_report, "pages.yaml",
        "intro: The size of the home battery market, and Corvant's part of it.",
        "intro: A market worth billions, a quarter of it Corvant's, about 25%.",
    )
    page = index_of(path, "costs")
    message = f"editorial text states a figure ('about 25%'); {NAME_OR_FACT}"
    assert problems(small_report) == [located(path, "intro: |A market worth", f"pages[{page}].sections[1].intro", message)]


def test_a_figure_inside_a_printed_name_is_not_a_figure(small_report):
    # "Lumen 2" is a name, recorded in entities.yaml: the unchanged data passes, a name it does not record fails
    old = "intro: How the Lumen 2 holds its charge"
    check(small_report)
    path = edit(small_report, "pages.yaml", old, "intro: How the Lumen 3 holds its charge")
    page = index_of(path, "product")
    message = f"editorial text states a figure ('Lumen 3'); {NAME_OR_FACT}"
    assert problems(small_report) == [located(path, "intro: |How the Lumen 3", f"pages[{page}].sections[0].intro", message)]


def test_a_glossary_term_holding_a_number_is_a_name_in_the_text_and_in_editorial_text(small_report):
    # The text names its factory "Plant 1"; declared as a glossary term, it is a name in the text and in a chart's caption.
    edit(small_report, "source-article.txt", "open its first factory,", "open its first factory, Plant 1,")
    with (small_report / "data" / "glossary.yaml").open("a", encoding="utf-8") as f:
        f.write('\n- id: plant-1\n  term: "Plant 1"\n  language: en\n  gloss: "its first factory"\n  paragraph: p6\n  quote: "first factory, Plant 1"\n')
    charts = edit(small_report, "charts.yaml", "title: Charge the Lumen 2 kept after a month", "title: Charge the Lumen 2 kept, before Plant 1")
    check(small_report)
    # A name the data does not declare ("Plant 2") is a figure, at its field's place.
    edit(small_report, "charts.yaml", "before Plant 1", "before Plant 2")
    chart = next(i for i, c in enumerate(yaml.safe_load(charts.read_text(encoding="utf-8"))) if "Plant 2" in c["title"])
    message = f"editorial text states a figure ('Plant 2'); {NAME_OR_FACT}"
    assert problems(small_report) == [located(charts, "title: |Charge the Lumen 2 kept, before Plant 2", f"charts[{chart}].title", message)]


# --- every number of the text is accounted for ---------------------------------------------


# --- an event's date as its quote prints it --------------------------------------------

FACTORY = "On April 2, Brightwell will open its first factory"


def _print_factory_date(small_report, lead: str, date: str, end: str | None = None) -> Path:
    """The factory opening's paragraph (and its event's quote) led by `lead` instead of "On April 2"; the event dated
    `date` (to `end`). The path of events.yaml."""
    replace_in(small_report / "data" / "source-article.txt", FACTORY, FACTORY.replace("On April 2", lead))
    edit(small_report, "article.yaml", 'starts: "On April 2"', f'starts: "{lead}"')
    edit(small_report, "events.yaml", f'quote: "{FACTORY}"', f'quote: "{FACTORY.replace("On April 2", lead)}"')
    return edit(small_report, "events.yaml", "date: 2025-04-02", f"date: {date}" + (f"\n  end: {end}" if end else ""))


# (how the text prints the date, the event's date, a near miss, what the error says the quote prints)
PRINTED_DATES = [
    pytest.param("On Apr. 2", "2025-04-02", "2025-04-03", "'Apr. 2' (04-02, year not printed)", id="abbreviated"),
    pytest.param("On Sept. 3, 2025", "2025-09-03", "2025-09-30", "'Sept. 3, 2025' (2025-09-03)", id="abbreviated-with-year"),
    pytest.param("On April 2, 2025", "2025-04-02", "2024-04-02", "'April 2, 2025' (2025-04-02)", id="full"),
    pytest.param("On 2 April", "2025-04-02", "2025-02-04", "'2 April' (04-02, year not printed)", id="day-first"),
    pytest.param("In April 2025", "2025-04", "2025-04-02", "'April 2025' (2025-04)", id="month-and-year"),
    pytest.param("In 2025", "2025", "2024", "'2025' (2025)", id="year"),
]


@pytest.mark.parametrize(("lead", "date", "near_miss", "prints"), PRINTED_DATES)
def test_an_events_date_as_printed_accounts_for_its_numbers_and_a_near_miss_fails_at_the_date(small_report, lead, date, near_miss, prints):
    _print_factory_date(small_report, lead, date)
    check(small_report)  # the event's date, and every number the printed date holds is accounted for
    events = edit(small_report, "events.yaml", f"date: {date}\n", f"date: {near_miss}\n")
    message = f"{near_miss} is not a date the quote prints: it prints {prints}"
    assert problems(small_report) == [located(events, f"date: |{near_miss}", f"events[{index_of(events, 'factory-opens')}].date", message)]


def test_a_span_is_printed_from_its_start_to_its_end_and_a_near_miss_end_fails_at_the_end(small_report):
    lead = "From Jan. 22, 2025 through May 30, 2026"
    _print_factory_date(small_report, lead, "2025-01-22", end="2026-05-30")
    check(small_report)
    events = edit(small_report, "events.yaml", "end: 2026-05-30", "end: 2026-05-31")
    message = "2026-05-31 is not a date the quote prints: it prints 'Jan. 22, 2025' (2025-01-22), 'May 30, 2026' (2026-05-30)"
    assert problems(small_report) == [located(events, "end: |2026-05-31", f"events[{index_of(events, 'factory-opens')}].end", message)]


def test_a_span_ends_after_it_starts(small_report):
    events = _print_factory_date(small_report, "From Jan. 22, 2025 through May 30, 2026", "2025-01-22", end="2025-01-22")
    index = index_of(events, "factory-opens")
    message = "end 2025-01-22 is not after date 2025-01-22: a span ends after it starts"
    assert problems(small_report) == [located(events, "- |id: factory-opens", f"events[{index}]", message)]


def test_an_event_whose_quote_prints_no_date_says_where_its_date_comes_from(small_report):
    events = edit(small_report, "events.yaml", f'quote: "{FACTORY}"', 'quote: "Brightwell will open its first factory"')
    check(small_report)  # its date_note says where the date comes from
    edit(small_report, "events.yaml", '  date_note: "Year not printed; 2025 from the unveiling (p1)."\n', "")
    message = "the quote prints no date: quote the words that print 2025-04-02, or say in date_note where the date comes from"
    assert problems(small_report) == [located(events, "date: |2025-04-02", f"events[{index_of(events, 'factory-opens')}].date", message)]


def _undate_the_factory_opening(small_report):
    """No event is dated "On April 2" any more: its event is dated the day before, from its note, not from its quote."""
    edit(small_report, "events.yaml", 'quote: "On April 2, Brightwell will open its first factory"', 'quote: "Brightwell will open its first factory"')
    edit(small_report, "events.yaml", "date: 2025-04-02", "date: 2025-04-01")


def test_a_number_in_the_text_that_nothing_accounts_for_fails_the_build_pointing_at_it(small_report):
    _undate_the_factory_opening(small_report)
    text = small_report / "data" / "source-article.txt"
    message = (
        "the number '2' is not accounted for: it is part of the date 'April 2': give an event that date in events.yaml, with a quote"
        " that prints it, or state it as a fact (facts.yaml), or waive it in waivers.yaml with a reason"
    )
    assert problems(small_report) == [located(text, "On April |2,", "paragraph p6", message)]


def test_a_waiver_with_its_reason_accounts_for_a_number_and_an_unused_one_is_an_error(small_report):
    _undate_the_factory_opening(small_report)
    waivers = small_report / "data" / "waivers.yaml"
    with waivers.open("a", encoding="utf-8") as f:
        f.write('\n- paragraph: p6\n  quote: "On April 2"\n  printed: "2"\n  reason: a test\n')
    check(small_report)  # accounted for
    edit(small_report, "events.yaml", "date: 2025-04-01", "date: 2025-04-02")  # "April 2" is the event's date again
    message = "waives '2' in p6, but no uncovered number is there"
    assert problems(small_report) == [located(waivers, 'printed: |"2"', "waivers[1].printed", message)]


# --- every report's data, and its JSON Schemas ----------------------------------------------


@pytest.mark.parametrize("name", list(PROJECTS))
def test_every_reports_data_is_valid(name):
    data = check(PROJECTS[name])
    assert data.facts and data.entities and data.pages


@pytest.mark.parametrize("name", list(PROJECTS))
def test_the_committed_json_schemas_match_the_data_model(name):
    schema_dir = PROJECTS[name] / "data" / SCHEMA_DIR
    committed = {p.name.removesuffix(".schema.json"): p.read_text(encoding="utf-8") for p in schema_dir.glob("*.schema.json")}
    assert committed == json_schemas(), f"run `python -m generator schema` in {PROJECTS[name]}"


@pytest.mark.parametrize("name", list(PROJECTS))
def test_every_data_file_names_its_schema_and_an_editor_validating_with_it_agrees_with_the_build(name):
    for stem, text in json_schemas().items():
        path = PROJECTS[name] / "data" / f"{stem}.yaml"
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema={SCHEMA_DIR}/{stem}.schema.json"
        validator = jsonschema.Draft202012Validator(json.loads(text))
        # as a YAML 1.2 editor reads it: a date such as 2025-01-27 is a string
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert not list(validator.iter_errors(data)), stem
        if isinstance(data, list) and data:  # a misspelt key is an error for the editor too
            assert list(validator.iter_errors([{**data[0], "lable": "x"}]))


def _reference_text() -> str:
    """Everything the Data reference page says of the fields: the models' descriptions, field types and defaults."""
    parts = []
    for model in model_docs():
        parts.append(model.description)
        parts += [f"{f.name} {f.type} {f.default} {f.description}" for f in model.fields]
    return "\n".join(parts)


def _vocabulary(data) -> set[str]:
    """What belongs to one report: the names it records, its terms, its stance tags, and units that are its own words
    (several words, or a name: `CNY per million tokens`, `Elo`), not a currency code or a plain word such as `percent`."""
    words = {n for e in data.entities for n in (e.name, *e.aliases)} | {t.term for t in data.glossary} | set(data.site.stances)
    words |= {f.unit for f in data.facts if " " in f.unit or (f.unit[:1].isupper() and not f.unit.isupper())}
    return {w for w in words if len(w) > 2}


@pytest.mark.parametrize("name", list(PROJECTS))
def test_the_data_reference_holds_nothing_of_one_report(name):
    text = _reference_text()
    found = sorted(w for w in _vocabulary(check(PROJECTS[name])) if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
    assert found == []


def test_the_data_reference_speaks_yaml_not_python():
    text = _reference_text()
    assert not re.search(r"\bNone\b|\bTrue\b|\bFalse\b", text)
    assert all(model.description for model in model_docs())  # each record says what it is


# --- the DeepSeek report's own data ------------------------------------------------------------


def test_every_number_in_the_deepseek_article_is_a_fact_a_date_or_a_name():
    data = check(ROOT)
    assert data.waivers == []  # nothing waived: each number is stated as a fact, an event's date or part of a name
