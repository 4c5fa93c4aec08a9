"""Uploading documents in the browser: only editors and administrators, a result per file
(a generated text file read, a broken PDF refused with the store as it was), the new
record found by the search at once, a re-upload replacing the old one, the CSRF token
required, file names escaped and each file in the audit log."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.web.logins import PASSWORD
from tests.web.logins import csrf_of as _csrf
from tests.web.logins import log_in as _log_in
from tiltaksbanken import open_store
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.web import urls
from tiltaksbanken.web.app import create_app

SYLLABLES = ["kva", "rn", "fjo", "lde", "bru", "stå", "mel", "vik", "tor", "sæt", "hei", "mo"]


def made_up_word(rng: random.Random) -> str:
    """A word no document holds, for the search to find only the uploaded file."""
    return "".join(rng.choice(SYLLABLES) for _ in range(5)).capitalize() + "tiltaket"


def report_text(word: str, rng: random.Random) -> str:
    """A short plain report about a measure named ``word``."""
    goal = rng.choice(["flere unge i arbeid", "færre bostedsløse", "bedre oppfølging av familier"])
    return (f"Rapport fra {word} i NAV Testby\n\n"
            f"{word} er et samarbeid mellom NAV Testby og kommunen. Målet er {goal}.\n"
            "Deltakerne fikk tett oppfølging av en veileder gjennom hele året.\n\n"
            f"Erfaringene fra {word} viser at faste møter og korte ventetider hjelper.\n")


@pytest.fixture(scope="module")
def upload_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(Path(tmp_path_factory.mktemp("upload")) / "upload.sqlite")
    with open_store(path) as store:
        for username, role, scope in [("redaktor@nav.no", "redaktør", {}),
                                      ("frogner@nav.no", "rapportør", {"offices": "NAV Frogner"})]:
            _, token = invite(store, username, username.split("@")[0].title(), role, **scope)
            accept_invitation(store, token, PASSWORD, PASSWORD)
    return path


@pytest.fixture()
def client(upload_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(upload_db), raise_server_exceptions=False) as c:
        yield c


def _upload(client: TestClient, files: list[tuple[str, bytes]], csrf: str | None = None) -> Response:
    token = csrf or _csrf(client, urls.UPLOAD)
    return client.post(urls.UPLOAD, data={"csrf": token},
                       files=[("filer", (name, body, "application/octet-stream")) for name, body in files])


def _rows(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", " ", row))
            for row in re.findall(r'<tr class="aksel-table__row upload-result".*?</tr>', page, re.S)]


def _search(client: TestClient, word: str) -> list[dict]:
    r = client.get("/", params={"q": word}, headers={"Accept": "application/json"})
    assert r.status_code == 200
    return r.json()["hits"]


def test_anonymous_visitors_are_sent_to_log_in_and_reporters_refused(client: TestClient) -> None:
    for method in (client.get, client.post):
        r = method(urls.UPLOAD, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith(urls.LOGIN)
    assert "Last opp" not in client.get("/").text
    _log_in(client, "frogner@nav.no")
    assert client.get(urls.UPLOAD).status_code == 403
    assert client.post(urls.UPLOAD, data={"csrf": "x"}).status_code == 403
    assert "Last opp" not in client.get("/").text


def test_an_editor_uploads_a_report_and_a_broken_pdf(client: TestClient, upload_db: str) -> None:
    rng = random.Random("opplasting")
    word = made_up_word(rng)
    _log_in(client, "redaktor@nav.no")
    assert 'href="/last-opp"' in client.get("/").text  # the menu offers it
    with open_store(upload_db) as store:
        before = (len(store.sources()), store.count())
    r = _upload(client, [(f"{word.lower()}.txt", report_text(word, rng).encode()),
                         ("skadet.pdf", b"%PDF-1.4\n1 0 obj <<\n ikke en ekte pdf")])
    assert r.status_code == 200
    text, broken = _rows(r.text)
    assert "lagt til" in text and "tekst" in text and word.lower() in text
    assert re.search(r"\b[1-9]\d*\b", text)  # it gave records
    assert "feil" in broken and "skadet.pdf" in broken
    assert "1 med feil" in html.unescape(r.text)
    with open_store(upload_db) as store:
        names = [s["name"] for s in store.sources()]
        assert "skadet.pdf" not in names and f"{word.lower()}.txt" in names
        assert len(names) == before[0] + 1 and store.count() > before[1]
        log = [e for e in store.audit_log() if e["action"] == "dokument lastet opp"]
        assert any("skadet.pdf" in e["detail"] and "error" in e["detail"] for e in log)
        assert any(word.lower() in e["detail"] and "added" in e["detail"] for e in log)
    hits = _search(client, word)
    assert hits and any(word in h["title"] for h in hits)


def test_uploading_the_same_name_again_replaces_it(client: TestClient, upload_db: str) -> None:
    rng = random.Random("erstatt")
    word, second = made_up_word(rng), made_up_word(rng)
    name = f"{word.lower()}-rapport.txt"
    _log_in(client, "redaktor@nav.no")
    assert "lagt til" in _rows(_upload(client, [(name, report_text(word, rng).encode())]).text)[0]
    first_hits = {h["url"] for h in _search(client, word)}
    assert first_hits
    changed = report_text(word, rng) + f"\nNytt i år: {second} er tatt inn i arbeidet.\n"
    row = _rows(_upload(client, [(name, changed.encode())]).text)[0]
    assert "erstattet" in row
    with open_store(upload_db) as store:
        assert [s["name"] for s in store.sources()].count(name) == 1
        assert not any(s["name"].startswith(name + " (") for s in store.sources())
    again = [h["url"] for h in _search(client, word)]
    assert len(again) == len(set(again)) <= len(first_hits) + 1  # no second copy of the report
    assert _search(client, second)  # the new text is what the search finds


def test_a_forged_csrf_token_is_refused(client: TestClient, upload_db: str) -> None:
    _log_in(client, "redaktor@nav.no")
    with open_store(upload_db) as store:
        before = len(store.sources())
    r = _upload(client, [("forfalsket.txt", report_text("Forfalsket", random.Random(1)).encode())],
                csrf="forfalsket")
    assert r.status_code == 400 and "sikkerhetskoden" in r.text
    with open_store(upload_db) as store:
        assert len(store.sources()) == before


def test_a_file_name_with_html_is_escaped(client: TestClient) -> None:
    _log_in(client, "redaktor@nav.no")
    name = '<img src=x onerror=alert(1)>.txt'
    r = _upload(client, [(name, report_text("Skriptfritt", random.Random(2)).encode())])
    assert r.status_code == 200
    assert "<img src=x" not in r.text and "&lt;img src=x onerror=alert(1)&gt;.txt" in r.text


def test_no_file_chosen_is_a_norwegian_error(client: TestClient) -> None:
    _log_in(client, "redaktor@nav.no")
    r = client.post(urls.UPLOAD, data={"csrf": _csrf(client, urls.UPLOAD)})
    assert r.status_code == 400 and "Velg minst én fil" in r.text


def test_a_file_over_the_size_limit_is_refused(client: TestClient, upload_db: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILTAKSBANKEN_MAX_FILE_MB", "0.01")  # 10 kB
    _log_in(client, "redaktor@nav.no")
    big = report_text("Stortiltaket", random.Random(3)) * 200
    assert len(big.encode()) > 10_000
    row = _rows(_upload(client, [("stor.txt", big.encode())]).text)[0]
    assert "feil" in row and "for stor" in row
    with open_store(upload_db) as store:
        assert store.source("stor.txt") is None
