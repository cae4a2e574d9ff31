"""A value is what is printed: each kind of printed figure, its right values, and a near miss that fails where it is written.

Each case adds one sentence to the small report's last paragraph and one fact that quotes it, then checks the fact with
values that match the print (the whole check passes, every number of the text accounted for) and with a near miss
(one problem, at file:line:col of the field that is wrong).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_validate import located, problems

from conftest import edit
from generator.model.printed import read_printed
from generator.pipeline import check

FACT = """
- id: added-figure
  label: A figure the test adds
  printed: "{printed}"
  value: {value}
  unit: {unit}
  measures: What the test measures
  paragraph: p6
  quote: "{sentence}"
  topic: costs
  section: development
{extra}"""

LAST_SENTENCE = "where it will make cells, inverters and chargers."


def add_fact(project: Path, sentence: str, printed: str, value: object, unit: str, extra: str = "") -> Path:
    """Append `sentence` to paragraph p6 and a fact quoting it; the path of facts.yaml."""
    edit(project, "source-article.txt", LAST_SENTENCE, f"{LAST_SENTENCE} {sentence}")
    facts = project / "data" / "facts.yaml"
    with facts.open("a", encoding="utf-8") as f:
        f.write(FACT.format(printed=printed, value=value, unit=unit, sentence=sentence, extra=extra))
    return facts


def last(path: Path, text: str) -> int:
    """Which occurrence of `text` is the last, for `located` (the added fact is at the end of the file)."""
    return sum(text in line for line in path.read_text(encoding="utf-8").splitlines())


def index_of_added(facts: Path) -> int:
    """The added fact's index: the last."""
    return len(yaml.safe_load(facts.read_text(encoding="utf-8"))) - 1


# (sentence, printed, unit, extra fields, values that match, near miss, message)
KINDS = [
    pytest.param(
        "The plant cost $9,589,525 to build.", "$9,589,525", "USD", "  currency: USD\n", [9589525], 9598525,
        "9598525 does not match the printed '$9,589,525', which is exact, so its value is 9589525",
        id="integer-with-separators",
    ),
    pytest.param(
        "It covers 4.5 hectares.", "4.5 hectares", "hectares", "", [4.5, 4.54, 4.45], 4.56,
        "4.56 does not match the printed '4.5 hectares', which is rounded to its last digit, so its value lies between 4.45 and 4.55",
        id="decimal",
    ),
    pytest.param(
        "The line cost $5.576 million.", "$5.576 million", "USD", "  currency: USD\n", [5576000, 5576400], 5576600,
        "5576600 does not match the printed '$5.576 million', which is rounded to its last digit, so its value lies between 5575500 and 5576500",
        id="scale-word",
    ),
    pytest.param(
        "Its yield is 79.8% today.", "79.8%", "percent", "", [79.8, 79.85], 79.86,
        "79.86 does not match the printed '79.8%', which is rounded to its last digit, so its value lies between 79.75 and 79.85",
        id="percent-with-decimals",
    ),
    pytest.param(
        "Its yield was 88 percent before.", "88 percent", "percent", "", [88], 88.4,
        "88.4 does not match the printed '88 percent', which is exact, so its value is 88",
        id="percent-whole",
    ),
    pytest.param(
        "Its cells cost 1/18th of the usual.", "1/18th", "ratio", "", [0.0555556, 0.055555556], 0.0556,
        "0.0556 does not match the printed '1/18th', which is exact, so its value is 0.0555556 (to six digits or more)",
        id="fraction",
    ),
    pytest.param(
        "It employs fifty-two engineers.", "fifty-two", "engineers", "", [52], 25,
        "25 does not match the printed 'fifty-two', which is exact, so its value is 52",
        id="words-beyond-twelve",
    ),
    pytest.param(
        "Each line needs a dozen testers.", "a dozen", "testers", "", [12], 13,
        "13 does not match the printed 'a dozen', which is exact, so its value is 12",
        id="a-dozen",
    ),
    pytest.param(
        "Two-thirds of the cells are made there.", "Two-thirds", "ratio", "", [0.666667], 0.67,
        "0.67 does not match the printed 'Two-thirds', which is exact, so its value is 0.666667 (to six digits or more)",
        id="fraction-in-words",
    ),
    pytest.param(
        "The lease runs for five years.", "five years", "years", "", [5], 6,
        "6 does not match the printed 'five years', which is exact, so its value is 5",
        id="words-and-noun",
    ),
    pytest.param(
        "It signed a 46-year lease.", "46-year", "years", "", [46], 64,
        "64 does not match the printed '46-year', which is exact, so its value is 46",
        id="number-and-noun-as-one-word",
    ),
    pytest.param(
        "It will employ up to 300 people.", "300 people", "people", "  qualifier: up to\n", [300], 299,
        "299 does not match the printed '300 people', which is exact, so its value is 300",
        id="bound",
    ),
    pytest.param(
        "It was nearly $600 billion.", "$600 billion", "USD", "  currency: USD\n  qualifier: nearly\n", [600e9, 599.6e9], 601e9,
        "601000000000 does not match the printed '$600 billion', which is rounded to its last digit, so its value lies between 599500000000 and 600500000000",
        id="bound-with-scale-word",
    ),
    pytest.param(
        "Its rent is €0.9 billion a year.", "€0.9 billion", "EUR", "  currency: EUR\n", [0.9e9, 0.92e9], 0.96e9,
        "960000000 does not match the printed '€0.9 billion', which is rounded to its last digit, so its value lies between 850000000 and 950000000",
        id="euro",
    ),
    pytest.param(
        "Its shop sold £3,400 of spares.", "£3,400", "GBP", "  currency: GBP\n", [3400], 3400.5,
        "3400.5 does not match the printed '£3,400', which is exact, so its value is 3400",
        id="pound",
    ),
    pytest.param(
        "A cell sells for ¥16 in Japan.", "¥16", "JPY", "  currency: JPY\n", [16], 61,
        "61 does not match the printed '¥16', which is exact, so its value is 16",
        id="yen",
    ),
]


