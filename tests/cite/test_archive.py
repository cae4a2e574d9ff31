"""Archive-ready: CITATION.cff (validated by cffconvert) and zenodo.json at the site's root, and a DOI, once set, everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml

from conftest import PROJECTS, edit, validate_cff
from generator.cite import formats
from generator.cite.archive import CITATION_CFF, ZENODO_JSON, archive_files
from generator.cite.citations import format_styles, page_item, source_item
from generator.editions.addresses import edition_url
from generator.editions.store import MANIFEST
from generator.errors import DataError
from generator.pipeline import check, generate

DOI = "10.5281/zenodo.1234567"


def archived(project: Path, previous_url: str | None = None, **site) -> dict[str, bytes]:
    data = check(project)
    source = data.article.source
    cited = format_styles([source_item(source)])["source"]["APA"]
    return archive_files(data.site.model_copy(update=site), source, cited, previous_url)


def write(directory: Path, files: dict[str, bytes]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (directory / name).write_bytes(content)
    return directory


@pytest.mark.parametrize("name", list(PROJECTS))
def test_every_reports_citation_cff_is_valid_cff(name, tmp_path):
    for doi in (None, DOI):
        result = validate_cff(write(tmp_path / str(doi), archived(PROJECTS[name], doi=doi)))
        assert result.returncode == 0, result.stdout + result.stderr


# What breaks a CITATION.cff (each a mistake a hand edit or a bad writer makes): cffconvert must refuse every one.
BROKEN = {
    "no-authors": lambda cff: {k: v for k, v in cff.items() if k != "authors"},
    "date-not-iso": lambda cff: {**cff, "date-released": "28 November 2026"},
    "unknown-key": lambda cff: {**cff, "editors": cff["authors"]},
    "doi-with-resolver": lambda cff: {**cff, "doi": "https://doi.org/" + DOI},
    "reference-without-title": lambda cff: {**cff, "references": [{k: v for k, v in cff["references"][0].items() if k != "title"}]},
}


@pytest.mark.parametrize("breakage", list(BROKEN))
def test_cffconvert_refuses_a_broken_citation_cff(tmp_path, breakage):
    cff = yaml.safe_load(archived(PROJECTS["small-report"])[CITATION_CFF])
    (tmp_path / CITATION_CFF).write_text(yaml.safe_dump(BROKEN[breakage](cff), sort_keys=False), encoding="utf-8")
    result = validate_cff(tmp_path)
    assert result.returncode != 0, result.stdout


def test_citation_cff_cites_this_edition_by_its_editors_with_the_text_it_reads_among_its_references():
    data = check(PROJECTS["small-report"])
    cff = yaml.safe_load(archived(PROJECTS["small-report"], doi=DOI)[CITATION_CFF])
    assert cff["authors"] == [{"name": e.name} for e in data.site.editors]
    assert (cff["version"], cff["date-released"], cff["doi"]) == (data.site.version, data.site.date.isoformat(), DOI)
    assert cff["url"] == edition_url(data.site.site_url, data.site.version) == cff["preferred-citation"]["url"]
    assert {"type": "url", "value": data.site.site_url, "description": "The latest edition"} in cff["identifiers"]
    [source] = cff["references"]
    source_meta = data.article.source
    assert source["authors"] == [
        {"family-names": source_meta.author_family, "given-names": source_meta.author_given, "affiliation": source_meta.affiliation}
    ]
    assert source["title"] == "[News story]"  # the text states no title: described by its genre, as APA does


def test_zenodo_json_relates_the_edition_to_its_source_and_to_the_edition_before_it():
    data = check(PROJECTS["small-report"])
    previous = edition_url(data.site.site_url, "0.9.0")
    record = json.loads(archived(PROJECTS["small-report"], previous, doi=DOI)[ZENODO_JSON])
    assert (record["upload_type"], record["publication_type"]) == ("publication", "report")
    assert (record["title"], record["version"], record["publication_date"]) == (data.site.title, data.site.version, "2026-11-30")
    assert record["creators"] == [{"name": "Report Site Editors"}] and record["doi"] == DOI and record["language"] == "eng"
    assert {"identifier": previous, "relation": "isNewVersionOf", "scheme": "url"} in record["related_identifiers"]
    [reference] = record["references"]
    assert data.article.source.author_family in reference and "<" not in reference  # the source's APA reference, as text
    first = json.loads(archived(PROJECTS["small-report"])[ZENODO_JSON])
    assert "doi" not in first and all(r["relation"] != "isNewVersionOf" for r in first["related_identifiers"])


def test_a_source_that_states_its_address_is_what_the_report_is_derived_from(small_report):
    edit(small_report, "article.yaml", "  language: en\n", "  language: en\n  url: https://news.example/battery\n")
    record = json.loads(archived(small_report)[ZENODO_JSON])
    assert {"identifier": "https://news.example/battery", "relation": "isDerivedFrom", "scheme": "url"} in record["related_identifiers"]
    assert yaml.safe_load(archived(small_report)[CITATION_CFF])["references"][0]["url"] == "https://news.example/battery"


def test_a_doi_appears_in_every_citation_format():
    site = check(PROJECTS["small-report"]).site.model_copy(update={"doi": DOI})
    item = page_item(site, "Costs", site.site_url + "costs/", "key-costs")
    styled = format_styles([item])["key-costs"]
    for style in formats.styles():
        assert f"https://doi.org/{DOI}" in styled[style.name], (style.name, styled[style.name])
    written = {f.name: f.text(item, site) for f in formats.written()}
    for name in ("BibTeX", "BibLaTeX"):
        [entry] = bibtexparser.parse_string(written[name]).entries
        assert entry.fields_dict["doi"].value == DOI, name
    [ris] = rispy.loads(written["RIS"])
    assert ris["doi"] == DOI
    assert json.loads(written["CSL-JSON"])[0]["DOI"] == DOI


def test_without_a_doi_no_citation_carries_one():
    site = check(PROJECTS["small-report"]).site
    item = page_item(site, "Costs", site.site_url + "costs/", "key-costs")
    texts = [*format_styles([item])["key-costs"].values(), *(f.text(item, site) for f in formats.written())]
    assert not any("doi" in text.lower() for text in texts)


NOT_A_DOI = (
    "expected a DOI such as '10.5281/zenodo.1234567': 10., the registrant's number, a slash, the item's own name"
    " (letters, digits and : / _ ; - . ( ) [ ] \\, the characters CITATION.cff takes)"
)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (f"https://doi.org/{DOI}", f"a DOI is written without its resolver: '{DOI}'"),
        ("zenodo.1234567", NOT_A_DOI),
        ("10.1000/<1>", NOT_A_DOI),  # a DOI may hold any character, but CITATION.cff takes only these
    ],
)
def test_a_doi_that_is_not_one_is_reported_with_file_line_and_field(small_report, written, message):
    path = edit(small_report, "site.yaml", "date: 2026-11-30\n", f"date: 2026-11-30\ndoi: {written}\n")
    with pytest.raises(DataError) as info:
        check(small_report)
    [problem] = [str(p) for p in info.value.problems]
    line = path.read_text(encoding="utf-8").splitlines().index(f"doi: {written}") + 1
    assert problem.startswith(f"{path}:{line}:6: site.doi: {message}, got "), problem


@pytest.mark.slow
def test_a_build_writes_both_files_and_a_doi_reaches_the_pages_head_and_cite_boxes(small_report):
    edit(small_report, "site.yaml", "date: 2026-11-30\n", f"date: 2026-11-30\ndoi: {DOI}\n")
    site = check(small_report).site
    (small_report / "editions").mkdir()
    manifest = {"editions": [{"version": "0.9.0", "date": "2026-10-01", "files": {}}]}
    (small_report / "editions" / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    generated = generate(small_report)
    record = json.loads(generated.files[ZENODO_JSON])
    assert {"identifier": edition_url(site.site_url, "0.9.0"), "relation": "isNewVersionOf", "scheme": "url"} in record["related_identifiers"]
    assert validate_cff(write(small_report / "out", {CITATION_CFF: generated.files[CITATION_CFF]})).returncode == 0
    index = generated.files["index.md"].decode("utf-8")
    assert f'["name", "citation_doi", "{DOI}"]' in index and f'["name", "DC.identifier", "https://doi.org/{DOI}"]' in index
    assert f'\\"sameAs\\": \\"https://doi.org/{DOI}\\"' in index
    costs = generated.files["costs.md"].decode("utf-8")
    assert f"https://doi.org/{DOI}" in costs and f"doi = {{{DOI}}}" in costs and f"DO  - {DOI}" in costs
