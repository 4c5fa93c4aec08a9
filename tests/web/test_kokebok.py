"""The editor's kokebok over generated reports (a form export as CSV): an editor collects
examples, orders them, edits a card and publishes; the published edition is public, its
PDF and DOCX hold the examples' titles, an introduction with markup is shown as text, and
personal data appears only where the contributor consented."""

from __future__ import annotations

import csv
import io
import re

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.web.logins import CSRF, PASSWORD
from tests.web.logins import csrf_of as _csrf
from tests.web.logins import log_in as _log_in
from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.search import index_records
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.web import urls
from tiltaksbanken.web.app import create_app
from tiltaksbanken.web.kokebok_pages import SlugConvertor

KEYS = ("name", "nav_office", "contact_email", "target_group", "success_factors", "challenges",
        "partners")
ROWS = [
    {"name": "Jobbsporet", "nav_office": "NAV Lillestrøm", "contact_email": "kari.hansen@nav.no",
     "target_group": "Unge som står utenfor arbeid.", "success_factors": "Tett oppfølging.",
     "challenges": "Få arbeidsgivere i starten.", "partners": "Kommunens boligkontor."},
    {"name": "Familieankeret", "nav_office": "NAV Tromsø", "contact_email": "per.olsen@nav.no",
     "target_group": "Barnefamilier med lav inntekt.",
     "success_factors": "Familiekoordinator ringte på 481 13 293 hver uke.",
     "challenges": "Lange ventelister.", "partners": "Skolen og barnevernet."},
    {"name": "Bostøtta", "nav_office": "NAV Bodø", "contact_email": "anne.berg@nav.no",
     "target_group": "Bostedsløse over 30 år.", "success_factors": "Housing First.",
     "challenges": "Mangel på boliger.", "partners": "Frivillige organisasjoner."},
]
TITLES = [r["name"] for r in ROWS]


def _csv() -> str:
    questions = {f.key: f.question for f in form_fields()}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([questions[k] for k in KEYS])
    for row in ROWS:
        writer.writerow([row[k] for k in KEYS])
    return out.getvalue()


@pytest.fixture(scope="module")
def kokebok_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("kokebok")
    export = folder / "rapporter.csv"
    export.write_text(_csv(), encoding="utf-8")
    db = str(folder / "kokebok.sqlite")
    with open_store(db) as store:
        results = ingest_paths(store, [export], indexer=index_records)
        assert all(r.ok for r in results), results
        for username, role in (("redaktor@nav.no", "redaktør"), ("rapportor@nav.no", "rapportør")):
            scope = {"offices": "NAV Bodø"} if role == "rapportør" else {}
            _, token = invite(store, username, username.split("@")[0].title(), role, **scope)
            accept_invitation(store, token, PASSWORD, PASSWORD)
    return db


def _ids(db: str) -> dict[str, str]:
    with open_store(db) as store:
        return {r.fields["name"]: r.id for r in store.records(kind="tiltak")}


def test_only_editors_may_collect(kokebok_db: str) -> None:
    record_id = _ids(kokebok_db)["Jobbsporet"]
    with TestClient(create_app(kokebok_db), raise_server_exceptions=False) as client:
        assert "Legg til i kokebok" not in client.get(f"/tiltak/{record_id}").text
        assert client.get("/redaksjon/kokebok", follow_redirects=False).status_code == 303
        _log_in(client, "rapportor@nav.no")
        assert client.get("/redaksjon/kokebok").status_code == 403
        assert "Legg til i kokebok" not in client.get(f"/tiltak/{record_id}").text
        token = _csrf(client, urls.LOGOUT)
        r = client.post("/redaksjon/kokebok/legg-til",
                        data={"csrf": token, "record_id": record_id, "ny": "Forsøk"})
        assert r.status_code == 403


