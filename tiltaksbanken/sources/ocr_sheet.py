"""Reader for the annual-report spreadsheet OCR'd column by column.

The printed sheet has one row per measure and one column per form question.
The OCR gives all cells of the first column, then all of the second, and so on;
long columns run over several pages and repeat their header. Cells are
separated by blank lines. The size of a gap (a small gap of 0–1 blank lines or
a big one of 2+) depends on the row's height, so it is the same in every
column: that gap signature is what lines the columns up.

The reader works only from structure:

1. headers are found by matching lines against the form's questions
   (``domain/form.py``); repeated headers are page furniture;
2. columns without a header (start date, report type) are found by what their
   cells hold;
3. the number of rows and the row boundaries are taken from the consensus of
   the columns that share the full big-gap signature (``layout.py``);
4. every column's cells are assigned to rows: big gaps are row boundaries,
   small ones are chosen by cues (blank line or not, lower-case continuation,
   leading space, terminal punctuation); sparse columns are placed where the
   sum of their gaps fits the reference signature.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import numpy as np

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.domain.form import (
    FIELD_KEYS,
    normalise_report_type,
    parse_start,
    tiltak_fields,
    tiltak_title,
)
from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.base import Reader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.sheet_layout import (
    Cell,
    Column,
    align_full_column,
    align_sparse_column,
    find_headers,
    reference_rows,
    row_hints,
    split_blocks,
)

_EMAIL = re.compile(r"\S+@\S+")
_SPARSE_KEYS = ("start", "report_type", "continuation_yes", "continuation_no")
_HINT_KEYS = ("name", "nav_office")
_ONE_LINE_FIELDS = frozenset({"name", "nav_office", "start", "report_type"})
MIN_HEADERS = 4


def _is_email_line(text: str) -> bool:
    return bool(_EMAIL.search(text))


def _is_report_type_line(text: str) -> bool:
    return len(text.strip()) < 90 and normalise_report_type(text) is not None


def _split_contact_column(column: Column, lines: list[str]) -> list[Column]:
    """The e-mail column is followed by the header-less start and report-type columns."""
    numbers = column.line_numbers
    last_email = max((n for n in numbers if _is_email_line(lines[n - 1])), default=None)
    if last_email is None:
        return [column]
    rest = [n for n in numbers if n > last_email]
    first_rtype = next((n for n in rest if _is_report_type_line(lines[n - 1])), None)
    start_lines = [n for n in rest if first_rtype is None or n < first_rtype]
    rtype_lines = [n for n in rest if first_rtype is not None and n >= first_rtype]
    out = [column.restricted(lambda n: n <= last_email)]
    if any(parse_start(lines[n - 1]) or lines[n - 1].strip() for n in start_lines):
        out.append(column.restricted(lambda n: n in set(start_lines), key="start"))
    if rtype_lines:
        out.append(column.restricted(lambda n: n >= first_rtype, key="report_type"))
    return out


_DATE_IN_TEXT = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{8}\b|\b[a-zæøå]+\.?\s+(?:19|20)\d{2}\b", re.IGNORECASE
)
DATE_ECHO_BONUS = 6.0


def _dates(text: str) -> set[str]:
    return {d for d in (parse_start(m.group(0)) for m in _DATE_IN_TEXT.finditer(text)) if d}


def _date_affinity(
    cells: dict[str, list[Cell | None]], rows: int, lines: list[str]
) -> Callable[[str], np.ndarray | None]:
    """Start dates are often repeated in the row's own answers ("startet 01.11.22")."""
    row_dates: list[set[str]] = [set() for _ in range(rows)]
    for placed in cells.values():
        for r, cell in enumerate(placed):
            if cell is not None:
                row_dates[r] |= _dates(" ".join(lines[n - 1] for n in cell.lines))

    def affinity(text: str) -> np.ndarray | None:
        wanted = _dates(text)
        if not wanted:
            return None
        hits = np.array([len(wanted & d) > 0 for d in row_dates], dtype=float)
        return -DATE_ECHO_BONUS * hits if hits.any() else None

    return affinity


def _cell_text(cell: Cell | None, lines: list[str]) -> str | None:
    """The cell's lines as written; a blank line between paragraphs is kept as one."""
    if cell is None:
        return None
    parts: list[str] = []
    for k, it in enumerate(cell.items):
        if k:
            parts.append("\n\n" if it.gap >= 1 else "\n")
        parts.append(lines[it.line - 1].rstrip())
    return "".join(parts).strip("\n") or None


