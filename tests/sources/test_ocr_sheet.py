"""The column-by-column OCR sheet reader, on the sample and on generated sheets."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.ocr_sheet import ColumnSheetReader
from tiltaksbanken.sources.sheet_layout import Item, _paragraph_cohesion, find_headers

from .sheet_render import LONG, damage, generate_rows, render, sentence

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
SHEET = next(SAMPLE.glob("002_*.txt"))


def _doc(text: str, name: str = "generated.txt") -> SourceDocument:
    return SourceDocument(path=Path(name), data=text.encode("utf-8"))


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def test_sample_sheet_gives_one_record_per_row_with_contact_and_county() -> None:
    doc = SourceDocument.load(SHEET)
    records = ColumnSheetReader().read(doc).records
    assert len(records) == 143
    assert all(r.fields["name"] and r.fields["nav_office"] for r in records)
    assert all("@" in (r.fields["contact_email"] or "") for r in records)
    assert all(r.fields["county_code"] for r in records)
    # every field's provenance points at lines that hold its text
    for r in records[:20]:
        first, last = r.field_sources["nav_office"][0]
        held = " ".join(doc.lines[first - 1 : last])
        assert _squash(held) == _squash(r.fields["nav_office"])


def test_sample_report_type_column_covers_a_run_of_rows() -> None:
    records = ColumnSheetReader().read(SourceDocument.load(SHEET)).records
    with_type = [r.fields["row"] for r in records if r.fields["report_type"]]
    assert with_type, "the header-less report-type column was not found"
    assert with_type == list(range(with_type[0], with_type[-1] + 1))
    assert {r.fields["report_type"] for r in records if r.fields["report_type"]} == {
        "status",
        "final",
    }


def test_sample_continuation_answers_come_from_the_yes_and_no_columns() -> None:
    records = ColumnSheetReader().read(SourceDocument.load(SHEET)).records
    answers = [r.fields["continuation"]["answer"] for r in records]
    assert answers.count("yes") > answers.count("no") > 0


def test_sample_long_fields_carry_confidence() -> None:
    records = ColumnSheetReader().read(SourceDocument.load(SHEET)).records
    conf = [r.fields["confidence"].get("target_group") for r in records]
    assert all(c is not None and 0.0 <= c <= 1.0 for c in conf)


def test_damaged_headers_are_found_and_look_alike_cell_text_is_not() -> None:
    text = (
        "Navn pa tiltaket.\n\nJobbhuset\n\nBoligteamet\n\n\n\n"
        "Beskriv tiltaket.\n\nVi gjorde mye.\n\n"
        "punktet «Beskriv hva dere har oppnddd med tiltaket»)\n\n\n\n"
        "Beskriv hva dere har oppnddd med tiltaket.\n\nMye.\n\nLite.\n"
    )
    keys = [h.key for h in find_headers(text.split("\n"))]
    assert keys == ["name", "description", "achievements"]


def test_reader_does_not_bid_on_ordinary_text() -> None:
    assert ColumnSheetReader().match(_doc("Et helt vanlig notat.\n\nMed to avsnitt.\n")) == 0.0


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(12, 45), paragraphs=st.sampled_from([1, 3]))
def test_round_trip_generated_sheets(seed: int, n: int, paragraphs: int) -> None:
    rng = random.Random(seed)
    rows = generate_rows(rng, n, paragraphs)
    rtype_from = rng.randint(n // 3, n - 3)
    sheet = render(rows, rng, with_report_type_from=rtype_from)
    records = ColumnSheetReader().read(_doc(sheet.text)).records

    assert len(records) == n
    for row, rec in zip(rows, records, strict=True):
        assert rec.fields["contact_email"] == row["contact_email"]
        assert rec.fields["county"] == row["county"]
        assert _squash(rec.fields["nav_office"]) == damage(str(row["nav_office"]))
    names_ok = sum(
        _squash(rec.fields["name"]) == damage(str(row["name"]))
        for row, rec in zip(rows, records, strict=True)
    )
    assert names_ok >= 0.95 * n
    for key in LONG:
        ok = sum(
            _squash(rec.fields[key]) == _squash(damage(str(row[key])))
            for row, rec in zip(rows, records, strict=True)
        )
        if paragraphs == 1:  # one paragraph per cell: the gap structure decides
            assert ok >= 0.95 * n, f"{key}: {ok} of {n} cells placed right"
        # whatever the placement, no text is lost or reordered
        got = " ".join(_squash(rec.fields[key]) for rec in records)
        assert got == " ".join(_squash(damage(str(row[key]))) for row in rows)
    typed = [rec.fields["report_type"] for rec in records]
    expected = [None] * rtype_from + [
        "status" if str(r["report_type"]).startswith("Status") else "final"
        for r in rows[rtype_from:]
    ]
    assert sum(a == b for a, b in zip(typed, expected, strict=True)) >= 0.9 * n
    answers = [rec.fields["continuation"]["answer"] for rec in records]
    assert sum(a == r["continuation"] for a, r in zip(answers, rows, strict=True)) >= 0.8 * n


def test_paragraphs_on_one_subject_cohere_more_than_neighbouring_answers() -> None:
    """Two answers of two paragraphs each, one blank line everywhere: the joint inside an
    answer (shared subject words) coheres more than the joint between the answers."""
    rng = random.Random(3)
    texts = []
    for subject in ("Fjordlosen brukerteamet", "Heimegruppa arbeidsbua"):
        texts += [f"{sentence(rng, 12)[:-1]} {subject}." for _ in range(2)]
    lines = [line for t in texts for line in (t, "")]
    items = [Item(n, 1 if n > 1 else 0) for n, line in enumerate(lines, 1) if line]
    cohesion = _paragraph_cohesion(items, lines)
    inside, between, inside_again = (cohesion.get(k, 0.0) for k in (1, 2, 3))
    assert inside > between and inside_again > between


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(20, 45))
def test_answers_of_several_paragraphs_stay_with_their_row(seed: int, n: int) -> None:
    """Answers of up to three paragraphs, one blank line both inside a cell and between
    cells: a row keeps to its subject across its answers, and that places them."""
    rng = random.Random(seed)
    rows = generate_rows(rng, n, paragraphs=3, topical=True)
    sheet = render(rows, rng, with_report_type_from=n - 3)
    records = ColumnSheetReader().read(_doc(sheet.text)).records
    assert len(records) == n
    for key in LONG:
        ok = sum(_squash(rec.fields[key]) == _squash(damage(str(row[key])))
                 for row, rec in zip(rows, records, strict=True))
        assert ok >= 0.9 * n, f"{key}: {ok} of {n} cells placed right"


def test_no_sample_specific_constants_in_the_reader() -> None:
    source = "\n".join(
        p.read_text("utf-8")
        for p in (Path(__file__).parents[2] / "tiltaksbanken" / "sources").glob("*.py")
    )
    assert "002_" not in source and "207451707f380c60" not in source
    assert not re.search(r"\b143\b", source)
