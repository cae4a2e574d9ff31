"""The printable edition loads Material's script on the reader's first move (templates/theme/print.html), and it then works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import BROWSER_DEADLINE_MS, wait_until


@pytest.mark.parametrize(("system", "scheme"), [("light", "default"), ("dark", "slate")])
def test_materials_script_waits_for_the_first_move_then_palette_and_search_work(browser, site_url, system, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=system)
    page = context.new_page()
    page.set_default_timeout(BROWSER_DEADLINE_MS)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "print/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/javascripts/bundle." in url]
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme  # the system's palette, without the script
    assert page.locator("[data-md-component=search-share]").get_attribute("href").startswith("/")  # crawlable

    page.mouse.move(300, 300)
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    expect(toggle).to_have_count(1)  # Material shows the toggle once it runs
    assert [url for url in requested if "/javascripts/bundle." in url]
    toggle.click()
    wait_until(page, "s => document.body.dataset.mdColorScheme !== s", scheme)

    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("Codeforces")
    box.dispatch_event("keyup")
    expect(page.locator(".md-search-result__item a").first).to_be_visible()
    assert not errors
    context.close()


def test_other_pages_load_materials_script_at_once(site):
    assert 'data-rs-later' not in (site / "costs" / "index.html").read_text(encoding="utf-8")
    assert 'data-rs-later data-src="../assets/javascripts/bundle.' in (site / "print" / "index.html").read_text(encoding="utf-8")
