"""Does an OCR sheet stop part-way? Columns missing at its end, and a last column cut short.

The sheet is transcribed column by column in the form's order, so a transcript that
stops early ends inside some column: that column has fewer lines per row than the other
long-text columns, and the form's later questions have no column at all. Both are told
per column (in Norwegian, for the ingest result), and the short column's share of a full
column lowers the confidence of its cells (``Truncation.factor``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from tiltaksbanken.domain.form import FIELD_KEYS, LONG_TEXT_FIELDS, form_fields
from tiltaksbanken.sources.sheet_layout import Column

UNKNOWN_SHARE = 0.5  # the share assumed for a cut column when no full column compares
FULL = 0.8  # a last column with at least this share of the others' lines per row is whole


def _form_key(column_key: str) -> str:
    return "continuation" if column_key.startswith("continuation") else column_key


def _label(key: str) -> str:
    labels = {f.key: f.label for f in form_fields()}
    return labels.get(_form_key(key), key)


@dataclass(frozen=True)
class Truncation:
    """What is missing from a sheet: form questions without a column, and a short column."""

    missing: tuple[str, ...] = ()
    short: str | None = None  # the column the transcript stops in
    share: float = 1.0  # about how much of a full column it holds
    notes: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.missing and self.short is None

    def factor(self, key: str) -> float:
        """What a cell's placement confidence is multiplied by in column ``key``."""
        return self.share if key == self.short else 1.0


def _lines_per_row(column: Column, rows: int) -> float:
    return len(column.items) / max(rows, 1)


def truncation(columns: list[Column], rows: int) -> Truncation:
    """Whether the sheet whose ``columns`` (in file order) hold ``rows`` rows stops early."""
    if not columns:
        return Truncation()
    last = max(columns, key=lambda c: c.items[-1].line if c.items else -1)
    order = [k for k in FIELD_KEYS if k != "county"]
    position = order.index(_form_key(last.key)) if _form_key(last.key) in order else len(order)
    if position >= order.index("continuation"):
        return Truncation()  # the sheet reaches the form's last question
    missing = tuple(k for k in order[position + 1:] if k in LONG_TEXT_FIELDS or k == "continuation")
    others = [_lines_per_row(c, rows) for c in columns
              if c is not last and c.key in LONG_TEXT_FIELDS]
    if last.key in LONG_TEXT_FIELDS:
        share = (min(1.0, _lines_per_row(last, rows) / median(others)) if others
                 else UNKNOWN_SHARE)
    else:
        share = UNKNOWN_SHARE
    short = last.key if share < FULL else None
    notes = [f"kolonnen «{_label(k)}» mangler: transkripsjonen slutter før den" for k in missing]
    if short:
        notes.insert(0, f"kolonnen «{_label(short)}» slutter tidlig: omtrent {share:.0%} av en"
                        " full kolonne; cellene kan høre til feil rad")
    return Truncation(missing, short, round(share if short else 1.0, 2), tuple(notes))
