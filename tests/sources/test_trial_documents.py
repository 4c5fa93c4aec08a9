"""Regressions found by trying real-like documents in the formats people bring them
(``bench/docs_trial.py``): a meeting venue is no item of a per-municipality text, a County
Governor's county is no place of the measure, and a Word file's date is the date it states,
not the «created» date of the template it was made from."""

from __future__ import annotations

import io
import random
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.places import municipalities_in
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.formats.meta import document_date
from tiltaksbanken.sources.news import NewsReader


def _towns(seed: int, k: int) -> list[str]:
    names = [m["name"] for m in load_data("places.json")["municipalities"]
             if " " not in m["name"] and "-" not in m["name"] and len(m["name"]) >= 5]
    return random.Random(seed).sample(names, k)


VENUES = ["Neste møte: {v}, 14. november.", "Neste samling blir i {v} i juni.",
          "Neste nettverksmøte holdes i {v} 3. mai."]


@pytest.mark.parametrize("seed", range(6))
def test_next_meeting_venue_is_not_split_off_as_a_municipality(seed: int) -> None:
    a, b, venue = _towns(seed, 3)
    lines = ["# Referat fra nettverkssamling om boligsosialt arbeid", "",
             "Nettverket samlet NAV-kontorene for å dele erfaringer med bolig.", "",
             "## " + a, "", f"{a} kommune fortalte om arbeidet med varige boliger til "
             f"bostedsløse, der NAV {a} har fått en boveileder.", "",
             "## " + b, "", f"{b} kommune har etablert et tverrfaglig team som følger opp "
             "personer med rus og psykiske lidelser i egen bolig.", "",
             "## Videre arbeid", "", VENUES[seed % 3].format(v=venue)
             + " Samlingen ble avsluttet med lunsj.", ""]
    doc = SourceDocument(path=Path("referat.md"), data="\n".join(lines).encode())
    records = NewsReader().read(doc).records
    found = {m for r in records for m in r.fields["municipalities"]}
    assert len(records) == 2
    assert found == {a, b}
    # the venue line stays in the text of the last item, nothing is lost
    assert venue in records[-1].fields["text"]


def test_county_governor_county_is_not_a_place_but_the_municipality_is() -> None:
    text = ("Statsforvalteren i Oslo og Viken har ført tilsyn med Lier kommune. "
            "Statsforvaltaren i Vestland har fordelt midlar til Voss.")
    assert municipalities_in(text) == ["Lier", "Voss"]
    assert municipalities_in("Prosjektet i Oslo er forankret i NAV.") == ["Oslo"]


def _docx(stated: list[str], created: str) -> bytes:
    d = Document()
    d.core_properties.created = datetime.fromisoformat(created)
    d.add_heading("Evaluering av tiltaket", level=0)
    for line in stated:
        d.add_paragraph(line)
    d.add_paragraph("Prosjektet har gitt deltakerne tettere oppfølging.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("stated", "want"), [
    (["Juni 2023"], "Juni 2023"),
    (["Oslo, 5. mai 2022"], "5. mai 2022"),
    (["Rapport 2021:3", "Mars 2021"], "Mars 2021"),
    (["Dato: 14.02.2024"], "14.02.2024"),
    (["Maj 2020"], "Maj 2020"),  # Swedish and Danish month names
])
def test_docx_date_is_the_stated_date_not_the_created_property(stated: list[str], want: str) -> None:
    doc = SourceDocument(path=Path("rapport.docx"), data=_docx(stated, "2013-12-23T23:15:00"))
    assert document_date(doc.lines, doc.converted) == want


def test_docx_without_a_stated_date_falls_back_to_its_metadata() -> None:
    doc = SourceDocument(path=Path("rapport.docx"), data=_docx([], "2019-05-02T10:00:00"))
    assert document_date(doc.lines, doc.converted) == "2019-05-02"
    # a year inside a sentence is no stated date
    doc = SourceDocument(path=Path("r.docx"), data=_docx(["Vi startet i mai 2019 med 12 deltakere."],
                                                         "2019-05-02T10:00:00"))
    assert document_date(doc.lines, doc.converted) == "2019-05-02"


