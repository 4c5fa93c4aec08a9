"""The account pages in a real browser (Debian Chromium), without JavaScript: an invited
administrator sets a password, is logged in, adds a user on the admin page and logs out;
axe-core finds no serious or critical WCAG 2.1 A/AA violation on any account page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.web.conftest import serving
from tests.web.test_browser import DESKTOP, _context, _serious_violations, browser
from tiltaksbanken import open_store
from tiltaksbanken.store.accounts import accept_invitation, invite

__all__ = ["browser"]  # the module's browser fixture, shared

ADMIN_PASSWORD = "vaktas passord er langt"


@pytest.fixture(scope="module")
def invited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(server address, invitation path) of an empty bank with one invited administrator."""
    db = str(Path(tmp_path_factory.mktemp("acc-browser")) / "b.sqlite")
    with open_store(db) as store:
        _, token = invite(store, "sjef@nav.no", "Sjef Sjefsen", "administrator")
        # a second administrator with a password already set, for tests that only log in
        _, other = invite(store, "vakt@nav.no", "Vakt Vaktsen", "administrator")
        accept_invitation(store, other, ADMIN_PASSWORD, ADMIN_PASSWORD)
    with serving(db) as address:
        yield address, f"/invitasjon/{token}"


def test_invite_set_password_admin_page_and_logout_without_script(
        browser: Browser, invited: tuple[str, str]) -> None:
    base, invitation = invited
    context = _context(browser, DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + invitation)
    page.get_by_label("Nytt passord").fill("et langt nok passord")
    page.get_by_label("Gjenta passordet").fill("et langt nok passord")
    page.get_by_role("button", name="Lagre passord og logg inn").click()
    assert page.get_by_role("link", name="Logg ut").is_visible()
    page.get_by_role("link", name="Brukere").click()
    page.get_by_label("Brukernavn (e-post)").fill("rita@nav.no")
    page.get_by_label("Navn", exact=True).fill("Rita Rapportør")
    page.get_by_label("Rolle", exact=True).select_option("rapportør")
    page.get_by_label("NAV-kontor (for rapportører, skill med komma)").fill("NAV Frogner")
    page.get_by_role("button", name="Legg til og lag invitasjonslenke").click()
    assert "/invitasjon/" in page.locator(".invitation-link").inner_text()
    page.get_by_role("link", name="Logg ut").click()
    page.get_by_role("button", name="Logg ut").click()
    assert page.get_by_role("link", name="Logg inn").is_visible()
    page.goto(base + invitation)  # used: refused
    assert "Invitasjonen er brukt" in page.content()
    context.close()


def test_no_serious_accessibility_violations_on_account_pages(
        browser: Browser, invited: tuple[str, str]) -> None:
    base, _ = invited
    context = _context(browser, DESKTOP, bypass_csp=True)  # axe is injected as a script tag
    page = context.new_page()
    failures = {}
    page.goto(base + "/logg-inn")
    failures["/logg-inn"] = _serious_violations(page)
    page.get_by_label("Brukernavn (e-post)").fill("vakt@nav.no")
    page.get_by_label("Passord").fill("feil passord her")
    page.get_by_role("button", name="Logg inn").click()
    failures["/logg-inn (feil)"] = _serious_violations(page)
    page.get_by_label("Passord").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    for url in ["/admin/brukere", "/logg-ut"]:
        page.goto(base + url)
        failures[url] = _serious_violations(page)
    context.close()
    assert not {k: v for k, v in failures.items() if v}
