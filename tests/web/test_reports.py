"""The yearly report on the web: the form (all questions, from the form's declaration),
drafts, validation errors beside their fields, submitting, the report found by the search,
escaping, other offices' reports, CSRF, versions and an editor's corrections."""

from __future__ import annotations

import html
import random
import re
import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.report_answers import answers
from tests.web.logins import PASSWORD
from tests.web.logins import csrf_of as _csrf
from tests.web.logins import log_in as _log_in
from tiltaksbanken import open_store
from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.web import urls
from tiltaksbanken.web.app import create_app

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
OFFICE, OTHER = "NAV Frogner", "NAV Alna"


@pytest.fixture(scope="module")
def reports_db(web_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("reports") / "reports.sqlite")
    shutil.copy(web_db, path)
    with open_store(path) as store:
        for username, role, scope in [("frogner@nav.no", "rapportør", {"offices": OFFICE}),
                                      ("alna@nav.no", "rapportør", {"offices": OTHER}),
                                      ("redaktor@nav.no", "redaktør", {})]:
            _, token = invite(store, username, username.split("@")[0].title(), role, **scope)
            accept_invitation(store, token, PASSWORD, PASSWORD)
    return path


@pytest.fixture()
def client(reports_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(reports_db), raise_server_exceptions=False) as c:
        yield c


def _post(client: TestClient, url: str, data: dict[str, object], action: str = "lagre",
          csrf: str | None = None) -> object:
    form = {k: v for k, v in data.items()}
    form["csrf"] = csrf or _csrf(client, "/rapporter/ny")
    form["handling"] = action
    return client.post(url, data=form, follow_redirects=False)  # type: ignore[arg-type]


def _answers(seed: str, **extra: object) -> dict[str, object]:
    a = answers(random.Random(seed), office=OFFICE, county="Oslo")
    return {**a, "year": "2025", **extra}


def test_the_form_asks_every_question_with_labels_and_help(client: TestClient) -> None:
    _log_in(client, "frogner@nav.no")
    page = client.get("/rapporter/ny")
    assert page.status_code == 200
    text = html.unescape(page.text)
    for f in form_fields():
        shown = "E-post til kontaktperson" if f.key == "contact_email" else f.question
        assert shown in text, f.key
        assert f'id="{f.key}-hjelp"' in page.text
    assert text.count("<legend") == 3  # report type, law paragraphs, continuation
    assert "Lagre utkast" in text and "Send inn" in text
    assert client.get("/rapporter").status_code == 200


