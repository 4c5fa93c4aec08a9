"""The web app in a real browser: Playwright driving Debian's Chromium headless.

Covers search → facet → measure → source view, the overview, keyboard-only use,
accessibility (axe-core: no serious or critical WCAG 2.1 A/AA violations on
any page type) and screenshots at desktop and phone width into test-artifacts/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.web.conftest import ARTIFACTS
from tiltaksbanken.web.assets import axe_script

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _context(browser: Browser, viewport: dict[str, int], **kw: Any) -> BrowserContext:
    return browser.new_context(viewport=viewport, locale="nb-NO", **kw)


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = _context(browser, DESKTOP)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    yield pg
    context.close()
    assert not problems, f"browser errors: {problems}"


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_search_facet_measure_source_journey(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_label("Hva vil du vite").fill("midlertidig bolig")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.locator("#result-heading")).to_contain_text("treff for «midlertidig bolig»")
    page.locator("fieldset", has_text="Type").get_by_label("Tiltak (", exact=False).check()
    page.get_by_role("button", name="Bruk filtre").first.click()
    expect(page.locator(".active-filters")).to_contain_text("Type: Tiltak")
    assert "kind=tiltak" in page.url and "q=midlertidig+bolig" in page.url
    shot(page, "search-desktop")

    first = page.locator(".hit-title a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.get_by_role("heading", name="Beskriv målgruppen")).to_be_visible()
    source = page.locator("#felt-name details.source-view")
    source.locator("summary").click()
    expect(source.locator("table")).to_be_visible()
    expect(source.locator("th", has_text="Original (OCR)")).to_be_visible()
    shot(page, "measure-source-desktop")

    line = int(source.locator("tbody th").first.inner_text())
    source.get_by_role("link", name="Vis linjene i kildedokumentet").click()
    expect(page.locator(f"#L{line}")).to_have_class("src-line hl")
    expect(page.locator(f"#L{line}")).to_be_in_viewport()


def test_overview_bars_lead_to_filtered_search(page: Page, live_server: str) -> None:
    page.goto(live_server + "/oversikt")
    chart = page.locator("section.chart-card", has=page.get_by_role("heading", name="Tiltak per tema"))
    bar = chart.locator("a.bar-row").first
    label = bar.locator(".bar-label").inner_text()
    count = bar.locator(".bar-count").inner_text()
    shot(page, "overview-desktop")
    bar.click()
    expect(page.locator("#result-heading")).to_contain_text(f"{count} treff")
    expect(page.locator(".active-filters")).to_contain_text(label)


def test_keyboard_only_search_and_facets(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("gjeld")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=gjeld")
    # Tab to the first facet box, tick it with the space bar, apply with the keyboard.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    name = page.evaluate("document.activeElement.name")
    value = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")
    while page.evaluate("document.activeElement.tagName") != "BUTTON":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{name}=**")
    assert page.locator(f'input[name="{name}"][value="{value}"]').first.is_checked()
    # Then on to a result by keyboard alone.
    page.locator(".hit-title a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tiltak/**")


def _record_url(page: Page, live_server: str, kind: str) -> str:
    page.goto(f"{live_server}/?kind={kind}&format=json")
    return page.evaluate("JSON.parse(document.body.innerText).hits[0].url")


def test_no_serious_accessibility_violations_on_any_page_type(browser: Browser, live_server: str) -> None:
    context = _context(browser, DESKTOP, bypass_csp=True)  # axe is injected as a script tag
    page = context.new_page()
    urls = ["/", "/?q=bustad+for+ungdom&kind=tiltak", "/oversikt", "/api/docs",
            "/tiltak/finnes-ikke"]
    urls += [_record_url(page, live_server, k) + "?kilde=vis"
             for k in ("tiltak", "news", "cookbook", "evaluation", "document")]
    page.goto(live_server + "/oversikt?format=json")
    sources = page.evaluate("JSON.parse(document.body.innerText).sources")
    small = min(sources, key=lambda s: s["lines"])["name"]
    urls += [f"/kilde/{small}?linjer=3-5"]
    failures = {}
    for url in urls:
        page.goto(live_server + url)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(axe_script()))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        if bad:
            failures[url] = bad
    context.close()
    assert not failures


def test_phone_width_screenshots_and_layout(browser: Browser, live_server: str) -> None:
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(live_server + "/?q=jobbspesialist")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "no sideways scrolling on a phone"
    shot(page, "search-phone")
    page.locator(".hit-title a").first.click()
    page.locator("details.source-view summary").first.click()
    shot(page, "measure-source-phone")
    page.goto(live_server + "/oversikt")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "overview-phone")
    context.close()
