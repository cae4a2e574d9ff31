"""A derived figure's inputs: as many as its operation takes, numbers, one unit for a sum or difference, and a derived
input only when it is listed before (a share of a sum)."""

from __future__ import annotations

import pytest
from test_validate import index_of, located, problems

from conftest import edit
from generator.pipeline import check

SUM = "  op: sum\n  inputs:\n    - lumen-development-cost\n    - stack-development-cost\n"


@pytest.mark.parametrize(
    ("old", "new", "record", "snippet", "field", "message"),
    [
        pytest.param(
            SUM, "  op: sum\n  inputs:\n    - lumen-development-cost\n", "development-cost-total", "    |- lumen-development-cost", "inputs",
            "sum takes 2 or more inputs, got 1",
            id="sum-of-one",
        ),
        pytest.param(
            SUM, "  op: sum\n  inputs:\n    - lumen-development-cost\n    - lumen-charge-retention\n", "development-cost-total",
            "    |- lumen-development-cost", "inputs", "a sum takes amounts of one unit: lumen-development-cost is in USD, lumen-charge-retention is in percent",
            id="sum-of-two-units",
        ),
        pytest.param(
            "inputs: [lumen-development-cost, development-cost-total]", "inputs: [lumen-development-cost, development-cost-gap]",
            "lumen-share-of-development-total", "inputs: [lumen-development-cost, |development-cost-gap]", "inputs[1]",
            "unknown fact, or derived figure listed before this one, 'development-cost-gap'",
            id="derived-input-listed-after",
        ),
    ],
)
def test_a_derived_figures_inputs_are_checked(small_report, old, new, record, snippet, field, message):
    path = edit(small_report, "derived.yaml", old, new)
    assert problems(small_report) == [located(path, snippet, f"derived[{index_of(path, record)}].{field}", message)]


def test_a_share_of_a_sum_listed_before_it_is_valid(small_report):
    data = check(small_report)
    share = next(d for d in data.derived if d.id == "lumen-share-of-development-total")
    assert share.inputs[1] == "development-cost-total"
