"""The account pages' data: the administrator's list of accounts and the audit log."""

from __future__ import annotations

from typing import Any

from tiltaksbanken.domain.accounts import ACCOUNT_ROLES, ROLE_LABELS, User
from tiltaksbanken.store import Store


def _state(user: User) -> str:
    if user.disabled:
        return "Deaktivert"
    return "Aktiv" if user.has_password else "Invitert"


def user_row(user: User) -> dict[str, Any]:
    """One account as the admin page shows it (never its password hash)."""
    return {"id": user.id, "username": user.username, "name": user.display_name,
            "role": user.role, "role_label": ROLE_LABELS.get(user.role, user.role),
            "offices": list(user.offices), "counties": list(user.counties),
            "state": _state(user), "disabled": user.disabled}


def admin_page(store: Store, audit_lines: int = 30) -> dict[str, Any]:
    """Every account, the roles to choose from and the newest lines of the audit log."""
    return {"users": [user_row(u) for u in store.users()],
            "roles": [{"value": r, "label": ROLE_LABELS[r]} for r in ACCOUNT_ROLES],
            "audit": list(store.audit_log(audit_lines))}