def test_status_report_as_questions_records_its_language_and_cites_its_municipalities() -> None:
    from tiltaksbanken.sources.registry import pick_reader

    town = _towns(11, 1)[0]
    qa = [("Navn på tiltaket", "Jobbvegen"), ("Navn på NAV-kontoret", f"NAV {town}"),
          ("Når startet tiltaket?", "Tiltaket startet i februar 2023."),
          ("Beskriv målgruppen", "Unge voksne som mottar økonomisk sosialhjelp."),
          ("Beskriv tiltaket", "Deltakerne får en fast veileder og tett oppfølging."),
          ("Beskriv hva dere har oppnådd med tiltaket", "Halvparten er i arbeid etter ett år."),
          ("Skal deler eller hele tiltaket videreføres?", "Ja, gjennom kommunens budsjett.")]
    lines = ["# Statusrapport for Jobbvegen", ""]
    for q, a in qa:
        lines += [f"## {q}", "", a, ""]
    doc = SourceDocument(path=Path("status.md"), data="\n".join(lines).encode())
    records = pick_reader(doc).read(doc).records
    assert [r.kind for r in records] == ["tiltak"]
    record = records[0]
    assert record.fields["language"] == "nb"
    assert town in record.fields["municipalities"]
    cited = [doc.lines[a - 1] for a, b in record.field_sources["municipalities"]]
    assert any(town in line for line in cited)


def test_word_status_report_as_a_question_answer_table_is_a_form_record() -> None:
    from tiltaksbanken.sources.registry import pick_reader

    town = _towns(12, 1)[0]
    d = Document()
    d.add_heading("Statusrapport for Ny start", level=0)
    d.add_paragraph("Dato: 14. februar 2024")
    rows = [("Spørsmål", "Svar"), ("Navn på tiltaket", "Ny start"),
            ("Navn på NAV-kontoret", f"NAV {town}"),
            ("Beskriv målgruppen", "Unge voksne som mottar økonomisk sosialhjelp."),
            ("Beskriv tiltaket", "Deltakerne får en fast veileder og tett oppfølging."),
            ("Beskriv hva dere har oppnådd med tiltaket", "Halvparten er i arbeid etter ett år."),
            ("Skal deler eller hele tiltaket videreføres?", "Ja, gjennom kommunens budsjett.")]
    table = d.add_table(rows=len(rows), cols=2)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    buf = io.BytesIO()
    d.save(buf)
    doc = SourceDocument(path=Path("sluttrapport.docx"), data=buf.getvalue())
    records = pick_reader(doc).read(doc).records
    assert [r.kind for r in records] == ["tiltak"]
    record = records[0]
    assert record.title.startswith("Ny start")
    assert record.fields["nav_office"] == f"NAV {town}"
    assert "økonomisk sosialhjelp" in record.fields["target_group"]
    # each answer cites the table row it stands in
    (first, _last), = record.field_sources["target_group"]
    assert "økonomisk sosialhjelp" in doc.lines[first - 1]


@pytest.mark.parametrize(("head", "kind"), [
    ("Rapport fra tilsyn med sosiale tjenester i NAV {t}", "evaluation"),
    ("Tilsynsrapport: sosiale tjenester i NAV {t}", "evaluation"),
    ("Nye boliger gir flere en trygg start i {t}", "news"),
])
def test_supervision_report_with_numbered_chapters_is_a_report(head: str, kind: str) -> None:
    from tiltaksbanken.sources.registry import pick_reader

    town = _towns(13, 1)[0]
    text = (f"Statsforvalteren har ført tilsyn med {town} kommune sine sosiale tjenester i "
            f"NAV {town}. Vi har gått gjennom dokumenter og intervjuet ledere og ansatte.")
    lines = [f"# {head.format(t=town)}", "", "Dato: 5. oktober 2023", "", text, ""]
    for n, chapter in enumerate(["Innledning", "Hva vi fant", "Konklusjon"], 1):
        lines += [f"## {n} {chapter}", "", text, ""]
    doc = SourceDocument(path=Path("tilsyn.md"), data="\n".join(lines).encode())
    records = pick_reader(doc).read(doc).records
    assert records[0].kind == kind
    assert records[0].title.startswith(head.format(t=town))
    assert town in {m for r in records for m in r.fields["municipalities"]}
