"""The grants register: tables with varied headers and written amounts are imported whole or
not at all, reports are matched to grants only where office and name agree, and each funded
measure gets the status of its best report."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tiltaksbanken import open_store
from tiltaksbanken.domain.grants import parse_amount, parse_positions
from tiltaksbanken.sources.form_export import table_cells
from tiltaksbanken.store import Store
from tiltaksbanken.store.grants import (
    add_grant,
    decide_link,
    grants,
    import_grants,
    links,
    statuses,
    suggest_links,
)

ROWS = [
    ("2025", "NAV Alna", "Boligsosialt team for unge", "kr 1 200 000", "1,5"),
    ("2025", "Nav Grünerløkka", "Jobbspor <script>alert(1)</script>", "450.000,-", "0,5"),
    ("2025", "NAV Bergenhus", "Gjeldsrådgivning i bydelen", "300000", ""),
]


def _csv(header: list[str], rows: list[tuple[str, ...]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(header: list[str], rows: list[tuple[object, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Tilskudd til sosiale tjenester"])  # a title row above the header
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("text", "amount"), [("kr 1 200 000", 1_200_000), ("1.200.000,-", 1_200_000),
                                              ("1 200 000 kr", 1_200_000), (1200000.0, 1_200_000),
                                              ("1200000", 1_200_000), ("", None)])
def test_amounts_are_read_as_written(text: object, amount: int | None) -> None:
    assert parse_amount(text) == amount


def test_positions_read_with_decimal_comma() -> None:
    assert (parse_positions("1,5"), parse_positions(2), parse_positions(" ")) == (1.5, 2.0, None)
    with pytest.raises(ValueError):
        parse_positions("mange")


def test_csv_import_with_norwegian_headers(store: Store) -> None:
    result = import_grants(store, table_cells("tilskudd.csv", _csv(["År", "NAV-kontor", "Tiltak", "Beløp", "Stillinger"], ROWS)), actor="forvalter")
    assert (result.added, result.errors) == (3, [])
    found = {g.measure: g for g in grants(store, 2025)}
    alna = found["Boligsosialt team for unge"]
    assert (alna.office, alna.county, alna.amount, alna.positions) == ("NAV Alna", "Oslo", 1_200_000, 1.5)
    assert found["Gjeldsrådgivning i bydelen"].county == "Vestland"
    assert found["Jobbspor <script>alert(1)</script>"].office == "NAV Grünerløkka"


def test_xlsx_import_tolerates_header_variants(store: Store) -> None:
    header = ["Tilskuddsår", "Kontor", "Tiltaksnavn", "Innvilget beløp (kr)", "Årsverk"]
    rows = [(2024, "NAV Alna", "Boligsosialt team", 800000, 1), (2024, "NAV Bergenhus", "Gjeld", "kr 50 000", "0,2")]
    result = import_grants(store, table_cells("tilskudd.xlsx", _xlsx(header, rows)))
    assert (result.added, result.errors) == (2, [])
    assert sorted(g.amount or 0 for g in grants(store, 2024)) == [50_000, 800_000]


def test_bad_rows_are_reported_and_nothing_is_imported(store: Store) -> None:
    rows = [*ROWS, ("tjue", "NAV Alna", "X", "1", ""), ("2025", "", "Y", "1", ""),
            ("2025", "NAV Alna", "Z", "mye penger", "")]
    result = import_grants(store, table_cells("t.csv", _csv(["År", "NAV-kontor", "Tiltak", "Beløp", "Stillinger"], rows)))
    assert result.added == 0 and grants(store) == []
    assert [e.split(":")[0] for e in result.errors] == ["rad 5", "rad 6", "rad 7"]
    assert "beløpet" in result.errors[2]


def test_a_table_without_the_needed_headers_is_refused(store: Store) -> None:
    result = import_grants(store, table_cells("t.csv", _csv(["Navn", "Verdi"], [("a", "b")])))
    assert result.added == 0 and result.errors


def _draft(store: Store, office: str, measure: str, year: int, report_type: str, state: str,
           grant_id: int | None = None) -> int:
    now = datetime.now(UTC).isoformat()
    with store.writing(bump=False) as sql:
        return sql.insert(
            "INSERT INTO report_drafts (grant_id, measure_key, office, measure, year, report_type, answers,"
            " state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (grant_id, f"{office}/{measure}", office, measure, year, report_type, json.dumps({}), state, now, now))


def _grant(store: Store, office: str, measure: str, year: int = 2025) -> int:
    return add_grant(store, {"year": year, "office": office, "measure": measure}).id


SIMILAR = [  # (grant name, report name, same measure?)
    ("Boligsosialt team for unge", "Boligsosialt team for unge voksne", True),
    ("Jobbspor", "JOBBSPOR", True),
    ("Gjeldsrådgivning i bydelen", "Gjeldsradgivning i bydelen", True),
    ("Ungdomslos", "Ungdomsløs Alna", False),
    ("Boligsosialt team", "Boligsosialt tiltak", False),
    ("Aktivitetstiltak for unge", "Aktivitetstiltak for eldre", False),
    ("Familiekoordinator", "Familieveileder", False),
]


def test_matching_prefers_precision_on_similar_names(store: Store) -> None:
    expected, got = {}, {}
    for i, (grant_name, report_name, same) in enumerate(SIMILAR):
        office = ["NAV Alna", "NAV Bergenhus", "NAV Grünerløkka", "NAV Frogner", "NAV Sagene", "NAV Stovner",
                  "NAV Bjerke"][i]
        gid = _grant(store, office, grant_name)
        did = _draft(store, office, report_name, 2025, "status", "submitted")
        expected[f"draft:{did}"] = gid if same else None
    _draft(store, "NAV Alna", "Jobbspor", 2025, "status", "submitted")  # name alike, other office
    suggest_links(store, 2025)
    for link in links(store):
        got[link.report] = link.grant_id
        assert "samme kontor" in link.explanation
    wrong = {k: v for k, v in got.items() if expected.get(k) != v}
    assert wrong == {}, wrong  # no false match at all
    found = sum(1 for k, v in expected.items() if v is not None and got.get(k) == v)
    assert found >= 2  # and most true ones are found


def test_status_per_funded_measure(store: Store) -> None:
    none = _grant(store, "NAV Alna", "Ingen rapport ennå")
    draft = _grant(store, "NAV Alna", "Utkast skrevet")
    status = _grant(store, "NAV Alna", "Statusrapport levert")
    final = _grant(store, "NAV Alna", "Sluttrapport levert")
    _draft(store, "NAV Alna", "Utkast skrevet", 2025, "status", "draft", draft)
    _draft(store, "NAV Alna", "Statusrapport levert", 2025, "status", "submitted", status)
    _draft(store, "NAV Alna", "Sluttrapport levert", 2025, "status", "submitted", final)
    linked = _draft(store, "NAV Alna", "Sluttrapport levert", 2025, "final", "submitted")
    suggest_links(store, 2025)
    by_id = {s.grant.id: s.status for s in statuses(store, 2025)}
    assert by_id == {none: "not_started", draft: "draft", status: "status_submitted", final: "final_submitted"}
    decide_link(store, f"draft:{linked}", None, "forvalter")  # the administrator says it is not this one
    assert {s.grant.id: s.status for s in statuses(store, 2025)}[final] == "status_submitted"
    decide_link(store, f"draft:{linked}", none, "forvalter")  # … but that one
    assert {s.grant.id: s.status for s in statuses(store, 2025)}[none] == "final_submitted"
    assert statuses(store, 2025, counties=("Vestland",)) == []


def test_reports_read_from_documents_are_matched_by_office_and_name(sample_db: str, tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    shutil.copy(sample_db, path)
    with open_store(str(path)) as store:
        record = next(r for r in store.records(kind="tiltak")
                      if len(r.fields.get("nav_offices") or []) == 1 and r.fields.get("name")
                      and r.fields.get("start_date"))
        office = record.fields["nav_offices"][0]
        year = int(record.fields["start_date"][:4]) + 1
        same = add_grant(store, {"year": year, "office": office, "measure": record.fields["name"].upper()}).id
        before = add_grant(store, {"year": year - 2, "office": office, "measure": record.fields["name"]}).id
        suggest_links(store, None)
        found = [lk for lk in links(store) if lk.report == f"record:{record.id}"]
        assert [(lk.grant_id, lk.explanation) for lk in found] == [(same, "samme kontor, samme navn")]
        assert before not in {lk.grant_id for lk in links(store)}  # a grant before the measure started
        status = {s.grant.id: s for s in statuses(store, year)}[same]
        assert status.status in ("status_submitted", "final_submitted") and f"record:{record.id}" in status.reports
