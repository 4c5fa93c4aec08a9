"""What a viewer may see and do, decided here only: personal data, and each role's rights.

The roles (``domain/accounts.py``): anonymous visitors read without personal data; a
*rapportør* writes the reports of their own offices; a *tilskuddsforvalter* follows the
reporting of their counties and sees contact data; a *redaktør* uploads and curates and
sees contact data; an *administrator* also manages accounts. ``Viewer`` is who looks, the
``may_*`` functions are what they may do.

E-mail addresses, phone numbers and names of persons are personal data. Which
fields hold it is declared with the record kinds (``domain/kinds.py``); which
roles may see it is ``may_see_personal``. In free text, addresses and numbers are
found by the patterns below, person names by ``domain/persons.py`` (a lexicon and
cues) and by the names readers recorded in personal fields (``People``). Everything that shows text to a
viewer (pages, JSON twins, API, exports, snippets, the source view) goes
through ``visible_record``, ``visible_text`` or ``visible_lines``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tiltaksbanken.domain.accounts import Role, User
from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.kinds import personal_fields
from tiltaksbanken.domain.persons import mask_person_names
from tiltaksbanken.domain.records import Record
from tiltaksbanken.domain.text import fold

ROLES_SEEING_PERSONAL_DATA: frozenset[str] = frozenset({"tilskuddsforvalter", "redaktør", "administrator"})
ROLES_CURATING: frozenset[str] = frozenset({"redaktør", "administrator"})


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a role (anonymous visitors have none), the offices of a reporter and
    the counties of a grant administrator, and the account (None for anonymous visitors)."""

    role: Role = "anonymous"
    offices: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    user_id: int | None = None
    name: str = ""

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


ANONYMOUS = Viewer()
EXPORT_ALL = Viewer("administrator")  # the operator's own export (``--include-personal-data``)


def viewer_for(user: User | None) -> Viewer:
    """The viewer an account is; a missing or disabled account is an anonymous visitor."""
    if user is None or user.disabled:
        return ANONYMOUS
    return Viewer(role=user.role, offices=user.offices, counties=user.counties,  # type: ignore[arg-type]
                  user_id=user.id, name=user.display_name)


def may_see_personal(viewer: Viewer) -> bool:
    """Whether ``viewer`` may see contact names, e-mail addresses and phone numbers."""
    return viewer.role in ROLES_SEEING_PERSONAL_DATA


def may_manage_users(viewer: Viewer) -> bool:
    """Whether ``viewer`` may add, disable and change the role of accounts."""
    return viewer.role == "administrator"


def may_curate(viewer: Viewer) -> bool:
    """Whether ``viewer`` may upload documents and correct records (editors, administrators)."""
    return viewer.role in ROLES_CURATING


def may_upload(viewer: Viewer) -> bool:
    """Whether ``viewer`` may upload documents to be read into the bank (editors,
    administrators)."""
    return viewer.role in ROLES_CURATING


def may_set_evidence(viewer: Viewer) -> bool:
    """Whether ``viewer`` may set a measure's evidence level (editors, administrators)."""
    return viewer.role in ROLES_CURATING


def may_decide_links(viewer: Viewer) -> bool:
    """Whether ``viewer`` may confirm or remove a link between records (editors,
    administrators)."""
    return viewer.role in ROLES_CURATING


def may_edit_kokebok(viewer: Viewer) -> bool:
    """Whether ``viewer`` may collect, edit and publish kokebok collections (editors,
    administrators); published editions are public."""
    return viewer.role in ROLES_CURATING


def may_edit_report(viewer: Viewer, office: str | None) -> bool:
    """Whether ``viewer`` may write the report of a measure of ``office``: a reporter only
    their own offices' reports."""
    if viewer.role != "rapportør" or not office:
        return False
    return fold(office) in {fold(o) for o in viewer.offices}


def may_write_reports(viewer: Viewer) -> bool:
    """Whether ``viewer`` writes yearly reports («Mine rapporter»): reporters with offices."""
    return viewer.role == "rapportør" and bool(viewer.offices)


def may_follow_county(viewer: Viewer, county: str | None) -> bool:
    """Whether ``viewer`` may follow the reporting of ``county``: its grant administrators,
    and administrators."""
    if viewer.role == "administrator":
        return True
    return viewer.role == "tilskuddsforvalter" and bool(county) and \
        fold(county or "") in {fold(c) for c in viewer.counties}


PERSONAL_FIELDS = personal_fields()
NAME_MASK = "[navn skjult]"

