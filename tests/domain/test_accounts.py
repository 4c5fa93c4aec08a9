"""Roles and accounts: what each role may see and do, passwords, tokens and parsing."""

from __future__ import annotations

import pytest

from tiltaksbanken.domain.accounts import (
    AccountError,
    User,
    check_scope,
    hash_password,
    new_token,
    parse_counties,
    parse_role,
    token_hash,
    verify_password,
)
from tiltaksbanken.domain.privacy import (
    ANONYMOUS,
    Viewer,
    may_curate,
    may_edit_report,
    may_follow_county,
    may_manage_users,
    may_see_personal,
    viewer_for,
)

REPORTER = Viewer("rapportør", offices=("NAV Grünerløkka",), user_id=1)
GRANTS = Viewer("tilskuddsforvalter", counties=("Oslo",), user_id=2)
EDITOR = Viewer("redaktør", user_id=3)
ADMIN = Viewer("administrator", user_id=4)


def test_who_sees_personal_data() -> None:
    assert not may_see_personal(ANONYMOUS)
    assert not may_see_personal(REPORTER)
    assert all(may_see_personal(v) for v in (GRANTS, EDITOR, ADMIN))


def test_what_each_role_may_do() -> None:
    assert [may_manage_users(v) for v in (ANONYMOUS, REPORTER, GRANTS, EDITOR, ADMIN)] == \
        [False, False, False, False, True]
    assert [may_curate(v) for v in (ANONYMOUS, REPORTER, GRANTS, EDITOR, ADMIN)] == \
        [False, False, False, True, True]
    assert may_edit_report(REPORTER, "nav grünerløkka")
    assert not may_edit_report(REPORTER, "NAV Frogner")
    assert not may_edit_report(GRANTS, "NAV Grünerløkka")
    assert may_follow_county(GRANTS, "oslo") and not may_follow_county(GRANTS, "Viken")
    assert not may_follow_county(REPORTER, "Oslo") and may_follow_county(ADMIN, "Viken")


def test_a_disabled_account_is_an_anonymous_visitor() -> None:
    user = User(7, "kari@nav.no", "Kari", "administrator")
    assert viewer_for(user).role == "administrator" and viewer_for(user).user_id == 7
    assert viewer_for(User(7, "kari@nav.no", "Kari", "administrator", disabled=True)) == ANONYMOUS
    assert viewer_for(None) == ANONYMOUS


def test_passwords_are_argon2_hashed_and_checked() -> None:
    hashed = hash_password("et langt passord")
    assert hashed.startswith("$argon2id$") and "et langt passord" not in hashed
    assert verify_password(hashed, "et langt passord")
    assert not verify_password(hashed, "et annet passord")
    assert not verify_password(None, "et langt passord")
    assert not verify_password("ikke en hash", "et langt passord")
    with pytest.raises(AccountError):
        hash_password("kort")


def test_tokens_are_random_and_kept_hashed() -> None:
    a, b = new_token(), new_token()
    assert a != b and len(a) >= 40
    assert token_hash(a) != a and token_hash(a) == token_hash(a)


def test_roles_and_scopes_parse_as_people_write_them() -> None:
    assert parse_role("Rapportor") == "rapportør" and parse_role("REDAKTØR") == "redaktør"
    with pytest.raises(AccountError):
        parse_role("superbruker")
    assert parse_counties("oslo, Vestfold og Telemark") == ("Oslo", "Vestfold og Telemark")
    with pytest.raises(AccountError):
        parse_counties("Atlantis")
    with pytest.raises(AccountError):
        check_scope("rapportør", (), ())
    check_scope("administrator", (), ())
