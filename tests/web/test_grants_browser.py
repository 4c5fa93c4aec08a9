"""The grants pages in a real browser (Debian Chromium): axe-core finds no serious or
critical WCAG 2.1 A/AA violation on «Rapportering» and «Tilskudd» (with and without errors)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.web.conftest import serving
from tests.web.test_browser import DESKTOP, _context, _serious_violations, browser
from tiltaksbanken import open_store
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.store.grants import add_grant, suggest_links

__all__ = ["browser"]  # the module's browser fixture, shared

PASSWORD = "forvalterens passord er langt"


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A bank with a grant administrator for Oslo and two funded measures."""
    db = str(Path(tmp_path_factory.mktemp("grants-browser")) / "g.sqlite")
    with open_store(db) as store:
        _, token = invite(store, "forvalter@sf.no", "Forvalter", "tilskuddsforvalter", counties="Oslo")
        accept_invitation(store, token, PASSWORD, PASSWORD)
        add_grant(store, {"year": 2025, "office": "NAV Alna", "measure": "Boligsosialt team", "amount": "100000"})
        add_grant(store, {"year": 2025, "office": "NAV Frogner", "measure": "Jobbspor"})
        suggest_links(store, 2025)
    with serving(db) as base:
        yield base


def test_no_serious_accessibility_violations_on_grants_pages(browser: Browser, address: str) -> None:
    context = _context(browser, DESKTOP, bypass_csp=True)  # axe is injected as a script tag
    page = context.new_page()
    page.goto(address + "/logg-inn")
    page.get_by_label("Brukernavn (e-post)").fill("forvalter@sf.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    failures = {}
    for url in ["/rapportering?ar=2025", "/rapportering?ar=2025&status=draft", "/tilskudd"]:
        page.goto(address + url)
        failures[url] = _serious_violations(page)
    page.get_by_label("År", exact=True).fill("2025")
    page.get_by_label("NAV-kontor", exact=True).fill("NAV Bergenhus")  # not in Oslo: refused
    page.get_by_label("Tiltak", exact=True).fill("Gjeld")
    page.get_by_role("button", name="Legg til", exact=True).click()
    assert "Tilskuddet ble ikke lagt til" in page.content()
    failures["/tilskudd (feil)"] = _serious_violations(page)
    context.close()
    assert not {k: v for k, v in failures.items() if v}