@pytest.mark.parametrize(("sentence", "printed", "unit", "extra", "right", "near", "message"), KINDS)
def test_a_printed_figure_takes_its_own_value_and_refuses_a_near_miss(small_report, sentence, printed, unit, extra, right, near, message):
    facts = add_fact(small_report, sentence, printed, "VALUE", unit, extra)
    template = facts.read_text(encoding="utf-8")
    for value in right:
        facts.write_text(template.replace("VALUE", repr(value)), encoding="utf-8")
        check(small_report)  # the value matches, and the figure accounts for the number in the text
    facts.write_text(template.replace("VALUE", repr(near)), encoding="utf-8")
    index = index_of_added(facts)
    assert problems(small_report) == [located(facts, f"value: |{near!r}", f"facts[{index}].value", message, last(facts, f"value: {near!r}"))]


# (printed and fields, the snippet the problem points at, its field, the message)
FIELDS = [
    pytest.param(
        "¥16", "  currency: KRW\n", "currency: |KRW", "currency", "KRW is not what '¥' stands for (CNY, JPY)",
        id="currency-not-its-sign",
    ),
    pytest.param(
        "¥16", "", "- |id: added-figure", "currency", "'¥16' is printed with '¥': give its ISO 4217 currency (CNY, JPY)",
        id="currency-missing",
    ),
    pytest.param(
        "¥16", "  currency: XYZ\n", "currency: |XYZ", "currency", 'expected an ISO 4217 currency code (three capital letters, e.g. `EUR`), got "XYZ"',
        id="currency-not-iso-4217",
    ),
    pytest.param(
        "16", "  qualifier: more than\n  bound: at_most\n", "bound: |at_most", "bound",
        "the bound disagrees with the printed words: 'more than' states 'above', got \"at_most\"",
        id="bound-against-its-words",
    ),
    pytest.param(
        "16", "  qualifier: in Korea\n", "qualifier: |in Korea", "qualifier", "'in Korea' does not occur in the quote",
        id="qualifier-not-printed",
    ),
    pytest.param(
        "dozens", "", "printed: |\"dozens\"", "printed",
        "'dozens' is not one number (digits or words, with a sign, scale or noun), so the value cannot be held to it: "
        "print the figure with its number, or set value: null",
        id="not-a-number-with-a-value",
    ),
]


@pytest.mark.parametrize(("shown", "extra", "snippet", "field", "message"), FIELDS)
def test_a_figures_sign_bound_and_words_are_held_to_its_print(small_report, shown, extra, snippet, field, message):
    sentence = "A cell sells for ¥16 in Japan, dozens a day, more than before."
    facts = add_fact(small_report, sentence, shown, 16, "JPY", extra)
    assert problems(small_report) == [located(facts, snippet, f"facts[{index_of_added(facts)}].{field}", message)]


