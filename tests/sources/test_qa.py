"""Reports written as questions and answers: questions as labels, answers as fields,
mapped to the annual report form where the questions match it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken.data import load_data
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.qa import QAReportReader, form_key
from tiltaksbanken.sources.registry import pick_reader

_COMMON = set(load_data("not_places.json")["common_word_places"])
_TOWNS = sorted(m["name"] for m in load_data("places.json")["municipalities"]
                if " " not in m["name"] and m["name"] not in _COMMON)

_QUESTIONS = [
    ("name", ["Hva heter tiltaket?", "Kva heiter prosjektet?", "Navn på tiltaket"]),
    ("target_group", ["Hvem er målgruppen?", "Kva er målgruppa for tiltaket?"]),
    ("description", ["Beskriv tiltaket", "Hva går tiltaket ut på?"]),
    ("partners", ["Hvem samarbeider dere med?", "Er det samarbeid med andre aktørar?"]),
    ("challenges", ["Hva har vært de største utfordringene?", "Kva utfordringar har de hatt?"]),
    ("continuation", ["Skal tiltaket videreføres?", "Skal tiltaket vidareførast?"]),
]


@pytest.mark.parametrize("seed", range(6))
def test_a_qa_report_becomes_a_measure_with_the_forms_fields(seed: int) -> None:
    rng = random.Random(seed)
    town = rng.choice(_TOWNS)
    name = rng.choice(["Ny start", "Heim først", "Aktiv kvardag", "Saman om barna"])
    answers = {"name": name, "target_group": "Unge voksne som mottar sosialhjelp.",
               "description": f"Tett oppfølging av deltakerne i {town} kommune.",
               "partners": "Skolen, helsetjenesten og frivillige lag.",
               "challenges": "Det har vært vanskelig å rekruttere nok deltakere.",
               "continuation": "Ja, gjennom kommunens budsjett."}
    markdown = seed % 2 == 0
    lines = ["# Fremdriftsrapport" if markdown else "Fremdriftsrapport", ""]
    for key, variants in _QUESTIONS:
        q = rng.choice(variants)
        lines += [f"**{q}**" if markdown else q, answers[key], ""]
    doc = SourceDocument(path=Path("rapport.md" if markdown else "rapport.txt"),
                         data="\n".join(lines).encode("utf-8"))
    assert pick_reader(doc).name == "qa"
    [record] = QAReportReader().read(doc).records
    assert record.kind == "tiltak" and record.title == name
    for key, value in answers.items():
        if key != "continuation":
            assert record.fields[key] == value
        [(a, _)] = record.field_sources[key]
        assert doc.lines[a - 1] == value
    assert record.fields["continuation"]["answer"] == "yes"
    assert len(record.fields["answers"]) == len(_QUESTIONS)
    assert town in record.fields["municipalities"]


def test_questions_that_do_not_match_the_form_stay_questions_and_answers() -> None:
    qs = ["Hvordan var været?", "Hvem kom på møtet?", "Hva spiste dere?", "Når er neste møte?"]
    lines = ["Referat", ""]
    for q in qs:
        lines += [q, "Det ble godt tatt imot av alle.", ""]
    doc = SourceDocument(path=Path("referat.txt"), data="\n".join(lines).encode("utf-8"))
    [record] = QAReportReader().read(doc).records
    assert record.kind == "document"
    assert [a["question"] for a in record.fields["answers"]] == qs


@pytest.mark.parametrize(("question", "key"), [
    ("Hva har dere oppnådd med tiltaket?", "achievements"),
    ("Hvordan har dere undersøkt måloppnåelsen?", "measurement"),
    ("Hvilket NAV-kontor har ansvaret?", "nav_office"),
    ("Hvordan var været?", None),
])
def test_form_questions_are_known_in_their_own_phrasing(question: str, key: str | None) -> None:
    assert form_key(question) == key


@pytest.mark.parametrize("seed", range(4))
def test_a_report_heading_names_the_measure_its_report_type_and_office(seed: int) -> None:
    """«Statusrapport 2023 – Bustadrettleiar i NAV Voss»: the questions do not ask the name,
    the heading says it (and what kind of report it is, and which office runs it)."""
    rng = random.Random(seed)
    town = rng.choice(_TOWNS)
    kind, word = rng.choice([("status", "Statusrapport"), ("final", "Sluttrapport")])
    name = f"{rng.choice(['Bustadrettleiar', 'Ungdomslos', 'Jobbspesialist'])} i NAV {town}"
    lines = ["Meny", f"{word} {rng.randint(2019, 2025)} – {name}"]
    for key, variants in _QUESTIONS[1:]:
        lines += [rng.choice(variants), f"Svar om {key} i tiltaket."]
    doc = SourceDocument(path=Path("rapport.txt"), data="\n".join(lines).encode("utf-8"))
    [record] = QAReportReader().read(doc).records
    assert record.kind == "tiltak" and record.title == name == record.fields["name"]
    assert record.fields["report_type"] == kind
    assert record.fields["nav_offices"] == [f"NAV {town}"]
    assert record.field_sources["name"] == [(2, 2)]
