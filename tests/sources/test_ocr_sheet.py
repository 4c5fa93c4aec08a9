"""The column-by-column OCR sheet reader, on the sample and on generated sheets.

Generated sheets (``sheet_render.py``) carry the truth of every line, so the tests
measure what a reader of a measure's page depends on: lines in their own row, a
confidence that means what it says, continuation answers right or left open.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiltaksbanken.domain.form import parse_continuation
from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.ocr_sheet import DOUBT_THRESHOLD, ColumnSheetReader, SheetReading
from tiltaksbanken.sources.sheet_layout import Item, _paragraph_cohesion, find_headers

from .sheet_render import (
    LONG,
    NOISY,
    GeneratedSheet,
    Noise,
    damage,
    generate_rows,
    random_sheet,
    realistic_rows,
    render,
    sentence,
)

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
SHEET = next(SAMPLE.glob("002_*.txt"))


def _doc(text: str, name: str = "generated.txt") -> SourceDocument:
    return SourceDocument(path=Path(name), data=text.encode("utf-8"))


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


@cache
def _sample() -> tuple[SourceDocument, list[Record]]:
    doc = SourceDocument.load(SHEET)
    return doc, ColumnSheetReader().read(doc).records


def _read(sheet: GeneratedSheet) -> tuple[SheetReading, list[Record]]:
    doc = _doc(sheet.text)
    reader = ColumnSheetReader()
    reading = reader.layout(doc)
    return reading, list(reader.records_of(doc, reading))


def _owners(records: list[Record]) -> dict[int, tuple[str, int]]:
    return {n: (key, rec.ordinal) for rec in records for key, ranges in rec.field_sources.items()
            if key != "county" for a, b in ranges for n in range(a, b + 1)}


# ---------------------------------------------------------------- the sample


def test_sample_sheet_gives_one_record_per_row_with_contact_and_county() -> None:
    doc, records = _sample()
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
    _, records = _sample()
    with_type = [r.fields["row"] for r in records if r.fields["report_type"]]
    assert with_type, "the header-less report-type column was not found"
    assert with_type == list(range(with_type[0], with_type[-1] + 1))
    assert {r.fields["report_type"] for r in records if r.fields["report_type"]} == {
        "status",
        "final",
    }


def test_sample_continuation_answers_come_from_the_yes_and_no_columns() -> None:
    _, records = _sample()
    answers = [r.fields["continuation"]["answer"] for r in records]
    assert answers.count("yes") > answers.count("no") > 0
    assert all(0.0 <= r.fields["continuation"]["confidence"] <= 1.0 for r in records)


def test_sample_placement_notices_are_few_and_name_the_other_measure() -> None:
    _, records = _sample()
    titles = {r.fields["row"]: r.title for r in records}
    conf = [r.fields["confidence"].get("target_group") for r in records]
    assert all(c is not None and 0.0 <= c <= 1.0 for c in conf)
    doubts = [(r, key, d) for r in records for key, d in r.fields["placement_doubt"].items()]
    fields = sum(len(r.fields["confidence"]) for r in records)
    assert len(doubts) < 0.1 * fields, "a notice on every page is a notice nobody reads"
    for r, _key, d in doubts:
        assert d["confidence"] < DOUBT_THRESHOLD + 0.01
        assert d["other_row"] != r.fields["row"]
        assert d["other_title"] == titles[d["other_row"]]


# ---------------------------------------------------------------- headers, cues


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


def _three_rows(middle: list[str]) -> str:
    """Names, offices and e-mails of three rows, then one description column whose middle
    lines are ``middle`` (the first row's answer, then the second's, then the third's)."""
    rows = [("Jobbsti", "NAV Arnvik"), ("Boteamet", "NAV Belstad"), ("Gjeldslosen", "NAV Corvik")]
    out = ["Navn på tiltaket.", ""]
    for name, _ in rows:
        out += [name, ""]
    out += ["", "", "Navn på NAV-kontoret.", ""]
    for _, office in rows:
        out += [office, ""]
    out += ["", "", "E-post til kontaktperson (kopi av besvarelsen blir sendt til denne). Velg fylke."]
    for k, (_, office) in enumerate(rows):
        out += [f"person{k}@{office.split()[1].lower()}.kommune.no Vestland", ""]
    out += ["", "", "Beskriv målgruppen", "", *middle, "", "", "", "Beskriv tiltaket.", ""]
    for k in range(3):
        out += [f"Tiltak nummer {k + 1} gir tett oppfølging.", ""]
    return "\n".join(out) + "\n"


def test_a_cell_cut_at_its_top_starts_the_next_row_and_a_hyphenated_word_goes_on() -> None:
    """The OCR of a printed sheet shows a tall cell's end only: it starts mid-sentence on a
    line with a leading space, right under the cell before. A word hyphenated over a
    blank line the OCR put in is one answer."""
    middle = [
        "Unge voksne som står utenfor arbeidslivet og trenger tett opp-",
        "",
        "følging over tid.",
        " som ikke har egen bolig, og som trenger hjelp til å finne en.",
        "",
        "Familier med gjeld.",
    ]
    records = ColumnSheetReader().read(_doc(_three_rows(middle))).records
    groups = [_squash(r.fields["target_group"]) for r in records]
    assert groups[0].endswith("følging over tid.")
    assert groups[1].startswith("som ikke har egen bolig")
    assert groups[2] == "Familier med gjeld."


def test_a_cell_wrapped_at_another_width_starts_the_next_row() -> None:
    """An answer pasted with its own line breaks, split by the OCR's blank lines and cut
    at the bottom mid-sentence; the next answer is wrapped at the sheet's wider width:
    the change of width marks the new cell, though the line before ends in «fra»."""
    middle = [
        "Unge voksne som trenger tett oppfølging og hjelp til",
        "å finne vegen inn i arbeid og utdanning, og som har",
        "vært lenge utenfor arbeidslivet og skolen, og som har",
        "",
        "behov for tid og ro. Tiltaket vil benytte metodikk fra",
        "",
        "Familier med lav inntekt som trenger hjelp med bolig og økonomi, og som ønsker å",
        "komme i arbeid eller aktivitet. Målgruppen er særlig barnefamilier i kommunen som",
        "har hatt økonomisk sosialhjelp lenge.",
        "",
        "Personer med gjeld.",
        "",
        "Mange har også behov for bolig.",
    ]
    records = ColumnSheetReader().read(_doc(_three_rows(middle))).records
    groups = [_squash(r.fields["target_group"]) for r in records]
    assert groups[0].endswith("metodikk fra")
    assert groups[1].startswith("Familier med lav inntekt")
    assert groups[2].endswith("Mange har også behov for bolig.")


# ---------------------------------------------------------------- generated sheets


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(12, 30), paragraphs=st.sampled_from([1, 3]))
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
        got = " ".join(t for rec in records if (t := _squash(rec.fields[key])))
        assert got == " ".join(_squash(damage(str(row[key]))) for row in rows)
    typed = [rec.fields["report_type"] for rec in records]
    expected = [None] * rtype_from + [
        "status" if str(r["report_type"]).startswith("Status") else "final"
        for r in rows[rtype_from:]
    ]
    assert sum(a == b for a, b in zip(typed, expected, strict=True)) >= 0.9 * n
    found = [rec.fields["continuation"] for rec in records]
    assert sum(f["answer"] == r["continuation"] or bool(f.get("uncertain"))
               for f, r in zip(found, rows, strict=True)) >= 0.9 * n


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(20, 40))
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


