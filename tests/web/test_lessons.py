"""The lesson theme pages over generated reports (a form export as CSV): a theme page lists
the measures whose statements speak of it, with links to their records and source lines,
and the facets «Suksessfaktor» and «Utfordring» find the same measures; names in
statements are masked for anonymous visitors."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.web.logins import PASSWORD
from tests.web.logins import csrf_of as _csrf
from tests.web.logins import log_in as _log_in
from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.search import index_records
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.web import urls
from tiltaksbanken.web.app import create_app

KEYS = ("name", "nav_office", "county", "report_type", "success_factors", "challenges",
        "achievements")
ROWS = [
    {"name": "Jobbspor", "nav_office": "NAV Lillestrøm", "county": "Viken",
     "report_type": "Statusrapportering",
     "success_factors": "- Tett oppfølging av hver deltaker\n- Godt forankret i ledelsen",
     "challenges": "Det er vanskelig å finne boliger til deltakerne.",
     "achievements": "Ti av femten deltakere har kommet i arbeid."},
    {"name": "Familieløftet", "nav_office": "NAV Tromsø", "county": "Troms og Finnmark",
     "report_type": "Sluttrapportering (tiltaket mottar ikke flere tilskuddsmidler)",
     "success_factors": "Prosjektleder Kari Hansen har gitt tett oppfølging av familiene.",
     "challenges": "Turnover i prosjektstillingen forsinket arbeidet.",
     "achievements": "Familiene har fått en fast kontaktperson."},
    {"name": "Ungdomsloset", "nav_office": "NAV Bodø", "county": "Nordland",
     "report_type": "Statusrapportering",
     "success_factors": "Samarbeid med den videregående skolen.",
     "challenges": "Mangel på egnede boliger for unge.",
     "achievements": "Flere har fullført skolen."},
]


def _csv() -> str:
    questions = {f.key: f.question for f in form_fields()}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([questions[k] for k in KEYS])
    for row in ROWS:
        writer.writerow([row[k] for k in KEYS])
    return out.getvalue()


@pytest.fixture(scope="module")
def lessons_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("lessons")
    export = folder / "rapporter.csv"
    export.write_text(_csv(), encoding="utf-8")
    db = str(folder / "lessons.sqlite")
    with open_store(db) as store:
        results = ingest_paths(store, [export], indexer=index_records)
        assert all(r.ok for r in results), results
        for username, role in (("redaktor@nav.no", "redaktør"), ("rapportor@nav.no", "rapportør")):
            scope = {"offices": "NAV Bodø"} if role == "rapportør" else {}
            _, token = invite(store, username, username.split("@")[0].title(), role, **scope)
            accept_invitation(store, token, PASSWORD, PASSWORD)
    return db


@pytest.fixture(scope="module")
def lessons_client(lessons_db: str) -> TestClient:
    return TestClient(create_app(lessons_db), raise_server_exceptions=False)


def _titles(page: dict, cls: str) -> set[str]:
    group = next(g for g in page["groups"] if g["class"] == cls)
    return {s["record"]["title"] for s in group["statements"]}


def test_theme_page_lists_the_measures_that_speak_of_it(lessons_client: TestClient) -> None:
    page = lessons_client.get("/tema/tett-oppfolging?format=json").json()
    assert _titles(page, "suksessfaktor") == {"Jobbspor", "Familieløftet"}
    assert page["records"] == 2
    housing = lessons_client.get("/tema/manglende-boliger?format=json").json()
    assert _titles(housing, "utfordring") == {"Jobbspor", "Ungdomsloset"}
    html = lessons_client.get("/tema/manglende-boliger").text
    for statement in next(g for g in housing["groups"] if g["class"] == "utfordring")["statements"]:
        assert statement["record"]["url"] in html
        assert statement["source_url"].replace("&", "&amp;") in html
        source = lessons_client.get(statement["source_url"].split("#")[0] + "&format=json")
        assert source.status_code == 200


def test_theme_list_counts_measures_per_theme(lessons_client: TestClient) -> None:
    page = lessons_client.get("/tema?format=json").json()
    counts = {t["slug"]: t["records"] for t in page["themes"]}
    assert counts["tett-oppfolging"] == 2
    assert counts["turnover-i-prosjektstillinger"] == 1
    assert "Tett oppfølging" in lessons_client.get("/tema").text


def test_lesson_facets_find_the_same_measures(lessons_client: TestClient) -> None:
    found = lessons_client.get("/api/search?success_factor=tett-oppfolging").json()
    assert {h["title"] for h in found["hits"]} == {"Jobbspor", "Familieløftet"}
    found = lessons_client.get("/api/search?challenge=manglende-boliger").json()
    assert {h["title"] for h in found["hits"]} == {"Jobbspor", "Ungdomsloset"}


def test_names_in_statements_are_masked_for_anonymous_visitors(lessons_client: TestClient) -> None:
    page = lessons_client.get("/tema/tett-oppfolging")
    assert "Kari Hansen" not in page.text and "Hansen" not in page.text


def test_an_unknown_theme_is_not_found(lessons_client: TestClient) -> None:
    assert lessons_client.get("/tema/finnes-ikke").status_code == 404


def _measure(db: str, name: str) -> str:
    with open_store(db) as store:
        return next(r.id for r in store.records(kind="tiltak") if r.fields.get("name") == name)


def test_a_measure_page_shows_the_suggested_level_as_forslag_with_reasons(
        lessons_client: TestClient, lessons_db: str) -> None:
    page = lessons_client.get(f"/tiltak/{_measure(lessons_db, 'Jobbspor')}?format=json").json()
    evidence = page["evidence"]
    assert evidence["suggestion"]["forslag"] is True and evidence["suggestion"]["reasons"]
    assert evidence["editor"] is None
    assert "Forslag:" in lessons_client.get(f"/tiltak/{_measure(lessons_db, 'Jobbspor')}").text


def test_an_editor_sets_the_level_and_facet_and_sort_use_it(lessons_db: str) -> None:
    record_id = _measure(lessons_db, "Ungdomsloset")
    with TestClient(create_app(lessons_db), raise_server_exceptions=False) as client:
        url = urls.evidence_url(record_id)
        assert client.get(url, follow_redirects=False).status_code == 303  # anonymous: log in
        assert client.post(url, data={"csrf": "x", "niva": "4-effekt"}).status_code == 400
        _log_in(client, "redaktor@nav.no")
        token = _csrf(client, url)
        assert client.post(url, data={"csrf": "forfalsket", "niva": "4-effekt"}).status_code == 400
        r = client.post(url, data={"csrf": token, "niva": "4-effekt", "notat": "RCT i 2023"},
                        follow_redirects=False)
        assert r.status_code == 303
        page = client.get(f"/tiltak/{record_id}?format=json").json()
        assert page["evidence"]["editor"]["level"] == "4-effekt"
        assert page["evidence"]["suggestion"]["forslag"] is True  # the suggestion stays shown
        found = client.get("/api/search?evidence=4-effekt").json()
        assert [h["title"] for h in found["hits"]] == ["Ungdomsloset"]
        ordered = client.get("/api/search?sort=evidence&kind=tiltak").json()
        assert ordered["hits"][0]["title"] == "Ungdomsloset"
    with open_store(lessons_db) as store:
        assert any(e["action"] == "evidence_level" and record_id in e["detail"]
                   for e in store.audit_log())


def test_a_reporter_may_not_set_the_level(lessons_db: str) -> None:
    record_id = _measure(lessons_db, "Jobbspor")
    with TestClient(create_app(lessons_db), raise_server_exceptions=False) as client:
        _log_in(client, "rapportor@nav.no")
        assert client.get(urls.evidence_url(record_id)).status_code == 403
