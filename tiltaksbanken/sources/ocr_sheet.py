"""Reader for the annual-report spreadsheet OCR'd column by column.

The printed sheet has one row per measure and one column per form question.
The OCR gives all cells of the first column, then all of the second, and so on;
long columns run over several pages and repeat their header. Cells are
separated by blank lines. The size of a gap (a small gap of 0–1 blank lines or
a big one of 2+) depends on the row's height, so it is the same in every
column: that gap signature is what lines the columns up.

The reader works only from structure and language:

1. headers are found by matching lines against the form's questions
   (``domain/form.py``); repeated headers are page furniture;
2. columns without a header (start date, report type) are found by what their
   cells hold;
3. the number of rows and the row boundaries are taken from the consensus of
   the columns that share the full big-gap signature (``sheet_layout.py``);
4. every column's cells are assigned to rows by a monotone alignment: big gaps
   are row boundaries, small ones are weighed by cues (blank line or not, a
   sentence left unfinished, lower-case or hyphenated continuation, a cell cut
   at its top, wrapping width, the paragraphs' shared words) and by the words a
   line shares with a row's other cells; sparse columns are placed where their
   gaps fit the reference signature, the «Ja» and «Nei» continuation columns
   excluding each other;
5. the alignment's posterior marginals say how sure each placement is: a
   field's ``confidence`` is the probability that all its lines belong to the
   row; where it is low, ``placement_doubt`` names the row they may belong to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.domain.form import (
    FIELD_KEYS,
    normalise_report_type,
    parse_continuation,
    parse_start,
    tiltak_fields,
    tiltak_title,
)
from tiltaksbanken.domain.language import language_fields
from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.base import Reader, ReadResult
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.sheet_layout import (
    Cell,
    Column,
    Placement,
    Reference,
    SparsePlacement,
    align_choice_columns,
    align_full_column,
    align_sparse_column,
    choose_gap_model,
    expected_lengths,
    find_headers,
    reference_rows,
    row_hints,
    split_blocks,
    word_affinity,
)
from tiltaksbanken.sources.sheet_truncation import Truncation, truncation
from tiltaksbanken.sources.support.structure import document_language

_EMAIL = re.compile(r"\S+@\S+")
_CONTINUATION_KEYS = ("continuation", "continuation_yes", "continuation_no")
_SPARSE_KEYS = ("start", "report_type", *_CONTINUATION_KEYS)
_HINT_KEYS = ("name", "nav_office")
_ONE_LINE_FIELDS = frozenset({"name", "nav_office", "start", "report_type"})
# columns whose lengths say nothing about how much an author writes
_NOT_LENGTHS = frozenset({"name", "nav_office", "contact_email", "law_paragraphs"})
MIN_HEADERS = 4
# A field whose lines all belong to its row with less than this probability carries a
# notice naming the row they may belong to. The confidences are calibrated on generated
# sheets (bench/sheet.py: fields stated below 0.5 are right about 1 in 3, those at 0.5-0.8
# about 2 in 3 there but most of the dev evidence lines of that band are right), so this
# is "more likely than not, some line is another's". At 0.8 the sample would carry
# notices on most of its pages again, which readers learn to ignore.
DOUBT_THRESHOLD = 0.5
# A continuation answer less likely than not is left open (``uncertain``) rather than guessed.
CONTINUATION_SURE = 0.5
EXCLUSION = 3.0  # log-score against a «Ja» and a «Nei» answer in one row
EXCLUSION_ROUNDS = 1


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
        return DATE_ECHO_BONUS * hits if hits.any() else None

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


@dataclass
class Continuation:
    """Per row: the answer (``yes``/``no``/None), its cell, and how sure the reading is."""

    answer: list[str | None]
    cell: list[Cell | None]
    sure: list[float]
    placement: list[float]  # the probability that the cell's lines belong to the row
    other_row: list[int | None]
    split: bool = False  # from a «Ja» and a «Nei» column: the column says the answer


@dataclass
class SheetReading:
    """Everything the alignment found: each column's cells per row, and how sure it is."""

    rows: int
    reference: Reference
    cells: dict[str, list[Cell | None]] = field(default_factory=dict)
    confidence: dict[str, list[float]] = field(default_factory=dict)
    other_row: dict[str, list[int | None]] = field(default_factory=dict)
    placements: list[Placement | SparsePlacement] = field(default_factory=list)
    continuation: Continuation | None = None
    gap_model: str = "either"  # how the OCR wrote the blank lines of empty rows
    truncation: Truncation = field(default_factory=Truncation)  # columns missing or cut short

    def place(self, key: str, placement: Placement) -> None:
        """Store a column's placement; a column split over pages with a second header set
        keeps the cells of both."""
        self.placements.append(placement)
        conf, other = placement.confidence, placement.other_row
        if key in self.cells:
            old = self.cells[key]
            conf = [c if new else o for new, c, o in zip(placement.cells, conf, self.confidence[key], strict=True)]
            other = [x if new else o for new, x, o in zip(placement.cells, other, self.other_row[key], strict=True)]
            self.cells[key] = [a or b for a, b in zip(old, placement.cells, strict=True)]
        else:
            self.cells[key] = placement.cells
        self.confidence[key] = conf
        self.other_row[key] = other

    def line_confidence(self) -> dict[int, float]:
        """Line number → the probability that the row it was placed in is its own."""
        out: dict[int, float] = {}
        for p in self.placements:
            out.update(p.line_probability())
        return out

    def line_probability(self, line: int, row: int) -> float | None:
        """The probability that ``line`` belongs to ``row`` (None: the line was not placed)."""
        for p in self.placements:
            found = p.probability(line, row)
            if found is not None:
                return found
        return None


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

    def layout(self, doc: SourceDocument) -> SheetReading:
        """Columns found, rows derived, every cell placed (see the module docstring)."""
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
        reference = reference_rows([c for c in columns if c.key not in _SPARSE_KEYS], lines)
        if reference.rows == 0:
            raise IngestError(doc.name, "no spreadsheet rows could be found under the headers")
        reading = SheetReading(reference.rows, reference,
                               truncation=truncation(columns, reference.rows))
        # short columns first: their words help place the long cells; each long column is
        # placed with the words of the cells placed so far, then once more with those of
        # every other column (a row's answers keep to its subject)
        full = sorted((c for c in columns if c.key not in _SPARSE_KEYS),
                      key=lambda c: c.key not in _HINT_KEYS)
        draft: dict[str, list[Cell | None]] = {}
        for column in full:
            short = column.key in _HINT_KEYS or column.key == "contact_email"
            hints = None if column.key in _HINT_KEYS else row_hints(draft, lines)
            placed = align_full_column(column, reference, lines, hints, posteriors=short)
            draft[column.key] = ([a or b for a, b in zip(draft[column.key], placed.cells, strict=True)]
                                 if column.key in draft else placed.cells)
            if short:
                reading.place(column.key, placed)
        for column in full:
            if column.key in _HINT_KEYS or column.key == "contact_email":
                continue
            hints = row_hints({k: v for k, v in draft.items() if k != column.key}, lines)
            lengths = expected_lengths({k: v for k, v in draft.items() if k not in _NOT_LENGTHS},
                                       column.key)
            reading.place(column.key, align_full_column(column, reference, lines, hints,
                                                        lengths=lengths))
        sparse_columns = [c for c in columns if c.key in _SPARSE_KEYS]
        reading.gap_model = choose_gap_model(sparse_columns, reference, lines)
        for column in columns:
            if column.key in ("start", "report_type"):
                affinity = (_date_affinity(reading.cells, reference.rows, lines)
                            if column.key == "start" else None)
                sparse = align_sparse_column(column, reference, lines, affinity, one_line=True,
                                             ends_last=column.key == "report_type",
                                             gap_model=reading.gap_model)
                reading.placements.append(sparse)
                reading.cells[column.key] = sparse.cells
        reading.continuation = self._continuation(
            [c for c in columns if c.key in _CONTINUATION_KEYS], reading, lines)
        return reading

    @staticmethod
    def _continuation(columns: list[Column], reading: SheetReading,
                      lines: list[str]) -> Continuation:
        """The last question's answers: from a «Ja, gjennom» and a «Nei, fordi» column
        (each holding the texts of its choice only, so a row has a cell in at most one),
        or from one column whose texts say the answer in their own words."""
        rows, ref = reading.rows, reading.reference
        hints = word_affinity(row_hints(reading.cells, lines))

        def align(column: Column, avoid: np.ndarray | None = None) -> SparsePlacement:
            return align_sparse_column(column, ref, lines, hints, avoid=avoid,
                                       gap_model=reading.gap_model)

        by_key = {c.key: c for c in columns}
        answer: list[str | None] = [None] * rows
        cell: list[Cell | None] = [None] * rows
        sure = [1.0] * rows
        placement = [1.0] * rows
        other: list[int | None] = [None] * rows
        if "continuation" in by_key and not {"continuation_yes", "continuation_no"} & by_key.keys():
            single = align(by_key["continuation"])
            reading.placements.append(single)
            for r in range(rows):
                cell[r] = single.cells[r]
                text = _cell_text(cell[r], lines)
                answer[r] = parse_continuation(text)["answer"] if text else None
                if cell[r] is not None:
                    placement[r] = sure[r] = single.confidence[r]
                    other[r] = _other_sparse_row(single, r)
                else:
                    sure[r] = float(1.0 - single.occupied[r])
            return Continuation(answer, cell, sure, placement, other)
        yes_col, no_col = by_key.get("continuation_yes"), by_key.get("continuation_no")
        empty = np.zeros(rows)
        no = align(no_col) if no_col else None
        yes = align(yes_col, EXCLUSION * (no.occupied if no else empty)) if yes_col else None
        for _ in range(EXCLUSION_ROUNDS):  # each column placed again clear of the other's cells
            if no_col is None or yes_col is None or yes is None:
                break
            no = align(no_col, EXCLUSION * yes.occupied)
            yes = align(yes_col, EXCLUSION * no.occupied)
        joint = None
        if (reading.gap_model == "big" and yes is not None and no is not None
                and yes.assign and no.assign):
            # the gaps name only a stretch of rows: the two columns are placed together
            joint, yes, no = align_choice_columns(
                (yes_col, no_col), (yes.assign[0], no.assign[0]), ref, lines, hints)  # type: ignore[arg-type]
        p_yes = yes.occupied if yes else empty
        p_no = no.occupied if no else empty
        reading.placements.extend(p for p in (yes, no) if p is not None)
        for r in range(rows):
            if joint is not None:
                chances = {"yes": joint[0, r], "no": joint[1, r], None: joint[2, r]}
            else:
                chances = {"yes": p_yes[r] * (1 - p_no[r]), "no": p_no[r] * (1 - p_yes[r]),
                           None: (1 - p_yes[r]) * (1 - p_no[r])}
            total = sum(chances.values()) or 1.0
            found = [(value, p) for value, p in (("yes", yes), ("no", no))
                     if p is not None and p.cells[r] is not None]
            if len(found) > 1:  # both columns placed a cell here: the likelier one
                found = [max(found, key=lambda vp: chances[vp[0]])]
            value, placed = found[0] if found else (None, None)
            answer[r] = value
            sure[r] = float(chances[value] / total)
            if placed is not None:
                cell[r] = placed.cells[r]
                placement[r] = placed.confidence[r]
                other[r] = _other_sparse_row(placed, r)
        return Continuation(answer, cell, sure, placement, other, split=True)

    def read(self, doc: SourceDocument) -> ReadResult:
        """The sheet's records, with a note per column missing or cut short."""
        reading = self.layout(doc)
        return ReadResult(list(self.records_of(doc, reading)),
                          notes=list(reading.truncation.notes))

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        yield from self.records_of(doc, self.layout(doc))

    def records_of(self, doc: SourceDocument, reading: SheetReading) -> Iterator[Record]:
        """The records of a sheet already laid out (``layout``)."""
        lines = doc.lines
        rows, cells = reading.rows, reading.cells
        built: list[tuple[dict, dict]] = []  # type: ignore[type-arg]
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
            cont = reading.continuation
            answer = None
            if cont is not None and cont.cell[r] is not None:
                raw["continuation"] = _cell_text(cont.cell[r], lines)
                sources["continuation"] = cont.cell[r].ranges()  # type: ignore[union-attr]
            if cont is not None:
                answer = cont.answer[r]
            fields = tiltak_fields(raw, continuation_answer=answer)
            fields["row"] = r + 1
            if cont is not None:
                sure = round(cont.sure[r], 2)
                fields["continuation"]["confidence"] = sure
                if cont.sure[r] < CONTINUATION_SURE and not fields["continuation"].get("uncertain"):
                    # not sure enough to say: the likelier answer is kept beside, unclaimed
                    fields["continuation"]["likely"] = fields["continuation"]["answer"]
                    fields["continuation"]["answer"] = None
                    fields["continuation"]["uncertain"] = True
                own = parse_continuation(raw.get("continuation"))["answer"] if cont.split else None
                if own and own != fields["continuation"]["answer"] and fields["continuation"]["answer"]:
                    # the author's own words («Nei, …» in the «Ja» column) say the other
                    # choice: which the author meant is left open rather than guessed
                    fields["continuation"].update(answer=None, likely=None, uncertain=True)
            confidence = {key: reading.confidence[key][r] for key in reading.confidence
                          if key not in _SPARSE_KEYS and raw.get(key) is not None}
            other = {key: reading.other_row[key][r] for key in confidence}
            if cont is not None and cont.cell[r] is not None:
                confidence["continuation"] = cont.placement[r]
                other["continuation"] = cont.other_row[r]
            cut = reading.truncation
            fields["confidence"] = {k: round(c * cut.factor(k), 2) for k, c in confidence.items()}
            if not cut.complete:
                fields["sheet_incomplete"] = {"missing": list(cut.missing), "short": cut.short,
                                              "share": cut.share}
            built.append((fields, sources))
            fields["_other"] = {k: other[k] for k, c in confidence.items() if c < DOUBT_THRESHOLD}
        titles = [tiltak_title(f) for f, _ in built]
        language = language_fields(document_language(doc, doc.text)) if built else {}
        for r, (fields, sources) in enumerate(built):
            doubts = fields.pop("_other")
            fields.update(language)
            if fields.get("municipalities") and "nav_office" in sources:
                # the municipalities are those of the office: its cell is where they come from
                sources.setdefault("municipalities", sources["nav_office"])
            fields["placement_doubt"] = {
                key: {"confidence": fields["confidence"][key],
                      "other_row": None if o is None else o + 1,
                      "other_title": None if o is None else titles[o]}
                for key, o in doubts.items()
            }
            yield Record(
                kind="tiltak",
                title=titles[r],
                fields=fields,
                file=doc.name,
                field_sources=sources,
                ordinal=r,
            )


def _other_sparse_row(placed: SparsePlacement, r: int) -> int | None:
    """The likeliest other row of the least sure group placed in row ``r``."""
    groups = [g for g, row in enumerate(placed.assign) if row == r]
    if not groups:
        return None
    g = min(groups, key=lambda g: placed.posterior[g, r])
    post = placed.posterior[g].copy()
    post[r] = -1.0
    return int(np.argmax(post)) if post.max() > 0 else None
