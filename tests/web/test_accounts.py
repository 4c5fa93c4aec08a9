"""Accounts on the web: logging in and out, invitations, the administrator's page, CSRF,
the login rate limit, and who sees contact data."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.logins import CSRF, PASSWORD
from tests.web.logins import csrf_of as _csrf
from tests.web.logins import post_login as _log_in
from tiltaksbanken import open_store
from tiltaksbanken.domain.accounts import MAX_FAILED_PER_ACCOUNT
from tiltaksbanken.domain.records import Record
from tiltaksbanken.store import Store
from tiltaksbanken.store.accounts import accept_invitation, invite
from tiltaksbanken.web import urls
from tiltaksbanken.web.app import create_app
from tiltaksbanken.web.sessions import COOKIE


@pytest.fixture(scope="module")
def accounts_db(web_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The web store with one account of each role (and one disabled), passwords set."""
    path = str(tmp_path_factory.mktemp("accounts") / "accounts.sqlite")
    shutil.copy(web_db, path)
    with open_store(path) as store:
        for username, role, scope in [
            ("admin@nav.no", "administrator", {}),
            ("forvalter@sf.no", "tilskuddsforvalter", {"counties": "Oslo"}),
            ("rapportor@nav.no", "rapportør", {"offices": "NAV Frogner"}),
            ("redaktor@nav.no", "redaktør", {}),
            ("ute@nav.no", "redaktør", {}),
            ("gjetteoffer@nav.no", "redaktør", {}),
        ]:
            _, token = invite(store, username, username.split("@")[0].title(), role, **scope)
            accept_invitation(store, token, PASSWORD, PASSWORD)
        disabled = store.user_named("ute@nav.no")
        assert disabled is not None
        store.update_user(disabled.id, disabled=True)
    return path


