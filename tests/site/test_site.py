"""The built site: every page, every figure linked to its paragraph, search, no third-party host."""

from __future__ import annotations

import json
import re
import typing
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from generator.charts.theme import THEMES
from generator.derive.report import derive
from generator.model import schema
from generator.model.files import MODELS
from generator.pipeline import check

DATA = check(ROOT)
PAGES = [p.id for p in DATA.pages]


@cache
def soup(site: Path, page: str) -> BeautifulSoup:
    path = site / ("index.html" if page == "index" else f"{page}/index.html")
    page_soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for link in page_soup.select("a.headerlink"):  # the ¶ after each heading
        link.decompose()
    return page_soup


def links_to_source(block) -> set[str]:
    """Paragraph ids a block links to on the source page."""
    return {a["href"].split("#", 1)[1] for a in block.find_all("a", href=True) if re.search(r"(^|/)source/#", a["href"])}


def block_of(element) -> list:
    """An element with an id, or for a heading, the heading and what follows it up to the next heading."""
    if element.name not in {"h1", "h2", "h3", "h4"}:
        return [element]
    parts = [element]
    for sibling in element.find_next_siblings():
        if sibling.name in {"h1", "h2", "h3", "h4"}:
            break
        parts.append(sibling)
    return parts


def test_every_page_in_pages_yaml_is_built_with_its_title(site):
    assert len(PAGES) == len(DATA.pages) > 10
    for page in PAGES:
        page_soup = soup(site, page)
        title = next(p.title for p in DATA.pages if p.id == page)
        assert page_soup.find("h1").get_text(strip=True) == title


def test_every_fact_is_on_its_page_with_a_link_to_its_paragraph(site):
    for fact in DATA.facts:
        card = soup(site, fact.topic).find(id=fact.id)
        assert card is not None, f"{fact.id} is not on /{fact.topic}/"
        text = card.get_text(" ", strip=True)
        assert fact.printed in text and fact.label in text
        assert fact.paragraph in links_to_source(card), f"{fact.id} does not link to source/#{fact.paragraph}"


def test_every_number_in_the_article_appears_off_the_source_page_with_its_paragraph_link(site):
    blocks = []
    for page in PAGES:
        if page == "source":
            continue
        for element in soup(site, page).select("article [id]"):
            parts = block_of(element)
            text = " ".join(p.get_text(" ", strip=True) for p in parts)
            targets = set().union(*(links_to_source(p) for p in parts))
            blocks.append((text, targets))
    missing = []
    for paragraph in DATA.paragraphs:
        if paragraph.role != "body":
            continue
        for number in set(re.findall(r"\d+(?:[.,/]\d+)*", paragraph.text)):
            if not any(re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text) and paragraph.id in targets for text, targets in blocks):
                missing.append(f"{paragraph.id}: {number}")
    assert missing == []


def test_every_paragraph_has_a_permalink_and_every_link_to_one_resolves(site):
    source = soup(site, "source")
    for paragraph in DATA.paragraphs:
        element = source.find(id=paragraph.id)
        assert element is not None
        assert element.find("a", href=f"#{paragraph.id}") is not None
    for page in PAGES:
        for a in soup(site, page).find_all("a", href=re.compile(r"source/#")):
            assert source.find(id=a["href"].split("#")[1]) is not None, a["href"]


def test_no_markdown_syntax_leaks_into_a_page(site):
    for page in PAGES:
        article = BeautifulSoup(str(soup(site, page).select_one("article")), "html.parser")
        for code in article.select("pre"):  # BibTeX and JSON in the cite boxes have braces of their own
            code.decompose()
        text = article.get_text()
        assert "{:" not in text and "{{" not in text and "](" not in text, page


def test_the_pull_quote_is_kept_and_marked(site):
    pull = soup(site, "source").find(id="pull-quote")
    assert "rs-source--pull-quote" in pull["class"]
    assert pull.get_text(" ", strip=True).startswith("They argue that DeepSeek demonstrates")


def test_unknowns_are_shown_as_not_stated(site):
    table = soup(site, "about").find(id="original").find_next("table")
    rows = {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[1].get_text(strip=True) for tr in table.find_all("tr")[1:]}
    assert rows["Author"] == "B.R. Deepak"
    assert rows["Title"] == rows["Venue"] == rows["Date of publication"] == rows["URL"] == "not stated"


def test_misprinted_names_are_kept_with_an_editorial_note(site):
    person = soup(site, "people").find(id="xu-chenggag")
    text = " ".join(p.get_text(" ", strip=True) for p in block_of(person))
    assert person.get_text(strip=True).startswith("Xu Chenggag")
    assert "Editorial:" in text and "Xu Chenggang" in text


def test_glossary_has_generated_pinyin_for_every_term(site):
    glossary = soup(site, "glossary")
    for term in DATA.glossary:
        heading = glossary.find(id=term.id)
        assert heading.get_text(strip=True).startswith(term.term)
        assert term.gloss in " ".join(p.get_text(" ", strip=True) for p in block_of(heading))
    assert "shāo qián mó shì" in glossary.get_text()


