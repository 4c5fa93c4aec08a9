"""The theme pages and the evidence form in a real browser (Debian Chromium): axe-core finds
no serious or critical WCAG 2.1 A/AA violation on the theme list, a theme page, a measure's
page with its evidence level, and the editor's evidence form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.web.conftest import serving
from tests.web.test_browser import DESKTOP, _context, _serious_violations, browser
from tests.web.test_lessons import PASSWORD, _csv
from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.search import index_records
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.web import urls

__all__ = ["browser"]  # the module's browser fixture, shared


@pytest.fixture(scope="module")
def lessons_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(server address, a measure's id) of a bank of generated reports with one editor."""
    folder = Path(tmp_path_factory.mktemp("lessons-browser"))
    export = folder / "rapporter.csv"
    export.write_text(_csv(), encoding="utf-8")
    db = str(folder / "b.sqlite")
    with open_store(db) as store:
        assert all(r.ok for r in ingest_paths(store, [export], indexer=index_records))
        _, token = invite(store, "redaktor@nav.no", "Redaktør", "redaktør")
        accept_invitation(store, token, PASSWORD, PASSWORD)
        record_id = next(iter(store.records(kind="tiltak"))).id
    with serving(db) as address:
        yield address, record_id


def test_no_serious_accessibility_violations_on_theme_pages(
        browser: Browser, lessons_site: tuple[str, str]) -> None:
    base, record_id = lessons_site
    context = _context(browser, DESKTOP, bypass_csp=True)  # axe is injected as a script tag
    page = context.new_page()
    failures = {}
    for url in [urls.THEMES, urls.theme_url("tett-oppfolging"), urls.theme_url("manglende-boliger")]:
        page.goto(base + url)
        failures[url] = _serious_violations(page)
    page.goto(base + urls.THEMES)
    page.get_by_role("link", name="Tett oppfølging").click()
    assert page.get_by_role("heading", name="Tett oppfølging").is_visible()
    page.goto(base + urls.LOGIN)
    page.get_by_label("Brukernavn (e-post)").fill("redaktor@nav.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    for url in [f"/tiltak/{record_id}", urls.evidence_url(record_id)]:
        page.goto(base + url)
        failures[url] = _serious_violations(page)
    page.get_by_label("Effekt vist", exact=False).check()
    page.get_by_role("button", name="Lagre").click()
    assert "satt av redaktør" in page.content()
    context.close()
    assert not {k: v for k, v in failures.items() if v}