def test_an_editor_collects_edits_publishes_and_the_edition_is_public(kokebok_db: str) -> None:
    ids = _ids(kokebok_db)
    with TestClient(create_app(kokebok_db), raise_server_exceptions=False) as client:
        _log_in(client, "redaktor@nav.no")
        page = client.get(f"/tiltak/{ids['Jobbsporet']}").text
        assert "Legg til i kokebok" in page
        token = CSRF.search(page).group(1)
        r = client.post("/redaksjon/kokebok/legg-til", data={"csrf": "forfalsket",
                        "record_id": ids["Jobbsporet"], "ny": "Gode eksempler"})
        assert r.status_code == 400
        r = client.post("/redaksjon/kokebok/legg-til", data={"csrf": token,
                        "record_id": ids["Jobbsporet"], "ny": "Gode eksempler"}, follow_redirects=False)
        assert r.status_code == 303
        edit_url = r.headers["location"]
        collection_id = edit_url.rsplit("/", 1)[1]
        for name in TITLES[1:]:
            client.post("/redaksjon/kokebok/legg-til", data={"csrf": token, "record_id": ids[name],
                        "samling": collection_id})
        page = client.get(edit_url + "?format=json").json()
        assert [e["title"] for e in page["examples"]] == TITLES
        last = page["examples"][2]
        client.post(edit_url, data={"csrf": token, "handling": "opp", "eksempel": last["id"]})
        page = client.get(edit_url + "?format=json").json()
        assert [e["title"] for e in page["examples"]] == [TITLES[0], TITLES[2], TITLES[1]]
        client.post(edit_url, data={"csrf": token, "handling": "innledning",
                                    "innledning": "Velkommen <script>alert(1)</script>"})
        first = page["examples"][0]
        r = client.post(first["edit_url"], data={"csrf": token, "del-suksess": "Redigert av redaksjonen.",
                        "samtykke": "ja"}, follow_redirects=False)
        assert r.status_code == 303
        r = client.post(edit_url, data={"csrf": token, "handling": "publiser"}, follow_redirects=False)
        assert r.status_code == 303
        public_url = r.headers["location"]
    with TestClient(create_app(kokebok_db), raise_server_exceptions=False) as anonymous:
        html = anonymous.get(public_url).text
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
        assert "Redigert av redaksjonen." in html
        assert "kari.hansen@nav.no" in html  # consented
        assert "per.olsen@nav.no" not in html and "481 13 293" not in html  # not consented
        edition = anonymous.get(public_url + "?format=json").json()
        assert [e["title"] for e in edition["examples"]] == [TITLES[0], TITLES[2], TITLES[1]]
        source = edition["examples"][0]["sources"][0]
        assert source["url"] in html.replace("&amp;", "&")
        assert anonymous.get(source["url"]).status_code == 200
        newest = anonymous.get(public_url.rsplit("/", 1)[0])
        assert newest.status_code == 200 and "Jobbsporet" in newest.text
        pdf = anonymous.get(edition["pdf_url"])
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert all(t in text for t in TITLES) and "per.olsen" not in text
        docx = anonymous.get(edition["docx_url"])
        assert docx.status_code == 200
        words = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
        assert all(t in words for t in TITLES) and "<script>" in words  # as text
        assert "481 13 293" not in words


def test_a_cookbook_record_page_is_not_taken_by_the_edition_route(kokebok_db: str) -> None:
    with TestClient(create_app(kokebok_db), raise_server_exceptions=False) as client:
        assert client.get("/kokebok/c0123456789a").status_code == 404  # a record id: the record page
        assert client.get("/kokebok/finnes-ikke").status_code == 404


def test_each_editor_session_gets_a_form_with_its_own_token(kokebok_db: str) -> None:
    """Record pages are cached: a form rendered for one session must not reach another."""
    record_id = _ids(kokebok_db)["Bostøtta"]
    with TestClient(create_app(kokebok_db), raise_server_exceptions=False) as client:
        clients = [TestClient(client.app), TestClient(client.app)]
        for c in clients:
            _log_in(c, "redaktor@nav.no")
        tokens = [CSRF.search(c.get(f"/tiltak/{record_id}").text).group(1) for c in clients]
        assert tokens[0] != tokens[1]
        assert "Sesjonstest" not in clients[1].get(f"/tiltak/{record_id}").text
        r = clients[1].post("/redaksjon/kokebok/legg-til", data={
            "csrf": tokens[1], "record_id": record_id, "ny": "Sesjonstest"}, follow_redirects=False)
        assert r.status_code == 303
        assert "Sesjonstest" in clients[0].get(f"/tiltak/{record_id}").text  # the new collection


def test_a_slug_route_never_matches_a_record_id() -> None:
    assert re.fullmatch(SlugConvertor.regex, "c0123456789a") is None
    assert re.fullmatch(SlugConvertor.regex, "t0123456789a/2") is None
    assert re.fullmatch(SlugConvertor.regex, "gode-eksempler")
