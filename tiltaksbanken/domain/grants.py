"""Funded measures (the grants register): reading a row of a grant table, and how alike
a report's measure name is to a grant's.

A grant table is written by people: headers vary («År», «Tilskuddsår», «NAV-kontor»,
«Kontor», «Tiltak», «Tiltaksnavn», «Beløp (kr)», «Innvilget», «Stillinger», «Årsverk»),
amounts are written «kr 1 200 000», «1.200.000,-» or as numbers, positions «1,5». Each
row is checked on its own; an error names the row and what is wrong with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from tiltaksbanken.domain.form import normalise_county
from tiltaksbanken.domain.offices import find_offices
from tiltaksbanken.domain.text import fold

COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("ar", "aar", "tilskuddsar", "budsjettar", "year"),
    "office": ("nav kontor", "navkontor", "nav", "kontor", "office"),
    "county": ("fylke", "county"),
    "measure": ("tiltak", "tiltaksnavn", "tiltakets navn", "navn pa tiltaket", "prosjekt",
                "prosjektnavn", "measure"),
    "amount": ("belop", "innvilget belop", "innvilget", "tildelt", "tilskudd", "sum", "amount"),
    "positions": ("stillinger", "antall stillinger", "arsverk", "positions"),
    "note": ("merknad", "kommentar", "notat", "note"),
}
REQUIRED = ("year", "office", "measure")
MIN_YEAR, MAX_YEAR = 2000, 2100
MATCH_THRESHOLD = 88.0  # per cent alike a name must be to be suggested (precision over recall)
MATCH_MARGIN = 5.0  # the best grant must beat the next best of the same office by this much


@dataclass(frozen=True)
class GrantRow:
    """One funded measure as a table gives it (not stored yet)."""

    year: int
    office: str
    county: str
    measure: str
    amount: int | None = None
    positions: float | None = None
    note: str = ""


def column_of(header: Any) -> str | None:
    """The grant column a header cell names, or None."""
    text = fold(str(header or ""))
    if not text:
        return None
    for column, names in COLUMNS.items():
        if text in names:
            return column
    for column, names in COLUMNS.items():
        if any(text.startswith(name + " ") for name in names):
            return column
    return None


def header_map(cells: list[Any]) -> dict[str, int]:
    """Column name → index of a header row (the first cell naming a column wins)."""
    out: dict[str, int] = {}
    for i, cell in enumerate(cells):
        column = column_of(cell)
        if column and column not in out:
            out[column] = i
    return out


_THOUSANDS = re.compile(r"^\d{1,3}(?:[. ]\d{3})+(?:,\d+)?$")


def parse_amount(value: Any) -> int | None:
    """NOK from «kr 1 200 000», «1.200.000,-», «1200000», 1200000.0; ``ValueError`` if unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(value)
    text = re.sub(r"(?i)\b(kr|nok)\b\.?", "", str(value)).replace("\u00a0", " ").replace("\u202f", " ")
    text = text.strip().removesuffix(",-").removesuffix(",–").strip()
    if _THOUSANDS.match(text):
        text = text.replace(".", "").replace(" ", "")
    text = text.replace(" ", "").replace(",", ".")
    try:
        amount = float(text)
    except ValueError:
        raise ValueError(f"beløpet «{value}» er ikke et tall") from None
    if amount < 0:
        raise ValueError(f"beløpet «{value}» er negativt")
    return round(amount)


def parse_positions(value: Any) -> float | None:
    """Full-time positions from «1,5», «1.5», 2; ``ValueError`` if unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(" ", "").replace(",", "."))
        except ValueError:
            raise ValueError(f"stillinger «{value}» er ikke et tall") from None
    if not 0 <= number < 1000:
        raise ValueError(f"stillinger «{value}» er utenfor gyldig område")
    return number


def parse_year(value: Any) -> int:
    text = str(value if value is not None else "").strip().removesuffix(".0")
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ValueError(f"året «{value}» er ikke et årstall")
    return int(text)


def _clean(value: Any, limit: int = 300) -> str:
    return " ".join(str(value if value is not None else "").split())[:limit]


def grant_row(values: dict[str, Any]) -> GrantRow:
    """A funded measure from a row's cells by column name; ``ValueError`` naming what is wrong."""
    for column in REQUIRED:
        if not _clean(values.get(column)):
            raise ValueError(f"mangler {dict(year='år', office='NAV-kontor', measure='tiltak')[column]}")
    found = find_offices(_clean(values.get("office")), normalise_county(_clean(values.get("county")))["county_name"])
    if len(found) != 1:
        raise ValueError(f"NAV-kontoret «{_clean(values.get('office'))}» er ikke ett kjent kontor")
    county = found[0].county_2024 or normalise_county(_clean(values.get("county")))["county_name"] or ""
    return GrantRow(year=parse_year(values.get("year")), office=found[0].name, county=county,
                    measure=_clean(values.get("measure")), amount=parse_amount(values.get("amount")),
                    positions=parse_positions(values.get("positions")), note=_clean(values.get("note"), 2000))


def name_likeness(a: str, b: str) -> float:
    """How alike two measure names are, 0–100, on folded text (word order and case aside)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    return max(fuzz.ratio(fa, fb), fuzz.token_sort_ratio(fa, fb))


def match_explanation(score: float) -> str:
    """Why a report is matched to a grant, in the administrator's words."""
    return "samme kontor, samme navn" if score >= 99.5 else f"samme kontor, navn {score:.0f} % likt"
