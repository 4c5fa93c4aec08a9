"""A measure's story on the web: the «Tidslinje» of the record page, the links in the
record's JSON (no personal data for anonymous visitors), and the editor's page that
confirms or removes a link (CSRF, only editors)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tiltaksbanken import open_store
from tiltaksbanken.domain.outcomes import outcomes
from tiltaksbanken.domain.records import Record
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.store.links import links_of
from tiltaksbanken.web import urls
from tiltaksbanken.web.app import create_app

PASSWORD = "et passord som er langt nok"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture(scope="module")
def links_db(web_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("links") / "links.sqlite")
    shutil.copy(web_db, path)
    with open_store(path) as store:
        for username, role, scope in [("redaktor@nav.no", "redaktør", {}),
                                      ("rapportor@nav.no", "rapportør", {"offices": "NAV Frogner"})]:
            _, token = invite(store, username, username.split("@")[0].title(), role, **scope)
            accept_invitation(store, token, PASSWORD, PASSWORD)
    return path


@pytest.fixture()
def web(links_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(links_db), raise_server_exceptions=False) as c:
        yield c


def _linked_pair(db: str) -> tuple[Record, Record]:
    """Two sheet rows that are one measure's story (a measure linked as same_measure)."""
    with open_store(db) as store:
        for record in store.records(kind="tiltak"):
            same = [x for x in links_of(store, record.id) if x.kind == "same_measure"]
            if same:
                return record, store.record(same[0].other(record.id))
    raise AssertionError("no two reports of one measure are linked in the sample")


def _log_in(client: TestClient, username: str) -> None:
    token = CSRF.search(client.get(urls.LOGIN).text).group(1)  # type: ignore[union-attr]
    r = client.post(urls.LOGIN, data={"csrf": token, "brukernavn": username, "passord": PASSWORD},
                    follow_redirects=False)
    assert r.status_code == 303


def test_record_page_shows_the_timeline_with_evidence(web: TestClient, links_db: str) -> None:
    record, other = _linked_pair(links_db)
    page = web.get(urls.record_url(record)).text
    assert "Tidslinje" in page
    assert urls.record_url(other) in page
    assert "% likt" in page and "% sikker" in page
    assert "Bekreft eller fjern koblinger" not in page  # anonymous visitors do not edit
    assert not EMAIL.search(page.split('id="h-tidslinje"')[1])


def test_record_json_has_its_links_without_personal_data(web: TestClient, links_db: str) -> None:
    record, other = _linked_pair(links_db)
    data = web.get(f"/api/records/{record.id}").json()
    assert any(x["record"] == other.id and x["why"] for x in data["links"])
    assert not EMAIL.search(str(data["links"]))
    assert "contact_email" not in data["fields"]
    assert all({"kind", "value", "unit", "field", "lines"} <= set(o) for o in data["outcomes"])


def test_only_editors_decide_and_a_removed_link_leaves_the_timeline(web: TestClient, links_db: str) -> None:
    record, other = _linked_pair(links_db)
    edit = f"/koblinger/{record.id}"
    assert web.get(edit, follow_redirects=False).status_code == 303  # anonymous: log in first
    _log_in(web, "rapportor@nav.no")
    assert web.get(edit).status_code == 403
    web.post(urls.LOGOUT, data={"csrf": CSRF.search(web.get(urls.LOGOUT).text).group(1)})  # type: ignore[union-attr]
    _log_in(web, "redaktor@nav.no")
    page = web.get(edit)
    assert page.status_code == 200 and "Fjern kobling" in page.text
    link_id = re.search(r'name="kobling" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    refused = web.post(edit, data={"kobling": link_id, "handling": "fjern", "csrf": "feil"})
    assert refused.status_code == 400
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    done = web.post(edit, data={"kobling": link_id, "handling": "fjern", "csrf": token},
                    follow_redirects=False)
    assert done.status_code == 303
    with open_store(links_db) as store:
        assert all(x.other(record.id) != other.id for x in links_of(store, record.id))
    page = web.get(urls.record_url(record)).text
    timeline = page.split('id="h-tidslinje"')[1].split("</section>")[0] if 'id="h-tidslinje"' in page else ""
    assert urls.record_url(other) not in timeline


def test_goals_and_results_stand_side_by_side_with_their_lines(web: TestClient, links_db: str) -> None:
    with open_store(links_db) as store:
        record = next(r for kind in ("evaluation", "tiltak") for r in store.records(kind=kind)
                      if {o.kind for o in outcomes(r)} == {"goal", "result"})
        first = outcomes(record)[0]
    page = web.get(urls.record_url(record)).text
    section = page.split('id="h-maal-resultater"')[1].split("</section>")[0]
    assert "<th scope=\"col\" class=\"aksel-table__header-cell\">Mål</th>" in section
    assert f"linje {first.lines[0]}" in section
    assert not EMAIL.search(section)
