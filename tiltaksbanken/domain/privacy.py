"""Personal data: what a viewer may see of a record or a source line, decided here only.

E-mail addresses, phone numbers and names of persons are personal data. Which
fields hold it is declared with the record kinds (``domain/kinds.py``); which
roles may see it is ``may_see_personal``. Everything that shows text to a
viewer (pages, JSON twins, API, exports, snippets, the source view) goes
through ``visible_record``, ``visible_text`` or ``visible_lines``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from tiltaksbanken.domain.kinds import personal_fields
from tiltaksbanken.domain.records import Record

Role = Literal["anonymous", "rapportør", "tilskuddsforvalter", "redaktør", "administrator"]
ROLES_SEEING_PERSONAL_DATA: frozenset[str] = frozenset({"tilskuddsforvalter", "redaktør", "administrator"})


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a role (anonymous visitors have none) and, for a reporter, offices."""

    role: Role = "anonymous"
    offices: tuple[str, ...] = ()


ANONYMOUS = Viewer()
EXPORT_ALL = Viewer("administrator")  # the operator's own export (``--include-personal-data``)


def may_see_personal(viewer: Viewer) -> bool:
    """Whether ``viewer`` may see contact names, e-mail addresses and phone numbers."""
    return viewer.role in ROLES_SEEING_PERSONAL_DATA


PERSONAL_FIELDS = personal_fields()
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


class People:
    """The person names recorded in some records (their personal fields), as one pattern."""

    def __init__(self, fields: Iterable[dict[str, Any]] = ()) -> None:
        names = [n for f in fields for n in _names(f)]
        self.pattern = name_pattern({"contact_name": names})

    @classmethod
    def of(cls, records: Iterable[Record]) -> People:
        return cls(r.fields for r in records)


def visible_text(text: str, viewer: Viewer = ANONYMOUS, people: People | None = None) -> str:
    """``text`` as ``viewer`` may see it: for viewers without the right, e-mail addresses,
    phone numbers and person names (those of ``people`` and any the text names) masked."""
    if may_see_personal(viewer):
        return text
    return _mask(text, people.pattern if people else None)


def visible_lines(lines: list[str], viewer: Viewer = ANONYMOUS,
                  people: People | None = None) -> list[str]:
    """Source lines as ``viewer`` may see them (see ``visible_text``)."""
    return [visible_text(line, viewer, people) for line in lines]


def visible_record(record: dict[str, Any] | Record, viewer: Viewer = ANONYMOUS) -> dict[str, Any]:
    """A record (as a dict) as ``viewer`` may see it: personal fields and their provenance
    left out and personal data masked in every text, unless the viewer may see them."""
    data = record.to_dict() if isinstance(record, Record) else record
    if may_see_personal(viewer):
        return data
    return public_view(data)


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
