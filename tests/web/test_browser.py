"""The web app in a real browser: Playwright driving Debian's Chromium headless.

Covers search → facet → measure → source view, the overview, keyboard-only use (the skip
link to the hits, theme explanations), filters that apply when ticked (and with the button
without script), the filters folded above the results on a phone, a nonsense query
answered «Ingen treff», accessibility (axe-core: no serious or critical WCAG 2.1 A/AA
violations on any page type) and screenshots at desktop and phone width into
test-artifacts/.
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


def _tab_to(page: Page, probe: str, wanted: str, most: int) -> None:
    """Press Tab until ``probe`` (a script about the focused element) gives ``wanted``."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(probe) == wanted:
            break
    assert page.evaluate(probe) == wanted


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
    page.wait_for_url("**kind=tiltak**")  # a ticked filter applies at once
    expect(page.locator(".active-filters")).to_contain_text("Type: Tiltak")
    assert "kind=tiltak" in page.url and "q=midlertidig+bolig" in page.url
    shot(page, "search-desktop")

    first = page.locator(".hit-title a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.get_by_role("heading", name="Målgruppe", exact=True)).to_be_visible()
    expect(page.locator("#felt-target_group .question")).to_contain_text("Beskriv målgruppen")
    expect(page.locator("nav.crumbs .back-link")).to_have_text("Treff for «midlertidig bolig»")
    source = page.locator("#felt-name details.source-view")
    source.locator("summary").click()
    expect(source.locator("table")).to_be_visible()
    expect(source.locator("th", has_text="Original (OCR)")).to_be_visible()
    shot(page, "measure-source-desktop")

    line = int(source.locator("tbody th").first.inner_text())
    source.get_by_role("link", name="Vis linjene i kildedokumentet").click()
    expect(page.locator(f"#L{line}")).to_have_class("src-line hl")
    expect(page.locator(f"#L{line}")).to_be_in_viewport()
    assert page.locator(".src-line").count() <= 2 * 20 + 80, "an excerpt, not the whole sheet"
    shot(page, "source-excerpt-desktop")
    page.go_back()
    page.locator("nav.crumbs .back-link").click()
    assert "q=midlertidig+bolig" in page.url and "kind=tiltak" in page.url


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
    assert page.evaluate("document.activeElement.textContent") == "Hopp til treffene"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")
    _tab_to(page, "document.activeElement.id", "q", 10)
    page.keyboard.type("gjeld")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=gjeld**")
    # Tab to the first facet box and tick it with the space bar: it applies at once, and
    # the focus is back on the box when the new page has come.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    name = page.evaluate("document.activeElement.name")
    value = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    page.wait_for_url(f"**{name}=**")
    box = page.locator(f'input[name="{name}"][value="{value}"]').first
    assert box.is_checked()
    expect(box).to_be_focused()
    # Then on to a result by keyboard alone.
    page.locator(".hit-title a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tiltak/**")


def _record_url(page: Page, live_server: str, kind: str) -> str:
    page.goto(f"{live_server}/?kind={kind}&format=json")
    return page.evaluate("JSON.parse(document.body.innerText).hits[0].url")


def _serious_violations(page: Page) -> list[tuple[str, str, int]]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violations_on_any_page_type(browser: Browser, live_server: str) -> None:
    context = _context(browser, DESKTOP, bypass_csp=True)  # axe is injected as a script tag
    page = context.new_page()
    urls = ["/", "/?q=bustad+for+ungdom&kind=tiltak", "/?q=xqzvlk", "/oversikt", "/api/docs",
            "/tiltak/finnes-ikke"]
    urls += [_record_url(page, live_server, k) + "?kilde=vis"
             for k in ("tiltak", "news", "cookbook", "evaluation", "document")]
    page.goto(live_server + "/oversikt?format=json")
    sources = page.evaluate("JSON.parse(document.body.innerText).sources")
    small = min(sources, key=lambda s: s["lines"])["name"]
    large = max(sources, key=lambda s: s["lines"])["name"]
    urls += [f"/kilde/{small}?linjer=3-5", f"/kilde/{large}?linjer=400-410", f"/kilde/{large}?side=2"]
    failures = {}
    for url in urls:
        page.goto(live_server + url)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        bad = _serious_violations(page)
        if bad:
            failures[url] = bad
    context.close()
    phone = _context(browser, PHONE, bypass_csp=True)
    page = phone.new_page()
    for url in ["/?q=bolig", "/?q=bolig&kind=tiltak"]:
        for opened in (False, True):
            page.goto(live_server + url)
            page.wait_for_load_state("networkidle")
            if opened:
                page.locator("summary.filter-summary").click()
            bad = _serious_violations(page)
            if bad:
                failures[f"{url} (telefon, filtre {'åpne' if opened else 'lukket'})"] = bad
    phone.close()
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


def test_on_a_phone_the_filters_come_folded_before_the_results(browser: Browser, live_server: str) -> None:
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(live_server + "/?q=bolig")
    summary = page.locator("summary.filter-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_text("Filtre")
    assert not page.locator("details.filter-panel").evaluate("d => d.open"), "folded"
    expect(page.locator(".facets input[type=checkbox]").first).to_be_hidden()
    above = summary.bounding_box()
    results = page.locator("#result-heading").bounding_box()
    assert above and results and above["y"] + above["height"] <= results["y"], "filters first"
    summary.click()
    box = page.locator(".facets input[type=checkbox]").first
    expect(box).to_be_visible()
    shot(page, "search-phone-filters")
    box.check()
    page.wait_for_url("**&**=**")  # applied at once on the phone too
    expect(page.locator(".active-filters")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(page: Page, live_server: str) -> None:
    page.goto(live_server + "/?q=bolig")
    expect(page.locator("summary.filter-summary")).to_be_hidden()
    expect(page.locator(".facets input[type=checkbox]").first).to_be_visible()
    expect(page.locator(".apply-filters").first).to_be_hidden()  # ticking applies
    expect(page.locator(".auto-apply-note")).to_be_visible()
    facets = page.locator("aside.facets").bounding_box()
    hits = page.locator("#treff").bounding_box()
    assert facets and hits and facets["x"] + facets["width"] <= hits["x"], "beside the results"


def test_a_ticked_filter_applies_and_the_button_works_without_script(browser: Browser, live_server: str) -> None:
    context = _context(browser, DESKTOP)
    page = context.new_page()
    page.goto(live_server + "/?q=bolig")
    total = page.locator("#result-heading").inner_text()
    box = page.locator("fieldset", has_text="Type").locator("input[type=checkbox]").first
    value = box.get_attribute("value")
    box.check()
    page.wait_for_url(f"**kind={value}**")
    assert "q=bolig" in page.url
    expect(page.locator(".active-filters")).to_contain_text("Type:")
    assert page.locator("#result-heading").inner_text() != total
    box = page.locator(f'input[name="kind"][value="{value}"]')
    expect(box).to_be_checked()
    expect(box).to_be_focused()
    box.uncheck()  # and off again
    page.wait_for_url(lambda url: "kind=" not in url)
    context.close()

    without = _context(browser, DESKTOP, java_script_enabled=False)
    page = without.new_page()
    page.goto(live_server + "/?q=bolig")
    page.locator("fieldset", has_text="Type").locator("input[type=checkbox]").first.check()
    assert "kind=" not in page.url, "nothing happens before the button"
    page.get_by_role("button", name="Bruk filtre").first.click()
    page.wait_for_url(f"**kind={value}**")
    without.close()


def test_the_skip_link_reaches_the_first_hit_in_three_tab_stops(page: Page, live_server: str) -> None:
    page.goto(live_server + "/?q=bolig&kind=tiltak")
    first = page.locator(".hit-title a").first.get_attribute("href")
    stops = 0
    page.keyboard.press("Tab")
    stops += 1
    assert page.evaluate("document.activeElement.textContent") == "Hopp til treffene"
    page.keyboard.press("Enter")
    while stops < 3 and page.evaluate("document.activeElement.getAttribute('href')") != first:
        page.keyboard.press("Tab")
        stops += 1
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    assert stops <= 3
    page.keyboard.press("Enter")
    page.wait_for_url("**/tiltak/**")


def test_a_nonsense_query_says_ingen_treff(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_label("Hva vil du vite").fill("xqzvlk")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=xqzvlk**")
    expect(page.locator("#result-heading")).to_contain_text("0 treff")
    expect(page.locator(".no-hits")).to_contain_text("Ingen treff for «xqzvlk»")
    expect(page.locator(".hit")).to_have_count(0)
    shot(page, "search-no-hits-desktop")


def test_theme_explanations_are_reachable_with_the_keyboard(page: Page, live_server: str) -> None:
    page.goto(live_server + "/?kind=tiltak&theme=bolig&format=json")
    url = page.evaluate("JSON.parse(document.body.innerText).hits[0].url")
    page.goto(live_server + url)
    why = page.locator("details.theme-why")
    expect(why.locator("li").first).to_be_hidden()
    _tab_to(page, "document.activeElement.textContent", "Hvorfor disse temaene?", 30)
    page.keyboard.press("Enter")
    expect(why.locator("li", has_text="Bolig")).to_be_visible()
    expect(why.locator("li", has_text="Bolig")).to_contain_text("«")
