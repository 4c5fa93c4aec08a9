"""Yearly reports written in the bank, over any ``Store`` (portable SQL only).

A reporter saves drafts for their own offices' measures and submits them. Submitting
checks every answer (``domain/report_form.py``), marks the draft submitted (the one it
replaces for the same measure, year and type superseded) and adds a version of the
measure (``report_versions``: 1, 2, … per ``measure_key``); nothing is overwritten. The
report's text (question lines and answer lines) becomes a source of its own,
``rapport-<measure>-<year>-<type>.txt``, stored through ``replace_source`` with its
``tiltak`` record, so the record has provenance and privacy as any read document, and
the search indexes it when it next looks at the store. An editor's correction of one
field of a record read from a document is a version too (origin ``correction``); the
record page shows the corrected value and the source view the original reading.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tiltaksbanken.domain.errors import NotFound
from tiltaksbanken.domain.form import FIELD_KEYS, question_for
from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.privacy import Viewer, may_curate, may_edit_report
from tiltaksbanken.domain.records import Record
from tiltaksbanken.domain.report_form import (
    CONTINUATION,
    REPORT_TYPES,
    canonical_office,
    check_answers,
    clean_answers,
    measure_key,
    render_report,
    report_fields,
)
from tiltaksbanken.store.base import SQL, SourceInfo, Store

SOURCE_PREFIX = "rapport-"
SOURCE_PATH = "tiltaksbanken:rapporter/"  # the path a written report's source is known by
_DRAFT_COLUMNS = ("id, grant_id, measure_key, office, measure, year, report_type, answers, state,"
                  " author_id, created_at, updated_at, submitted_at")
_VERSION_COLUMNS = ("id, measure_key, version, draft_id, record_id, origin, year, report_type,"
                    " fields, author, reason, created_at, field")


class ReportError(ValueError):
    """A report was refused; ``errors`` holds a Norwegian message per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class ReportForbidden(PermissionError):
    """The viewer may not write or change this report or record."""


@dataclass(frozen=True)
class Draft:
    """A report as a reporter writes it: a draft until submitted."""

    id: int
    measure_key: str
    office: str
    measure: str
    year: int
    report_type: str
    answers: dict[str, Any]
    state: str
    author_id: int | None
    created_at: str
    updated_at: str
    submitted_at: str | None = None
    grant_id: int | None = None


@dataclass(frozen=True)
class Version:
    """One version of a measure's record: a submission, a correction or a reading."""

    id: int
    measure_key: str
    version: int
    draft_id: int | None
    record_id: str | None
    origin: str
    year: int | None
    report_type: str | None
    fields: dict[str, Any]
    author: str
    reason: str
    created_at: str
    field: str = ""


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Correction:
    """What an editor changed of one field: the value, by whom, why, when."""

    value: Any
    author: str
    reason: str
    at: str
    version: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _now(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).isoformat(timespec="seconds")


def _draft(row: tuple[Any, ...]) -> Draft:
    (id_, grant, key, office, measure, year, rtype, answers, state, author, created, updated,
     submitted) = row
    return Draft(id_, key, office, measure, year, rtype, json.loads(answers), state, author,
                 created, updated, submitted, grant)


def _version(row: tuple[Any, ...]) -> Version:
    (id_, key, number, draft, record, origin, year, rtype, fields, author, reason, created,
     changed) = row
    return Version(id_, key, number, draft, record, origin, year, rtype, json.loads(fields),
                   author, reason, created, changed or "")


def source_name(key: str, year: int, report_type: str) -> str:
    """The name the source of a submitted report is known and cited by."""
    return f"{SOURCE_PREFIX}{key.replace(':', '-')}-{year}-{report_type}.txt"


# ---------------------------------------------------------------- drafts


def _office_of(answers: dict[str, Any]) -> str:
    return canonical_office(answers["nav_office"]) if answers["nav_office"] else ""


def _check_year(year: int) -> int:
    if not 2000 <= int(year) <= 2100:
        raise ReportError({"year": "Rapporteringsåret må være et årstall mellom 2000 og 2100."})
    return int(year)


def _allowed(viewer: Viewer, office: str) -> bool:
    return may_edit_report(viewer, office)