class ColumnSheetReader(Reader):
    """One ``tiltak`` record per spreadsheet row of a column-by-column OCR transcript."""

    NAME = "ocr-sheet"
    LABEL = "Skannet regneark (OCR)"
    SCORE = 0.9

    def match(self, doc: SourceDocument) -> float:
        if not self.takes(doc):
            return 0.0
        headers = find_headers(doc.lines)
        distinct = {h.key for h in headers}
        return self.SCORE if len(distinct) >= MIN_HEADERS else 0.0

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        lines = doc.lines
        headers = find_headers(lines)
        if len({h.key for h in headers}) < MIN_HEADERS:
            raise IngestError(doc.name, "too few of the form's questions found as column headers")
        columns: list[Column] = []
        for column in Column.from_headers(headers, lines):
            if column.key == "contact_email":
                columns.extend(_split_contact_column(column, lines))
            else:
                columns.append(column)
        for column in columns:
            column.blocks = split_blocks(column, lines, email_cells=column.key == "contact_email")
        full = [c for c in columns if c.key not in _SPARSE_KEYS]
        reference = reference_rows(full, lines)
        if reference.rows == 0:
            raise IngestError(doc.name, "no spreadsheet rows could be found under the headers")
        cells: dict[str, list[Cell | None]] = {}
        confidence: dict[str, list[float]] = {}
        # short columns first: their words help place the long cells; each long column is
        # placed with the words of the cells placed so far, then once more with those of
        # every other column (a row's answers keep to its subject)
        full_first = sorted((c for c in columns if c.key not in _SPARSE_KEYS),
                            key=lambda c: c.key not in _HINT_KEYS)
        for column in full_first:
            hints = None if column.key in _HINT_KEYS else row_hints(list(cells.values()), lines)
            self._place(column, align_full_column(column, reference, lines, hints), cells, confidence)
        long_keys = list(dict.fromkeys(c.key for c in full_first if c.key not in _HINT_KEYS))
        for key in long_keys:
            hints = row_hints([v for k, v in cells.items() if k != key], lines)
            del cells[key]
            for column in (c for c in full_first if c.key == key):
                self._place(column, align_full_column(column, reference, lines, hints), cells, confidence)
        for column in (c for c in columns if c.key in _SPARSE_KEYS):
            affinity = _date_affinity(cells, reference.rows, lines) if column.key == "start" else None
            placed = align_sparse_column(column, reference, lines, affinity)
            self._place(column, (placed, [1.0 if c else 0.0 for c in placed]), cells, confidence)
        yield from self._records(doc, reference.rows, cells, confidence, lines)

    @staticmethod
    def _place(column: Column, placement: tuple[list[Cell | None], list[float]],
               cells: dict[str, list[Cell | None]], confidence: dict[str, list[float]]) -> None:
        placed, conf = placement
        if column.key in cells:  # a column split over pages with a second header set
            placed = [a or b for a, b in zip(cells[column.key], placed, strict=True)]
        cells[column.key] = placed
        confidence[column.key] = conf

    def _records(
        self,
        doc: SourceDocument,
        rows: int,
        cells: dict[str, list[Cell | None]],
        confidence: dict[str, list[float]],
        lines: list[str],
    ) -> Iterator[Record]:
        for r in range(rows):
            raw: dict[str, str | None] = {}
            sources: dict[str, list[tuple[int, int]]] = {}

            def take(key: str, column_key: str) -> None:
                cell = cells.get(column_key, [None] * rows)[r]  # noqa: B023
                text = _cell_text(cell, lines)
                if text is not None and key in _ONE_LINE_FIELDS:
                    text = " ".join(text.split())  # a wrapped name is one line of text
                raw[key] = text  # noqa: B023
                if cell is not None:
                    sources[key] = cell.ranges()  # noqa: B023

            for key in FIELD_KEYS:
                if key in ("contact_email", "county", "continuation"):
                    continue
                take(key, key)
            take("contact_email", "contact_email")
            email_cell = raw.pop("contact_email")
            if email_cell:
                match = _EMAIL.search(email_cell)
                raw["contact_email"] = match.group(0) if match else None
                rest = (email_cell[: match.start()] + email_cell[match.end() :]) if match else ""
                raw["county"] = " ".join(rest.split()) or None
                sources["county"] = sources["contact_email"]
            answer = None
            for sub, value in (("continuation_yes", "yes"), ("continuation_no", "no")):
                cell = cells.get(sub, [None] * rows)[r]
                if cell is not None:
                    answer = value
                    raw["continuation"] = _cell_text(cell, lines)
                    sources["continuation"] = cell.ranges()
            fields = tiltak_fields(raw, continuation_answer=answer)
            fields["row"] = r + 1
            fields["confidence"] = {
                key: round(confidence[key][r], 2)
                for key in confidence
                if key not in _SPARSE_KEYS and raw.get(key) is not None
            }
            yield Record(
                kind="tiltak",
                title=tiltak_title(fields),
                fields=fields,
                file=doc.name,
                field_sources=sources,
                ordinal=r,
            )