def test_anonymous_visitors_log_in_first_and_editors_write_no_reports(client: TestClient) -> None:
    r = client.get("/rapporter/ny", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(urls.LOGIN)
    _log_in(client, "redaktor@nav.no")
    assert client.get("/rapporter").status_code == 403


def test_a_draft_with_an_error_is_shown_fixed_submitted_and_found(client: TestClient,
                                                                  reports_db: str) -> None:
    _log_in(client, "frogner@nav.no")
    data = _answers("flyt", name="Sykkelverksted for unge Frogner",
                    description="Et sykkelverkstedprosjekt der ungdom reparerer sykler.")
    r = _post(client, "/rapporter/ny", {**data, "contact_email": "ikke-epost"})
    assert r.status_code == 400  # type: ignore[attr-defined]
    page = r.text  # type: ignore[attr-defined]
    assert 'id="contact_email-feil"' in page and 'aria-describedby="contact_email-hjelp contact_email-feil"' in page
    assert "Skriv en gyldig e-postadresse" in page
    assert "Sykkelverksted for unge Frogner" in page  # what was written is kept
    saved = _post(client, "/rapporter/ny", {**data, "start": ""})
    assert saved.status_code == 303  # type: ignore[attr-defined]
    url = saved.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    assert "Utkastet er lagret" in client.get(saved.headers["location"]).text  # type: ignore[attr-defined]
    missing = _post(client, url, {**data, "start": ""}, action="send")
    assert missing.status_code == 400 and 'id="start-feil"' in missing.text  # type: ignore[attr-defined]
    sent = _post(client, url, data, action="send")
    assert sent.status_code == 303  # type: ignore[attr-defined]
    assert "sendt inn" in client.get(sent.headers["location"]).text  # type: ignore[attr-defined]
    found = client.get("/", params={"q": "sykkelverkstedprosjekt"})
    assert "Sykkelverksted for unge Frogner" in found.text
    listed = client.get("/rapporter").text
    assert "Sykkelverksted for unge Frogner" in listed and "Sendt inn" in listed


def test_every_field_escapes_a_script(client: TestClient) -> None:
    _log_in(client, "frogner@nav.no")
    data = _answers("xss")
    for key in ("name", "target_group", "description", "develops", "partners", "achievements",
                "challenges", "success_factors", "continuation_text", "interest_from_others",
                "tried_elsewhere", "measurement"):
        data[key] = f"{key} {PAYLOAD}"
    sent = _post(client, "/rapporter/ny", data, action="send")
    assert sent.status_code == 303  # type: ignore[attr-defined]
    pages = [client.get(sent.headers["location"]).text]  # type: ignore[attr-defined]
    with open_store(client.app.state.store.path) as store:  # type: ignore[attr-defined]
        record = next(r for r in store.records(kind="tiltak") if r.fields.get("name", "").startswith("name <script>"))
    pages.append(client.get(urls.record_url(record)).text)
    pages.append(client.get("/", params={"q": "alert"}).text)
    for key in ("start", "contact_email", "county", "nav_office", "year"):
        bad = _post(client, "/rapporter/ny", {**data, key: PAYLOAD})
        assert bad.status_code in (400, 403)  # type: ignore[attr-defined]
        pages.append(bad.text)  # type: ignore[attr-defined]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page


def test_another_offices_report_is_not_found_and_not_changed(client: TestClient,
                                                             reports_db: str) -> None:
    _log_in(client, "frogner@nav.no")
    saved = _post(client, "/rapporter/ny", _answers("eget", name="Eget tiltak Frogner"))
    url = saved.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    other = TestClient(client.app, raise_server_exceptions=False)
    _log_in(other, "alna@nav.no")
    assert other.get(url).status_code == 404
    token = _csrf(other, "/rapporter/ny")
    changed = _post(other, url, _answers("eget", name="Kapret", nav_office=OTHER), csrf=token)
    assert changed.status_code == 404  # type: ignore[attr-defined]
    sent = _post(other, url, _answers("eget", name="Kapret"), action="send", csrf=token)
    assert sent.status_code == 404  # type: ignore[attr-defined]
    wrong_office = _post(other, "/rapporter/ny", _answers("eget"), csrf=token)
    assert wrong_office.status_code == 403  # type: ignore[attr-defined]
    assert "Eget tiltak Frogner" in client.get(url).text and "Kapret" not in client.get(url).text
    assert "Eget tiltak Frogner" not in other.get("/rapporter").text


def test_a_forged_csrf_token_is_refused_and_saves_nothing(client: TestClient) -> None:
    _log_in(client, "frogner@nav.no")
    r = _post(client, "/rapporter/ny", _answers("csrf", name="Forfalsket rapport"), csrf="forfalsket")
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert "Forfalsket rapport" not in client.get("/rapporter").text


def test_an_editors_correction_shows_beside_the_reading_and_in_the_history(
        client: TestClient) -> None:
    with open_store(client.app.state.store.path) as store:  # type: ignore[attr-defined]
        record = next(r for r in store.records(kind="tiltak")
                      if r.fields.get("description") and not r.file.startswith("rapport-"))
    url = urls.record_url(record)
    assert client.get(url + "/rett", follow_redirects=False).status_code == 303
    _log_in(client, "redaktor@nav.no")
    token = _csrf(client, url + "/rett")
    refused = client.post(url + "/rett", data={"csrf": token, "field": "description", "value": "x",
                                               "reason": ""})
    assert refused.status_code == 400 and 'id="reason-feil"' in refused.text
    done = client.post(url + "/rett", data={"csrf": token, "field": "description",
                                            "value": "Rettet beskrivelse av tiltaket.",
                                            "reason": "OCR-feil i kilden"}, follow_redirects=False)
    assert done.status_code == 303
    anonymous = TestClient(client.app, raise_server_exceptions=False)
    page = html.unescape(anonymous.get(url).text)
    assert "Rettet beskrivelse av tiltaket." in page and "OCR-feil i kilden" in page
    assert "Slik det ble lest fra kilden" in page and "Historikk" in page
    versions = anonymous.get(url + "/versjoner")
    assert versions.status_code == 200 and "Rettet av redaktør" in versions.text
    for shown in (page, versions.text):  # the editor's and reporters' names are personal data
        assert "Redaktor" not in shown and "Frogner@" not in shown
    assert "Redaktor" in client.get(url + "/versjoner").text  # an editor sees who it was
    assert anonymous.get(url + "/versjoner?fra=1&til=9").status_code == 404
    assert anonymous.get(url + "/rett", follow_redirects=False).status_code == 303


def test_a_second_submission_is_a_new_version_with_its_differences(client: TestClient) -> None:
    _log_in(client, "frogner@nav.no")
    data = _answers("versjon", name="Gjeldsrådgivning i bydelen")
    first = _post(client, "/rapporter/ny", data, action="send")
    done = first.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    page = client.get(done).text
    record_url = re.search(r'href="(/tiltak/[^"]+)"', page)
    assert record_url
    token = _csrf(client, done)
    again = client.post(done + "/nytt-ar", data={"csrf": token, "year": "2025"}, follow_redirects=False)
    assert again.status_code == 303
    changed = {**data, "achievements": "Tjuefem familier har fått en plan for gjelden."}
    sent = _post(client, again.headers["location"], changed, action="send")
    assert sent.status_code == 303  # type: ignore[attr-defined]
    record = client.get(record_url.group(1)).text
    assert "Tjuefem familier" in record and "Historikk" in record
    diff = html.unescape(client.get(record_url.group(1) + "/versjoner?fra=1&til=2").text)
    assert "Tjuefem familier har fått en plan for gjelden." in diff
    assert str(data["achievements"]).split("\n")[0] in diff
    assert "Beskriv hva dere har oppnådd med tiltaket" in diff
    assert "Beskriv tiltaket" not in diff.split("Historikk")[0]  # unchanged answers are left out
