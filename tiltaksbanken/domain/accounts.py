"""Accounts: the roles, a user as the bank keeps it, passwords and invitation tokens.

What each role may see and do is decided in ``domain/privacy.py`` (``Viewer`` and the
``may_*`` functions); this module says what a role and a user are. Passwords are hashed
with Argon2id (``argon2-cffi``); invitation tokens are random and kept only as a SHA-256
hash, so a copy of the store cannot be used to accept an invitation.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tiltaksbanken.domain.form import normalise_county
from tiltaksbanken.domain.text import fold

Role = Literal["anonymous", "rapportør", "tilskuddsforvalter", "redaktør", "administrator"]
ACCOUNT_ROLES: tuple[str, ...] = tuple(r for r in get_args(Role) if r != "anonymous")
ROLE_LABELS: dict[str, str] = {
    "anonymous": "Besøkende",
    "rapportør": "Rapportør (NAV-kontor)",
    "tilskuddsforvalter": "Tilskuddsforvalter (fylke)",
    "redaktør": "Redaktør",
    "administrator": "Administrator",
}

INVITATION_VALID = timedelta(days=7)
# Login rate limits: failed attempts within the window, per account and per address.
LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILED_PER_ACCOUNT = 5
MAX_FAILED_PER_ADDRESS = 20
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
MAX_NAME_LENGTH = 200

_HASHER = PasswordHasher()
# verified when no such user exists, so that a login takes as long either way
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """An account operation was refused; the message (Norwegian) says why."""


@dataclass(frozen=True)
class User:
    """An account: who (username, display name), which role and for which offices/counties."""

    id: int
    username: str
    display_name: str
    role: str
    offices: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    disabled: bool = False
    created_at: str = ""
    has_password: bool = False
    password_hash: str | None = field(default=None, repr=False, compare=False)


def parse_role(text: str) -> str:
    """An account role from how a person writes it (``rapportor``, ``Redaktør``)."""
    folded = fold(text.strip())
    for role in ACCOUNT_ROLES:
        if fold(role) == folded:
            return role
    raise AccountError(f"ukjent rolle {text!r}: velg en av {', '.join(ACCOUNT_ROLES)}")


def parse_names(text: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Office or county names from a comma- or line-separated text, de-duplicated."""
    parts = text if isinstance(text, list | tuple) else (text or "").replace("\n", ",").split(",")
    seen: dict[str, str] = {}
    for part in parts:
        name = " ".join(part.split())
        if name:
            seen.setdefault(fold(name), name[:MAX_NAME_LENGTH])
    return tuple(seen.values())


def parse_counties(text: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """County names as the form knows them (2024 names, 2020–23 names accepted)."""
    out = []
    for name in parse_names(text):
        county = normalise_county(name)["county_name"]
        if county is None:
            raise AccountError(f"ukjent fylke {name!r}")
        out.append(county)
    return tuple(dict.fromkeys(out))


def check_scope(role: str, offices: tuple[str, ...], counties: tuple[str, ...]) -> None:
    """A reporter needs an office and a grant administrator a county."""
    if role == "rapportør" and not offices:
        raise AccountError("en rapportør må ha minst ett NAV-kontor")
    if role == "tilskuddsforvalter" and not counties:
        raise AccountError("en tilskuddsforvalter må ha minst ett fylke")


def check_username(username: str) -> str:
    """The username (an e-mail address or a plain name) as kept, or ``AccountError``."""
    name = username.strip().lower()
    if not name or len(name) > MAX_NAME_LENGTH or any(c.isspace() or ord(c) < 32 for c in name):
        raise AccountError("brukernavnet må være uten mellomrom og høyst 200 tegn")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"passordet må ha minst {MIN_PASSWORD_LENGTH} tegn")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"passordet kan ha høyst {MAX_PASSWORD_LENGTH} tegn")


def hash_password(password: str) -> str:
    """The Argon2id hash of an acceptable password."""
    check_password(password)
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (False for no hash; same work either way)."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password[:MAX_PASSWORD_LENGTH]) \
            and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A random one-time token for a link."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
