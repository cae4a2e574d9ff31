"""Citable: anchors survive rewording, published permalinks cannot silently break, citations parse."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import bibtexparser
import extruct
import pytest
import rispy
from bs4 import BeautifulSoup

from conftest import ROOT, cited_items, fetch, nginx, replace_in, run_mkdocs
from generator.editions.addresses import edition_url
from generator.pages.permalinks import PermalinkError, add_new, read_ledger
from generator.pipeline import check, generate

DATA = check(ROOT)
EDITION = edition_url(DATA.site.site_url, DATA.site.version)
"""Where this edition is frozen: the address every citation gives (the latest address stays beside it)."""
PAGES = [p.id for p in DATA.pages]


def html(site: Path, page: str) -> str:
    return (site / ("index.html" if page == "index" else f"{page}/index.html")).read_text(encoding="utf-8")


def rename_section(project: Path, old: str, new: str) -> None:
    """Give a section a new id everywhere the data refers to it."""
    for path in (project / "data").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(rf"(\bid: |section: ){re.escape(old)}\b", rf"\g<1>{new}", text)
        path.write_text(text, encoding="utf-8")


# --- stable ids ---------------------------------------------------------------------------


@pytest.mark.slow
def test_rewording_a_heading_keeps_its_anchor(project):
    replace_in(project / "data" / "pages.yaml", "title: API pricing\n", "title: What the API charges per token\n")
    run_mkdocs(project, "build")
    page = BeautifulSoup(html(project / "site", "costs"), "html.parser")
    heading = page.find(id="api-pricing")
    assert heading.name == "h2" and "What the API charges per token" in heading.get_text()


@pytest.mark.slow
def test_a_renamed_anchor_fails_the_build_naming_the_permalink(project):
    rename_section(project, "api-pricing", "token-pricing")
    with pytest.raises(PermalinkError) as info:
        generate(project)
    assert str(info.value).startswith(
        "permalinks.txt: 2 published permalinks would no longer resolve:\n  /costs/#api-pricing\n  /print/#api-pricing\n"
    )
    result = run_mkdocs(project, "build", check=False)
    assert result.returncode != 0 and "/costs/#api-pricing" in result.stderr


@pytest.mark.slow
def test_keeping_the_old_id_as_an_alias_makes_it_pass_and_land_in_place(project):
    rename_section(project, "api-pricing", "token-pricing")
    replace_in(project / "data" / "pages.yaml", "    - id: token-pricing\n", "    - id: token-pricing\n      former_ids: [api-pricing]\n")
    run_mkdocs(project, "build")
    page = BeautifulSoup(html(project / "site", "costs"), "html.parser")
    alias = page.find(id="api-pricing")
    assert alias is not None and alias.find_parent("h2")["id"] == "token-pricing"


@pytest.mark.slow
def test_a_moved_page_fails_until_it_is_redirected(project):
    for path in (project / "data").glob("*.yaml"):
        path.write_text(re.sub(r"(topic: |^- id: )costs$", r"\1pricing", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    with pytest.raises(PermalinkError) as info:
        generate(project)
    assert "  /costs/\n" in str(info.value) and "  /costs/#api-pricing\n" in str(info.value)

    replace_in(project / "mkdocs.yml", "redirect_maps: {}", "redirect_maps: {costs.md: pricing.md}")
    run_mkdocs(project, "build")
    redirect = html(project / "site", "costs")
    assert "../pricing/" in redirect
    assert BeautifulSoup(html(project / "site", "pricing"), "html.parser").find(id="api-pricing") is not None
    # For tools that do not run JavaScript, nginx answers the old address with a real 301 (deploy/nginx/).
    with nginx(project / "site", "/report/", project / "nginx") as served:
        for old in ("costs/", "costs", "costs/index.html"):
            moved = fetch(served.url + old)
            assert (moved.status, moved.getheader("Location")) == (301, "/report/pricing/"), old


def test_one_command_adds_new_permalinks_to_the_ledger(project):
    replace_in(project / "data" / "pages.yaml", "    - id: api-pricing\n", "    - id: api-pricing\n      former_ids: [api-price-list]\n")
    links = generate(project).permalinks
    assert "/costs/#api-price-list" not in read_ledger(project / "permalinks.txt")
    assert add_new(project / "permalinks.txt", links) == ["/costs/#api-price-list", "/print/#api-price-list"]
    assert "/costs/#api-price-list" in read_ledger(project / "permalinks.txt")
    assert add_new(project / "permalinks.txt", links) == []


def test_the_committed_ledger_covers_every_permalink_of_the_site():
    assert generate(ROOT).permalinks <= set(read_ledger(ROOT / "permalinks.txt"))


# --- cite boxes ---------------------------------------------------------------------------------


def cite_box(page_html: str, box_id: str = "cite-this-page"):
    return BeautifulSoup(page_html, "html.parser").find(id=box_id)


def formats(box) -> dict[str, str]:
    """Tab label → the tab's text (code blocks as their code)."""
    labels = [label.get_text(strip=True) for label in box.select(".tabbed-labels > label")]
    blocks = box.select(".tabbed-content > .tabbed-block")
    return {label: (block.find("code") or block.find("p")).get_text() for label, block in zip(labels, blocks, strict=True)}