def save_draft(store: Store, viewer: Viewer, answers: dict[str, Any], year: int,
               draft_id: int | None = None, grant_id: int | None = None,
               now: datetime | None = None) -> Draft:
    """Create (no ``draft_id``) or save a draft. The office the answers name must be one of
    the reporter's (``ReportForbidden`` otherwise); a draft may be incomplete, but what it
    holds must be well-formed (``ReportError``)."""
    a = clean_answers(answers)
    errors = check_answers(a, submitting=False)
    if errors:
        raise ReportError(errors)
    year = _check_year(year)
    office = _office_of(a)
    if not office:
        raise ReportError({"nav_office": "Skriv navnet på NAV-kontoret før du lagrer."})
    if not _allowed(viewer, office):
        raise ReportForbidden(f"du kan ikke skrive rapporter for {office}")
    key = measure_key(office, a["name"])
    rtype = a["report_type"] or "status"
    at = _now(now)
    with store.writing(bump=False) as sql:
        if draft_id is None:
            new_id = sql.insert(
                "INSERT INTO report_drafts (grant_id, measure_key, office, measure, year, report_type,"
                " answers, state, author_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?) RETURNING id",
                (grant_id, key, office, a["name"], year, rtype, json.dumps(a, ensure_ascii=False),
                 viewer.user_id, at, at))
        else:
            old = _draft_row(sql, draft_id)
            if old is None or not _allowed(viewer, old.office):
                raise NotFound(f"ingen rapport {draft_id}")
            if old.state != "draft":
                raise ReportError({"state": "Rapporten er sendt inn og kan ikke endres. "
                                            "Start en ny versjon."})
            sql.run("UPDATE report_drafts SET measure_key = ?, office = ?, measure = ?, year = ?,"
                    " report_type = ?, answers = ?, author_id = ?, updated_at = ? WHERE id = ?",
                    (key, office, a["name"], year, rtype, json.dumps(a, ensure_ascii=False),
                     viewer.user_id, at, draft_id))
            new_id = draft_id
        saved = _draft_row(sql, new_id)
    assert saved is not None
    return saved


def _draft_row(sql: SQL, draft_id: int) -> Draft | None:
    row = sql.row(f"SELECT {_DRAFT_COLUMNS} FROM report_drafts WHERE id = ?", (draft_id,))
    return _draft(row) if row else None


def draft(store: Store, viewer: Viewer, draft_id: int) -> Draft:
    """The report ``draft_id`` if the viewer may write it; ``NotFound`` otherwise (another
    office's report is not told apart from one that does not exist)."""
    with store.reading() as sql:
        found = _draft_row(sql, draft_id)
    if found is None or not _allowed(viewer, found.office):
        raise NotFound(f"ingen rapport {draft_id}")
    return found


def drafts_of(store: Store, viewer: Viewer) -> list[Draft]:
    """The reports of the viewer's offices (drafts and submitted), newest year first."""
    with store.reading() as sql:
        rows = sql.rows(f"SELECT {_DRAFT_COLUMNS} FROM report_drafts"
                        " ORDER BY year DESC, updated_at DESC, id DESC")
    return [d for d in map(_draft, rows) if _allowed(viewer, d.office)]


# ---------------------------------------------------------------- submitting


def _next_version(sql: SQL, key: str) -> int:
    row = sql.row("SELECT MAX(version) FROM report_versions WHERE measure_key = ?", (key,))
    return int(row[0] or 0) + 1 if row else 1


def report_record(d: Draft, source: str) -> tuple[Record, list[str]]:
    """The ``tiltak`` record of a submitted report and the text lines it is read from."""
    heading = f"{d.measure} – {d.office}, {d.year}"
    lines, where = render_report(d.answers, heading)
    fields = report_fields(d.answers)
    sources = {k: [where[k]] for k in where}
    derived = {"county_text": "county", "county_code": "county", "county_2024": "county",
               "nav_office_key": "nav_office", "nav_offices": "nav_office",
               "municipalities": "nav_office", "report_type_text": "report_type",
               "law_paragraphs_text": "law_paragraphs", "start_date": "start"}
    for key, origin in derived.items():
        if origin in where and fields.get(key) not in (None, "", []):
            sources[key] = [where[origin]]
    record = Record(kind="tiltak", title=" ".join(d.measure.split()), fields=fields, file=source,
                    field_sources=sources)
    record.assign_id(source)
    return record, lines


