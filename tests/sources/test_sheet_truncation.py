"""A truncated OCR sheet says which columns are missing or cut short, and is less sure."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.ocr_sheet import ColumnSheetReader

from .sheet_render import random_sheet


def _cut(text: str, share: float) -> SourceDocument:
    lines = text.split("\n")
    kept = "\n".join(lines[: int(len(lines) * share)])
    return SourceDocument(path=Path("kuttet.txt"), data=kept.encode("utf-8"))


def _mean_confidence(result_records: list) -> float:  # type: ignore[type-arg]
    values = [c for r in result_records for c in r.fields["confidence"].values()]
    return sum(values) / len(values)


@pytest.mark.parametrize("seed", [7, 11])
def test_a_sheet_cut_at_30_percent_says_so_per_column_and_is_less_sure(seed: int) -> None:
    sheet = random_sheet(random.Random(seed), n=40)
    whole = ColumnSheetReader().read(SourceDocument(path=Path("hel.txt"),
                                                    data=sheet.text.encode("utf-8")))
    assert whole.notes == []
    assert all("sheet_incomplete" not in r.fields for r in whole.records)
    cut = ColumnSheetReader().read(_cut(sheet.text, 0.3))
    assert any("mangler" in n for n in cut.notes), cut.notes
    assert any("slutter tidlig" in n for n in cut.notes), cut.notes
    assert all(r.fields["sheet_incomplete"]["missing"] for r in cut.records)
    short = cut.records[0].fields["sheet_incomplete"]["short"]
    assert all(r.fields["confidence"].get(short, 0) <= 0.5 for r in cut.records)
    assert _mean_confidence(cut.records) < _mean_confidence(whole.records)


def test_a_sheet_cut_at_5_percent_is_refused_with_a_reason() -> None:
    sheet = random_sheet(random.Random(3), n=40)
    with pytest.raises(IngestError, match="column headers"):
        ColumnSheetReader().read(_cut(sheet.text, 0.05))
