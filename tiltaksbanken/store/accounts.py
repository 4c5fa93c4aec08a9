"""Account operations over any ``Store``: invite, accept an invitation, log in (with the
rate limit), change a role, disable. The command line and the web pages both call these,
so an account change is checked and logged the same way wherever it is made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from tiltaksbanken.domain.accounts import (
    INVITATION_VALID,
    LOGIN_WINDOW,
    MAX_FAILED_PER_ACCOUNT,
    MAX_FAILED_PER_ADDRESS,
    AccountError,
    User,
    check_password,
    check_scope,
    check_username,
    hash_password,
    new_token,
    parse_counties,
    parse_names,
    parse_role,
    token_hash,
    verify_password,
)
from tiltaksbanken.store.base import Store

INVITATION_PATH = "/invitasjon/"


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def invitation_link(base_url: str, token: str) -> str:
    """The link a person opens to set their password."""
    return base_url.rstrip("/") + INVITATION_PATH + token


def invite(store: Store, username: str, display_name: str, role: str,
           offices: str | tuple[str, ...] = (), counties: str | tuple[str, ...] = (),
           actor: str = "system", now: datetime | None = None) -> tuple[User, str]:
    """A new account and its one-time invitation token (``AccountError`` if refused)."""
    name = check_username(username)
    role = parse_role(role)
    office_names, county_names = parse_names(offices), parse_counties(counties)
    check_scope(role, office_names, county_names)
    display = " ".join(display_name.split())[:200] or name
    user = store.add_user(name, display, role, office_names, county_names)
    token = reinvite(store, user, actor=actor, now=now, log=False)
    store.audit(actor, "bruker opprettet", f"{user.username} som {role}", at=now)
    return user, token


def reinvite(store: Store, user: User, actor: str = "system", now: datetime | None = None,
             log: bool = True) -> str:
    """A new one-time invitation token for ``user`` (e.g. a forgotten password)."""
    if user.disabled:
        raise AccountError(f"{user.username} er deaktivert")
    token = new_token()
    store.add_invitation(user.id, token_hash(token), _now(now) + INVITATION_VALID)
    if log:
        store.audit(actor, "ny invitasjon", user.username, at=now)
    return token


def invited_user(store: Store, token: str, now: datetime | None = None) -> User | None:
    """The account a still valid invitation token is for."""
    return store.invitation(token_hash(token), _now(now))


def accept_invitation(store: Store, token: str, password: str, repeated: str,
                      now: datetime | None = None) -> User:
    """Set the password with a one-time token; ``AccountError`` (nothing changed) if the
    passwords differ or are too short, or the token is used, expired or unknown."""
    if password != repeated:
        raise AccountError("passordene er ikke like")
    check_password(password)
    user = store.accept_invitation(token_hash(token), hash_password(password), _now(now))
    if user is None:
        raise AccountError("invitasjonen er brukt, utløpt eller ukjent")
    store.audit(user.username, "passord satt", "via invitasjon", at=now)
    return user


@dataclass(frozen=True)
class Login:
    """The result of a login attempt: the account, or why not."""

    outcome: Literal["ok", "refused", "limited"]
    user: User | None = None


def log_in(store: Store, username: str, password: str, address: str,
           now: datetime | None = None) -> Login:
    """Check a username and password. Too many failed attempts for the account or from the
    address within ``LOGIN_WINDOW`` refuse every attempt (``limited``) until the window has
    passed; a wrong password, an unknown or disabled account are ``refused`` alike."""
    now = _now(now)
    name = username.strip().lower()[:200]
    by_user, by_address = store.failed_logins(name, address, now - LOGIN_WINDOW)
    if by_user >= MAX_FAILED_PER_ACCOUNT or by_address >= MAX_FAILED_PER_ADDRESS:
        store.add_login_attempt(name, address, False, now)
        return Login("limited")
    user = store.user_named(name) if name else None
    ok = verify_password(user.password_hash if user else None, password)
    ok = ok and user is not None and not user.disabled
    store.add_login_attempt(name, address, ok, now)
    if not ok or user is None:
        return Login("refused")
    store.audit(user.username, "innlogging", address, at=now)
    return Login("ok", user)


def set_role(store: Store, user_id: int, role: str, offices: str | tuple[str, ...] = (),
             counties: str | tuple[str, ...] = (), actor: str = "system") -> User:
    """Give an account another role (with the offices/counties it covers)."""
    role = parse_role(role)
    office_names, county_names = parse_names(offices), parse_counties(counties)
    check_scope(role, office_names, county_names)
    user = store.update_user(user_id, role=role, offices=office_names, counties=county_names)
    scope = ", ".join(office_names + county_names)
    store.audit(actor, "rolle endret", f"{user.username} til {role}" + (f" ({scope})" if scope else ""))
    return user


def set_disabled(store: Store, user_id: int, disabled: bool = True, actor: str = "system") -> User:
    """Disable an account (it can no longer log in; its sessions end) or enable it again."""
    user = store.update_user(user_id, disabled=disabled)
    store.audit(actor, "bruker deaktivert" if disabled else "bruker aktivert", user.username)
    return user


def find_user(store: Store, who: str) -> User:
    """An account by id or username; ``AccountError`` if there is none."""
    user = store.user(int(who)) if who.isdigit() else store.user_named(who.lower())
    if user is None:
        raise AccountError(f"ingen bruker {who!r}")
    return user
