"""The kokebok in a real browser (Debian Chromium): an editor collects three examples from
the search results, edits one card, publishes, and opens the PDF (its text holds the three
titles) and the DOCX; axe-core finds no serious or critical WCAG 2.1 A/AA violation on the
search page with its «Legg til i kokebok» forms, the collection page, the card editor and
the published edition."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser
from pypdf import PdfReader

from tests.web.conftest import serving
from tests.web.test_browser import DESKTOP, _context, _serious_violations, browser
from tests.web.test_kokebok import PASSWORD, TITLES, _csv
from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.search import index_records
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.web import urls

__all__ = ["browser"]  # the module's browser fixture, shared


@pytest.fixture(scope="module")
def kokebok_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a bank of generated reports with one editor."""
    folder = Path(tmp_path_factory.mktemp("kokebok-browser"))
    export = folder / "rapporter.csv"
    export.write_text(_csv(), encoding="utf-8")
    db = str(folder / "b.sqlite")
    with open_store(db) as store:
        assert all(r.ok for r in ingest_paths(store, [export], indexer=index_records))
        _, token = invite(store, "redaktor@nav.no", "Redaktør", "redaktør")
        accept_invitation(store, token, PASSWORD, PASSWORD)
    with serving(db) as address:
        yield address


def test_an_editor_collects_edits_publishes_and_opens_pdf_and_docx(
        browser: Browser, kokebok_site: str) -> None:
    base = kokebok_site
    context = _context(browser, DESKTOP, bypass_csp=True)  # axe is injected as a script tag
    page = context.new_page()
    failures = {}
    page.goto(base + urls.LOGIN)
    page.get_by_label("Brukernavn (e-post)").fill("redaktor@nav.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    for n, title in enumerate(TITLES):
        page.goto(base + urls.search_url(title))
        if n == 0:
            failures["søk"] = _serious_violations(page)
        hit = page.locator("li.hit").filter(has_text=title).first
        if n == 0:
            hit.get_by_label("Ny kokebok").fill("Gode eksempler")
        hit.get_by_role("button", name="Legg til i kokebok").click()
        assert page.get_by_role("heading", name="Gode eksempler").is_visible()
    assert page.locator("li.kokebok-example").count() == 3
    failures["samling"] = _serious_violations(page)
    page.get_by_label("Innledning til kokeboka").fill("Tre eksempler på godt samarbeid.")
    page.get_by_role("button", name="Lagre innledningen").click()
    page.get_by_role("link", name=f"Rediger kortet «{TITLES[1]}»").click()
    failures["kort"] = _serious_violations(page)
    page.get_by_label("Suksesskriterier").fill("Redaksjonens egen oppsummering.")
    page.get_by_role("button", name="Lagre kortet").click()
    page.get_by_role("button", name="Publiser ny utgave").click()
    assert page.get_by_role("heading", name="Gode eksempler", exact=True).is_visible()
    assert "Redaksjonens egen oppsummering." in page.content()
    failures["utgave"] = _serious_violations(page)
    pdf_url = page.get_by_role("link", name="PDF").get_attribute("href")
    pdf = page.request.get(base + pdf_url)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert all(t in text for t in TITLES)
    with page.expect_download() as download:
        page.get_by_role("link", name="Word (DOCX)").click()
    words = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert all(t in words for t in TITLES) and "Redaksjonens egen oppsummering." in words
    context.close()
    assert not {k: v for k, v in failures.items() if v}
