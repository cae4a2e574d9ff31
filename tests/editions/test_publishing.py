"""Editions: `report-site publish` freezes the version in site.yaml at <site_url>editions/X/, and never changes it.

One small report, in a git repository of its own, is published as 1.0.0; a figure is corrected (with a reason)
and 1.1.0 is published; the latest site is built. Every 1.0.0 file is then byte-identical to what publishing it
wrote, the manifest holds, each cite box points at its edition's address, the 1.0.0 pages (through nginx, under
the CSP, in Chromium) say that 1.1.0 exists and link the same page's latest address, and rebuilding 1.0.0 from
its tag gives the bytes the store holds. Publishing what must not be published is refused with a message.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import (
    BUILD_DEADLINE,
    ENV,
    RECORD_CSP_VIOLATIONS,
    SMALL_REPORT,
    copy_project,
    fetch,
    new_page,
    nginx,
    replace_in,
    search,
    validate_cff,
)
from generator.editions import store

pytestmark = pytest.mark.slow

SITE_URL = "https://example.org/small-report/"
GIT_ENV = {
    **ENV,
    "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
}
IGNORED = "site/\n.site.building/\n.site.previous/\n.cache/\nvendor\n"
CORRECTED = ("label: Corvant's development cost", "label: Corvant's reported development cost")


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, env=GIT_ENV, capture_output=True, text=True, check=True).stdout.strip()


def report_site(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=project, env=GIT_ENV, capture_output=True, text=True, timeout=BUILD_DEADLINE
    )
    if check and result.returncode != 0:
        raise AssertionError(f"report-site {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def set_version(project: Path, old: str, new: str) -> None:
    replace_in(project / "data" / "site.yaml", f'version: "{old}"', f'version: "{new}"')


def correct_a_figure(project: Path) -> None:
    """1.1.0: one figure's label corrected, with its reason in the corrections note; a reader's finding answered
    without a change, with why the reading stands."""
    replace_in(project / "data" / "facts.yaml", *CORRECTED)
    (project / "data" / "corrections.yaml").write_text(
        '- edition: "1.1.0"\n  record: facts/stack-development-cost\n  reason: Corvant reported the figure; the story does not confirm it.\n'
        '- edition: "1.1.0"\n  finding: "R9. The cost should be in euros."\n  reason: The story prints dollars, and the site prints what it prints.\n',
        encoding="utf-8",
    )
    set_version(project, "1.0.0", "1.1.0")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict:
    """The small report with editions 1.0.0 and 1.1.0 published, and its latest site built."""
    project = copy_project(tmp_path_factory.mktemp("editions") / "report", SMALL_REPORT)
    (project / ".gitignore").write_text(IGNORED, encoding="utf-8")
    (project / "docs" / ".gitkeep").touch()  # git keeps no empty folder, and MkDocs needs docs/
    report_site(project, "permalinks", "--add")  # the ledger: every page and anchor, to keep resolving
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "The report")
    first = report_site(project, "publish")
    kept = files_of(project / "editions" / "1.0.0")
    correct_a_figure(project)
    commit_all(project, "Correct a figure")
    second = report_site(project, "publish")
    report_site(project, "build")
    return {"project": project, "site": project / "site", "kept": kept, "output": first.stdout + second.stdout}


def test_publishing_keeps_each_edition_tagged_committed_and_recorded_in_the_manifest(published):
    project = published["project"]
    assert "published edition 1.0.0" in published["output"] and "published edition 1.1.0" in published["output"]
    assert [e.version for e in store.editions(project / "editions")] == ["1.0.0", "1.1.0"]
    assert store.altered(project / "editions") == []
    for version in ("1.0.0", "1.1.0"):
        assert git(project, "cat-file", "-t", f"v{version}") == "tag"  # annotated
    assert git(project, "status", "--porcelain") == ""  # the store is committed with the edition
    assert git(project, "log", "-1", "--format=%s") == "Publish edition 1.1.0 (v1.1.0)"
    manifest = json.loads((project / "editions" / "manifest.json").read_text(encoding="utf-8"))
    first = manifest["editions"][0]
    assert first["version"] == "1.0.0" and first["date"] == "2026-11-30"
    assert set(first["files"]) == set(published["kept"])
    assert "index.html" in first["files"] and "data/facts.yaml" in first["files"]


def test_an_edition_is_never_rewritten_by_a_later_one(published):
    project = published["project"]
    assert files_of(project / "editions" / "1.0.0") == published["kept"]
    served = published["site"] / "editions" / "1.0.0"
    assert files_of(served) == published["kept"]  # the latest site serves the same bytes
    assert (published["site"] / "editions" / "manifest.json").read_bytes() == (project / "editions" / "manifest.json").read_bytes()


def test_versions_json_is_mikes_format_newest_first_with_the_latest_aliased(published):
    versions = json.loads((published["site"] / "versions.json").read_text(encoding="utf-8"))
    assert versions == [
        {"version": "1.1.0", "title": "1.1.0", "aliases": ["latest"]},
        {"version": "1.0.0", "title": "1.0.0", "aliases": []},
    ]


def cite_urls(html: str) -> list[str]:
    return re.findall(r'rs-cite__where">This edition: <a href="([^"]+)"', html)


def test_each_cite_box_gives_its_editions_address_and_the_latest_beside_it(published):
    site = published["site"]
    latest = (site / "costs" / "index.html").read_text(encoding="utf-8")
    frozen = (site / "editions" / "1.0.0" / "costs" / "index.html").read_text(encoding="utf-8")
    assert cite_urls(latest) and all(u.startswith(f"{SITE_URL}editions/1.1.0/costs/") for u in cite_urls(latest))
    assert cite_urls(frozen) and all(u.startswith(f"{SITE_URL}editions/1.0.0/costs/") for u in cite_urls(frozen))
    assert f'Latest: <a href="{SITE_URL}costs/#' in frozen
    assert f'<meta name="citation_public_url" content="{SITE_URL}editions/1.0.0/costs/">' in frozen
    assert f'<link rel="canonical" href="{SITE_URL}costs/">' in frozen  # search engines: the latest address
    assert f'<link rel="canonical" href="{SITE_URL}costs/">' in latest


def test_every_ledger_permalink_resolves_at_the_latest_address(published):
    site = published["site"]
    ledger = [line.split()[0] for line in (published["project"] / "permalinks.txt").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert len(ledger) > 10, "the fixture's ledger is (nearly) empty: the test would prove little"
    for permalink in ledger:
        path, _, anchor = permalink.lstrip("/").partition("#")
        page = site / path / "index.html"
        assert page.is_file(), permalink
        assert not anchor or f'id="{anchor}"' in page.read_text(encoding="utf-8"), permalink


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (None, "edition 1.1.0 is already published"),
        ("dirty", "the working tree has uncommitted changes"),
        ("lower", "version 1.0.5 is lower than the last edition, 1.1.0"),
    ],
)
def test_publishing_what_must_not_be_published_is_refused_with_what_to_do(published, tmp_path, change, message):
    project = Path(shutil.copytree(published["project"], tmp_path / "report", symlinks=True))
    if change == "dirty":
        set_version(project, "1.1.0", "1.2.0")
    elif change == "lower":
        set_version(project, "1.1.0", "1.0.5")
        commit_all(project, "A lower version")
    before = files_of(project / "editions")
    result = report_site(project, "publish", check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert files_of(project / "editions") == before


def test_rebuilding_an_edition_from_its_tag_gives_the_bytes_the_store_holds(published, tmp_path):
    checkout = tmp_path / "v1.0.0"
    git(published["project"], "worktree", "add", "-q", "--detach", str(checkout), "v1.0.0")
    try:
        (checkout / "vendor").symlink_to(published["project"] / "vendor", target_is_directory=True)
        report_site(checkout, "freeze", "--out", str(tmp_path / "rebuilt"))
        rebuilt = files_of(tmp_path / "rebuilt")
        kept = {path: data for path, data in published["kept"].items() if not path.startswith(f"{store.DATA}/")}
        assert sorted(rebuilt) == sorted(kept)
        assert [path for path in kept if rebuilt[path] != kept[path]] == []
    finally:
        git(published["project"], "worktree", "remove", "--force", str(checkout))


@pytest.fixture(scope="module")
def served(published, tmp_path_factory):
    with nginx(published["site"], "/small-report/", tmp_path_factory.mktemp("nginx")) as served:
        yield served.url


def test_editions_are_cached_for_good_and_the_latest_is_revalidated(served):
    assert fetch(served + "editions/1.0.0/costs/").getheader("Cache-Control") == "public, max-age=31536000, immutable"
    for path in ("costs/", "versions.json", "editions/manifest.json"):
        assert fetch(served + path).getheader("Cache-Control") == "no-cache", path


def test_an_old_edition_says_a_newer_one_exists_and_links_the_same_page(served, browser):
    page = new_page(browser)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(served + "editions/1.0.0/costs/")
    notice = page.locator(".rs-outdated")
    expect(notice).to_contain_text("You are reading edition 1.0.0")
    expect(notice).to_contain_text("The latest edition is 1.1.0")
    assert notice.get_by_role("link", name="read this page in the latest edition").get_attribute("href") == served + "costs/"
    assert page.evaluate("window.__cspViolations") == [] and errors == []
    page.goto(served + "costs/")
    expect(page.locator(".md-typeset h1")).to_be_visible()
    expect(page.locator(".rs-outdated")).to_have_count(0)  # the latest edition shows no notice
    page.close()


def test_a_deploy_is_refused_until_its_version_is_published_and_then_serves_every_edition(published, tmp_path):
    project = Path(shutil.copytree(published["project"], tmp_path / "report", symlinks=True))
    replace_in(project / "mkdocs.yml", "https://example.org/", "https://reports.example-press.test/")  # no placeholders
    replace_in(project / "data" / "site.yaml", "name: Report Site Editors", "name: Li Wei")
    set_version(project, "1.1.0", "1.2.0")
    refused = report_site(project, "deploy", "--dir", str(tmp_path / "out"), check=False)
    assert refused.returncode == 1 and "edition 1.2.0 (data/site.yaml: version) is not published" in refused.stderr
    assert not (tmp_path / "out").exists()
    set_version(project, "1.2.0", "1.1.0")
    report_site(project, "deploy", "--dir", str(tmp_path / "out"))
    assert files_of(tmp_path / "out" / "editions" / "1.0.0") == published["kept"]


def test_a_report_in_a_folder_of_its_repository_tags_its_editions_with_the_folder(tmp_path):
    from generator.hosting.edition import tag_name
    from generator.project import find_project

    project = copy_project(tmp_path / "repo" / "reports" / "battery", SMALL_REPORT)
    git(tmp_path / "repo", "init", "-q")
    assert tag_name(find_project(project / "mkdocs.yml"), "1.0.0") == "reports/battery/v1.0.0"  # as Go tags a module in a folder
    git(project, "init", "-q")
    assert tag_name(find_project(project / "mkdocs.yml"), "1.0.0") == "v1.0.0"


def test_each_edition_carries_its_own_citation_cff_and_zenodo_record_the_later_one_a_new_version_of_the_first(published):
    editions = published["project"] / "editions"
    first, second = (json.loads((editions / v / "zenodo.json").read_text(encoding="utf-8")) for v in ("1.0.0", "1.1.0"))
    assert (first["version"], second["version"]) == ("1.0.0", "1.1.0")
    assert all(r["relation"] != "isNewVersionOf" for r in first["related_identifiers"])
    assert {"identifier": f"{SITE_URL}editions/1.0.0/", "relation": "isNewVersionOf", "scheme": "url"} in second["related_identifiers"]
    assert {"identifier": f"{SITE_URL}editions/1.1.0/", "relation": "isIdenticalTo", "scheme": "url"} in second["related_identifiers"]
    for directory in (editions / "1.0.0", editions / "1.1.0", published["site"]):
        result = validate_cff(directory)
        assert result.returncode == 0, (directory, result.stdout + result.stderr)
    assert "url: https://example.org/small-report/editions/1.1.0/\n" in (published["site"] / "CITATION.cff").read_text(encoding="utf-8")


def test_search_works_inside_an_edition_and_stays_there(served, browser):
    page = new_page(browser)
    paths = search(page, served + "editions/1.0.0/", "Corvant")
    assert paths and all(path.startswith("/small-report/editions/1.0.0/") for path in paths), paths
    page.close()


def test_the_changes_page_lists_exactly_the_change_with_both_values_the_reason_and_links(published):
    page = (published["site"] / "changes" / "index.html").read_text(encoding="utf-8")
    changes = re.findall(r'<div class="rs-change" id="([^"]+)"', page)
    assert changes == ["facts-stack-development-cost"]
    assert "<h1" in page and "Changes in 1.1.0" in page
    row = re.search(r"<td>label</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", page)
    assert (row and (row[1], row[2]) == ("Corvant&rsquo;s development cost", "Corvant&rsquo;s reported development cost")) or (
        row and (row[1], row[2]) == ("Corvant's development cost", "Corvant's reported development cost")
    ), row
    assert "Corvant reported the figure; the story does not confirm it." in page
    assert f'href="{SITE_URL}editions/1.0.0/costs/#stack-development-cost"' in page  # as it was
    assert 'href="../costs/#stack-development-cost"' in page  # as it is
    assert 'href="../source/#p2"' in page  # its paragraph
    assert not (published["site"] / "editions" / "1.0.0" / "changes").exists()  # a first edition has none
    # A finding answered without a change is on the record too, with why the reading stands.
    standing = page[page.index('id="changes-findings"') :]
    assert "R9. The cost should be in euros." in standing and "The story prints dollars, and the site prints what it prints." in standing


def test_a_corrected_figure_says_so_beside_it_on_the_latest_page(published):
    latest = (published["site"] / "costs" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'rs-corrected"><a href="../changes/#facts-stack-development-cost">corrected in 1.1.0: label was “Corvant(&rsquo;|\')s development cost”', latest)
    assert latest.count("rs-corrected") == 1  # nothing else changed
    frozen = (published["site"] / "editions" / "1.0.0" / "costs" / "index.html").read_text(encoding="utf-8")
    assert "rs-corrected" not in frozen


def test_a_changed_figure_without_a_reason_is_refused_by_publishing_and_listed_by_a_draft(published, tmp_path):
    project = Path(shutil.copytree(published["project"], tmp_path / "report", symlinks=True))
    replace_in(project / "data" / "facts.yaml", "label: Brightwell's development cost", "label: Brightwell's stated development cost")
    set_version(project, "1.1.0", "1.2.0")
    commit_all(project, "A correction without a reason")
    refused = report_site(project, "publish", check=False)
    assert refused.returncode != 0
    assert "data/facts.yaml: lumen-development-cost: changed since edition 1.1.0, and data/corrections.yaml gives no reason" in refused.stderr
    assert [e.version for e in store.editions(project / "editions")] == ["1.0.0", "1.1.0"]
    draft = report_site(project, "build")
    assert "lumen-development-cost: changed since edition 1.1.0" in draft.stderr  # a draft builds, and says so


def test_a_corrections_note_with_a_mistake_names_its_line_and_field(small_report):
    from generator.editions.changes import CorrectionError, read_corrections

    note = small_report / "data" / "corrections.yaml"
    note.write_text('- edition: "1.1.0"\n  record: facts/x\n  reason: fine\n- edition: "1.1.0"\n  record: nowhere/x\n  reason: a reason\n', encoding="utf-8")
    with pytest.raises(CorrectionError, match=r"data/corrections.yaml:5: record: 'nowhere/x': expected FILE/ID"):
        read_corrections(small_report / "data", "1.1.0")
    note.write_text('- edition: "1.1.0"\n  record: facts/x\n', encoding="utf-8")
    with pytest.raises(CorrectionError, match=r"data/corrections.yaml:1: reason: missing or empty"):
        read_corrections(small_report / "data", "1.1.0")
    note.write_text('- edition: "1.1.0"\n  record: facts/x\n  reason: a: b\n', encoding="utf-8")
    with pytest.raises(CorrectionError, match=r"data/corrections.yaml:3: not valid YAML"):
        read_corrections(small_report / "data", "1.1.0")
    note.write_text('- edition: "1.1.0"\n  finding: "F1. A finding"\n  reason: \n', encoding="utf-8")
    with pytest.raises(CorrectionError, match=r"data/corrections.yaml:1: reason: missing or empty"):
        read_corrections(small_report / "data", "1.1.0")
    note.write_text('- edition: "1.1.0"\n  finding: "F1. A finding"\n  reason: why\n  page: costs\n', encoding="utf-8")
    with pytest.raises(CorrectionError, match=r"data/corrections.yaml:4: page: not a field of a correction \(edition, finding, reason\)"):
        read_corrections(small_report / "data", "1.1.0")
    note.write_text('- edition: "1.1.0"\n  record: facts/x\n  reason: fine\n- edition: "1.1.0"\n  finding: "F1. A finding"\n  reason: why\n', encoding="utf-8")
    assert read_corrections(small_report / "data", "1.1.0") == {"facts/x": "fine"}
    assert read_corrections(small_report / "data", "1.2.0") == {}