@cache
def _yardstick() -> list[tuple[GeneratedSheet, SheetReading, list[Record]]]:
    """A dozen realistic sheets with OCR noise, half with the continuation in one column
    (the same kind of sheets ``bench/sheet.py`` measures)."""
    out = []
    for s in range(12):
        rng = random.Random(s)
        sheet = random_sheet(rng, n=rng.randint(18, 30), continuation=("split", "single")[s % 2])
        out.append((sheet, *_read(sheet)))
    return out


def _bands(pairs: list[tuple[float, bool]], lo: float, hi: float) -> tuple[int, float, float]:
    """How many, their mean stated confidence and their share right, in [lo, hi)."""
    inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
    if not inside:
        return 0, 0.0, 0.0
    return (len(inside), sum(c for c, _ in inside) / len(inside),
            sum(ok for _, ok in inside) / len(inside))


def test_noisy_generated_sheets_put_nearly_every_line_in_its_own_row() -> None:
    right = total = 0
    for sheet, _, records in _yardstick():
        owners = _owners(records)
        right += sum(owners.get(n) == truth for n, truth in sheet.truth.items())
        total += len(sheet.truth)
    assert right / total >= 0.9  # bench/sheet.py measures about 0.94


def test_line_confidence_is_calibrated() -> None:
    pairs = []
    for sheet, reading, records in _yardstick():
        owners, conf = _owners(records), reading.line_confidence()
        pairs += [(conf.get(n, 0.0), owners.get(n) == truth) for n, truth in sheet.truth.items()]
    n_high, _, right_high = _bands(pairs, 0.95, 1.01)
    assert n_high > 0.6 * len(pairs) and right_high >= 0.97
    _, _, right_low = _bands(pairs, 0.0, 0.5)
    assert right_low <= 0.75, "a line said to be in doubt is mostly misplaced or a toss-up"
    error = sum(abs(stated - right) * n for n, stated, right in
                (_bands(pairs, lo, hi) for lo, hi in ((0, .5), (.5, .8), (.8, .95), (.95, 1.01))))
    assert error / len(pairs) <= 0.05


