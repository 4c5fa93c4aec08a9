"""Lists of funded measures in funding announcements: one item per funded project.

A County Governor's announcement lists what it funded, as bullets («- NAV X: «Prosjekt»,
2 stillingar, 1 200 000 kroner») or as a table (Markdown pipe rows with a heading row:
«NAV-kontor | Prosjekt | Stillinger | Beløp»). An item is a list line that names a NAV
office the gazetteer knows; the project name is the quoted name, the table's project
column or the words after the office; positions and the amount where the line states
them. Column headings and units come from ``data/announcement_vocabulary.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.offices import find_offices, office, offices_in_text
from tiltaksbanken.domain.places import municipalities_in
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.support.structure import TABLE_ROW, TABLE_RULE

_BULLET = re.compile(r"^\s*(?:[•·▪◦*–-]|\d{1,2}[.)])\s+(\S.*)$")
_QUOTED = re.compile(r"[«\"“]([^»\"”]{2,120})[»\"”]")


@dataclass
class FundedItem:
    """One funded project: the office, its municipalities, what was granted, its line."""

    line: int
    text: str
    offices: list[str]  # canonical (the gazetteer's: «NAV Hallingdal» for «NAV Nesbyen»)
    municipalities: list[str] = field(default_factory=list)
    written: str | None = None  # the office as the line writes it
    project: str | None = None
    positions: str | None = None
    amount: str | None = None


@cache
def _vocabulary() -> dict[str, object]:
    return load_data("announcement_vocabulary.json")


@cache
def _amount() -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted(_vocabulary()["currency"], key=len, reverse=True))
    number = r"\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
    return re.compile(rf"(?i)(?:\bkr\.?\s*(?:{number})|(?:{number})\s*(?:{units})\b\.?)")


@cache
def _positions() -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in _vocabulary()["positions"])
    return re.compile(rf"(?i)(\d+(?:[.,]\d+)?)\s*(?:{units})\b")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _column_of(heading: str) -> str | None:
    folded = fold(heading)
    columns: dict[str, list[str]] = _vocabulary()["columns"]  # type: ignore[assignment]
    for key, words in columns.items():
        if any(folded == w or folded.startswith(w + " ") or w in folded.split() for w in words):
            return key
    return None


def _known_offices(text: str) -> tuple[list[str], str | None]:
    """The known offices ``text`` names (canonical) and the first as written."""
    mentions = offices_in_text(text)
    if mentions:
        _, start, end = mentions[0]
        return list(dict.fromkeys(name for name, _, _ in mentions)), text[start:end]
    # a table cell may name the office without «NAV»
    found = [o.name for o in find_offices(text) if o.known]
    return list(dict.fromkeys(found)), (text.strip() if found else None)


def _item(line_no: int, text: str, offices: list[str]) -> FundedItem:
    # the municipalities the line names; else those the office serves
    municipalities = municipalities_in(text) or [
        m for name in offices if (o := office(name)) for m in o.municipalities
    ]
    item = FundedItem(line_no, text.strip(), offices, list(dict.fromkeys(municipalities)))
    amount = _amount().search(text)
    item.amount = " ".join(amount[0].split()) if amount else None
    positions = _positions().search(text)
    item.positions = positions[1] if positions else None
    return item


def _bullet_project(text: str, offices: list[str]) -> str | None:
    quoted = _QUOTED.search(text)
    if quoted:
        return quoted[1].strip()
    after = re.split(r"[:–—-]\s+", text, maxsplit=1)
    if len(after) == 2:
        name = re.split(r",|\s\d", after[1], maxsplit=1)[0].strip(" .")
        return name or None
    return None


def _table_items(lines: list[str]) -> list[FundedItem]:
    out: list[FundedItem] = []
    columns: list[str | None] | None = None
    for n, line in enumerate(lines, 1):
        if not TABLE_ROW.match(line) or TABLE_RULE.match(line):
            if not line.strip() or not TABLE_RULE.match(line):
                columns = None if not TABLE_ROW.match(line) else columns
            continue
        cells = _cells(line)
        if columns is None:
            heads = [_column_of(c) for c in cells]
            if "office" in heads and "project" in heads:
                columns = heads
                continue
            columns = [None] * len(cells)
        by = dict(zip(columns, cells, strict=False))
        offices, written = _known_offices(by.get("office") or line)
        if not offices:
            continue
        item = _item(n, line, offices)
        item.written = written
        item.project = by.get("project") or None
        if by.get("positions"):
            item.positions = by["positions"]
        if by.get("amount"):
            item.amount = by["amount"]
        out.append(item)
    return out


MAX_ITEM_CHARS = 240  # a list line longer than this is prose about an office, not a grant


def funded_items(lines: list[str]) -> list[FundedItem]:
    """The funded projects an announcement lists (bullets or table rows naming one known
    NAV office each, with a project name, positions or an amount), in order; empty when
    the text lists fewer than two offices so (prose bullets about one office are no list
    of grants)."""
    out = [i for i in _table_items(lines) + _bullet_items(lines)
           if i.amount or i.positions or i.project]
    if len({i.offices[0] for i in out}) < 2:
        return []
    return sorted(out, key=lambda i: i.line)


def _bullet_items(lines: list[str]) -> list[FundedItem]:
    out: list[FundedItem] = []
    for n, line in enumerate(lines, 1):
        m = _BULLET.match(line)
        if not m or len(m[1]) > MAX_ITEM_CHARS:
            continue
        offices, written = _known_offices(m[1])
        if len(offices) != 1:
            continue
        item = _item(n, m[1], offices)
        item.written = written
        item.project = _bullet_project(m[1], offices)
        out.append(item)
    return out