FORMATS = ["APA", "MLA", "Chicago", "BibTeX", "BibLaTeX", "RIS", "CSL-JSON"]


def test_every_page_has_a_cite_box_in_every_format(site):
    for page in PAGES:
        box = cite_box(html(site, page))
        assert box is not None, page
        assert list(formats(box)) == FORMATS
        assert "data-search-exclude" in box.attrs


def test_citations_carry_the_configured_date_version_and_anchored_url(site):
    page = cite_box(html(site, "costs"))
    cited = formats(page)
    url = EDITION + "costs/"
    assert url in cited["APA"] and f"({DATA.site.date.year}, {DATA.site.date:%B} {DATA.site.date.day})" in cited["APA"]
    assert f"Version {DATA.site.version}" in cited["MLA"]
    assert f"{EDITION}performance/#r1-aime-2024" in figure_citation(site, "performance", "r1-aime-2024")["Chicago"]


def test_bibtex_biblatex_and_ris_parse(site):
    cited = formats(cite_box(html(site, "market")))
    [classic] = bibtex_entries(cited["BibTeX"])
    assert classic.entry_type == "misc"  # defined by every classic style; @online is BibLaTeX's
    assert classic["howpublished"] == "\\url{" + EDITION + "market/}"
    assert classic["year"] == str(DATA.site.date.year) and "urldate" not in classic
    [entry] = bibtex_entries(cited["BibLaTeX"])
    assert entry.entry_type == "online"
    assert entry["url"] == EDITION + "market/"
    assert entry["date"] == DATA.site.date.isoformat()
    [record] = rispy.loads(cited["RIS"])
    assert record["type_of_reference"] == "ELEC"
    assert record["title"] == "Market shock & adoption"
    assert record["urls"] == [EDITION + "market/"]


def bibtex_entries(text: str) -> list:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, text
    return library.entries


def figure_citation(site: Path, page: str, anchor: str) -> dict[str, str]:
    """A figure's citation in every format, from its page's citations page, reached by the link in its cite box."""
    item = cite_box(html(site, page), anchor).find("details", class_="rs-cite-item")
    inline = item.find(class_="rs-cite__text").get_text()
    [link] = [a["href"] for a in item.find_all("a", href=True) if "Other formats" in a.get_text()]
    target = urlsplit(urljoin(f"https://host/{page}/", link))
    assert target.fragment == anchor, link
    cited = formats(cite_box(html(site, target.path.strip("/")), anchor))
    assert list(cited) == FORMATS and inline.strip() in cited[FORMATS[0]]  # the inline one is the first format
    return cited


def test_a_figures_cite_box_shows_one_format_and_links_the_others_on_a_page_of_its_own(site):
    item = cite_box(html(site, "costs"), "v3-training-cost").find("details", class_="rs-cite-item")
    assert len(str(item)) < 1500  # one format inline, not seven: a page's weight grows little with its figures
    assert not item.select(".tabbed-set")
    cited = figure_citation(site, "costs", "v3-training-cost")
    assert f"{EDITION}costs/#v3-training-cost" in cited["BibLaTeX"]