def test_a_bound_printed_before_the_figure_must_be_recorded(small_report):
    facts = add_fact(small_report, "It will hire more than 300 people.", "300 people", 300, "people")
    message = "the quote prints 'more than' before '300 people': record it as the qualifier, a bound (above)"
    assert problems(small_report) == [located(facts, "- |id: added-figure", f"facts[{index_of_added(facts)}].qualifier", message)]


def test_a_bound_is_read_from_the_qualifier_or_the_printed_words():
    assert read_printed("more than 14 times").bound == "above"
    assert read_printed("one or more").bound == "at_least"
    assert read_printed("up to five").bound == "at_most"
    assert read_printed("14 times").bound is None


# --- a printed equivalent: one fact, no waiver -----------------------------------------------

EQUIVALENT = "  equivalent: {{printed: \"{printed}\", value: {value}, unit: meters}}\n"


def test_a_printed_equivalent_accounts_for_its_number_and_holds_its_value(small_report):
    sentence = "Its tower is 40 feet (12 meters) tall."
    facts = add_fact(small_report, sentence, "40 feet", 40, "feet", EQUIVALENT.format(printed="12 meters", value=12))
    check(small_report)  # "12" is the equivalent's: no waiver needed
    template = facts.read_text(encoding="utf-8")
    facts.write_text(template.replace("value: 12,", "value: 21,"), encoding="utf-8")
    message = "21 does not match the printed '12 meters', which is exact, so its value is 12"
    assert problems(small_report) == [located(facts, "value: |21,", f"facts[{index_of_added(facts)}].equivalent.value", message)]


def test_a_printed_equivalent_that_is_not_the_conversion_is_an_error(small_report):
    sentence = "Its tower is 40 feet (15 meters) tall."
    facts = add_fact(small_report, sentence, "40 feet", 40, "feet", EQUIVALENT.format(printed="15 meters", value=15))
    message = "40 feet is 12.2 meters, not the printed '15 meters'"
    assert problems(small_report) == [located(facts, '{printed: |"15 meters"', f"facts[{index_of_added(facts)}].equivalent.printed", message)]


def test_without_its_equivalent_the_converted_number_is_unaccounted_for(small_report):
    add_fact(small_report, "Its tower is 40 feet (12 meters) tall.", "40 feet", 40, "feet")
    text = small_report / "data" / "source-article.txt"
    message = "the number '12' is not accounted for: state it as a fact (facts.yaml), or waive it in waivers.yaml with a reason"
    assert problems(small_report) == [located(text, "40 feet (|12 meters)", "paragraph p6", message)]


def test_a_number_in_words_beyond_twelve_must_be_accounted_for(small_report):
    edit(small_report, "source-article.txt", LAST_SENTENCE, f"{LAST_SENTENCE} It employs fifty engineers.")
    text = small_report / "data" / "source-article.txt"
    message = "the number 'fifty' is not accounted for: state it as a fact (facts.yaml), or waive it in waivers.yaml with a reason"
    assert problems(small_report) == [located(text, "employs |fifty", "paragraph p6", message)]


@pytest.mark.parametrize(
    ("printed", "number", "rounded", "noun"),
    [
        ("one hundred and five days", 105, False, "days"),
        ("three quarters", 0.75, False, ""),
        ("seventy-second", 72, False, ""),
        ("two dozen eggs", 24, False, "eggs"),
        ("a single day", 1, False, "day"),
        ("3.3 feet per second", 3.3, True, "feet per second"),  # "second" is a unit here, not a second number
        ("7B", 7e9, True, ""),
        ("1,000 Martian days", 1000, False, "Martian days"),
    ],
)
def test_printed_figures_are_read_as_texts_print_them(printed, number, rounded, noun):
    reading = read_printed(printed)
    assert (float(reading.number), reading.rounded, reading.noun) == (pytest.approx(number), rounded, noun)


@pytest.mark.parametrize("printed", ["five years and six months", "1980s", "dozens", "1,00", "NVIDIA H800", "state-of-the-art"])
def test_what_is_not_one_number_is_not_read_as_one(printed):
    assert read_printed(printed) is None