@pytest.mark.parametrize(
    ("query", "page"),
    [("烧钱模式", "glossary/"), ("四两拨千斤", "glossary/"), ("Codeforces", "performance/"), ("Li Dian", "people/")],
)
def test_search_index_holds_english_and_chinese_terms(site, query, page):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "zh" in index["config"]["lang"]
    hits = {doc["location"].split("#")[0] for doc in index["docs"] if query in doc["text"].replace("\u200b", "") + doc["title"]}
    assert page in hits


def test_chinese_text_is_segmented_for_search(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = index["config"]["separator"]
    assert "\u200b" in separator or r"\u200b" in separator
    assert any("\u200b" in doc["text"] for doc in index["docs"] if "烧钱" in doc["text"])


def test_no_page_loads_anything_from_another_host(site):
    own_host = urlparse(DATA.site.site_url).netloc
    loading = {"script": "src", "img": "src", "iframe": "src", "source": "srcset", "audio": "src", "video": "src"}
    offenders = []
    for html in site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        urls = [el[attr] for tag, attr in loading.items() for el in page.find_all(tag) if el.has_attr(attr)]
        urls += [el["href"] for el in page.find_all("link", href=True) if set(el.get("rel", [])) & {"stylesheet", "preload", "icon", "modulepreload", "manifest", "preconnect"}]
        offenders += [f"{html.relative_to(site)}: {u}" for u in urls if urlparse(urljoin("http://self/", u)).netloc not in {"self", own_host}]
    for css in site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?(https?:)?//", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(site)}: {url}")
    for svg in site.rglob("*.svg"):  # a chart's link or image would point the reader elsewhere
        offenders += [f"{svg.relative_to(site)}: {u}" for u in re.findall(r'(?:href|src)="((?:https?:)?//[^"]*)"', svg.read_text(encoding="utf-8"))]
    assert offenders == []


MAP_BUDGET = 60_000  # bytes the world map may add to its page (uncompressed; a compressing host sends a quarter)


def test_the_map_marks_each_listed_government_and_a_phone_gets_tiles(site):
    [chart] = [c for c in DATA.charts if c.kind == "map"]
    listed = next(x for x in DATA.lists if x.id == chart.source_list)
    for palette, theme in THEMES.items():
        svg = (site / "charts" / f"{chart.id}.{palette}.svg").read_text(encoding="utf-8")
        assert len(svg.encode("utf-8")) <= MAP_BUDGET, (palette, len(svg.encode("utf-8")))
        labels = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
        marked = re.findall(rf'<path aria-label="What: ([^;"]*);[^>]*fill="{theme.mark}"', svg)
        countries = [item.label for item in listed.items]
        assert sorted(marked) == sorted(countries), palette  # each country filled in the marking colour
        assert all(labels.count(c) >= 1 for c in countries), palette  # and named on the map
        assert svg.count(f'fill="{theme.land}"') == 1  # the other countries: one shape for context
        tiles = (site / "charts" / f"{chart.id}.{palette}-narrow.svg").read_text(encoding="utf-8")
        assert sorted(re.findall(r"<text\b[^>]*>([^<]*)</text>", tiles)) == sorted(countries)
    table = soup(site, chart.topic).find(id=chart.id).find_next("details", class_="rs-chart-data")
    links = [a["href"] for a in table.find_all("a")]
    assert links.count(f"../source/#{listed.paragraph}") == len(listed.items)  # each row links its paragraph


def test_site_url_is_set_with_a_sub_path(site):
    canonical = soup(site, "costs").find("link", rel="canonical")["href"]
    assert canonical == urljoin(DATA.site.site_url, "costs/")
    assert urlparse(DATA.site.site_url).path not in {"", "/"}


def test_generated_markdown_says_it_is_generated_and_is_not_in_docs(site):
    docs = site.parent / "docs"
    assert not any((docs / f"{page}.md").exists() for page in PAGES)


def test_charts_have_light_and_dark_svg_and_their_data(site):
    for chart in DATA.charts:
        figure = soup(site, chart.topic).find(id=chart.id)
        assert figure is not None and figure.name == "figure", chart.id
        images = figure.find_all("img")
        assert sorted(" ".join(img["class"]) for img in images) == [
            "rs-only-dark rs-narrow", "rs-only-dark rs-wide", "rs-only-light rs-narrow", "rs-only-light rs-wide",
        ]
        page_dir = site if chart.topic == "index" else site / chart.topic
        for img in images:
            assert (page_dir / img["src"]).resolve().read_bytes().startswith(b"<svg"), img["src"]
            assert (page_dir / img["src"].replace(".svg", ".vl.json")).resolve().is_file()  # what the page's script embeds
            assert chart.title in img["alt"]
        downloads = {a.get_text(): (page_dir / a["href"]).resolve() for a in figure.find("figcaption").find_all("a") if "charts/" in a["href"]}
        assert set(downloads) == {"CSV", "JSON", "Vega-Lite spec", "SVG", "PNG"}
        assert all(path.is_file() for path in downloads.values())
        assert downloads["PNG"].read_bytes().startswith(b"\x89PNG")


def test_the_nav_follows_pages_yaml(site):
    nav = [a.get_text(strip=True) for a in soup(site, "index").select("nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label")]
    titles = [p.nav_title for p in DATA.pages]
    assert list(dict.fromkeys(t for t in nav if t in titles)) == titles


def test_pages_yaml_is_the_only_place_pages_are_listed():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "nav" not in config


def test_phone_charts_fit_a_360_pixel_screen_at_full_size(site):
    for chart in DATA.charts:
        for theme in ("light", "dark"):
            svg = (site / "charts" / f"{chart.id}.{theme}-narrow.svg").read_text(encoding="utf-8")
            width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg)[1])
            assert width <= 358, f"{chart.id} ({theme}, narrow) is {width:g}px wide"