# BibLaTeX manual, §2.1.1: the fields an @online entry requires (one of each group).
BIBLATEX_ONLINE_REQUIRED = [("author", "editor"), ("title",), ("date", "year"), ("doi", "eprint", "url")]


def test_every_biblatex_entry_has_the_fields_its_type_requires(site):
    cited = [formats(cite_box(html(site, page))) for page in PAGES]
    cited += [figure_citation(site, f.topic, f.id) for f in DATA.facts]
    for formatted in cited:
        [entry] = bibtex_entries(formatted["BibLaTeX"])
        assert entry.entry_type == "online"
        missing = [group for group in BIBLATEX_ONLINE_REQUIRED if not any(field in entry.fields_dict for field in group)]
        assert not missing, (missing, formatted["BibLaTeX"])


def run_bibtex(tmp_path: Path, entries: str, style: str) -> tuple[str, str]:
    """Run real BibTeX over the entries with a classic style: (the .bbl it writes, its log)."""
    keys = re.findall(r"@\w+\{([^,]+),", entries)
    (tmp_path / "refs.bib").write_text(entries, encoding="utf-8")
    (tmp_path / "doc.aux").write_text("".join(f"\\citation{{{k}}}\n" for k in keys) + f"\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n")
    result = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stdout + result.stderr  # 1: warnings only
    return (tmp_path / "doc.bbl").read_text(encoding="utf-8"), result.stdout


@pytest.mark.parametrize("style", ["plain", "apalike"])
def test_classic_bibtex_compiles_without_a_warning_in_the_standard_styles(site, tmp_path, style):
    if shutil.which("bibtex") is None:
        pytest.fail("bibtex not found: run `make test`, which installs it (Debian: texlive-binaries texlive-base)")
    page = formats(cite_box(html(site, "costs")))
    figure = figure_citation(site, "costs", "v3-training-cost")
    bbl, log = run_bibtex(tmp_path, page["BibTeX"] + "\n\n" + figure["BibTeX"], style)
    assert "Warning" not in log, log
    assert EDITION + "costs/#v3-training-cost" in bbl and "Costs \\& pricing" in bbl
    # The same entries as BibLaTeX's @online: what classic styles warn about, and why both are offered.
    _, log = run_bibtex(tmp_path, page["BibLaTeX"], style)
    assert "entry type for" in log and "isn't style-file defined" in log


def test_a_figure_citation_names_the_articles_author_and_whom_it_credits(site):
    fact = next(f for f in DATA.facts if f.id == "r1-aime-2024")
    author = DATA.article.source.author
    [credited] = [e.name for e in DATA.entities if e.id in fact.attributed_to]
    for name, text in figure_citation(site, fact.topic, fact.id).items():
        flat = " ".join(text.split())
        assert author in flat and credited in flat, (name, flat)


def test_mla_and_chicago_put_the_period_inside_the_closing_quotation_mark(site):
    cited = formats(cite_box(html(site, "costs")))
    for style in ("MLA", "Chicago"):
        assert "”." not in cited[style] and "”," not in cited[style]
        assert "Pricing.”" in cited[style], cited[style]


def test_no_access_date_is_baked_in(site):
    cited = formats(cite_box(html(site, "glossary")))
    assert '"accessed"' not in cited["CSL-JSON"] and "urldate" not in cited["BibTeX"] + cited["BibLaTeX"]
    assert not re.search(r"\bAccessed\b", cited["MLA"] + cited["Chicago"])


def test_the_original_is_cited_with_what_the_text_states(site):
    cited = formats(cite_box(html(site, "about"), "cite-the-original"))
    # Untitled: described by its genre, as each style does (APA in brackets; MLA and Chicago as a plain description).
    assert cited["APA"].startswith("Deepak, B. R. (n.d.). [Commentary].")
    assert "Commentary." in cited["MLA"] and "Commentary." in cited["Chicago"] and "not stated" not in cited["APA"] + cited["MLA"]
    assert "<" not in cited["CSL-JSON"]
    assert "BibTeX" not in cited  # nothing to fill one with beyond the author


