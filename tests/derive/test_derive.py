"""Derived figures are computed from the facts, with formulas; pinyin comes from pypinyin.

The properties hold on every report; the figures themselves are checked on the small invented report
in tests/fixtures/small-report/, which has one derived figure of each kind, and whose scratch copy
(`small_report`) the tests edit to break a stated relation. The DeepSeek report's own figures come last.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import PROJECTS, REPORTS, ROOT, SMALL_REPORT, edit
from generator.derive.pinyin import to_pinyin
from generator.derive.report import derive, derived_bound, display_figure, trim_number
from generator.model.load import load_sources
from generator.model.validate import validate
from generator.pipeline import check


@pytest.fixture(scope="module", params=list(PROJECTS))
def report(request):
    """Each report's derived view, and the fixture's."""
    return derive(check(PROJECTS[request.param]))


@pytest.fixture(scope="module")
def small():
    return derive(check(SMALL_REPORT))


# --- on every report ---------------------------------------------------------------------------


def test_every_ratio_is_the_quotient_of_its_two_facts(report):
    for d in report.derived.values():
        if d.spec.op == "ratio":
            a, b = (report.figures[i].fact for i in d.spec.inputs)
            assert d.value == pytest.approx(a.value / b.value)
            assert d.formula == f"{report.figures[a.id].display} ÷ {report.figures[b.id].display}"


def test_shares_sums_differences_and_counts_follow_their_inputs(report):
    for d in report.derived.values():
        values = [(report.figures.get(i) or report.derived[i]).value for i in d.spec.inputs if d.spec.op != "count"]
        if d.spec.op == "share":
            assert d.value == pytest.approx(100 * values[0] / values[1])
        elif d.spec.op == "difference":
            assert d.value == pytest.approx(values[0] - values[1])
        elif d.spec.op == "sum":
            assert d.value == pytest.approx(sum(values))
        elif d.spec.op == "count":
            lst = next(x for x in report.data.lists if x.id == d.spec.inputs[0])
            assert d.value == len(lst.items)


def test_a_ratio_below_one_reads_as_a_fraction(report):
    for d in report.derived.values():
        if d.spec.op == "ratio" and d.value < 1:
            assert d.display.removeprefix("about ") == f"1/{trim_number(1 / d.value)}"


def test_qualifiers_are_shown_with_the_figure(report):
    for fig in report.figures.values():
        if fig.fact.qualifier:
            assert fig.fact.qualifier in fig.display
        assert fig.fact.printed in fig.display


@pytest.mark.parametrize(
    ("op", "bounds", "bound"),
    [
        ("difference", [None, "at_most"], "at_least"),  # 72 minus up to 5: at least 67
        ("difference", ["above", None], "above"),
        ("ratio", ["below", None], "below"),  # almost 1,000 ÷ 30: less than 33.3
        ("ratio", [None, "at_least"], "at_most"),
        ("share", ["below", "below"], "approximately"),  # nearly 3 of nearly 12: either way
        ("sum", ["at_least", "above"], "above"),
        ("sum", ["at_least", "at_least", None], "at_least"),
        ("sum", ["approximately", None], "approximately"),
        ("sum", [None, None], None),
    ],
)
def test_a_figure_computed_from_bounded_ones_is_bounded_the_way_they_pull(op, bounds, bound):
    assert derived_bound(op, bounds) == bound


def test_a_figure_computed_from_a_bound_says_so(report):
    words = ("at most ", "at least ", "less than ", "more than ", "about ")
    for d in report.derived.values():
        if d.spec.op != "count":
            assert d.display.startswith(words) == (d.bound is not None), (d.id, d.display)
            assert (d.bound is not None) == any(fig.bound for fig in d.inputs), (d.id, d.display)


def test_every_stated_check_and_relation_gets_a_verdict(report):
    checked = {d.id for d in report.derived.values() if d.verdict is not None}
    assert checked == {d.id for d in report.data.derived if d.checks or d.relation}


# --- the figures, on the small report -------------------------------------------------------------


def test_the_small_report_has_a_derived_figure_of_each_kind(small):
    assert {d.spec.op for d in small.derived.values()} == {"ratio", "share", "difference", "sum", "count"}


def test_each_derived_figure_shows_its_value_and_formula(small):
    shown = {d.id: (d.display, d.formula) for d in small.derived.values()}
    assert shown == {
        "development-cost-ratio": ("1/18", "$2.5 million ÷ $45 million"),
        "development-cost-total": ("$47.5 million", "$2.5 million + $45 million"),
        "lumen-share-of-development-total": ("5.3%", "$2.5 million ÷ $47.5 million × 100"),
        "development-cost-gap": ("$42.5 million", "$45 million − $2.5 million"),
        "corvant-share-of-market": ("about 25%", "nearly $3 billion ÷ nearly $12 billion × 100"),
        "charge-retention-gain": ("4.5 percentage points", "92.5% − 88%"),
        "launch-countries-count": ("3", "items in the list “Countries where the battery goes on sale first”"),
    }


def test_the_articles_stated_checks_and_relations_are_recomputed_and_hold(small):
    verdicts = {d.id: (d.verdict.says, d.verdict.holds, d.verdict.reading) for d in small.derived.values() if d.verdict}
    assert verdicts == {
        "development-cost-ratio": ("“just 1/18th”", True, "$2.5 million ÷ $45 million = 1/18.00, which rounds to 1/18, as stated"),
        "corvant-share-of-market": (
            "“with Corvant accounting for nearly $3 billion of it”", True, "nearly $3 billion is within nearly $12 billion"
        ),
        "charge-retention-gain": ("“up from 88% for its prototype”", True, "92.5% is more than 88%"),
        "launch-countries-count": (
            "“three”", True, "the list “Countries where the battery goes on sale first” has 3 items, as stated"
        ),
    }


def test_a_figure_shows_its_qualifier_once(small):
    assert display_figure(small.figures["home-battery-market"].fact) == "nearly $12 billion"
    assert display_figure(small.figures["cost-fraction"].fact) == "just 1/18th"
    assert display_figure(small.figures["stack-charge-retention"].fact) == "on par"  # the print already holds it


def test_a_chinese_term_gets_its_pinyin(small):
    [term] = small.terms
    assert (term.term.term, term.transliteration, term.transliteration_language) == ("烧钱模式", "shāo qián mó shì", "zh-Latn-pinyin")


def test_entities_list_every_paragraph_that_names_them(small):
    paragraphs = {entity_id: view.paragraphs for entity_id, view in small.entities.items()}
    assert paragraphs["mara-okafor"] == ["p5"]
    assert paragraphs["brightwell-energy"] == ["p1", "p2", "p5", "p6"]  # by its name or its alias, "Brightwell"
    assert paragraphs["japan"] == ["p5"]  # not p4, where "Japanese" is a different word
    assert paragraphs["lumen-2"] == ["p1", "p3"]


def test_a_stated_relation_that_does_not_hold_is_reported_as_such(small_report):
    # divide by the whole market instead of the rival's cost: no longer the stated "1/18th"
    inputs = "inputs: [lumen-development-cost, {}]"
    edit(small_report, "derived.yaml", inputs.format("stack-development-cost"), inputs.format("home-battery-market"))
    verdict = derive(check(small_report)).derived["development-cost-ratio"].verdict
    assert not verdict.holds
    assert verdict.reading == "$2.5 million ÷ nearly $12 billion = 1/4800.00, which rounds to 1/4800, not the stated 1/18th"


def test_a_count_that_does_not_match_the_stated_number_is_reported_as_such(small_report):
    edit(small_report, "lists.yaml", "    - {label: Brazil, entity: brazil}\n", "")
    verdict = derive(check(small_report)).derived["launch-countries-count"].verdict
    assert not verdict.holds
    assert verdict.reading == "the list “Countries where the battery goes on sale first” has 2 items, not the stated three"


@pytest.mark.parametrize(
    ("derived_id", "stated", "relation", "holds", "reading"),
    [
        ("corvant-share-of-market", "part-of", "part-of", True, "nearly $3 billion is within nearly $12 billion"),
        ("corvant-share-of-market", "part-of", "exceeds", False, "nearly $3 billion is not more than nearly $12 billion"),
        ("charge-retention-gain", "exceeds", "exceeds", True, "92.5% is more than 88%"),
        ("charge-retention-gain", "exceeds", "part-of", False, "92.5% is more than 88%"),
    ],
)
def test_a_stated_relation_between_two_figures_is_checked_both_ways(small_report, derived_id, stated, relation, holds, reading):
    edit(small_report, "derived.yaml", f"relation: {stated}", f"relation: {relation}")
    verdict = derive(check(small_report)).derived[derived_id].verdict
    assert (verdict.holds, verdict.reading) == (holds, reading)


# --- pages follow the data ------------------------------------------------------------------------


def _draft_report(project):
    """The derived view of a project whose text may have numbers nothing covers yet (as a draft build allows)."""
    return derive(validate(load_sources(project / "data", project / "mkdocs.yml"), numbers=False))


def test_a_role_page_whose_data_is_empty_is_left_out_with_a_notice(small_report):
    kept = _draft_report(small_report)
    assert "glossary" in [p.id for p in kept.pages] and kept.roles["glossary"] == "glossary" and kept.left_out == []
    (small_report / "data" / "glossary.yaml").write_text("[]\n", encoding="utf-8")
    report = _draft_report(small_report)
    assert "glossary" not in [p.id for p in report.pages] and "glossary" not in report.roles
    assert report.left_out == [
        "the page 'glossary' (template: glossary) is left out of the site, its navigation and its site map while glossary.yaml has no terms"
    ]
    assert not any(ref.page == "glossary" for refs in report.paragraph_refs.values() for ref in refs)


def test_a_role_page_with_a_chart_placed_on_it_is_kept_without_its_records(small_report):
    (small_report / "data" / "events.yaml").write_text("[]\n", encoding="utf-8")
    report = _draft_report(small_report)
    assert "timeline" in [p.id for p in report.pages] and report.left_out == []  # a chart is placed on it
    charts = small_report / "data" / "charts.yaml"
    charts.write_text(charts.read_text(encoding="utf-8").replace("topic: timeline", "topic: costs").replace("section: dated-events", "section: development"), encoding="utf-8")
    assert [p.id for p in _draft_report(small_report).pages if p.id == "timeline"] == []


# --- formatting ------------------------------------------------------------------------------------


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


def test_pinyin_is_pypinyins_with_its_whole_dictionary():
    """generator/derive/pinyin.py gives pypinyin only the phrases written in the texts' characters, and the beginnings of the
    others in them: every Chinese run of the reports' data is read as pypinyin reads it with its whole dictionary. So
    are texts whose reading those beginnings decide: its segmenter reads "一块石头落" (the beginning of a longer phrase)
    character by character, 头 as tóu; given the phrase 石头 alone it would read shí tou."""
    text = "".join(path.read_text(encoding="utf-8") for report in REPORTS.values() for path in sorted((report / "data").glob("*.yaml")))
    texts = sorted(set(re.findall(r"[\u3400-\u9fff]+", text)))
    assert texts, "the data holds Chinese"
    texts += ["一块石头落", "一把钥匙开一把", "一文钱难倒英雄", "银行行长在重庆长大", "低成本+开源"]
    ours = (
        "import json, sys\n"
        "from generator.derive.pinyin import pinyin_of\n"
        "readings = pinyin_of(json.load(sys.stdin))\n"
        "from pypinyin.constants import PHRASES_DICT\n"
        "assert 0 < len(PHRASES_DICT) < 1000, len(PHRASES_DICT)  # some phrases, not the whole dictionary\n"
        "print(json.dumps(readings))\n"
    )
    whole = (
        "import json, sys\n"
        "from pypinyin import Style, lazy_pinyin\n"
        "print(json.dumps({t: ' '.join(s for s in lazy_pinyin(t, style=Style.TONE) if s.strip()) for t in json.load(sys.stdin)}))\n"
    )
    readings = [json.loads(subprocess.run([sys.executable, "-c", script], input=json.dumps(texts), cwd=ROOT, capture_output=True, text=True, check=True).stdout) for script in (ours, whole)]
    assert readings[0] == readings[1]
    assert readings[0]["一块石头落"] == "yī kuài shí tóu luò"


# --- the DeepSeek report's own data -----------------------------------------------------------------


@pytest.fixture(scope="module")
def deepseek():
    return derive(check(ROOT))


def test_deepseeks_training_cost_ratio_reads_as_the_fraction_the_article_prints(deepseek):
    d = deepseek.derived["training-cost-ratio"]
    assert d.display == "1/17.9"
    assert "1/17.93, which rounds to 1/18" in d.verdict.reading


def test_deepseeks_stated_relations_all_hold(deepseek):
    verdicts = {d.id: d.verdict for d in deepseek.derived.values() if d.verdict is not None}
    assert len(verdicts) >= 4
    for derived_id, verdict in verdicts.items():
        assert verdict.holds, f"{derived_id}: {verdict.reading}"


def test_deepseeks_approximate_figures_are_marked(deepseek):
    assert display_figure(deepseek.figures["us-tech-market-loss"].fact).startswith("nearly ")
    # "nearly $600 billion" of "nearly $1 trillion"
    assert deepseek.derived["nvidia-share-of-market-loss"].display.startswith("about ")


def test_deepseeks_entities_are_found_by_whole_name(deepseek):
    li_dian = deepseek.entities["li-dian"]
    assert li_dian.paragraphs == [p.id for p in deepseek.data.paragraphs if "Li Dian" in p.text]
    # "Intel" must not be found inside "intelligence"
    intel = deepseek.entities["intel"]
    assert intel.paragraphs == [p.id for p in deepseek.data.paragraphs if re.search(r"\bIntel(?![a-z])", p.text)]
    assert "p12" not in intel.paragraphs  # "military intelligence"
