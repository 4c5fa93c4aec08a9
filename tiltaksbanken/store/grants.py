"""The grants register over any ``Store`` (portable SQL): funded measures per year, their
import from CSV and XLSX tables, the links between a grant and the reports on it, and the
reporting status of each funded measure.

An import is all or nothing: every row is checked first, and if any row is wrong nothing
is stored and each wrong row is reported with its row number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.errors import NotFound
from tiltaksbanken.domain.form import FIELD_KEYS
from tiltaksbanken.domain.grants import (
    MATCH_MARGIN,
    MATCH_THRESHOLD,
    GrantRow,
    grant_row,
    header_map,
    match_explanation,
    name_likeness,
)
from tiltaksbanken.domain.text import fold
from tiltaksbanken.store.base import SQL, Store

Status = Literal["not_started", "draft", "status_submitted", "final_submitted"]
STATUS_LABELS: dict[str, str] = {
    "not_started": "Ikke påbegynt", "draft": "Utkast", "status_submitted": "Statusrapport levert",
    "final_submitted": "Sluttrapport levert",
}
_RANK = {"not_started": 0, "draft": 1, "status_submitted": 2, "final_submitted": 3}
MAX_HEADER_SEARCH = 10  # header row among the first rows of a table
_COLUMNS = "id, year, office, county, measure, amount, positions, note, created_by, created_at"


@dataclass(frozen=True)
class Grant:
    id: int
    year: int
    office: str
    county: str
    measure: str
    amount: int | None
    positions: float | None
    note: str
    created_by: str
    created_at: str


@dataclass
class ImportResult:
    added: int = 0
    errors: list[str] = field(default_factory=list)  # «rad 4: mangler tiltak»


@dataclass(frozen=True)
class Link:
    id: int
    grant_id: int
    report: str  # 'record:<id>' | 'draft:<id>'
    score: float
    explanation: str
    state: str  # 'suggested' | 'confirmed' | 'rejected'


@dataclass
class GrantStatus:
    grant: Grant
    status: str
    reports: list[str] = field(default_factory=list)  # report keys counted

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _grant(row: tuple[Any, ...]) -> Grant:
    return Grant(*row)


def _insert(sql: SQL, g: GrantRow, actor: str, now: str) -> int:
    return sql.insert(
        "INSERT INTO grants (year, office, county, measure, amount, positions, note, created_by,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (g.year, g.office, g.county, g.measure, g.amount, g.positions, g.note, actor, now, now))


def add_grant(store: Store, values: dict[str, Any], actor: str = "") -> Grant:
    """Add a funded measure from its cells by column name (``ValueError`` if a cell is wrong)."""
    row = grant_row(values)
    with store.writing(bump=False) as sql:
        gid = _insert(sql, row, actor, _now())
    return grant(store, gid)


def edit_grant(store: Store, grant_id: int, values: dict[str, Any]) -> Grant:
    """Change a funded measure (``ValueError`` if a cell is wrong, ``NotFound`` if unknown)."""
    grant(store, grant_id)
    g = grant_row(values)
    with store.writing(bump=False) as sql:
        sql.run("UPDATE grants SET year = ?, office = ?, county = ?, measure = ?, amount = ?,"
                " positions = ?, note = ?, updated_at = ? WHERE id = ?",
                (g.year, g.office, g.county, g.measure, g.amount, g.positions, g.note, _now(), grant_id))
    return grant(store, grant_id)


def grant(store: Store, grant_id: int) -> Grant:
    with store.reading() as sql:
        row = sql.row(f"SELECT {_COLUMNS} FROM grants WHERE id = ?", (grant_id,))
    if row is None:
        raise NotFound(f"ingen tilskudd med id {grant_id}")
    return _grant(row)


def grants(store: Store, year: int | None = None, counties: tuple[str, ...] | None = None) -> list[Grant]:
    """The funded measures of ``year`` (all years if None), of some counties only if given."""
    with store.reading() as sql:
        rows = sql.rows(f"SELECT {_COLUMNS} FROM grants" + (" WHERE year = ?" if year else "")
                        + " ORDER BY year, county, office, measure, id", (year,) if year else ())
    out = [_grant(r) for r in rows]
    if counties is not None:
        wanted = {fold(c) for c in counties}
        out = [g for g in out if fold(g.county) in wanted]
    return out


def grant_years(store: Store) -> list[int]:
    with store.reading() as sql:
        return [r[0] for r in sql.rows("SELECT DISTINCT year FROM grants ORDER BY year DESC")]


# ---------------------------------------------------------------- import


def check_row(values: dict[str, Any], counties: tuple[str, ...] | None = None) -> GrantRow:
    """A funded measure from its cells, within ``counties`` if given (``ValueError`` if not)."""
    row = grant_row(values)
    if counties is not None and fold(row.county) not in {fold(c) for c in counties}:
        raise ValueError(f"{row.office} ligger i {row.county or 'et ukjent fylke'}, som du ikke følger")
    return row


def read_grant_table(rows: list[list[Any]], counties: tuple[str, ...] | None = None
                     ) -> tuple[list[GrantRow], list[str]]:
    """The funded measures of a table and the errors of its wrong rows (1-based row numbers)."""
    start, columns = next(((i, m) for i, r in enumerate(rows[:MAX_HEADER_SEARCH])
                           if len(m := header_map(r)) >= 3 and all(c in m for c in ("year", "office", "measure"))),
                          (-1, {}))
    if start < 0:
        return [], ["fant ingen overskriftsrad med År, NAV-kontor og Tiltak"]
    found, errors = [], []
    for n, cells in enumerate(rows[start + 1:], start=start + 2):
        if not any(str(c or "").strip() for c in cells):
            continue
        values = {c: cells[i] if i < len(cells) else None for c, i in columns.items()}
        try:
            found.append(check_row(values, counties))
        except ValueError as exc:
            errors.append(f"rad {n}: {exc}")
    return found, errors


def import_grants(store: Store, rows: list[list[Any]], actor: str = "",
                  counties: tuple[str, ...] | None = None) -> ImportResult:
    """Import the funded measures of a table's rows (as ``sources/form_export.table_cells``
    reads a CSV or XLSX file): all rows, or none if any is wrong (a row outside
    ``counties``, if given, is wrong)."""
    found, errors = read_grant_table(rows, counties)
    if errors or not found:
        return ImportResult(errors=errors or ["filen har ingen tilskudd"])
    now = _now()
    with store.writing(bump=False) as sql:
        for g in found:
            _insert(sql, g, actor, now)
    return ImportResult(added=len(found))


# ---------------------------------------------------------------- reports and links


@dataclass(frozen=True)
class Report:
    """A report on a measure: read from a document (a record) or written in the bank (a draft)."""

    key: str  # 'record:<id>' | 'draft:<id>'
    offices: tuple[str, ...]
    measure: str
    report_type: str | None  # 'status' | 'final'
    year: int | None  # the reporting year where known (drafts), else None
    state: str  # 'submitted' for documents, the draft's state otherwise
    grant_id: int | None = None  # the grant a draft names itself
    start_year: int | None = None  # the year the measure started, where a document says


def _start_year(fields: dict[str, Any]) -> int | None:
    start = str(fields.get("start_date") or "")
    return int(start[:4]) if start[:4].isdigit() else None


def reports(store: Store) -> list[Report]:
    """Every report the bank knows: measure records read from documents, and report drafts."""
    out = [Report(f"record:{r.id}", tuple(r.fields.get("nav_offices") or ()), r.fields.get("name") or r.title,
                  r.fields.get("report_type"), None, "submitted", start_year=_start_year(r.fields))
           for r in store.records(kind="tiltak")]
    with store.reading() as sql:
        for did, gid, office, measure, year, rtype, state in sql.rows(
                "SELECT id, grant_id, office, measure, year, report_type, state FROM report_drafts"
                " WHERE state <> 'superseded'"):
            out.append(Report(f"draft:{did}", (office,), measure, rtype, year, state, gid))
    return out


def _best_grant(report: Report, candidates: list[Grant]) -> tuple[Grant, float] | None:
    scored = sorted(((name_likeness(report.measure, g.measure), g) for g in candidates
                     if g.office in report.offices and (report.year is None or report.year == g.year)
                     and (report.start_year is None or report.start_year <= g.year)),
                    key=lambda s: (-s[0], -s[1].year))  # alike names: the latest year
    if not scored or scored[0][0] < MATCH_THRESHOLD:
        return None
    best, g = scored[0]
    others = [s for s, o in scored[1:] if fold(o.measure) != fold(g.measure) or o.year == g.year]
    if others and best - others[0] < MATCH_MARGIN:
        return None  # two grants alike: leave it to the administrator
    return g, best


def suggest_links(store: Store, year: int | None = None) -> int:
    """Suggest a grant for each report not linked yet (office equal, names alike); how many new."""
    candidates = grants(store, year)
    with store.reading() as sql:
        decided = {r[0] for r in sql.rows("SELECT report FROM grant_links")}
    added = 0
    with store.writing(bump=False) as sql:
        for report in reports(store):
            if report.key in decided or report.grant_id is not None:
                continue
            if (best := _best_grant(report, candidates)) is None:
                continue
            g, score = best
            sql.run("INSERT INTO grant_links (grant_id, report, score, explanation, state) VALUES"
                    " (?, ?, ?, ?, 'suggested') ON CONFLICT (grant_id, report) DO NOTHING",
                    (g.id, report.key, round(score, 1), match_explanation(score)))
            added += 1
    return added


def links(store: Store, grant_id: int | None = None) -> list[Link]:
    with store.reading() as sql:
        rows = sql.rows("SELECT id, grant_id, report, score, explanation, state FROM grant_links"
                        + (" WHERE grant_id = ?" if grant_id else "") + " ORDER BY id",
                        (grant_id,) if grant_id else ())
    return [Link(*r) for r in rows]


def decide_link(store: Store, report: str, grant_id: int | None, actor: str) -> None:
    """The administrator's decision: ``report`` belongs to ``grant_id`` (confirmed), or to no
    grant (None: every link of the report rejected)."""
    now = _now()
    with store.writing(bump=False) as sql:
        sql.run("UPDATE grant_links SET state = 'rejected', decided_by = ?, decided_at = ? WHERE report = ?",
                (actor, now, report))
        if grant_id is not None:
            if sql.row("SELECT id FROM grants WHERE id = ?", (grant_id,)) is None:
                raise NotFound(f"ingen tilskudd med id {grant_id}")
            sql.run("INSERT INTO grant_links (grant_id, report, score, explanation, state, decided_by,"
                    " decided_at) VALUES (?, ?, 100, 'bekreftet av forvalter', 'confirmed', ?, ?)"
                    " ON CONFLICT (grant_id, report) DO UPDATE SET state = 'confirmed',"
                    " decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                    (grant_id, report, actor, now))


def _status_of(report: Report) -> str:
    if report.state == "draft":
        return "draft"
    return "final_submitted" if report.report_type == "final" else "status_submitted"


def statuses(store: Store, year: int, counties: tuple[str, ...] | None = None) -> list[GrantStatus]:
    """The reporting status of each funded measure of ``year``: its best report (drafts naming
    the grant, and reports linked to it and not rejected)."""
    candidates = grants(store, year, counties)
    out = {g.id: GrantStatus(g, "not_started") for g in candidates}
    by_key = {r.key: r for r in reports(store)}
    known = links(store)
    linked = [(lk.grant_id, by_key.get(lk.report)) for lk in known if lk.state != "rejected"]
    linked += [(r.grant_id, r) for r in by_key.values() if r.grant_id is not None]
    # a report no one has decided on yet counts where it would be suggested, so a report
    # submitted a minute ago shows at once (the administrator can still reject the match)
    decided = {lk.report for lk in known}
    for report in by_key.values():
        if (report.key not in decided and report.grant_id is None
                and (best := _best_grant(report, candidates)) is not None):
            linked.append((best[0].id, report))
    for gid, report in linked:
        if report is None or gid not in out:
            continue
        entry = out[gid]
        if report.key not in entry.reports:
            entry.reports.append(report.key)
        status = _status_of(report)
        if _RANK[status] > _RANK[entry.status]:
            entry.status = status
    return list(out.values())


# ---------------------------------------------------------------- a year's reports


def _answer(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def year_reports(store: Store, year: int, counties: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    """The answers (form field key → text as written) of the reports on ``year``'s funded
    measures: submitted reports written in the bank and document reports linked to a grant."""
    labels = load_data("form.json")["report_types"]
    by_status = {s.grant.id: s for s in statuses(store, year, counties)}
    keys = {k for s in by_status.values() for k in s.reports}
    out: list[dict[str, str]] = []
    with store.reading() as sql:
        drafts = sql.rows("SELECT id, office, measure, report_type, answers FROM report_drafts"
                          " WHERE state = 'submitted' AND year = ? ORDER BY office, measure, id", (year,))
    for did, office, measure, rtype, answers in drafts:
        if f"draft:{did}" not in keys and counties is not None:
            continue
        given = json.loads(answers or "{}")
        row = {k: _answer(given.get(k)) for k in FIELD_KEYS}
        row["name"] = row["name"] or measure
        row["nav_office"] = row["nav_office"] or office
        row["report_type"] = row["report_type"] or labels.get(rtype, "")
        out.append(row)
    record_ids = [k.split(":", 1)[1] for k in sorted(keys) if k.startswith("record:")]
    for record in store.records(ids=record_ids) if record_ids else []:
        f = record.fields
        out.append({k: _answer(f.get(f"{k}_text") if f.get(f"{k}_text") is not None else f.get(k))
                    for k in FIELD_KEYS})
    return out
