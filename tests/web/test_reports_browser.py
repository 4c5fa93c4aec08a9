"""The yearly report in a real browser (Debian Chromium), without JavaScript: an invited
reporter sets a password, logs in, fills in the form and saves a draft, fixes a validation
error, submits, and finds the report by searching; axe-core finds no serious or critical
WCAG 2.1 A/AA violation on the report pages (with and without errors shown)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.web.conftest import serving
from tests.web.test_browser import DESKTOP, _context, _serious_violations, browser
from tiltaksbanken import open_store
from tiltaksbanken.store.accounts import invite

__all__ = ["browser"]

PASSWORD = "rapportørens passord er langt"


@pytest.fixture(scope="module")
def invited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(server address, invitation path) of an empty bank with one invited reporter."""
    db = str(Path(tmp_path_factory.mktemp("report-browser")) / "r.sqlite")
    with open_store(db) as store:
        _, token = invite(store, "rita@nav.no", "Rita Rapportør", "rapportør", offices="NAV Frogner")
    with serving(db) as address:
        yield address, f"/invitasjon/{token}"


def _fill(page: Page) -> None:
    page.locator("#year").fill("2025")
    page.locator("#name").fill("Kafé for unge arbeidssøkere")
    page.locator("#nav_office").fill("NAV Frogner")
    page.locator("#contact_email").fill("rita.nav.no")  # wrong: fixed below
    page.locator("#county").select_option("Oslo")
    page.locator("#start").fill("01.09.2024")
    page.get_by_label("Statusrapportering").check()
    page.locator("#target_group").fill("Unge voksne som står utenfor arbeid og skole.")
    page.locator("#description").fill("Et møtested med arbeidskafé der ungdom får veiledning.")
    page.get_by_label("§ 17 Opplysning, råd og veiledning", exact=False).check()
    page.get_by_label("Ja", exact=True).check()
    page.locator("#continuation_text").fill("driftsbudsjettet fra 2026.")


def test_a_reporter_writes_saves_fixes_submits_and_finds_the_report(
        browser: Browser, invited: tuple[str, str]) -> None:
    base, invitation = invited
    context = _context(browser, DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + invitation)
    page.get_by_label("Nytt passord").fill(PASSWORD)
    page.get_by_label("Gjenta passordet").fill(PASSWORD)
    page.get_by_role("button", name="Lagre passord og logg inn").click()
    page.get_by_role("link", name="Logg ut").click()
    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("link", name="Logg inn").click()
    page.get_by_label("Brukernavn (e-post)").fill("rita@nav.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Mine rapporter").click()
    page.get_by_role("link", name="Skriv ny rapport").click()
    _fill(page)
    page.get_by_role("button", name="Lagre utkast").click()
    error = page.locator("#contact_email-feil")
    assert "gyldig e-postadresse" in error.inner_text()
    assert page.locator("#name").input_value() == "Kafé for unge arbeidssøkere"  # kept
    page.locator("#contact_email").fill("rita@nav.no")
    page.get_by_role("button", name="Lagre utkast").click()
    assert "Utkastet er lagret" in page.content()
    page.get_by_role("button", name="Send inn").click()
    assert "sendt inn" in page.content()
    page.goto(base + "/?q=arbeidskaf%C3%A9")
    assert page.get_by_role("link", name="Kafé for unge arbeidssøkere").count() >= 1
    context.close()


def test_no_serious_accessibility_violations_on_report_pages(
        browser: Browser, invited: tuple[str, str]) -> None:
    base, _ = invited
    context = _context(browser, DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.goto(base + "/logg-inn")
    page.get_by_label("Brukernavn (e-post)").fill("rita@nav.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    failures = {}
    for url in ["/rapporter", "/rapporter/ny"]:
        page.goto(base + url)
        failures[url] = _serious_violations(page)
    page.get_by_role("button", name="Send inn").click()  # an empty form: every error shown
    failures["/rapporter/ny (feil)"] = _serious_violations(page)
    page.goto(base + "/rapporter")
    first = page.locator("table a").first
    if first.count():
        first.click()
        failures["rapport"] = _serious_violations(page)
        record = page.get_by_role("link", name="Se tiltaket i Tiltaksbanken")
        if record.count():
            record.click()
            failures["post"] = _serious_violations(page)
            page.goto(page.url + "/versjoner")
            failures["versjoner"] = _serious_violations(page)
    context.close()
    assert not {k: v for k, v in failures.items() if v}, failures