def test_the_chinese_web_font_covers_every_chinese_character_of_the_data(site):
    from fontTools.ttLib import TTFont

    from generator.derive.font import used_characters

    font = TTFont(site / "fonts" / "noto-sans-sc-subset.woff2")
    covered = {chr(code) for code in font.getBestCmap()}
    missing = [c for c in used_characters(ROOT / "data") if c not in covered]
    assert missing == [], "run `report-site font` (make font) to add them to the font"


def test_each_recomputed_statement_shows_its_verdict_and_arithmetic_on_its_page(site):
    report = derive(check(ROOT))
    for d in report.derived.values():
        if d.verdict is None:
            continue
        soup = BeautifulSoup((site / d.topic / "index.html").read_text(encoding="utf-8"), "html.parser")
        shown = soup.find(id=d.id).select_one(".rs-verdict--holds")
        assert shown is not None, d.id
        assert shown.get_text() == f"✓ Holds: the {DATA.article.source.genre} says {d.verdict.says}; {d.verdict.reading}.", d.id


def test_the_data_reference_lists_every_field_of_every_file_with_its_description(site):
    page = soup(site, "data-reference")
    for name, model in MODELS.items():
        record = typing.get_args(model)[0] if typing.get_origin(model) is list else model
        section = page.find(id=f"{name}-yaml")
        assert section is not None, name
        items = section.find_next("ul").find_all("li", recursive=False)
        shown = {li.find("code").get_text() for li in items}
        assert shown == set(record.model_fields) - {"site_url"}, name
    printed = page.find(id="facts-yaml").find_next("ul").find(string="printed").find_parent("li").get_text()
    described = schema.Fact.model_fields["printed"].description.split("`")[0]
    assert " ".join(described.split()) in " ".join(printed.split())  # a docstring's line breaks are spaces on the page
    for link in page.select('a[href$=".schema.json"]'):
        assert json.loads((site / "data-reference" / link["href"]).resolve().read_text(encoding="utf-8"))["title"].endswith(".yaml")
    assert len(page.select('a[href$=".schema.json"]')) == len(MODELS)


def test_search_results_carry_no_control_labels(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["text"] for doc in index["docs"]]
    assert texts and not [t for t in texts if "copy link" in t or re.search(r"\s#\s*</p>", t)]


def test_people_one_passage_names_together_share_one_entry_and_keep_their_anchors(site):
    page = soup(site, "people")
    by_quote: dict[tuple, list] = {}
    for e in DATA.entities:
        by_quote.setdefault((e.paragraph, e.quote, e.role), []).append(e)
    groups = [members for members in by_quote.values() if len(members) > 1 and members[0].kind == "person"]
    assert groups  # the article names some people together (the four Guangdong fellows)
    for members in groups:
        heading = page.find(id=members[0].id)
        assert heading.name == "h3"
        for member in members:  # each name is in the one entry's heading and keeps its own anchor inside it
            assert member.name in heading.get_text()
            assert page.find(id=member.id) is heading or page.find(id=member.id).find_parent("h3") is heading
        quotes = [p for p in page.select(".rs-quote") if members[0].quote in p.get_text()]
        assert len(quotes) == 1, members[0].quote  # the shared quote is shown once, not once per name


def test_every_claim_links_its_stance_to_its_definition(site):
    about = soup(site, "about")
    for stance, meaning in DATA.site.stances.items():
        definition = about.find(id=f"stance-{stance.replace(' ', '-')}")
        assert definition is not None and meaning in definition.parent.get_text(), stance
    for claim in DATA.claims:
        box = soup(site, claim.topic).find(id=claim.id)
        link = box.find("a", href=f"../about/#stance-{claim.stance.replace(' ', '-')}")
        assert link is not None and link.get_text() == claim.stance, claim.id


def test_key_figures_say_whose_figure_they_are(site):
    cards = soup(site, "index").select(".rs-cards--key .rs-card")
    featured = [i for p in DATA.pages for s in p.sections for i in s.featured]
    assert len(cards) == len(featured)
    report = derive(DATA)
    for card, item_id in zip(cards, featured, strict=True):
        item = report.figures.get(item_id) or report.derived[item_id]
        meta = card.select_one(".rs-card__meta").get_text(" ", strip=True)
        assert DATA.article.source.author in meta, item_id
        for entity_id in item.credited:
            assert report.entities[entity_id].entity.name in meta, (item_id, entity_id)
