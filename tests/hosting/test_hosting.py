"""The site as the host serves it: nginx with the committed configuration (deploy/nginx/), at the
root and under a sub-path, started by the same wrapper as `make preview-production`.

Headers (Content-Security-Policy and the other security headers, caching), precompressed
responses, the site's own 404, every page in Chromium with no console error and no CSP
violation, search and the interactive charts under the CSP. The 301s of moved pages are tested
with the redirect itself, in tests/cite/test_citable.py.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from conftest import ENV, RECORD_CSP_VIOLATIONS, ROOT, assert_no_problems, fetch, new_page, nginx, replace_in, search
from generator.hosting.postbuild import HOST_DIR, TEXT_SUFFIXES
from generator.hosting.publish import placeholder_problems
from generator.project import find_project

MOUNTS = ["/", "/report/"]
DATA_VERSION = yaml.safe_load((ROOT / "data" / "site.yaml").read_text(encoding="utf-8"))["version"]
MISSING = "no/such/page/"
BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"


@pytest.fixture(scope="module", params=MOUNTS, ids=["root", "sub-path"])
def mounted(request, site, tmp_path_factory) -> str:
    """The built site served by nginx at the root, then under /report/: its URL."""
    with nginx(site, request.param, tmp_path_factory.mktemp("nginx")) as served:
        yield served.url


def bundle(site: Path) -> str:
    return next(site.glob(BUNDLE_GLOB)).relative_to(site).as_posix()


def test_every_response_carries_the_security_headers(mounted, site):
    for path in ("", "costs/", bundle(site), "no/such/page/", "costs"):
        response = fetch(mounted + path)
        csp = response.getheader("Content-Security-Policy", "")
        directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
        assert directives["script-src"] == ["'self'"], csp  # no unsafe-inline, no unsafe-eval, no other host
        assert "'unsafe-eval'" not in csp and directives["default-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
        assert "camera=()" in response.getheader("Permissions-Policy", "")


def test_fingerprinted_assets_are_immutable_and_pages_and_the_search_index_revalidate(mounted, site):
    inline = next(site.glob("assets/javascripts/inline.*.js")).relative_to(site).as_posix()
    for path in (bundle(site), inline, next(site.glob("assets/stylesheets/main.*.min.css")).relative_to(site).as_posix()):
        assert fetch(mounted + path).getheader("Cache-Control") == "public, max-age=31536000, immutable", path
    for path in ("", "costs/", "search/search_index.json", "charts/vega.js"):
        assert fetch(mounted + path).getheader("Cache-Control") == "no-cache", path


@pytest.mark.parametrize(("accept", "encoding", "suffix"), [("br, gzip", "br", ".br"), ("gzip", "gzip", ".gz")])
def test_text_arrives_compressed_from_the_precompressed_files(mounted, site, accept, encoding, suffix):
    for path, file in (("costs/", "costs/index.html"), ("search/search_index.json", None), (bundle(site), None), ("charts/vega.js", None)):
        response = fetch(mounted + path, accept)
        assert response.status == 200 and response.getheader("Content-Encoding") == encoding, path
        assert response.getheader("Vary") == "Accept-Encoding"
        assert response.body == (site / ((file or path) + suffix)).read_bytes(), f"{path} was not sent from its {suffix} file"


def test_every_text_file_of_the_site_has_its_gzip_and_brotli_file(site):
    missing = [
        str(p.relative_to(site)) for p in site.rglob("*")
        if p.suffix in TEXT_SUFFIXES and HOST_DIR not in p.parts
        and not (p.with_name(p.name + ".gz").is_file() and p.with_name(p.name + ".br").is_file())
    ]
    assert not missing


def test_the_archive_records_are_served_as_text_at_the_sites_root(mounted, site):
    for path, kind in (("CITATION.cff", "text/plain; charset=utf-8"), ("zenodo.json", "application/json; charset=utf-8")):
        response = fetch(mounted + path)
        assert (response.status, response.getheader("Content-Type")) == (200, kind), path
        assert response.body == (site / path).read_bytes()


def test_a_missing_path_gets_the_sites_404_page_at_any_depth(mounted, site):
    prefix = urlsplit(mounted).path
    for path in ("nope", "costs/nope/deeper/still", f"{HOST_DIR}/redirects.map"):
        response = fetch(mounted + path)
        assert response.status == 404, path
        page = response.body.decode("utf-8")
        assert "404 - Not found" in page and f'href="{prefix}assets/stylesheets/main.' in page, page[:500]
    stylesheet = next(site.glob("assets/stylesheets/main.*.min.css")).relative_to(site).as_posix()
    assert fetch(mounted + stylesheet).status == 200


def test_every_page_runs_under_the_csp_with_no_console_error(mounted, browser, site_pages):
    page = new_page(browser)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    problems: dict[str, list] = defaultdict(list)
    current = [""]

    def record(message) -> None:
        own_status = message.location.get("url") == mounted + MISSING  # the 404 page's own 404, as intended
        if message.type == "error" and not own_status:
            problems[current[0]].append(f"console error: {message.text}")

    page.on("console", record)
    for path in [*site_pages, MISSING]:
        current[0] = path
        page.goto(mounted + path)
        page.wait_for_load_state("networkidle")
        problems[path].extend(f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations"))
    page.context.close()
    assert_no_problems(problems)


@pytest.mark.parametrize(("query", "expected"), [("Codeforces", "performance/"), ("烧钱模式", "glossary/")])
def test_search_works_under_the_csp(mounted, page, query, expected):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    hits = search(page, mounted, query)
    assert urlsplit(mounted).path + expected in hits, hits
    assert page.evaluate("window.__cspViolations") == []


def test_the_search_share_link_works_under_the_csp(mounted, page):
    """The theme's share link starts as href="javascript:void(0)", which the CSP would refuse to follow."""
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    search(page, mounted, "Codeforces")
    share = page.locator("[data-md-component=search-share]")
    expect(share).to_be_visible()
    assert not share.get_attribute("href").startswith("javascript:")
    share.click()
    assert page.evaluate("window.__cspViolations") == []


