"""The account part of the store contract (every backend), and the account operations over it:
invitations are one-time, logins are rate-limited, account writes leave the page caches be."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tiltaksbanken.domain.accounts import (
    LOGIN_WINDOW,
    MAX_FAILED_PER_ACCOUNT,
    MAX_FAILED_PER_ADDRESS,
    AccountError,
    token_hash,
)
from tiltaksbanken.store import NotFound, Store
from tiltaksbanken.store.accounts import (
    accept_invitation,
    find_user,
    invite,
    invited_user,
    log_in,
    set_disabled,
    set_role,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PASSWORD = "korrekt hest batteri"


def test_users_are_stored_with_role_and_scope(store: Store) -> None:
    version = store.version()
    user = store.add_user("kari@nav.no", "Kari Nordmann", "rapportør", ("NAV Grünerløkka",))
    assert store.user(user.id) == user and store.user_named("KARI@nav.no") == user
    assert user.offices == ("NAV Grünerløkka",) and not user.has_password and not user.disabled
    with pytest.raises(AccountError):
        store.add_user("Kari@nav.no", "Kari igjen", "redaktør")
    changed = store.update_user(user.id, role="tilskuddsforvalter", offices=(), counties=("Oslo",))
    assert (changed.role, changed.offices, changed.counties) == ("tilskuddsforvalter", (), ("Oslo",))
    with pytest.raises(NotFound):
        store.update_user(999, disabled=True)
    assert [u.username for u in store.users()] == ["kari@nav.no"]
    assert store.version() == version  # no page shows accounts: caches stay valid


def test_an_invitation_sets_the_password_once(store: Store) -> None:
    user, token = invite(store, "Ola@Nav.no", "Ola", "redaktør", now=NOW)
    assert user.username == "ola@nav.no" and invited_user(store, token, NOW) == user
    assert token not in str(store.audit_log()) and store.invitation(token, NOW) is None
    with pytest.raises(AccountError):
        accept_invitation(store, token, PASSWORD, PASSWORD + "x", now=NOW)
    accepted = accept_invitation(store, token, PASSWORD, PASSWORD, now=NOW)
    assert accepted.has_password and accepted.password_hash != PASSWORD
    with pytest.raises(AccountError):  # a used invitation is refused, the password stays
        accept_invitation(store, token, "et helt annet passord", "et helt annet passord", now=NOW)
    assert log_in(store, "ola@nav.no", PASSWORD, "10.0.0.1", now=NOW).outcome == "ok"


def test_an_expired_or_disabled_invitation_is_refused(store: Store) -> None:
    _, late = invite(store, "a@nav.no", "A", "redaktør", now=NOW)
    with pytest.raises(AccountError):
        accept_invitation(store, late, PASSWORD, PASSWORD, now=NOW + timedelta(days=30))
    user, token = invite(store, "b@nav.no", "B", "redaktør", now=NOW)
    set_disabled(store, user.id)
    assert store.invitation(token_hash(token), NOW) is None
    with pytest.raises(AccountError):
        accept_invitation(store, token, PASSWORD, PASSWORD, now=NOW)


def test_wrong_password_and_disabled_account_are_refused(store: Store) -> None:
    user, token = invite(store, "c@nav.no", "C", "administrator", now=NOW)
    accept_invitation(store, token, PASSWORD, PASSWORD, now=NOW)
    assert log_in(store, "c@nav.no", "feil passord her", "a", now=NOW).outcome == "refused"
    assert log_in(store, "ukjent@nav.no", PASSWORD, "a", now=NOW).outcome == "refused"
    set_disabled(store, user.id)
    assert log_in(store, "c@nav.no", PASSWORD, "a", now=NOW).outcome == "refused"
    set_disabled(store, user.id, disabled=False)
    assert log_in(store, "C@nav.no", PASSWORD, "b", now=NOW).user == store.user(user.id)


def test_logins_are_rate_limited_per_account_and_per_address(store: Store) -> None:
    _, token = invite(store, "d@nav.no", "D", "redaktør", now=NOW)
    accept_invitation(store, token, PASSWORD, PASSWORD, now=NOW)
    for i in range(MAX_FAILED_PER_ACCOUNT):
        assert log_in(store, "d@nav.no", f"gjett nummer {i}", f"10.0.0.{i}", now=NOW).outcome \
            == "refused"
    # now even the right password is refused, from any address, until the window passes
    assert log_in(store, "d@nav.no", PASSWORD, "10.9.9.9", now=NOW).outcome == "limited"
    later = NOW + LOGIN_WINDOW + timedelta(seconds=1)
    assert log_in(store, "d@nav.no", PASSWORD, "10.9.9.9", now=later).outcome == "ok"
    for i in range(MAX_FAILED_PER_ADDRESS):
        store.add_login_attempt(f"u{i}@nav.no", "10.6.6.6", False, later)
    assert log_in(store, "d@nav.no", PASSWORD, "10.6.6.6", now=later).outcome == "limited"
    assert log_in(store, "d@nav.no", PASSWORD, "10.7.7.7", now=later).outcome == "ok"


def test_role_changes_are_checked_and_logged(store: Store) -> None:
    user, _ = invite(store, "e@nav.no", "E", "rapportør", offices="NAV Frogner, NAV Sagene",
                     actor="admin@nav.no")
    assert user.offices == ("NAV Frogner", "NAV Sagene")
    with pytest.raises(AccountError):
        set_role(store, user.id, "tilskuddsforvalter")  # no county
    with pytest.raises(AccountError):
        invite(store, "f@nav.no", "F", "rapportør")  # no office
    changed = set_role(store, user.id, "tilskuddsforvalter", counties="oslo", actor="admin@nav.no")
    assert changed.counties == ("Oslo",) and find_user(store, "E@nav.no") == changed
    actions = [(e["actor"], e["action"]) for e in store.audit_log()]
    assert actions[:2] == [("admin@nav.no", "rolle endret"), ("admin@nav.no", "bruker opprettet")]