def submit(store: Store, viewer: Viewer, draft_id: int, now: datetime | None = None) -> Version:
    """Submit the draft: check it (``ReportError``), mark it submitted (an earlier submitted
    report of the same measure, year and type superseded), add the measure's next version
    and store the report as a searchable record. Audit-logged."""
    d = draft(store, viewer, draft_id)
    if d.state != "draft":
        raise ReportError({"state": "Rapporten er allerede sendt inn."})
    errors = check_answers(d.answers, submitting=True)
    if errors:
        raise ReportError(errors)
    name = source_name(d.measure_key, d.year, d.report_type)
    record, lines = report_record(d, name)
    at = _now(now)
    # The record first: if the version cannot be written after it, the draft stays a draft
    # and submitting again stores the same text again; never a version without its report.
    text = "\n".join(lines) + "\n"
    info = SourceInfo(name=name, path=SOURCE_PATH + name,
                      sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), reader="rapport",
                      encoding="utf-8", line_count=len(lines), format="text",
                      title=lines[0].removeprefix("# "), date=at[:10], language="nb")
    store.replace_source(info, lines, [record])
    with store.writing() as sql:
        sql.run("UPDATE report_drafts SET state = 'superseded' WHERE measure_key = ? AND year = ?"
                " AND report_type = ? AND state = 'submitted'", (d.measure_key, d.year, d.report_type))
        changed = sql.run("UPDATE report_drafts SET state = 'submitted', submitted_at = ?,"
                          " updated_at = ? WHERE id = ? AND state = 'draft'", (at, at, d.id))
        if changed != 1:
            raise ReportError({"state": "Rapporten er allerede sendt inn."})
        number = _next_version(sql, d.measure_key)
        version_id = sql.insert(
            "INSERT INTO report_versions (measure_key, version, draft_id, record_id, origin, year,"
            " report_type, fields, author, reason, created_at)"
            " VALUES (?, ?, ?, ?, 'submission', ?, ?, ?, ?, '', ?) RETURNING id",
            (d.measure_key, number, d.id, record.id, d.year, d.report_type,
             json.dumps(record.fields, ensure_ascii=False), viewer.name or "rapportør", at))
    store.audit(viewer.name or str(viewer.user_id), "rapport sendt inn",
                f"{d.measure_key} {d.year} {d.report_type} versjon {number}", at=now)
    return Version(version_id, d.measure_key, number, d.id, record.id, "submission", d.year,
                   d.report_type, record.fields, viewer.name, "", at)


def new_year_draft(store: Store, viewer: Viewer, key: str, year: int,
                   report_type: str = "status", now: datetime | None = None) -> Draft:
    """A new draft for ``year`` that starts from the measure's last submitted answers."""
    if report_type not in REPORT_TYPES:
        raise ReportError({"report_type": "Velg statusrapportering eller sluttrapportering."})
    with store.reading() as sql:
        row = sql.row(f"SELECT {_DRAFT_COLUMNS} FROM report_drafts WHERE measure_key = ?"
                      " AND state IN ('submitted', 'superseded')"
                      " ORDER BY submitted_at DESC, id DESC", (key,))
    last = _draft(row) if row else None
    if last is None or not _allowed(viewer, last.office):
        raise NotFound(f"ingen innsendt rapport for {key}")
    answers = dict(last.answers, report_type=report_type)
    if answers.get("continuation") not in CONTINUATION:
        answers["continuation"] = ""
    return save_draft(store, viewer, answers, year, grant_id=last.grant_id, now=now)


# ---------------------------------------------------------------- versions


def history(store: Store, key: str) -> list[Version]:
    """Every version of the measure ``key``, oldest first."""
    with store.reading() as sql:
        rows = sql.rows(f"SELECT {_VERSION_COLUMNS} FROM report_versions WHERE measure_key = ?"
                        " ORDER BY version", (key,))
    return [_version(r) for r in rows]


