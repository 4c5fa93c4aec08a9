"""The survey-export reader on CSV and XLSX files generated from invented rows."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.form_export import FormExportReader

LAW = {  # in the law's order
    "§ 15": "§ 15 Boliger til vanskeligstilte",
    "§ 17": "§ 17 Opplysning, råd og veiledning, herunder økonomisk rådgivning",
    "§ 18": "§ 18 Økonomisk stønad til livsopphold",
    "§ 20a": "§ 20a Vilkår om aktivitet for personer under 30 år",
    "§ 29–40": "§ 29–40 Kvalifiseringsprogram med tilhørende stønader",
}
COUNTIES = {"Viken": "30", "Vestland": "46", "Trøndelag": "50", "Agder": "42", "Nordland": "18"}
PLACES = ["Fjordvik", "Heiberg", "Solstrand", "Nordmo", "Åsgrend", "Østlia", "Bjørkely"]
WORDS = [
    "arbeid", "oppfølging", "familie", "ungdom", "bolig", "gjeld", "veileder", "samarbeid",
    "tett", "helhetlig", "innsats", "mestring", "språk", "praksis", "kurs", "aktivitet",
    "skole", "nettverk", "frivillig", "økonomi", "rådgivning",
]
LONG_KEYS = (
    "target_group", "description", "develops", "interest_from_others", "tried_elsewhere",
    "partners", "achievements", "measurement", "challenges", "success_factors",
)
# slightly reworded questions, as a survey tool might export them
HEADERS = {
    "name": "Navn på tiltak",
    "nav_office": "Navn på Nav-kontor",
    "contact_email": "E-post til kontaktperson (kopi av svaret sendes hit). Velg fylke.",
    "start": "Når startet tiltaket?",
    "report_type": "Statusrapportering / Sluttrapportering",
    "target_group": "Beskriv målgruppa",
    "description": "Beskriv selve tiltaket",
    "develops": "Hva utvikler tiltaket?",
    "law_paragraphs": "Hvilke paragrafer i sosialtjenesteloven er særlig aktuelle?",
    "interest_from_others": "Samarbeid - Har tiltaket skapt interesse hos andre aktører?",
    "tried_elsewhere": "Samarbeid: Skal tiltaket prøves ut andre steder?",
    "partners": "Samarbeid – Er det samarbeid med andre aktører? Eventuelt hvilke?",
    "achievements": "Beskriv hva dere har oppnådd",
    "measurement": "Beskriv hvordan dere har undersøkt måloppnåelse",
    "challenges": "Beskriv de viktigste utfordringene",
    "success_factors": "Beskriv de viktigste suksessfaktorene",
    "continuation": "Skal deler eller hele tiltaket videreføres?",
}
SPLIT_HEADERS = {
    "county": "Velg fylke",
    "continuation_yes": "Skal deler eller hele tiltaket videreføres? - Ja gjennom",
    "continuation_no": "Skal deler eller hele tiltaket videreføres? - Nei, fordi",
}


def invent_rows(n: int, seed: int) -> list[dict]:
    """Invented answers; long texts sometimes hold several paragraphs."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        place = rng.choice(PLACES)
        county = rng.choice(list(COUNTIES))
        laws = rng.sample(list(LAW), rng.randint(1, 3))
        yes = rng.random() < 0.6
        row = {
            "name": f"{rng.choice(WORDS).capitalize()} i {place} {i}",
            "nav_office": f"NAV {place}",
            "email": f"person{i}@{place.lower().replace('å', 'a').replace('ø', 'o')}.kommune.no",
            "county": county,
            "start": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.20{rng.randint(18, 23)}",
            "report_type": rng.choice(
                ["Statusrapportering", "Sluttrapportering (tiltaket mottar ikke flere tilskuddsmidler)"]
            ),
            "laws": sorted(laws, key=list(LAW).index),
            "yes": yes,
            "continuation": (
                f"Ja, gjennom drift i {place}" if yes else "Nei, fordi midlene tok slutt"
            ),
        }
        for key in LONG_KEYS:
            paragraphs = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
                for _ in range(rng.choice([1, 1, 2]))
            ]
            row[key] = "\n".join(p.capitalize() + "." for p in paragraphs)
        rows.append(row)
    return rows


def cells_for(row: dict, layout: str, law_separator: str = " / ") -> dict[str, str]:
    """The cells of one exported row; ``layout`` "joined" or "split" (e-mail/county, yes/no)."""
    cells = {k: row[k] for k in ("name", "nav_office", "start", "report_type", *LONG_KEYS)}
    cells["law_paragraphs"] = law_separator.join(LAW[c] for c in row["laws"])
    if layout == "joined":
        cells["contact_email"] = f"{row['email']} {row['county']}"
        cells["continuation"] = row["continuation"]
    else:
        cells["contact_email"] = row["email"]
        cells["county"] = row["county"]
        cells["continuation_yes"] = row["continuation"] if row["yes"] else ""
        cells["continuation_no"] = "" if row["yes"] else row["continuation"]
    return cells