# An address is a local part, an at-sign (or «[at]») and a domain with a dot and a top-level
# domain of letters: the OCR's @ for ø and å (``NAV @rland``, ``@konomisk``, ``fr@``,
# ``r@dgivning``) has no such domain. An address the OCR split at its at-sign
# (``ola.nordmann@ nav.no``) is caught when its domain ends in a common top-level domain.
_LOCAL = r"(?<![\w.+-])[\w.+-]*\w"
_DOMAIN = r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])"
_SPLIT_DOMAIN = r"[\w-]+(?:\.[\w-]+)*\.(?:no|com|org|net|se|dk|eu|nu|info|kommune)(?![\w-])"
EMAIL_RE = re.compile(
    rf"{_LOCAL}(?:@|\s?\[at\]\s?){_DOMAIN}|{_LOCAL}(?:\s@\s?|@\s){_SPLIT_DOMAIN}", re.UNICODE
)
# Phone numbers: eight digits grouped as Norwegians write them (481 13 293, 92 02 37 23),
# or eight bare digits right after a label (``Telefon: 92023723``, ``tlf.nr. 92023723``,
# ``+47 92623733``); the label and what separates it are kept. Amounts, years, dates,
# case numbers and nine-digit organisation numbers are no phone numbers. The pattern is
# tried only where a match can start (a digit, a space, a colon, a plus sign).
_PHONE_LABELS = (
    "tlf", "tlf.", "telefon", "mobil", "mob", "mob.", "+47", "telefonnr", "telefonnr.",
    "telefon nr", "telefon nr.", "tlf.nr", "tlf.nr.", "tlf nr", "tlf nr.", "mobilnr",
    "mobilnr.", "telefonnummer", "mobilnummer",
)
PHONE_RE = re.compile(
    r"(?=[\s\d+:])(?:(?<![\d.,/-])(?:\+47\s?)?[2-9]\d(?:\d\s\d{2}\s\d{3}|\s\d{2}\s\d{2}\s\d{2}|\d\s\d{3}\s\d{2})(?![\d,/-]|\.\d)"
    r"|(?:" + "|".join(f"(?<={re.escape(label)})" for label in _PHONE_LABELS) + r")"
    r"(?P<sep>\s?:?\s*)(?P<bare>\d{8})(?!\d|[.,]\d))",
    re.IGNORECASE,
)
EMAIL_MASK = "[e-post skjult]"
PHONE_MASK = "[telefon skjult]"


_EIGHT_DIGITS = re.compile(r"\d(?:\s?\d){7}")  # what every phone number above holds


def _phone_mask(m: re.Match[str]) -> str:
    return (m.group("sep") or "") + PHONE_MASK


def mask_text(text: str) -> str:
    """Replace e-mail addresses and phone numbers in free text (names: see ``visible_text``)."""
    if "@" in text or "[at]" in text:
        text = EMAIL_RE.sub(EMAIL_MASK, text)
    return PHONE_RE.sub(_phone_mask, text) if _EIGHT_DIGITS.search(text) else text


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
        if names:
            text = names.sub(NAME_MASK, text)
        return mask_person_names(text, NAME_MASK)
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
    """``text`` with e-mails, phone numbers, the record's recorded names and any other person
    name (see ``domain/persons.py``) masked."""
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
    """A record dict without personal fields; e-mails, phones and person names masked in text."""
    pattern = name_pattern(record["fields"])
    out = dict(record)
    out["fields"] = _mask(record["fields"], pattern)
    out["field_sources"] = {
        k: v for k, v in record["field_sources"].items() if k not in PERSONAL_FIELDS
    }
    out["title"] = _mask(record["title"], pattern)
    return out


def _as_texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [", ".join(t for v in value.values() for t in _as_texts(v))] if value else []
    if isinstance(value, list):
        return [t for v in value for t in _as_texts(v)]
    return [str(value)] if value not in (None, "") else []


def visible_contacts(record: Record, viewer: Viewer) -> list[dict[str, Any]]:
    """The record's personal fields (contact names, e-mails) as ``viewer`` may see them:
    ``{key, label, values}`` for the roles with the right, nothing for anyone else."""
    if not may_see_personal(viewer):
        return []
    out = []
    for spec in kind_of(record.kind).fields:
        if spec.personal and (values := _as_texts(record.fields.get(spec.key))):
            out.append({"key": spec.key, "label": spec.label, "values": values})
    return out


def may_follow_reporting(viewer: Viewer) -> bool:
    """Whether ``viewer`` may open «Rapportering» and «Tilskudd»: grant administrators (for
    their counties) and administrators."""
    return viewer.role == "administrator" or (viewer.role == "tilskuddsforvalter" and bool(viewer.counties))


def reporting_counties(viewer: Viewer) -> tuple[str, ...] | None:
    """The counties whose grants and reports ``viewer`` follows: None for every county
    (administrators), their own for grant administrators, none for anyone else."""
    if viewer.role == "administrator":
        return None
    return viewer.counties if viewer.role == "tilskuddsforvalter" else ()


def may_manage_grant(viewer: Viewer, county: str | None) -> bool:
    """Whether ``viewer`` may add, change or link a funded measure of ``county``."""
    return may_follow_reporting(viewer) and may_follow_county(viewer, county)


def menu_rights(viewer: Viewer) -> dict[str, bool]:
    """Which of the logged-in pages the main menu offers ``viewer``."""
    return {"reports": may_write_reports(viewer), "users": may_manage_users(viewer),
            "kokebok": may_edit_kokebok(viewer),
            "reporting": may_follow_reporting(viewer), "upload": may_upload(viewer)}