def _original(project: Path) -> tuple[dict, dict[str, str]]:
    """The CSL item of a project's original text, and its citation in each style."""
    from generator.cite.citations import format_styles, source_item

    item = source_item(check(project).article.source)
    return item, format_styles([item])["source"]


def test_an_untitled_original_is_described_by_its_genre_and_its_csl_json_holds_no_markup(small_report):
    item, styled = _original(small_report)  # the fixture's news story states no title
    assert "title" not in item and item["genre"] == "News story" and "<" not in json.dumps(item)
    assert styled["APA"] == "Avery, J. (n.d.). [News story]."
    # MLA and Chicago keep the given name whole (their styles say initialize="false"), as Zotero prints them.
    assert styled["MLA"] == "Avery, Jon. News story." and styled["Chicago"] == "Avery, Jon. News story."
    # Titled, it is cited by its title, which no genre follows.
    replace_in(small_report / "data" / "article.yaml", "  title: null\n", "  title: Brightwell's battery\n")
    item, styled = _original(small_report)
    assert item["title"] == "Brightwell's battery" and "genre" not in item
    assert styled["APA"] == "Avery, J. (n.d.). <i>Brightwell’s battery</i>."  # the apostrophe typographic, as Zotero prints it


def test_citation_keys_are_readable_ascii():
    from generator.cite.citations import citation_key

    assert citation_key("Ingenuity's last flight") == citation_key("Ingenuity’s last flight") == "ingenuitys-last-flight"
    assert citation_key("São Paulo’s “Big” Day — 2024") == "sao-paulos-big-day-2024"
    assert citation_key("DeepSeek through Chinese eyes") == "deepseek-through-chinese-eyes"
    assert citation_key("深度求索") == "site"  # nothing in ASCII: a key still