def test_an_interactive_chart_shows_its_tooltip_under_the_csp(mounted, page):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.goto(mounted + "costs/")
    figure = page.locator("#chart-api-prices")
    figure.hover()
    expect(figure.locator(".rs-chart__view svg")).to_be_visible()
    figure.locator(".rs-chart__view svg .mark-rect path").last.hover()
    expect(page.locator("#vg-tooltip-element")).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []


@pytest.mark.parametrize("command", [["deploy"], ["deploy", "--dir", "out"], ["build", "--publish"]])
def test_publishing_refuses_placeholder_metadata_naming_file_and_key(project, command):
    result = subprocess.run([sys.executable, "-m", "generator", *command], cwd=project, env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        "not publishing: the site's metadata still has placeholders:\n"
        "  mkdocs.yml: site_url: https://example.org/deepseek-report/ is a placeholder: set the address the site will be published at\n"
        "  data/site.yaml: editors[0].name: 'Report Site Editors' is a placeholder: name the real editors\n"
    )
    assert not (project / "site").exists() and not (project / "out").exists()  # refused before building anything


def test_real_metadata_is_publishable_and_a_missing_version_is_not(project):
    replace_in(project / "mkdocs.yml", "https://example.org/deepseek-report/", "https://reports.example-press.cn/deepseek/")
    replace_in(project / "data" / "site.yaml", "name: Report Site Editors", "name: Li Wei")
    assert placeholder_problems(find_project(project / "mkdocs.yml")) == []
    replace_in(project / "data" / "site.yaml", f'version: "{DATA_VERSION}"\n', "")
    assert placeholder_problems(find_project(project / "mkdocs.yml")) == ["data/site.yaml: version: missing: citations carry the version"]
