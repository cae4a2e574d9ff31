"""`report-site new DIR --text article.txt`: a report project that builds at once.

It writes the text one paragraph per line with stable ids (p1, p2, …, each
pinned by its first words), `site.yaml` and `article.yaml` with TODO
placeholders a publishing build refuses, `pages.yaml` with the generic pages,
empty record files that each name their JSON Schema, the schemas, an empty
permalink ledger and `mkdocs.yml` with the plugin. Then `report-site todo`
lists every number of the text that still needs a fact.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from generator.errors import GeneratorError
from generator.hosting.publish import TODO
from generator.model.files import DATA_FILES
from generator.model.reference import SCHEMA_DIR, json_schemas, schema_path
from generator.model.roles import starter_pages
from generator.pages.permalinks import LEDGER_HEADER

SOURCE_FILE = "source-article.txt"

MKDOCS_YML = """\
# A report site made with report-site: the plugin below turns data/ into the site's pages.
# Build it with `report-site build` or `report-site serve`; plain `mkdocs build` works too (with
# NO_MKDOCS_2_WARNING=1 in the environment, as report-site sets it, without Material's end-of-life notice).
site_name: Report              # replaced by data/site.yaml's title
site_url: https://example.org/{slug}/   # the address it will be published at (a publishing build refuses example.org)
docs_dir: docs                 # hand-written pages, listed in data/pages.yaml with `file:`
strict: true
not_in_nav: |
  /print.md

plugins:
  - report-site                # options: data_dir, templates_dir (your own overrides), permalinks, vendor_dir
  - search                     # its languages follow the data

theme:
  name: material
  font: false                  # nothing fetched from other hosts
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/weather-night, name: Switch to dark mode}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/weather-sunny, name: Switch to light mode}}
  features: [navigation.top, navigation.footer, search.highlight, search.suggest, content.code.copy, content.lazy]

markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - admonition
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - toc:
      permalink: true
      permalink_title: Permanent link to this section

validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn

extra:
  generator: false
"""

PAGES_HEADER = """\
# yaml-language-server: $schema=schema/pages.schema.json
# The site's pages, in navigation order. `id` is the page's address (`findings` → /findings/); section ids
# are its anchors. A page is generated from a `template` (`topic` for pages of facts, claims, lists and
# charts; the others each have a role and appear once), or written by hand: `file: <id>.md` in docs/.
# Titles, summaries and intros are editorial and carry no figures (figures come from facts.yaml).

"""


def new_project(directory: Path, text_file: Path) -> str:
    """Create the project; refuse a directory that already holds files. Returns what to do next."""
    if directory.exists() and any(directory.iterdir()):
        raise GeneratorError(f"{directory}: not empty; report-site new starts a project in a new or empty directory")
    try:
        text = text_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise GeneratorError(f"{text_file}: cannot read it as UTF-8 text: {err}") from None
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise GeneratorError(f"{text_file}: no text")
    data = directory / "data"
    (data / SCHEMA_DIR).mkdir(parents=True)
    (directory / "docs").mkdir()
    (directory / "docs" / ".gitkeep").write_text("", encoding="utf-8")
    slug = re.sub(r"[^a-z0-9]+", "-", directory.resolve().name.lower()).strip("-") or "report"
    files = {
        directory / "mkdocs.yml": MKDOCS_YML.format(slug=slug),
        directory / "permalinks.txt": LEDGER_HEADER,
        directory / ".gitignore": "site/\n.site.building/\n.cache/\nvendor/\n",
        data / SOURCE_FILE: "\n".join(paragraphs) + "\n",
        data / "article.yaml": _article_yaml(paragraphs),
        data / "site.yaml": _site_yaml(),
        data / "pages.yaml": PAGES_HEADER + starter_pages(),
    }
    for data_file in DATA_FILES:
        if data_file.starts is not None:  # a list of records, started empty
            name = data_file.name
            files[data / f"{name}.yaml"] = f"# yaml-language-server: $schema={schema_path(name)}\n# {data_file.starts}\n# Fields: see the Data reference page, or {schema_path(name)}.\n[]\n"
    for name, schema in json_schemas().items():
        files[data / schema_path(name)] = schema
    for path, content in files.items():
        path.write_text(content, encoding="utf-8")
    return (
        f"Started a report in {directory}: {len(paragraphs)} paragraphs (p1–p{len(paragraphs)}) in data/{SOURCE_FILE}.\n"
        f"Next: fill in the TODOs of data/site.yaml and data/article.yaml, then\n"
        f"  cd {directory}\n  report-site todo      # each number of the text that needs a fact, with a record to paste\n"
        f"  report-site serve     # the site at http://127.0.0.1:8000/{slug}/, rebuilt as you edit data/"
    )


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs: blocks separated by blank lines (their line breaks joined), or each line when there are no blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    return [re.sub(r"\s*\n\s*", " ", block).strip() for block in blocks if block.strip()]


def _starts(paragraph: str) -> str:
    """The first words of a paragraph (at least three characters), which pin its id to it."""
    words = paragraph.split()
    starts = " ".join(words[:5])
    return starts if len(starts) >= 3 else paragraph[:40]


def _article_yaml(paragraphs: list[str]) -> str:
    lines = [f"  - {{id: p{n}, starts: {json.dumps(_starts(p), ensure_ascii=False)}}}" for n, p in enumerate(paragraphs, 1)]
    return f"""\
# yaml-language-server: $schema={schema_path("article")}
# The text this site is built from: what it states about itself, and an id for each of its paragraphs.
# The text lives verbatim in {SOURCE_FILE}, one paragraph per line; `starts` pins each id to its line.
# Mark a byline paragraph `role: author-note` and a repeated pull quote `role: pull-quote` (with `repeats`).

source_file: {SOURCE_FILE}

source:
  genre: {TODO} what kind of text it is (news release, commentary, fact sheet, speech)
  author: {TODO} the author as printed
  # A person: author_kind: person, with author_family and author_given (for citations), and affiliation if printed.
  # An organisation (an agency, a newsroom): author_kind: organisation, and no family or given name.
  author_kind: organisation
  # author_paragraph: p1    # the byline paragraph, if the text has one
  # What the text states about itself; leave out what it does not state (the site says "not stated").
  title: null
  venue: null
  published: null     # YYYY-MM-DD
  url: null
  language: en

paragraphs:
{chr(10).join(lines)}
"""


def _site_yaml() -> str:
    return f"""\
# yaml-language-server: $schema={schema_path("site")}
# The site's own identity. Everything here is editorial (the site's, not the text's).
title: "{TODO} the site's title"
short_title: "{TODO} a short title"
description: >-
  {TODO} a one-paragraph summary of the report, shown labelled as editorial.
editors:
  - name: {TODO} your name    # citations credit the editors
version: "0.1.0"
date: {dt.date.today().isoformat()}    # this version's release date: the date citations carry
language: en
# What each stance tag on a claim means, shown on the About page. Claims use these tags.
stances:
  report: the author reports what others said or did, without taking a side
  assessment: the author's own judgement
"""