def columns_for(layout: str) -> list[str]:
    keys = list(HEADERS)
    if layout == "split":
        keys.insert(keys.index("contact_email") + 1, "county")
        keys.remove("continuation")
        keys += ["continuation_yes", "continuation_no"]
    return ["Tidsmerke", *keys]


def header_text(key: str) -> str:
    return HEADERS.get(key) or SPLIT_HEADERS.get(key) or key


def write_csv(rows: list[dict], delimiter: str, layout: str, law_separator: str = " / ",
              blank_row_after: int | None = None) -> tuple[str, list[tuple[int, int]]]:
    """CSV text and the physical line range of every data row."""
    keys = columns_for(layout)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([header_text(k) for k in keys])
    line = 2
    ranges = []
    for i, row in enumerate(rows):
        cells = cells_for(row, layout, law_separator)
        before = out.tell()
        writer.writerow([f"2024-01-{i + 1:02d} 10:00" if k == "Tidsmerke" else cells[k] for k in keys])
        written = out.getvalue()[before:]
        span = written.count("\n")
        ranges.append((line, line + span - 1))
        line += span
        if blank_row_after == i:
            writer.writerow([""] * len(keys))
            line += 1
    return out.getvalue(), ranges


def check_record(record, row: dict, lines: tuple[int, int]) -> None:
    f = record.fields
    assert record.kind == "tiltak"
    assert record.title == row["name"]
    assert f["name"] == row["name"]
    assert f["nav_office"] == row["nav_office"]
    assert f["contact_email"] == row["email"]
    assert f["county"] == row["county"]
    assert f["county_code"] == COUNTIES[row["county"]]
    assert f["start"] == row["start"]
    d, m, y = row["start"].split(".")
    assert f["start_date"] == f"{y}-{m}-{d}"
    assert f["report_type"] == ("status" if row["report_type"].startswith("Status") else "final")
    assert f["law_paragraphs"] == row["laws"]
    for key in LONG_KEYS:
        assert f[key] == row[key], key
    assert f["continuation"] == {"answer": "yes" if row["yes"] else "no", "text": row["continuation"]}
    assert record.lines == [lines]
    for key in ("name", "contact_email", "county", "county_code", "description", "law_paragraphs",
                "continuation", "start_date", "report_type"):
        assert record.field_sources[key] == [lines], key


def doc_of(name: str, data: bytes) -> SourceDocument:
    return SourceDocument(path=Path(name), data=data)


@pytest.mark.parametrize(
    ("delimiter", "layout", "suffix"),
    [(",", "joined", ".csv"), (";", "split", ".csv"), ("\t", "joined", ".tsv"), ("\t", "split", ".csv")],
)
def test_csv_rows_parse_back_with_their_line_ranges(delimiter: str, layout: str, suffix: str) -> None:
    rows = invent_rows(9, seed=len(delimiter) + len(layout))
    text, ranges = write_csv(rows, delimiter, layout, blank_row_after=3)
    assert any(b > a for a, b in ranges), "the test needs multi-line cells"
    doc = doc_of("export" + suffix, text.encode("utf-8"))
    reader = FormExportReader()
    assert reader.match(doc) >= 0.9
    records = reader.read(doc).records
    assert len(records) == len(rows)
    assert [r.ordinal for r in records] == list(range(len(rows)))
    for record, row, lines in zip(records, rows, ranges, strict=True):
        check_record(record, row, lines)
        first, last = lines
        assert row["name"] in "\n".join(doc.display_lines[first - 1 : last])


def test_cp1252_csv_with_law_choices_on_lines_and_semicolons() -> None:
    rows = invent_rows(6, seed=7)
    for i, separator in enumerate(["; ", "\n"]):
        text, ranges = write_csv(rows, ";", "split", law_separator=separator)
        doc = doc_of(f"eksport{i}.csv", text.encode("cp1252"))
        assert doc.encoding != "utf-8"
        records = FormExportReader().read(doc).records
        for record, row, lines in zip(records, rows, ranges, strict=True):
            check_record(record, row, lines)
            assert record.fields["law_paragraphs_text"] == separator.join(LAW[c] for c in row["laws"])


def test_header_below_a_title_row_and_unmatched_columns_ignored() -> None:
    rows = invent_rows(3, seed=3)
    text, ranges = write_csv(rows, ",", "joined")
    doc = doc_of("med_tittel.csv", ("Rapportering 2023,,\r\n" + text).encode("utf-8"))
    records = FormExportReader().read(doc).records
    for record, row, (a, b) in zip(records, rows, ranges, strict=True):
        check_record(record, row, (a + 1, b + 1))
        assert "Tidsmerke" not in record.fields


