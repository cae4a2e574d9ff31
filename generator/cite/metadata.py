"""What each page's <head> says about it: for citation managers, search engines and link previews.

Highwire Press `citation_*` tags (read by Google Scholar and Zotero), Dublin
Core, OpenGraph and schema.org JSON-LD, all computed here from the data and
handed to the theme override (`templates/theme/main.html`) through the page's
front matter.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from generator.charts.views import ChartView
from generator.derive.report import PageView, Report
from generator.editions.addresses import edition_url
from generator.wording import indefinite

from .citations import doi_url


@dataclass(frozen=True)
class PageMeta:
    tags: list[tuple[str, str, str]]
    """(attribute, name, content): `<meta {attribute}="{name}" content="{content}">`."""
    jsonld: str
    updated: dt.date


def page_metadata(report: Report, page: PageView, charts: dict[str, ChartView], updated: dt.date) -> PageMeta:
    """Every metadata tag and the JSON-LD for one page."""
    title = report.data.site.title if page.id == "index" else page.spec.title
    image = _headline_image(page, charts, report.data.site.site_url)
    return _metadata(report, title, report.page_url(page.id), page.spec.summary, image, updated, "WebPage")


def edition_metadata(report: Report, url: str, charts: dict[str, ChartView], updated: dt.date) -> PageMeta:
    """The printable edition's metadata: the whole report as one work, with every page as its part."""
    site = report.data.site
    image = next((img for page in report.pages if (img := _headline_image(page, charts, site.site_url))), None)
    parts = [{"@type": "WebPage", "name": p.spec.title, "url": report.page_url(p.id)} for p in report.pages]
    return _metadata(report, site.title, url, site.description, image, updated, "Report", {"hasPart": parts})


def _metadata(
    report: Report, title: str, url: str, summary: str, image, updated: dt.date, kind: str, extra: dict | None = None
) -> PageMeta:
    site = report.data.site
    published = site.date
    pinned = edition_url(site.site_url, site.version, url.removeprefix(site.site_url))  # this edition's frozen copy
    authors = [p.name if not p.family else f"{p.family}, {p.given or ''}".strip(", ") for p in site.editors]

    tags: list[tuple[str, str, str]] = [("name", "citation_title", title)]
    tags += [("name", "citation_author", name) for name in authors]
    tags += [
        ("name", "citation_publication_date", published.strftime("%Y/%m/%d")),
        ("name", "citation_online_date", updated.strftime("%Y/%m/%d")),
        ("name", "citation_language", site.language),
        ("name", "citation_public_url", pinned),
        ("name", "citation_abstract_html_url", url),
    ]
    if site.publisher:
        tags.append(("name", "citation_publisher", site.publisher))
    if site.doi:
        tags.append(("name", "citation_doi", site.doi))
    tags += [("name", "DC.title", title)]
    tags += [("name", "DC.creator", name) for name in authors]
    tags += [
        ("name", "DC.date", published.isoformat()),
        ("name", "DC.identifier", pinned),
        ("name", "DC.relation.isVersionOf", url),
        ("name", "prism.versionIdentifier", site.version),
        ("name", "DC.language", site.language),
        ("name", "DC.format", "text/html"),
        ("name", "DC.description", summary),
        ("name", "DC.relation", _source_description(report)),
    ]
    if site.doi:
        tags.append(("name", "DC.identifier", doi_url(site.doi)))
    if site.publisher:
        tags.append(("name", "DC.publisher", site.publisher))
    tags += [
        ("property", "og:type", "website"),
        ("property", "og:site_name", site.title),
        ("property", "og:title", title),
        ("property", "og:url", url),
        ("property", "og:description", summary),
    ]
    if image:
        tags += [("property", "og:image", image[0]), ("property", "og:image:alt", image[1])]
    edition = {"workExample": {"@type": kind, "name": title, "url": pinned, "version": site.version, "datePublished": published.isoformat()}}
    return PageMeta(tags, _jsonld(report, kind, title, summary, url, updated, image, {**edition, **(extra or {})}), updated)


def _headline_image(page: PageView, charts: dict[str, ChartView], site_url: str) -> tuple[str, str] | None:
    """The page's first chart, as the PNG rendered for it, with its text description."""
    for view in page.sections:
        for chart in view.charts:
            return site_url + charts[chart.id].files["png"], charts[chart.id].description
    return None


def _source_description(report: Report) -> str:
    source = report.data.article.source
    byline = f"{source.author} ({source.affiliation})" if source.affiliation else source.author
    unstated = f"; {' and '.join(report.unstated)} not stated" if report.unstated else ""
    excerpt = "an excerpt of " if source.excerpt else ""
    return f"Based on {excerpt}{indefinite(source.genre)} by {byline}{unstated}"


def _jsonld(report: Report, kind: str, title: str, summary: str, url: str, updated: dt.date, image, extra: dict) -> str:
    site = report.data.site
    source = report.data.article.source
    author = {"@type": "Person" if source.author_kind == "person" else "Organization", "name": source.author}
    if source.affiliation:
        author["affiliation"] = source.affiliation
    original = {"@type": "CreativeWork", "author": author}
    original.update({key: value for key, value in (("name", source.title), ("url", source.url)) if value})
    if source.published:
        original["datePublished"] = source.published.isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": title,
        "headline": title,
        "description": summary,
        "url": url,
        "inLanguage": site.language,
        "version": site.version,
        "datePublished": site.date.isoformat(),
        "dateModified": updated.isoformat(),
        "author": [{"@type": "Person" if p.family else "Organization", "name": p.name} for p in site.editors],
        "isPartOf": {"@type": "WebSite", "name": site.title, "url": site.site_url},
        "isBasedOn": original,
    }
    if image:
        data["image"] = image[0]
    if site.doi:
        # The DOI names this edition of the report: every page is part of it, the front page and the print edition are it.
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": site.doi}
        if title == site.title:
            data["sameAs"] = doi_url(site.doi)
    data.update(extra)
    # "</" would end the <script> element early; JSON allows the escaped slash.
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
