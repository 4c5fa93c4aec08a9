"""«Rapportering» and «Tilskudd» over HTTP: who may open them, the status table, the CSV and
XLSX downloads, the export of a year's reports read back by the form-export reader, forged
CSRF refused, imported names escaped, contact data only for the roles that may see it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.web.logins import PASSWORD
from tests.web.logins import csrf_of as _csrf
from tests.web.logins import log_in as _log_in
from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.store.grants import add_grant
from tiltaksbanken.web import urls
from tiltaksbanken.web.app import create_app

XSS = "Jobbspor <script>alert('x')</script>"
YEAR = 2025
ANSWERS = {
    "name": "Boligsosialt team for unge", "nav_office": "NAV Alna", "contact_email": "kari.nordmann@nav.no",
    "county": "Oslo", "start": "01.03.2024", "report_type": "Statusrapportering",
    "target_group": "Unge voksne uten fast bolig.", "description": "Et team som følger opp unge i egen bolig.",
    "achievements": "Flere har beholdt boligen.",
}


@pytest.fixture(scope="module")
def grants_db(web_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("grants") / "grants.sqlite")
    shutil.copy(web_db, path)
    now = datetime.now(UTC).isoformat()
    with open_store(path) as store:
        for username, role, scope in [("admin@nav.no", "administrator", {}),
                                      ("oslo@sf.no", "tilskuddsforvalter", {"counties": "Oslo"}),
                                      ("vest@sf.no", "tilskuddsforvalter", {"counties": "Vestland"}),
                                      ("rapportor@nav.no", "rapportør", {"offices": "NAV Alna"})]:
            _, token = invite(store, username, username.split("@")[0].title(), role, **scope)
            accept_invitation(store, token, PASSWORD, PASSWORD)
        done = add_grant(store, {"year": YEAR, "office": "NAV Alna", "measure": ANSWERS["name"], "amount": "kr 1 200 000"})
        add_grant(store, {"year": YEAR, "office": "NAV Grünerløkka", "measure": XSS})
        add_grant(store, {"year": YEAR, "office": "NAV Bergenhus", "measure": "Gjeldsrådgivning"})
        with store.writing(bump=False) as sql:
            sql.insert("INSERT INTO report_drafts (grant_id, measure_key, office, measure, year, report_type,"
                       " answers, state, created_at, updated_at, submitted_at) VALUES"
                       " (?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?) RETURNING id",
                       (done.id, "alna/bolig", "NAV Alna", ANSWERS["name"], YEAR, "status",
                        json.dumps(ANSWERS), now, now, now))
    return path


@pytest.fixture()
def client(grants_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(grants_db), raise_server_exceptions=False) as c:
        yield c


def test_anonymous_visitors_are_sent_to_log_in(client: TestClient) -> None:
    for url in ("/rapportering", "/tilskudd", f"/rapportering/mangler.csv?ar={YEAR}"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith(urls.LOGIN), url


def test_a_reporter_is_refused(client: TestClient) -> None:
    _log_in(client, "rapportor@nav.no")
    assert client.get("/rapportering").status_code == 403
    assert client.get(f"/rapportering/rapporter.csv?ar={YEAR}").status_code == 403


def test_grant_administrator_sees_their_counties_with_status(client: TestClient) -> None:
    _log_in(client, "oslo@sf.no")
    page = client.get(f"/rapportering?ar={YEAR}")
    assert page.status_code == 200
    assert "Boligsosialt team for unge" in page.text and "Statusrapport levert" in page.text
    assert "Gjeldsrådgivning" not in page.text  # Vestland is not theirs
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text
    only_missing = client.get(f"/rapportering?ar={YEAR}&status=not_started").text
    assert "Boligsosialt team for unge</td>" not in only_missing and "Jobbspor" in only_missing


def test_administrator_sees_every_county(client: TestClient) -> None:
    _log_in(client, "admin@nav.no")
    page = client.get(f"/rapportering?ar={YEAR}").text
    assert "Gjeldsrådgivning" in page and "NAV Bergenhus: 1" in page


def test_missing_reports_as_csv_and_xlsx(client: TestClient) -> None:
    _log_in(client, "oslo@sf.no")
    r = client.get(f"/rapportering/mangler.csv?ar={YEAR}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["År", "Fylke", "NAV-kontor", "Tiltak"]
    assert [row[3] for row in rows[1:]] == [XSS]
    x = client.get(f"/rapportering/mangler.xlsx?ar={YEAR}")
    sheet = load_workbook(io.BytesIO(x.content)).active
    assert [c.value for c in sheet[2]][2:4] == ["NAV Grünerløkka", XSS]


def _ingest_export(content: bytes, path: Path) -> dict[str, object]:
    path.write_bytes(content)
    with open_store(str(path.with_suffix(".sqlite"))) as store:
        results = ingest_paths(store, [path])
        assert all(r.ok for r in results), results
        [record] = store.records(kind="tiltak")
        return record.fields


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_year_export_round_trips_through_the_form_reader(client: TestClient, tmp_path: Path, fmt: str) -> None:
    _log_in(client, "admin@nav.no")
    r = client.get(f"/rapportering/rapporter.{fmt}?ar={YEAR}")
    assert r.status_code == 200
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
        assert header == [f.question for f in form_fields()]
    fields = _ingest_export(r.content, tmp_path / f"eksport.{fmt}")
    for key in ("name", "nav_office", "contact_email", "target_group", "description", "achievements"):
        assert fields[key] == ANSWERS[key], key
    assert fields["report_type"] == "status" and fields["county"] == "Oslo"


def test_export_masks_contact_data_for_roles_without_the_right(grants_db: str) -> None:
    from tiltaksbanken.domain.privacy import ANONYMOUS, Viewer
    from tiltaksbanken.web.views.grants import report_rows
    with open_store(grants_db) as store:
        anonymous = report_rows(store, ANONYMOUS, YEAR, "")
        admin = report_rows(store, Viewer("administrator"), YEAR, "")
    keys = [f.key for f in form_fields()]
    email = keys.index("contact_email")
    assert admin[1][email] == ANSWERS["contact_email"]
    assert ANSWERS["contact_email"] not in json.dumps(anonymous)


def test_forged_csrf_is_refused(client: TestClient) -> None:
    _log_in(client, "admin@nav.no")
    r = client.post("/tilskudd", data={"csrf": "forfalsket", "year": "2025", "office": "NAV Alna", "measure": "Nytt"})
    assert r.status_code == 400
    assert "Nytt</td>" not in client.get("/tilskudd?ar=2025").text


def test_import_on_the_page_reports_bad_rows_and_escapes_names(client: TestClient) -> None:
    _log_in(client, "oslo@sf.no")
    token = _csrf(client, "/tilskudd")
    bad = "År;NAV-kontor;Tiltak;Beløp\n2026;NAV Alna;<img src=x onerror=alert(1)>;kr 10 000\n2026;NAV Bergenhus;Gjeld;5\n"
    r = client.post("/tilskudd", data={"csrf": token}, files={"fil": ("t.csv", bad.encode(), "text/csv")})
    assert r.status_code == 400 and "rad 3" in r.text and "Vestland" in r.text
    good = "År;NAV-kontor;Tiltak;Beløp\n2026;NAV Alna;<img src=x onerror=alert(1)>;kr 10 000\n"
    r = client.post("/tilskudd", data={"csrf": token}, files={"fil": ("t.csv", good.encode(), "text/csv")})
    assert r.status_code == 200 and "1 tilskudd ble importert" in r.text
    page = client.get("/tilskudd?ar=2026").text
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_a_grant_is_edited_within_the_administrators_counties(client: TestClient, grants_db: str) -> None:
    with open_store(grants_db) as store:
        grant = add_grant(store, {"year": 2027, "office": "NAV Alna", "measure": "Til endring"})
        other = add_grant(store, {"year": 2027, "office": "NAV Bergenhus", "measure": "Vestlandsk"})
    _log_in(client, "oslo@sf.no")
    assert client.get(f"/tilskudd/{other.id}").status_code == 403
    token = _csrf(client, f"/tilskudd/{grant.id}")
    values = {"csrf": token, "year": "2027", "office": "NAV Alna", "measure": "Endret navn", "amount": "kr 5 000"}
    assert client.post(f"/tilskudd/{grant.id}", data=values, follow_redirects=False).status_code == 303
    moved = {**values, "office": "NAV Bergenhus"}
    assert client.post(f"/tilskudd/{grant.id}", data=moved).status_code == 400  # not their county
    assert client.post(f"/tilskudd/{grant.id}", data={**values, "csrf": "x"}).status_code == 400
    page = client.get("/tilskudd?ar=2027").text
    assert "Endret navn" in page and "5000" in page and "Til endring" not in page