@pytest.fixture()
def app_client(accounts_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(accounts_db), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def contact_record(accounts_db: str) -> Record:
    with open_store(accounts_db) as store:
        return next(r for r in store.records(kind="tiltak") if r.fields.get("contact_email"))


def _store(accounts_db: str) -> Store:
    return open_store(accounts_db)


def test_anonymous_sees_no_contact_data_a_grant_administrator_does(
        app_client: TestClient, contact_record: Record) -> None:
    email = contact_record.fields["contact_email"]
    page = urls.record_url(contact_record)
    assert email not in app_client.get(page).text
    assert email not in app_client.get(f"/api/records/{contact_record.id}").text
    assert _log_in(app_client, "forvalter@sf.no") == 303
    shown = app_client.get(page)
    assert email in shown.text and shown.headers["cache-control"] == "private, no-store"
    assert app_client.get(f"/api/records/{contact_record.id}").json()["fields"]["contact_email"] \
        == email
    token = _csrf(app_client, urls.LOGOUT)
    assert app_client.post(urls.LOGOUT, data={"csrf": token}, follow_redirects=False).status_code \
        == 303
    assert email not in app_client.get(page).text  # logged out: masked again


def test_a_reporter_sees_no_contact_data_and_cannot_open_the_admin_page(
        app_client: TestClient, contact_record: Record, accounts_db: str) -> None:
    assert _log_in(app_client, "rapportor@nav.no") == 303
    assert contact_record.fields["contact_email"] not in \
        app_client.get(urls.record_url(contact_record)).text
    assert app_client.get(urls.ADMIN_USERS).status_code == 403
    # nor make themselves administrator with a valid CSRF token of their own session
    token = _csrf(app_client, urls.LOGOUT)
    with _store(accounts_db) as store:
        me = store.user_named("rapportor@nav.no")
        assert me is not None
        r = app_client.post(urls.admin_user_url(me.id, "rolle"),
                            data={"csrf": token, "rolle": "administrator"})
        assert r.status_code == 403
        assert store.user(me.id).role == "rapportør"  # type: ignore[union-attr]


def test_anonymous_visitors_are_sent_to_log_in_and_come_back(app_client: TestClient) -> None:
    r = app_client.get(urls.ADMIN_USERS, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == urls.login_url(urls.ADMIN_USERS)
    token = CSRF.search(app_client.get(r.headers["location"]).text).group(1)  # type: ignore[union-attr]
    back = app_client.post(urls.LOGIN, data={"csrf": token, "brukernavn": "Admin@nav.no",
                                             "passord": PASSWORD, urls.NEXT_PARAM: urls.ADMIN_USERS},
                           follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == urls.ADMIN_USERS
    assert app_client.get(urls.ADMIN_USERS).status_code == 200


def test_the_login_page_never_sends_anyone_to_another_site(app_client: TestClient) -> None:
    token = _csrf(app_client, urls.LOGIN)
    r = app_client.post(urls.LOGIN, data={"csrf": token, "brukernavn": "admin@nav.no",
                                          "passord": PASSWORD, urls.NEXT_PARAM: "//evil.example/x"},
                        follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == urls.SEARCH


def test_wrong_password_and_disabled_account_are_refused(app_client: TestClient) -> None:
    assert _log_in(app_client, "admin@nav.no", "feil passord igjen") == 400
    assert _log_in(app_client, "ute@nav.no") == 400
    refused = app_client.get(urls.LOGIN)
    assert "Logg inn" in refused.text
    assert app_client.get(urls.ADMIN_USERS, follow_redirects=False).status_code == 303


def test_repeated_failed_logins_are_rate_limited(app_client: TestClient) -> None:
    for i in range(MAX_FAILED_PER_ACCOUNT):
        assert _log_in(app_client, "gjetteoffer@nav.no", f"gjetning nummer {i}") == 400
    token = _csrf(app_client, urls.LOGIN)
    r = app_client.post(urls.LOGIN, data={"csrf": token, "brukernavn": "gjetteoffer@nav.no",
                                          "passord": PASSWORD})
    assert r.status_code == 429 and "For mange" in r.text  # even the right password, for now


def test_a_forged_csrf_token_is_refused_and_changes_nothing(
        app_client: TestClient, accounts_db: str) -> None:
    r = app_client.post(urls.LOGIN, data={"csrf": "forfalsket", "brukernavn": "admin@nav.no",
                                          "passord": PASSWORD}, follow_redirects=False)
    assert r.status_code == 400 and "sikkerhetskoden" in r.text
    assert _log_in(app_client, "admin@nav.no") == 303
    with _store(accounts_db) as store:
        before = store.users()
        r = app_client.post(urls.ADMIN_USERS, data={"csrf": "forfalsket", "brukernavn": "ny@nav.no",
                                                    "rolle": "administrator"})
        assert r.status_code == 400 and "sikkerhetskoden" in r.text
        victim = store.user_named("redaktor@nav.no")
        assert victim is not None
        for action in ("rolle", "aktiv"):
            r = app_client.post(urls.admin_user_url(victim.id, action),
                                data={"rolle": "administrator"})  # no token at all
            assert r.status_code == 400
        assert store.users() == before


def test_an_administrator_invites_a_user_who_sets_a_password_once(
        app_client: TestClient, accounts_db: str) -> None:
    assert _log_in(app_client, "admin@nav.no") == 303
    token = _csrf(app_client, urls.ADMIN_USERS)
    added = app_client.post(urls.ADMIN_USERS, data={
        "csrf": token, "brukernavn": "ny.rapportor@nav.no", "navn": "Ny Rapportør",
        "rolle": "rapportør", "kontor": "NAV Sagene, NAV Frogner"})
    assert added.status_code == 200
    link = re.search(r"<code>(https?://[^<]+/invitasjon/[^<]+)</code>", added.text)
    assert link, added.text
    invitation = "/" + link.group(1).split("/", 3)[3]
    refused = app_client.post(urls.ADMIN_USERS, data={"csrf": token, "brukernavn": "x@nav.no",
                                                      "rolle": "tilskuddsforvalter"})
    assert refused.status_code == 400 and "fylke" in refused.text

    newcomer = TestClient(app_client.app)
    form = _csrf(newcomer, invitation)
    short = newcomer.post(invitation, data={"csrf": form, "passord": "kort", "passord2": "kort"})
    assert short.status_code == 400 and "minst 10 tegn" in short.text
    done = newcomer.post(invitation, data={"csrf": form, "passord": PASSWORD, "passord2": PASSWORD},
                         follow_redirects=False)
    assert done.status_code == 303
    assert "Logg ut" in newcomer.get(urls.SEARCH).text
    # the link is used: refused now, by anyone
    assert newcomer.get(invitation).status_code == 404
    fresh = _csrf(newcomer, urls.LOGOUT)  # signing in gave the session a new token
    again = newcomer.post(invitation, data={"csrf": fresh, "passord": "et nytt langt passord",
                                            "passord2": "et nytt langt passord"})
    assert again.status_code == 404
    with _store(accounts_db) as store:
        user = store.user_named("ny.rapportor@nav.no")
        assert user is not None and user.offices == ("NAV Sagene", "NAV Frogner")
        actions = [e["action"] for e in store.audit_log()]
        assert {"bruker opprettet", "passord satt", "innlogging"} <= set(actions)


def test_disabling_an_account_ends_its_session(app_client: TestClient, accounts_db: str) -> None:
    with _store(accounts_db) as store:
        _, token = invite(store, "kortvarig@nav.no", "Kort", "redaktør")
        user = accept_invitation(store, token, PASSWORD, PASSWORD)
    other = TestClient(app_client.app)
    assert _log_in(other, "kortvarig@nav.no") == 303
    assert "Logg ut" in other.get(urls.SEARCH).text
    assert _log_in(app_client, "admin@nav.no") == 303
    form = _csrf(app_client, urls.ADMIN_USERS)
    r = app_client.post(urls.admin_user_url(user.id, "aktiv"), data={"csrf": form, "aktiv": "nei"},
                        follow_redirects=False)
    assert r.status_code == 303
    assert "Logg inn" in other.get(urls.SEARCH).text  # the old cookie is an anonymous visitor's


def test_session_cookie_is_httponly_lax_secure_over_tls_and_renewed_at_login(
        accounts_db: str) -> None:
    app = create_app(accounts_db)
    plain = TestClient(app)
    flags = plain.get(urls.LOGIN).headers["set-cookie"].lower()
    assert "httponly" in flags and "samesite=lax" in flags and "secure" not in flags
    before = plain.cookies[COOKIE]
    assert _log_in(plain, "admin@nav.no") == 303
    assert plain.cookies[COOKIE] != before
    tls = TestClient(app, base_url="https://testserver")
    assert "secure" in tls.get(urls.LOGIN).headers["set-cookie"].lower()


def test_account_pages_keep_the_strict_csp_and_have_no_inline_script(app_client: TestClient) -> None:
    templates = Path(__file__).parents[2] / "tiltaksbanken" / "web" / "templates"
    for name in ("login.html", "logout.html", "invitation.html", "admin_users.html"):
        text = (templates / name).read_text("utf-8")
        assert "<script" not in text and not re.search(r"\son[a-z]+\s*=", text), name
    r = app_client.get(urls.LOGIN)
    assert "script-src 'self';" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"]