def test_field_confidence_says_how_likely_all_its_lines_are_its_rows() -> None:
    pairs = []
    for sheet, _, records in _yardstick():
        for rec in records:
            for key, conf in rec.fields["confidence"].items():
                held = [n for a, b in rec.field_sources.get(key, []) for n in range(a, b + 1)
                        if n in sheet.truth]
                pairs.append((conf, all(sheet.truth[n] == (key, rec.ordinal) for n in held)))
                doubt = rec.fields["placement_doubt"].get(key)
                assert (doubt is not None) == (conf < DOUBT_THRESHOLD - 0.005) or abs(
                    conf - DOUBT_THRESHOLD) <= 0.005
    _, _, right_high = _bands(pairs, 0.95, 1.01)
    assert right_high >= 0.97
    _, _, right_low = _bands(pairs, 0.0, 0.5)
    assert right_low <= 0.75


def test_continuation_answers_are_right_or_left_open_never_wrong_with_confidence() -> None:
    right_or_open = total = 0
    for sheet, _, records in _yardstick():
        for row, rec in zip(sheet.rows, records, strict=True):
            found = rec.fields["continuation"]
            truth = row["continuation"] if row.get("continuation_text") else None
            total += 1
            if found.get("uncertain"):
                assert found["answer"] is None and found["confidence"] <= 0.5
                right_or_open += 1
                continue
            right_or_open += found["answer"] == truth
            if found["confidence"] >= 0.8:
                assert found["answer"] == truth, (found, row["continuation_text"])
    assert right_or_open >= 0.95 * total


@pytest.mark.parametrize("gap_model", ["sum", "big"])
def test_split_continuation_answers_with_shuffled_sparse_patterns(gap_model: str) -> None:
    """«Ja, gjennom» and «Nei, fordi» as two sparse columns, from nearly all yes to as many
    no as yes, some rows unanswered. Where the OCR keeps the blank lines of empty rows
    ("sum") the gaps place every answer; where it drops them ("big") the gaps name only a
    stretch of rows, and an answer the other column and the words cannot settle is left
    open: right or open for nearly every row, wrong for few."""
    counts = {"right": 0, "open": 0, "wrong": 0}
    for s in range(6):
        rng = random.Random(100 + s)
        noise = Noise(**{**NOISY.__dict__, "gap_model": gap_model})
        sheet = random_sheet(rng, n=rng.randint(20, 32), noise=noise, continuation="split")
        _, records = _read(sheet)
        for row, rec in zip(sheet.rows, records, strict=True):
            found = rec.fields["continuation"]
            truth = row["continuation"] if row.get("continuation_text") else None
            if found.get("uncertain"):
                assert found["answer"] is None
                counts["open"] += 1
            else:
                counts["right" if found["answer"] == truth else "wrong"] += 1
    total = sum(counts.values())
    assert counts["right"] + counts["open"] >= 0.95 * total, counts
    assert counts["wrong"] <= 0.05 * total, counts
    if gap_model == "sum":
        assert counts["right"] >= 0.95 * total, counts


def test_an_answer_whose_words_say_the_other_choice_is_left_open() -> None:
    rng = random.Random(7)
    rows = realistic_rows(rng, 12, "split", answers=(1.0, 0.0, 0.0))
    rows[5]["continuation_text"] = "Nei, prosjektet avsluttes."
    records = ColumnSheetReader().read(_doc(render(rows, rng, with_report_type_from=9).text)).records
    found = records[5].fields["continuation"]
    assert found["answer"] is None and found["uncertain"] is True
    assert found["text"] == "Nei, prosjektet avsluttes."
    assert all(r.fields["continuation"]["answer"] == "yes" for r in records[:5])


@pytest.mark.parametrize(("text", "answer"), [
    ("Ja, gjennom ordinær drift i NAV Fjordvik.", "yes"),
    ("Videreføres gjennom nye prosjektmidler.", "yes"),
    ("Vert vidareført gjennom drift.", "yes"),
    ("Ja, vidareførast gjennom kommunen.", "yes"),
    ("Yes, through ordinary operation.", "yes"),
    ("Nei, fordi prosjektperioden er over.", "no"),
    ("Videreføres ikke fordi det ikke er midler.", "no"),
    ("Vert ikkje vidareført fordi kommunen vel ein annan modell.", "no"),
    ("Avsluttes fordi tiltaket er avsluttet.", "no"),
    ("No, because the project period has ended.", "no"),
    ("No er prosjektet i drift.", None),  # Nynorsk "no" is "now"
    ("Ordinær drift.", None),
])
def test_a_continuation_answer_in_the_author_s_words(text: str, answer: str | None) -> None:
    assert parse_continuation(text)["answer"] == answer
    assert parse_continuation(damage(text))["answer"] == answer


def test_an_undecided_continuation_is_marked_uncertain() -> None:
    found = parse_continuation("Uavklart, vi venter på svar om midler.")
    assert found["answer"] is None and found["uncertain"] is True


def test_no_sample_specific_constants_in_the_reader() -> None:
    source = "\n".join(
        p.read_text("utf-8")
        for p in (Path(__file__).parents[2] / "tiltaksbanken" / "sources").glob("*.py")
    )
    assert "002_" not in source and "207451707f380c60" not in source
    assert not re.search(r"\b143\b", source)
