"""The lesson theme pages over generated reports (a form export as CSV): a theme page lists
the measures whose statements speak of it, with links to their records and source lines,
and the facets «Suksessfaktor» and «Utfordring» find the same measures; names in
statements are masked for anonymous visitors."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.search import index_records
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
def lessons_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    folder = tmp_path_factory.mktemp("lessons")
    export = folder / "rapporter.csv"
    export.write_text(_csv(), encoding="utf-8")
    db = str(folder / "lessons.sqlite")
    with open_store(db) as store:
        results = ingest_paths(store, [export], indexer=index_records)
    assert all(r.ok for r in results), results
    return TestClient(create_app(db), raise_server_exceptions=False)


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
