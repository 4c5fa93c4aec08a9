"""Personal data: which fields hold it and how text is masked for anonymous users.

Contact e-mails and names of public employees are personal data. Anything that
leaves the library for an anonymous user (export, API) goes through
``public_view``.
"""

from __future__ import annotations

import re
from typing import Any

PERSONAL_FIELDS = frozenset({"contact_email", "contact_name", "contacts"})
NAME_MASK = "[navn skjult]"

# Each pattern is tried only where a match can start (a run's first character, a digit or
# a space): a plain scan would retry every position inside every word.
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+(?:@|\s?\[at\]\s?)[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE_RE = re.compile(
    r"(?=[\s\d+])(?:(?<![\d.,/-])(?:\+47\s?)?[2-9]\d(?:\d\s\d{2}\s\d{3}|\s\d{2}\s\d{2}\s\d{2}|\d\s\d{3}\s\d{2})(?![\d,/-]|\.\d)"
    r"|(?:(?<=tlf)|(?<=tlf\.)|(?<=telefon)|(?<=mobil)|(?<=\+47))\s?\d{8}\b)",
    re.IGNORECASE,
)
# Anything left with an at-sign after the address pattern (an OCR-split address, say).
AT_WORD_RE = re.compile(r"(?<!\S)\S*(?:@|\[at\])\S*")
EMAIL_MASK = "[e-post skjult]"
PHONE_MASK = "[telefon skjult]"


_EIGHT_DIGITS = re.compile(r"\d(?:\s?\d){7}")  # what every phone number above holds


def mask_text(text: str) -> str:
    """Replace e-mail addresses (and any word with an at-sign) and phone numbers in free text."""
    if "@" in text or "[at]" in text:
        text = AT_WORD_RE.sub(EMAIL_MASK, EMAIL_RE.sub(EMAIL_MASK, text))
    return PHONE_RE.sub(PHONE_MASK, text) if _EIGHT_DIGITS.search(text) else text


def _names(value: Any) -> list[str]:
    """Person names a reader recorded under a personal field, anywhere in the fields."""
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "contact_name":
                found.extend([v] if isinstance(v, str) else [n for n in v or [] if isinstance(n, str)])
            else:
                found.extend(_names(v))
    elif isinstance(value, list):
        for v in value:
            found.extend(_names(v))
    return found


def _mask(value: Any, names: re.Pattern[str] | None) -> Any:
    if isinstance(value, str):
        text = mask_text(value)
        return names.sub(NAME_MASK, text) if names else text
    if isinstance(value, list):
        return [_mask(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _mask(v, names) for k, v in value.items() if k not in PERSONAL_FIELDS}
    return value


def name_pattern(fields: dict[str, Any]) -> re.Pattern[str] | None:
    """A pattern of the person names a reader recorded in ``fields`` (longest first)."""
    names = sorted({n.strip() for n in _names(fields) if len(n.strip()) > 3}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)) if names else None


def mask_personal(text: str, fields: dict[str, Any]) -> str:
    """``text`` with e-mails, phone numbers and the record's recorded names masked."""
    return _mask(text, name_pattern(fields))


def mask_names(text: str, names: re.Pattern[str] | None) -> str:
    """``text`` with e-mails, phone numbers and the names of ``names`` (see ``name_pattern``)
    masked."""
    return _mask(text, names)


def public_view(record: dict[str, Any]) -> dict[str, Any]:
    """A record dict without personal fields; e-mails, phones and known names masked in text."""
    pattern = name_pattern(record["fields"])
    out = dict(record)
    out["fields"] = _mask(record["fields"], pattern)
    out["field_sources"] = {
        k: v for k, v in record["field_sources"].items() if k not in PERSONAL_FIELDS
    }
    out["title"] = _mask(record["title"], pattern)
    return out
