"""`todo`'s stub names the figure's unit when it can be told from the text, and leaves TODO when it cannot."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.authoring.todo import fact_stub
from generator.model import schema


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("It reached a maximum altitude of 40 feet (12 meters) before landing.", "40", "feet"),
        ("It descended at 3.3 feet per second (1 meter per second).", "3.3", "feet per second"),
        ("It hovered for 4.5 seconds.", "4.5", "seconds"),
        ("Sales rose 12% last year.", "12", "percent"),
        ("The rent is €900 a month.", "900", "EUR"),
        ("It performed 72 flights.", "72", "TODO"),  # a count: no unit pint knows
        ("It cost $5 million.", "5", "TODO"),  # `$` alone does not say which dollar
        ("It flew 5 in a row.", "5", "TODO"),  # `in` is an inch to pint, but not here
    ],
)
def test_a_stub_names_a_unit_it_recognises_and_todo_otherwise(text, number, unit):
    paragraph = schema.Paragraph(id="p1", number=1, role="body", text=text)
    match = re.search(re.escape(number), text)
    assert match is not None
    record = yaml.safe_load(fact_stub(paragraph, match, ("page", "section")))[0]
    assert record["unit"] == unit
