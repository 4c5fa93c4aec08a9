"""Personal data: which fields hold it and how text is masked for anonymous users.

Contact e-mails and names of public employees are personal data. Anything that
leaves the library for an anonymous user (export, API) goes through
``public_view``.
"""

from __future__ import annotations

import re
from typing import Any

PERSONAL_FIELDS = frozenset({"contact_email", "contact_name", "contacts"})

EMAIL_RE = re.compile(r"[\w.+-]+(?:@|\s?\[at\]\s?)[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE_RE = re.compile(
    r"(?<![\d.,/-])(?:\+47\s?)?(?:\d{3}\s?\d{2}\s?\d{3}|\d{2}\s\d{2}\s\d{2}\s\d{2})(?![\d.,/-])"
)
EMAIL_MASK = "[e-post skjult]"
PHONE_MASK = "[telefon skjult]"


def mask_text(text: str) -> str:
    """Replace e-mail addresses and phone numbers in free text."""
    return PHONE_RE.sub(PHONE_MASK, EMAIL_RE.sub(EMAIL_MASK, text))


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [_mask(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items() if k not in PERSONAL_FIELDS}
    return value


def public_view(record: dict[str, Any]) -> dict[str, Any]:
    """A record dict without personal fields and with e-mails/phones masked in text."""
    out = dict(record)
    out["fields"] = _mask(record["fields"])
    out["field_sources"] = {
        k: v for k, v in record["field_sources"].items() if k not in PERSONAL_FIELDS
    }
    out["title"] = mask_text(record["title"])
    return out