def write_xlsx(path: Path, rows: list[dict], layout: str) -> dict[int, int]:
    """An XLSX export with a title row, a blank row and a date cell; row index → sheet row."""
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Info"
    info["A1"] = "Eksportert fra spørreskjema"
    ws = wb.create_sheet("Svar")
    keys = columns_for(layout)
    ws.append(["Rapport for tilskudd"])
    ws.append([header_text(k) for k in keys])
    sheet_rows = {}
    for i, row in enumerate(rows):
        if i == 2:
            ws.append([])  # an empty row in the middle
        cells = cells_for(row, layout, law_separator="\n")
        values = []
        for k in keys:
            if k == "Tidsmerke":
                values.append(datetime(2024, 1, i + 1, 9, 30))
            elif k == "start" and i % 2:
                d, m, y = (int(x) for x in row["start"].split("."))
                values.append(datetime(y, m, d))
            else:
                values.append(cells[k] or None)
        ws.append(values)
        sheet_rows[i] = ws.max_row
    wb.save(path)
    return sheet_rows


@pytest.mark.parametrize("layout", ["joined", "split"])
def test_xlsx_rows_parse_back_with_sheet_row_numbers(tmp_path: Path, layout: str) -> None:
    rows = invent_rows(5, seed=11)
    path = tmp_path / "eksport.xlsx"
    sheet_rows = write_xlsx(path, rows, layout)
    doc = SourceDocument.load(path)
    reader = FormExportReader()
    assert reader.match(doc) >= 0.9
    result = reader.read(doc)
    records, lines = result.records, result.lines
    assert lines is not None, "a workbook's records point into its rendered rows"
    assert len(records) == len(rows)
    for i, (record, row) in enumerate(zip(records, rows, strict=True)):
        n = sheet_rows[i]
        check_record(record, row, (n, n))
        # the display line of that row shows the row's cells
        assert lines[n - 1].split(" | ")[1] == row["name"]
    assert lines[1].startswith("Tidsmerke | Navn på tiltak")


def test_truncated_xlsx_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "eksport.xlsx"
    write_xlsx(path, invent_rows(4, seed=2), "joined")
    data = path.read_bytes()
    doc = doc_of("eksport.xlsx", data[: len(data) // 2])
    reader = FormExportReader()
    assert reader.match(doc) > 0  # the reader takes it, to say what is wrong
    with pytest.raises(IngestError, match="damaged or truncated"):
        reader.read(doc)


def test_xlsx_without_form_headers_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Produkt", "Pris", "Antall"])
    wb.active.append(["Eple", 5, 3])
    path = tmp_path / "priser.xlsx"
    wb.save(path)
    doc = SourceDocument.load(path)
    assert FormExportReader().match(doc) == 0
    with pytest.raises(IngestError, match="header row matching the annual report form"):
        FormExportReader().read(doc)


def test_csv_with_unrelated_headers_is_not_a_form_export() -> None:
    doc = doc_of("priser.csv", b"Produkt;Pris;Antall;Kommentar\r\nEple;5;3;god\r\n")
    reader = FormExportReader()
    assert reader.match(doc) == 0
    with pytest.raises(IngestError, match="header row matching"):
        reader.read(doc)


def test_header_only_export_is_refused() -> None:
    text, _ = write_csv([], ",", "joined")
    doc = doc_of("tom.csv", (text + ",,,\r\n").encode())
    with pytest.raises(IngestError, match="no row"):
        FormExportReader().read(doc)


def test_other_files_get_no_bid() -> None:
    assert FormExportReader().match(doc_of("notat.txt", "Navn på tiltaket;Beskriv tiltaket".encode())) == 0


CELL = st.text(
    alphabet=st.sampled_from(list("abcæøå ÆØÅ,;\t\"'\n-.:/")), min_size=0, max_size=40
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.tuples(CELL, CELL), min_size=1, max_size=5),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_cell_text_survives_the_round_trip(cells: list[tuple[str, str]], delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["Navn på tiltaket", "Navn på NAV-kontoret", "Beskriv tiltaket", "Beskriv målgruppen"])
    kept = []
    for i, (a, b) in enumerate(cells):
        writer.writerow([f"Tiltak {i}", a, b, "x"])
        kept.append((a, b))
    records = FormExportReader().read(doc_of("x.csv", out.getvalue().encode())).records
    assert len(records) == len(kept)
    for record, (a, b) in zip(records, kept, strict=True):
        assert record.fields["nav_office"] == (a.strip() or None)
        assert record.fields["description"] == (b.strip() or None)
