"""Derived figures are computed from the facts, with formulas; pinyin comes from pypinyin."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from generator.build import check
from generator.derive import APPROXIMATE, derive, display_figure, to_pinyin, trim_number


@pytest.fixture(scope="module")
def report():
    return derive(check(ROOT))


def test_every_ratio_is_the_quotient_of_its_two_facts(report):
    ratios = [d for d in report.derived.values() if d.spec.op == "ratio"]
    assert ratios
    for d in ratios:
        a, b = (report.figures[i].fact for i in d.spec.inputs)
        assert d.value == pytest.approx(a.value / b.value)
        assert d.formula == f"{report.figures[a.id].display} ÷ {report.figures[b.id].display}"


def test_shares_differences_and_counts_follow_their_inputs(report):
    for d in report.derived.values():
        if d.spec.op == "share":
            a, b = (report.figures[i].fact for i in d.spec.inputs)
            assert d.value == pytest.approx(100 * a.value / b.value)
        elif d.spec.op == "difference":
            a, b = (report.figures[i].fact for i in d.spec.inputs)
            assert d.value == pytest.approx(a.value - b.value)
        elif d.spec.op == "count":
            lst = next(x for x in report.data.lists if x.id == d.spec.inputs[0])
            assert d.value == len(lst.items)


def test_a_ratio_below_one_reads_as_a_fraction_to_set_against_the_printed_claim(report):
    checked = [d for d in report.derived.values() if d.checks is not None and d.value < 1]
    assert checked, "the data should set at least one computed fraction against a printed one"
    for d in checked:
        assert d.display == f"1/{trim_number(1 / d.value)}"


@pytest.mark.parametrize(("value", "text"), [(27.375, "27.4"), (55.0, "55"), (0.6000000000000085, "0.6"), (17.934, "17.9")])
def test_numbers_show_one_decimal_at_most(value, text):
    assert trim_number(value) == text


@pytest.mark.parametrize(
    ("chinese", "pinyin"),
    [
        ("烧钱模式", "shāo qián mó shì"),
        ("四两拨千斤", "sì liǎng bō qiān jīn"),
        ("低成本+开源", "dī chéng běn + kāi yuán"),
    ],
)
def test_pinyin_is_generated_with_tone_marks(chinese, pinyin):
    assert to_pinyin(chinese) == pinyin


def test_qualifiers_are_shown_with_the_figure(report):
    for fig in report.figures.values():
        if fig.fact.qualifier:
            assert fig.fact.qualifier in fig.display
        assert fig.fact.printed in fig.display
    assert display_figure(report.figures["us-tech-market-loss"].fact).startswith("nearly ")


def test_a_figure_computed_from_an_approximate_one_is_approximate(report):
    computed = [d for d in report.derived.values() if d.spec.op != "count"]
    for d in computed:
        approximate = any(fig.fact.qualifier in APPROXIMATE for fig in d.inputs)
        assert d.display.startswith("about ") == approximate, (d.id, d.display)
    assert any(d.display.startswith("about ") for d in computed)  # "nearly $600 billion" of "nearly $1 trillion"


def test_entities_list_every_paragraph_that_names_them(report):
    li_dian = report.entities["li-dian"]
    assert li_dian.paragraphs == [p.id for p in report.data.paragraphs if "Li Dian" in p.text]
    # "Intel" must not be found inside "intelligence"
    intel = report.entities["intel"]
    assert intel.paragraphs == [p.id for p in report.data.paragraphs if re.search(r"\bIntel(?![a-z])", p.text)]
    assert "p12" not in intel.paragraphs  # "military intelligence"


def test_the_articles_stated_relations_are_recomputed_and_hold(report):
    checked = {d.id: d.verdict for d in report.derived.values() if d.verdict is not None}
    stated = {d.id for d in report.data.derived if d.checks or d.relation}
    assert set(checked) == stated and len(stated) >= 4
    for derived_id, verdict in checked.items():
        assert verdict.holds, f"{derived_id}: {verdict.reading}"
    assert "1/17.93, which rounds to 1/18" in checked["training-cost-ratio"].reading


def test_a_stated_relation_that_does_not_hold_is_reported_as_such(project):
    derived = project / "data" / "derived.yaml"
    text = derived.read_text(encoding="utf-8")
    # hold the downloads ratio (16 million ÷ 9 million) to the training-cost fraction "1/18th" instead of "nearly double"
    derived.write_text(text.replace("checks: downloads-nearly-double", "checks: training-cost-fraction"), encoding="utf-8")
    verdict = derive(check(project)).derived["downloads-ratio"].verdict
    assert not verdict.holds
    assert verdict.reading.endswith("not the stated 1/18th")


@pytest.mark.parametrize(("relation", "holds"), [("part-of", True), ("exceeds", False)])
def test_a_stated_relation_between_two_figures_is_checked_both_ways(project, relation, holds):
    derived = project / "data" / "derived.yaml"
    text = derived.read_text(encoding="utf-8")
    derived.write_text(text.replace("relation: part-of", f"relation: {relation}"), encoding="utf-8")
    verdict = derive(check(project)).derived["nvidia-share-of-market-loss"].verdict
    assert verdict.holds is holds
