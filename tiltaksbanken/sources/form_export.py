"""Reader for the annual report form as exported from the survey tool (CSV or XLSX).

An export has one header row holding the form's questions and one row per
measure. The questions' wording varies between exports, so every header is
matched against the form (``form.best_question``). Two known variations of the
layout are handled:

* the e-mail question ("E-post til kontaktperson ... Velg fylke.") comes as one
  column holding "e-mail county" or as two columns, e-mail and county;
* the continuation question comes as one column with "Ja, gjennom ..." /
  "Nei, fordi ..." answers or as two columns, one for each choice.

Provenance is the row: the physical line range of the row in a CSV file (a
quoted cell may span lines) or the sheet row number of an XLSX file, for which
the ``ReadResult`` carries one rendered line per sheet row, which the records point into.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.domain.form import best_question, tiltak_fields, tiltak_title
from tiltaksbanken.domain.records import LineRange, Record
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.base import Reader, ReadResult
from tiltaksbanken.sources.document import SourceDocument

HEADER_THRESHOLD = 0.75
MIN_HEADERS = 3
HEADER_SCAN_ROWS = 10
CSV_SUFFIXES = (".csv", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
DAMAGED_XLSX = "the XLSX file is damaged or truncated"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LAW_SEPARATORS = re.compile(r"\s*(?:;|\n|\r|\s/\s)\s*")
_SUB_YES, _SUB_NO = "continuation_yes", "continuation_no"


@dataclass(frozen=True)
class Header:
    """Which form field each column answers, found in one row of the file."""

    row_index: int  # index of the header row among the rows read
    columns: dict[int, str]  # column index -> field key (or continuation sub-column)

    @property
    def matched(self) -> int:
        return len(self.columns)


@dataclass
class Row:
    cells: list[str | None]
    lines: LineRange


def _continuation_choice(header: str) -> str | None:
    """``continuation_yes``/``continuation_no`` when the header names one choice."""
    form = load_data("form.json")
    folded = f" {fold(header)} "
    named = [
        sub
        for sub, phrase in ((_SUB_YES, form["continuation_yes"]), (_SUB_NO, form["continuation_no"]))
        if f" {fold(phrase)} " in folded
    ]
    # a header naming both choices is the whole question, not one of its columns
    return named[0] if len(named) == 1 else None


def map_headers(cells: Sequence[Any]) -> dict[int, str]:
    """Column index → form field key for the cells of a header row.

    A field taken by two columns goes to the better-matching one; the
    continuation may be split into a "yes" and a "no" column.
    """
    best: dict[str, tuple[float, int]] = {}
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        text = " ".join(str(cell).split())
        if not text:
            continue
        sub = _continuation_choice(text)
        if sub is not None:
            key: str | None = sub
            score = 1.0
        else:
            key, score = best_question(text)
        if key is None or score < HEADER_THRESHOLD:
            continue
        if key not in best or score > best[key][0]:
            best[key] = (score, i)
    return {i: key for key, (_, i) in best.items()}


def find_header(rows: Sequence[Sequence[Any]]) -> Header | None:
    """The row among the first few that matches the most form questions (at least 3)."""
    found: Header | None = None
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = map_headers(cells)
        if len(columns) >= MIN_HEADERS and (found is None or len(columns) > found.matched):
            found = Header(index, columns)
    return found


# ---------------------------------------------------------------- CSV


def _csv_rows(text: str, delimiter: str) -> list[Row]:
    """All rows with the 1-based physical line range each spans in the file."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(normalised, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    last = 0
    try:
        for cells in reader:
            rows.append(Row(list(cells), (last + 1, reader.line_num)))
            last = reader.line_num
    except csv.Error:
        # an unterminated quote at the end: keep what was read
        pass
    return rows


