"""The upload page in a real browser (Debian Chromium), without JavaScript: an editor logs
in, opens «Last opp» from the menu, uploads a generated report and sees its result row;
axe-core finds no serious or critical WCAG 2.1 A/AA violation on the form or the result."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.web.conftest import serving
from tests.web.test_browser import DESKTOP, _context, _serious_violations, browser
from tests.web.test_upload import made_up_word, report_text
from tiltaksbanken import open_store
from tiltaksbanken.store.accounts import accept_invitation, invite

__all__ = ["browser"]  # the module's browser fixture, shared

PASSWORD = "redaktørens passord er langt"


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of an empty bank with one editor."""
    db = str(Path(tmp_path_factory.mktemp("upload-browser")) / "b.sqlite")
    with open_store(db) as store:
        _, token = invite(store, "red@nav.no", "Rita Redaktør", "redaktør")
        accept_invitation(store, token, PASSWORD, PASSWORD)
    with serving(db) as address:
        yield address


def _log_in(page: Page, base: str) -> None:
    page.goto(base + "/logg-inn")
    page.get_by_label("Brukernavn (e-post)").fill("red@nav.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def _upload(page: Page, tmp: Path, seed: str) -> str:
    rng = random.Random(seed)
    word = made_up_word(rng)
    path = tmp / f"{word.lower()}.txt"
    path.write_text(report_text(word, rng), encoding="utf-8")
    page.get_by_label("Filer").set_input_files(str(path))
    page.get_by_role("button", name="Last opp og les inn").click()
    return path.name


def test_an_editor_uploads_a_file_without_script(browser: Browser, bank: str, tmp_path: Path) -> None:
    context = _context(browser, DESKTOP, java_script_enabled=False)
    page = context.new_page()
    _log_in(page, bank)
    page.get_by_role("link", name="Last opp").click()
    name = _upload(page, tmp_path, "nettleser")
    row = page.get_by_role("row", name=name)
    assert "lagt til" in row.inner_text()
    assert page.get_by_role("status").inner_text().startswith("1 fil behandlet")
    context.close()


def test_no_serious_accessibility_violations_on_the_upload_page(
        browser: Browser, bank: str, tmp_path: Path) -> None:
    context = _context(browser, DESKTOP, bypass_csp=True)  # axe is injected as a script tag
    page = context.new_page()
    _log_in(page, bank)
    page.goto(bank + "/last-opp")
    failures = {"skjema": _serious_violations(page)}
    _upload(page, tmp_path, "axe")
    failures["resultat"] = _serious_violations(page)
    context.close()
    assert not {k: v for k, v in failures.items() if v}