def record_key(record: Record) -> str:
    """The measure key of a record (its office and name, or its id if it names neither)."""
    offices = record.fields.get("nav_offices") or []
    office = offices[0] if offices else record.fields.get("nav_office")
    name = record.fields.get("name")
    if record.kind == "tiltak" and (office or name):
        return measure_key(office, name)
    return f"post:{record.id}"


def record_history(store: Store, record: Record) -> list[Version]:
    """The versions of the record's measure, and the corrections of the record, oldest first."""
    key = record_key(record)
    with store.reading() as sql:
        rows = sql.rows(f"SELECT {_VERSION_COLUMNS} FROM report_versions"
                        " WHERE measure_key = ? OR record_id = ? ORDER BY id",
                        (key, record.id))
    return [_version(r) for r in rows]


def _shown(value: Any) -> Any:
    if isinstance(value, dict) and "text" in value:
        return value.get("text")
    return value


def diff(before: Version, after: Version) -> list[FieldChange]:
    """The form's answers that differ between two versions, in the form's order."""
    out = []
    for key in FIELD_KEYS:
        a, b = _shown(before.fields.get(key)), _shown(after.fields.get(key))
        if a != b:
            out.append(FieldChange(key, question_for(key), a, b))
    return out


# ---------------------------------------------------------------- corrections


def correctable_fields(record: Record) -> list[tuple[str, str]]:
    """(key, label) of the record's text fields an editor may correct."""
    return [(s.key, s.label) for s in kind_of(record.kind).fields
            if s.shown and not s.personal and s.display == "text"]


def correct(store: Store, viewer: Viewer, record_id: str, key: str, value: str, reason: str,
            now: datetime | None = None) -> Version:
    """An editor's correction of one field of a record: a new version (origin
    ``correction``) with the field's new value; the record's reading is kept as it is."""
    if not may_curate(viewer):
        raise ReportForbidden("bare redaktører kan rette poster")
    record = store.record(record_id)
    errors: dict[str, str] = {}
    allowed = dict(correctable_fields(record))
    value = value.replace("\r\n", "\n").strip()
    reason = " ".join(reason.split())
    if key not in allowed:
        errors["field"] = "Velg et felt som kan rettes."
    if not value or len(value) > 10_000 or any(ord(c) < 32 and c not in "\n\t" for c in value):
        errors["value"] = "Skriv den rettede verdien (høyst 10 000 tegn, uten kontrolltegn)."
    if not reason or len(reason) > 500:
        errors["reason"] = "Skriv en kort begrunnelse (høyst 500 tegn)."
    if errors:
        raise ReportError(errors)
    current = dict(record.fields)
    for k, c in corrections(store, record_id).items():
        current[k] = c.value
    current[key] = value
    at = _now(now)
    rkey = record_key(record)
    with store.writing() as sql:
        number = _next_version(sql, rkey)
        version_id = sql.insert(
            "INSERT INTO report_versions (measure_key, version, record_id, origin, fields,"
            " author, reason, created_at, field)"
            " VALUES (?, ?, ?, 'correction', ?, ?, ?, ?, ?) RETURNING id",
            (rkey, number, record_id, json.dumps(current, ensure_ascii=False),
             viewer.name or "redaktør", reason, at, key))
    store.audit(viewer.name or str(viewer.user_id), "post rettet",
                f"{record_id} {key}: {reason}", at=now)
    return Version(version_id, rkey, number, None, record_id, "correction", None, None, current,
                   viewer.name, reason, at, key)


def corrections(store: Store, record_id: str) -> dict[str, Correction]:
    """The latest correction of each corrected field of the record."""
    with store.reading() as sql:
        rows = sql.rows(f"SELECT {_VERSION_COLUMNS} FROM report_versions WHERE record_id = ?"
                        " AND origin = 'correction' ORDER BY version, id", (record_id,))
    out: dict[str, Correction] = {}
    for v in map(_version, rows):
        if v.field:
            out[v.field] = Correction(v.fields.get(v.field), v.author, v.reason, v.created_at,
                                      v.version)
    return out