def _sniffed_delimiter(text: str) -> str | None:
    try:
        return csv.Sniffer().sniff(text[:20000], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return None


def _csv_table(doc: SourceDocument) -> tuple[list[Row], Header | None]:
    """Rows and header with the delimiter whose header row matches the form best."""
    text = doc.text
    sniffed = _sniffed_delimiter(text)
    preferred = "\t" if doc.suffix == ".tsv" else sniffed
    order = sorted(DELIMITERS, key=lambda d: d != preferred)
    best_rows: list[Row] = []
    best_header: Header | None = None
    for delimiter in order:
        rows = _csv_rows(text, delimiter)
        header = find_header([r.cells for r in rows])
        if header is not None and (best_header is None or header.matched > best_header.matched):
            best_rows, best_header = rows, header
    return best_rows, best_header


# ---------------------------------------------------------------- XLSX


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _render_row(cells: Sequence[str | None]) -> str:
    """One display line for a sheet row: the cells joined by " | ", line breaks as spaces."""
    parts = [" ".join((c or "").split()) for c in cells]
    while parts and not parts[-1]:
        parts.pop()
    return " | ".join(parts)


def _xlsx_sheets(doc: SourceDocument) -> list[list[list[str | None]]]:
    """Every sheet as rows of cell texts; row n of the sheet is ``rows[n - 1]``."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(doc.data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and KeyError kinds on a broken package
        raise IngestError(doc.name, f"{DAMAGED_XLSX} ({type(exc).__name__})") from None
    sheets: list[list[list[str | None]]] = []
    try:
        for sheet in workbook.worksheets:
            rows = [
                [_cell_text(v) for v in values]
                for values in sheet.iter_rows(min_row=1, min_col=1, values_only=True)
            ]
            while rows and not any(rows[-1]):
                rows.pop()  # formatted but empty rows at the end
            sheets.append(rows)
    except Exception as exc:
        raise IngestError(doc.name, f"{DAMAGED_XLSX} ({type(exc).__name__})") from None
    finally:
        workbook.close()
    return sheets


def _xlsx_table(doc: SourceDocument) -> tuple[list[Row], Header | None, list[str]]:
    """Rows, header and display lines of the first sheet whose header matches the form."""
    for rows in _xlsx_sheets(doc):
        header = find_header(rows)
        if header is not None:
            table = [Row(list(cells), (n, n)) for n, cells in enumerate(rows, 1)]
            return table, header, [_render_row(cells) for cells in rows]
    return [], None, []


# ---------------------------------------------------------------- rows → records


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _law_text(value: str | None) -> str | None:
    """Choices separated by ";", line breaks or " / " joined with " / " for the parser."""
    if value is None:
        return None
    parts = [p.strip() for p in _LAW_SEPARATORS.split(value) if p.strip()]
    return " / ".join(parts) or None


def row_answers(cells: Sequence[str | None], columns: dict[int, str]) -> tuple[
    dict[str, str | None], str | None
]:
    """The raw answers (field key → cell text) of one row, and the continuation choice."""
    raw: dict[str, str | None] = {}
    for i, key in columns.items():
        raw[key] = _clean(cells[i]) if i < len(cells) else None
    email_cell = raw.get("contact_email")
    if email_cell:
        found = _EMAIL.search(email_cell)
        if found:
            raw["contact_email"] = found.group(0)
            rest = " ".join((email_cell[: found.start()] + " " + email_cell[found.end() :]).split())
            rest = rest.strip(" ,;/|-") or None
            if rest and not raw.get("county"):
                raw["county"] = rest
    answer: str | None = None
    yes, no = raw.pop(_SUB_YES, None), raw.pop(_SUB_NO, None)
    if "continuation" not in raw and (yes or no):
        if yes and not no:
            raw["continuation"], answer = yes, "yes"
        elif no and not yes:
            raw["continuation"], answer = no, "no"
        else:
            raw["continuation"] = f"{yes}\n{no}"
    return raw, answer


def _has_value(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_value(v) for v in value.values())
    return value not in (None, "", [])


def rows_to_records(doc: SourceDocument, rows: list[Row], header: Header) -> Iterator[Record]:
    body = rows[header.row_index + 1 :]
    ordinal = 0
    for row in body:
        if not any(c and c.strip() for c in row.cells):
            continue
        raw, answer = row_answers(row.cells, header.columns)
        if not any(raw.values()):
            continue  # only cells outside the form's columns
        law_as_written = raw.get("law_paragraphs")
        raw["law_paragraphs"] = _law_text(law_as_written)
        fields = tiltak_fields(raw, continuation_answer=answer)
        fields["law_paragraphs_text"] = law_as_written
        yield Record(
            kind="tiltak",
            title=tiltak_title(fields),
            fields=fields,
            file=doc.name,
            field_sources={k: [row.lines] for k, v in fields.items() if _has_value(v)},
            lines=[row.lines],
            ordinal=ordinal,
        )
        ordinal += 1
    if ordinal == 0:
        raise IngestError(
            doc.name, "the export has a header row but no answers: there is no row to read"
        )


class FormExportReader(Reader):
    """The survey tool's export of the annual report form: one ``tiltak`` per row."""

    NAME = "form_export"
    LABEL = "Skjemaeksport (regneark)"
    SUFFIXES = frozenset(CSV_SUFFIXES + XLSX_SUFFIXES)
    MEDIA_TYPES = frozenset()
    NEEDS_TEXT = False  # a workbook is read from its bytes
    SCORE = 0.95

    def match(self, doc: SourceDocument) -> float:
        if doc.suffix in XLSX_SUFFIXES:
            try:
                _, header, _ = _xlsx_table(doc)
            except IngestError:
                # no other reader takes a spreadsheet: bid so that the damage is reported
                return 0.3
            return self.SCORE if header is not None else 0.0
        if doc.suffix in CSV_SUFFIXES and doc.is_text():
            _, header = _csv_table(doc)
            return self.SCORE if header is not None else 0.0
        return 0.0

    def read(self, doc: SourceDocument) -> ReadResult:
        """A workbook's records point into its rendered rows, kept as the result's lines."""
        if doc.suffix in XLSX_SUFFIXES:
            rows, header, display = _xlsx_table(doc)
            if header is None:
                raise IngestError(doc.name, self._no_header_reason("sheet"))
            return ReadResult(list(rows_to_records(doc, rows, header)), display)
        return ReadResult(list(self.records(doc)))

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        rows, header = _csv_table(doc)
        if header is None:
            raise IngestError(doc.name, self._no_header_reason("file"))
        yield from rows_to_records(doc, rows, header)

    @staticmethod
    def _no_header_reason(where: str) -> str:
        return (
            f"no {where} has a header row matching the annual report form: at least "
            f"{MIN_HEADERS} column headers must be questions of the form "
            "(e.g. 'Navn på tiltaket', 'Navn på NAV-kontoret', 'Beskriv tiltaket')"
        )


def table_cells(name: str, data: bytes) -> list[list[str | None]]:
    """The rows of a CSV/TSV (sniffed delimiter, the same decoding ingest uses) or XLSX file
    (its first sheet) as cell texts: for tables that are not the form, like a grants list."""
    doc = SourceDocument(path=Path(name), data=data)
    if doc.suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(doc)
        return sheets[0] if sheets else []
    delimiter = _sniffed_delimiter(doc.text) or ("\t" if doc.suffix == ".tsv" else ";")
    return [list(r.cells) for r in _csv_rows(doc.text, delimiter)]
