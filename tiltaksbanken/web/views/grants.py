"""What «Rapportering» and «Tilskudd» show, and their downloads: the funded measures of a
year with their reporting status, counts per county and office, the list of missing
reports, and a year's reports with the form's questions as column headers.

Report exports carry contact data only for viewers ``domain/privacy.py`` lets see it; for
anyone else personal fields are masked and free text is put through ``visible_text``.
A spreadsheet program must not run a cell as a formula, so cells that start with
``= + - @`` get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from openpyxl import Workbook

from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.domain.privacy import (
    EMAIL_MASK,
    NAME_MASK,
    PERSONAL_FIELDS,
    Viewer,
    may_see_personal,
    reporting_counties,
    visible_text,
)
from tiltaksbanken.store import Store
from tiltaksbanken.store import grants as ops
from tiltaksbanken.web import urls

MISSING_COLUMNS = ("År", "Fylke", "NAV-kontor", "Tiltak", "Beløp", "Stillinger", "Status")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _county_filter(viewer: Viewer, county: str) -> tuple[str, ...] | None:
    allowed = reporting_counties(viewer)
    if county:
        return (county,) if allowed is None or county in allowed else ()
    return allowed


def report_link(key: str) -> str | None:
    kind, _, ident = key.partition(":")
    return urls.record_url(ident) if kind == "record" else None


def page(store: Store, viewer: Viewer, year: int | None, county: str, status: str) -> dict[str, Any]:
    """The «Rapportering» page: a year's funded measures in the viewer's counties with status."""
    years = ops.grant_years(store)
    year = year or (years[0] if years else None)
    counties = reporting_counties(viewer)
    entries = ops.statuses(store, year, _county_filter(viewer, county)) if year else []
    shown = [e for e in entries if not status or e.status == status]
    all_counties = sorted({g.county for g in ops.grants(store, year, counties)} if year else set())
    return {
        "year": year, "years": years, "county": county, "status": status, "counties": all_counties,
        "statuses": [{"value": k, "label": v} for k, v in ops.STATUS_LABELS.items()],
        "rows": [{"id": e.grant.id, "county": e.grant.county, "office": e.grant.office,
                  "measure": e.grant.measure, "amount": e.grant.amount, "positions": e.grant.positions,
                  "status": e.status, "label": e.label,
                  "reports": [{"key": k, "url": report_link(k)} for k in e.reports]} for e in shown],
        "per_county": sorted(Counter(e.grant.county for e in entries if e.status == "not_started").items()),
        "per_office": sorted(Counter(e.grant.office for e in entries if e.status == "not_started").items()),
        "done": sum(1 for e in entries if e.status.endswith("submitted")), "total": len(entries),
        "links": [{"report": lk.report, "url": report_link(lk.report), "grant": lk.grant_id,
                   "explanation": lk.explanation, "state": lk.state}
                  for lk in ops.links(store) if lk.grant_id in {e.grant.id for e in entries}],
    }


def missing_rows(store: Store, viewer: Viewer, year: int, county: str) -> list[list[str]]:
    """The funded measures of ``year`` without a submitted report, as table rows with a header."""
    rows = [list(MISSING_COLUMNS)]
    for e in ops.statuses(store, year, _county_filter(viewer, county)):
        if not e.status.endswith("submitted"):
            g = e.grant
            rows.append([str(g.year), g.county, g.office, g.measure, "" if g.amount is None else str(g.amount),
                         "" if g.positions is None else f"{g.positions:g}".replace(".", ","), e.label])
    return rows


def report_rows(store: Store, viewer: Viewer, year: int, county: str) -> list[list[str]]:
    """A year's reports with the form's questions as header row, as ``viewer`` may see them."""
    fields = form_fields()
    rows = [[f.question for f in fields]]
    personal = may_see_personal(viewer)
    for answers in ops.year_reports(store, year, _county_filter(viewer, county)):
        row = []
        for f in fields:
            value = answers.get(f.key, "")
            if not personal and f.key in PERSONAL_FIELDS and value:
                value = EMAIL_MASK if "email" in f.key else NAME_MASK
            elif not personal:
                value = visible_text(value, viewer)
            row.append(value)
        rows.append(row)
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[list[str]], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def grants_page(store: Store, viewer: Viewer, year: int | None) -> dict[str, Any]:
    """The «Tilskudd» page: the funded measures of a year in the viewer's counties."""
    years = ops.grant_years(store)
    year = year or (years[0] if years else None)
    return {"year": year, "years": years,
            "grants": [g.__dict__ for g in ops.grants(store, year, reporting_counties(viewer))] if year else []}