# --- metadata ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_head_metadata_parses_into_title_author_date_url_and_type(site, page):
    page_html = html(site, page)
    spec = next(p for p in DATA.pages if p.id == page)
    title = DATA.site.title if page == "index" else spec.title
    url = DATA.site.site_url + ("" if page == "index" else f"{page}/")
    editors = [e.name for e in DATA.site.editors]
    meta = extruct.extract(page_html, base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"], uniform=True)

    [ld] = meta["json-ld"]
    assert ld["@type"] == "WebPage" and ld["name"] == title and ld["url"] == url
    assert [a["name"] for a in ld["author"]] == editors
    assert ld["datePublished"] == DATA.site.date.isoformat()
    assert ld["isBasedOn"]["author"]["name"] == DATA.article.source.author

    [og] = meta["opengraph"]
    assert og["@type"] == "website" and og["og:title"] == title and og["og:url"] == url  # uniform: og:type → @type

    [dc] = meta["dublincore"]
    elements = {e["URI"].rsplit("/", 1)[1]: e["content"] for e in dc["elements"] if e["name"].startswith("DC.")}
    assert elements["title"] == title and elements["creator"] == editors[0] and elements["date"] == DATA.site.date.isoformat()

    highwire = {m["name"]: m["content"] for m in BeautifulSoup(page_html, "html.parser").find_all("meta", attrs={"name": re.compile("^citation_")})}
    assert highwire["citation_title"] == title and highwire["citation_author"] == editors[0]
    assert highwire["citation_publication_date"] == DATA.site.date.strftime("%Y/%m/%d")
    # The citation's address is this edition's, frozen; the latest address is the one the page is read at.
    edition = EDITION + url.removeprefix(DATA.site.site_url)
    assert highwire["citation_public_url"] == edition and highwire["citation_abstract_html_url"] == url
    assert elements["identifier"] == edition and ld["version"] == DATA.site.version
    assert ld["workExample"]["url"] == edition and ld["workExample"]["version"] == DATA.site.version
    # Zotero reads a journal article from citation_journal_title, a report from citation_technical_report_*;
    # neither is set, so og:type "website" makes the item a web page.
    assert not any(name.startswith(("citation_journal", "citation_technical_report")) for name in highwire)


def test_a_page_with_a_chart_offers_its_png_as_preview_image(site):
    og = {m["property"]: m["content"] for m in BeautifulSoup(html(site, "costs"), "html.parser").find_all("meta", property=True)}
    assert og["og:image"] == DATA.site.site_url + "charts/chart-training-cost.png"
    assert (site / "charts" / "chart-training-cost.png").read_bytes().startswith(b"\x89PNG")


# --- print ---------------------------------------------------------------------------------------


def test_the_printable_edition_holds_every_page_with_the_same_anchors(site):
    edition = BeautifulSoup((site / "print" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for record_id in [f.id for f in DATA.facts] + [p.id for p in DATA.paragraphs] + [c.id for c in DATA.charts]:
        assert edition.find(id=record_id) is not None, record_id
    for page in DATA.pages:
        assert edition.find(id=f"page-{page.id}") is not None
    internal = [a["href"] for a in edition.select("article a[href]") if not a["href"].startswith(("http", "#"))]
    downloads = ("../charts/", "../schema/")  # chart data and JSON Schema files
    assert [href for href in internal if not href.startswith(downloads)] == []  # every cross-page link stays in the edition


def test_the_printable_edition_makes_each_pages_html_a_part_of_one_page():
    """generator/pages/print_edition.py, on two small pages: headings, page-only parts, addresses and tab sets."""
    from generator.pages.print_edition import Part, assemble, slot

    tabs = '<div class="tabbed-set" data-tabs="1:2"><input id="__tabbed_1_1" name="__tabbed_1"><label for="__tabbed_1_1">A</label></div>'
    front = (
        '<h1 id="overview">Overview<a class="headerlink" href="#overview" title="Permanent link">&para;</a></h1>'
        '<p><a href="costs/#x">x</a> <a href="./">home</a> <img src="charts/a.svg"> <a href="https://example.org/">out</a></p>'
        "<!-- rs:page-only --><div id=\"cite-this-page\">cite</div><!-- /rs:page-only -->"
    )
    costs = (
        '<h1 id="costs">Costs<a class="headerlink" href="#costs" title="Permanent link">&para;</a></h1>'
        f'<p id="x"><a href="../#top">top</a> <a href="../about/">about</a> <a href="../charts/b.csv">csv</a> <a href="#x">here</a></p>{tabs}'
    )
    edition = f"{tabs}{slot('index.md')}{slot('costs.md')}"
    html, ids = assemble(edition, "print/", {"index.md": Part(front, "./", "index"), "costs.md": Part(costs, "costs/", "costs", ("prices",))})
    assert '<h1 class="rs-print-page" id="page-index">Overview<a class="headerlink" href="#page-index"' in html
    assert '<h1 class="rs-print-page" id="page-costs"><span class="rs-former" id="page-prices"></span>Costs' in html
    assert 'href="#x"' in html and 'href="#page-index"' in html and 'src="../charts/a.svg"' in html and 'href="https://example.org/"' in html
    assert 'href="#top"' in html and 'href="../about/"' in html and 'href="../charts/b.csv"' in html  # about is not a part here
    assert "cite-this-page" not in html and "rs-print-slot" not in html
    assert html.count('data-tabs="1:') == 1 and 'data-tabs="2:2"' in html and 'id="__tabbed_2_1"' in html and 'for="__tabbed_2_1"' in html
    assert {"page-index", "page-costs", "page-prices", "x", "__tabbed_1_1", "__tabbed_2_1"} == ids


def test_the_printable_edition_is_cited_as_the_whole_report(site):
    url = DATA.site.site_url + "print/"
    page_html = (site / "print" / "index.html").read_text(encoding="utf-8")
    meta = extruct.extract(page_html, base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"], uniform=True)
    [ld] = meta["json-ld"]
    assert ld["@type"] == "Report" and ld["name"] == DATA.site.title and ld["url"] == url
    assert [part["url"] for part in ld["hasPart"]] == [DATA.site.site_url + ("" if p == "index" else f"{p}/") for p in PAGES]
    assert ld["isBasedOn"]["author"]["name"] == DATA.article.source.author
    [og] = meta["opengraph"]
    assert og["og:title"] == DATA.site.title and og["og:url"] == url
    [dc] = meta["dublincore"]
    assert {e["URI"].rsplit("/", 1)[1]: e["content"] for e in dc["elements"]}["title"] == DATA.site.title
    highwire = {m["name"]: m["content"] for m in BeautifulSoup(page_html, "html.parser").find_all("meta", attrs={"name": re.compile("^citation_")})}
    assert highwire["citation_title"] == DATA.site.title and highwire["citation_public_url"] == EDITION + "print/"
    assert highwire["citation_author"] == DATA.site.editors[0].name
    assert highwire["citation_publication_date"] == DATA.site.date.strftime("%Y/%m/%d")


def test_the_printable_edition_is_kept_out_of_search(site):
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith("print/")]


def test_the_citation_styles_macro_table_finds_what_citeprocs_own_query_finds():
    """cite.py looks each style's macros up in a table (citeproc-py ran an XPath query per use): the same element for every name."""
    from citeproc.model import CitationStylesElement

    from generator.cite.citations import _style
    from generator.cite.formats import styles

    checked = 0
    for style_name in (style.style for style in styles()):
        root = _style(style_name).root
        for macro in root.iterfind("cs:macro", root.nsmap):
            name = macro.get("name")
            queried = root.xpath_search(f"cs:macro[@name='{name}'][1]")[0]
            assert CitationStylesElement.get_macro(macro, name) is queried, (style_name, name)
            checked += 1
    assert checked > 100  # the three styles define well over a hundred macros


def test_citations_are_what_citeproc_alone_formats():
    """cite.py has citeproc-py remember what it asks of a style's XML: every citation of the report in every style is
    still the one citeproc-py formats without that memory (in a fresh interpreter, where nothing is remembered)."""
    import json
    import sys

    from generator.cite import citations as cite

    items = cited_items(ROOT)
    remembered = [cite._format_styles(item) for item in items]
    script = (
        "import json, sys\n"
        "from generator.cite import citations as cite\n"
        "cite._remember_style_lookups = lambda: None\n"
        "print(json.dumps([cite._format_styles(item) for item in json.load(sys.stdin)]))\n"
    )
    alone = subprocess.run([sys.executable, "-c", script], input=json.dumps(items), cwd=ROOT, capture_output=True, text=True, check=True)
    assert len(items) > 50
    assert json.loads(alone.stdout) == remembered


def test_a_citation_format_declared_once_is_offered_everywhere(monkeypatch):
    """One more declaration in formats.FORMATS: its tab in every cite box, its name in the lists of formats and on the About page."""
    from generator.charts.views import chart_views
    from generator.cite import formats
    from generator.cite.citations import cite_report
    from generator.derive.report import derive
    from generator.pages.render import make_environment
    from generator.project import default_templates

    plain = formats.CitationFormat("Plain", "plain text (one line)", write=lambda item, site: f"{item['title']}. {item['URL']}", of_the_original=False)
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, plain))
    report = derive(DATA)
    citations = cite_report(report, chart_views(report))
    box = make_environment([default_templates()]).from_string('{% import "macros.md.j2" as m %}{{ m.cite_formats(c) }}')

    page = citations.pages["index"]
    assert box.render(c=page).endswith(f'=== "Plain"\n\n    ``` text\n    {DATA.site.title}. {page.url}\n    ```\n')
    assert '=== "Plain"' not in box.render(c=citations.source)
    assert citations.formats[-1] == "Plain" and citations.described.endswith(", CSL-JSON and plain text (one line)")


def test_an_excerpt_is_called_one_on_the_source_and_about_pages_and_in_the_metadata(small_report):
    whole = generate(small_report, draft=True).files
    replace_in(small_report / "data" / "article.yaml", "  title: null\n", "  title: null\n  excerpt: true\n")
    excerpt = generate(small_report, draft=True).files
    for files, says in ((whole, "The news story as published, verbatim"), (excerpt, "An excerpt of the news story as published")):
        assert says in files["source.md"].decode("utf-8")
    assert "An excerpt of the news story is kept verbatim" in excerpt["about.md"].decode("utf-8")
    assert "Based on an excerpt of a news story by" in excerpt["source.md"].decode("utf-8")
    assert "excerpt" not in whole["source.md"].decode("utf-8") + whole["about.md"].decode("utf-8")
