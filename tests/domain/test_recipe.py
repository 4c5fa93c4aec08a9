"""Recipe cards: a measure's answers, a cookbook example's paragraphs and an evaluation's
sections land in the part of the call's guiding questions they answer, each part citing
the source lines its text stands on; an edited part says so and keeps its lines."""

from __future__ import annotations

import random

import pytest

from tiltaksbanken.domain.recipe import card_from_record, edit_part, part_specs
from tiltaksbanken.domain.records import Record
from tiltaksbanken.ocr.noise import damage

_PARAGRAPHS = {
    "ide": "Bakgrunnen var et stort behov for bolig blant unge i målgruppen vår.",
    "suksess": "Det som har lykkes best er suksessen med faste møter hver uke.",
    "barrierer": "Den største utfordringen var en barriere i regelverket som gjorde det vanskelig.",
    "laering": "Vi anbefaler andre kommuner å lære av oss og spre ideen videre.",
}


def _free_text(rng: random.Random) -> tuple[str, dict[str, tuple[int, int]], int]:
    """Paragraphs of the parts in random order, wrapped over lines, blank lines between,
    after a random number of lines of other text; the lines each paragraph stands on."""
    keys = list(_PARAGRAPHS)
    rng.shuffle(keys)
    first = rng.randint(1, 30)
    lines: list[str] = []
    where: dict[str, tuple[int, int]] = {}
    for key in keys:
        words = _PARAGRAPHS[key].split()
        cut = rng.randint(2, len(words) - 2)
        start = first + len(lines)
        lines += [" ".join(words[:cut]), " ".join(words[cut:]), ""]
        where[key] = (start, start + 1)
    return "\n".join(lines).strip(), where, first


@pytest.mark.parametrize("seed", range(5))
def test_a_cookbook_examples_paragraphs_go_to_their_parts_with_their_lines(seed: int) -> None:
    text, where, first = _free_text(random.Random(seed))
    last = first + text.count("\n")
    record = Record(kind="cookbook", title="Et eksempel", fields={"notice": text},
                    file="blogg.txt", field_sources={"notice": [(first, last)]}, id="c" + "0" * 11)
    card = card_from_record(record)
    assert [p.key for p in card.parts] == [s.key for s in part_specs()]
    for key, lines in where.items():
        part = card.part(key)
        assert part is not None and part.text
        assert " ".join(part.text.split()) == _PARAGRAPHS[key]
        assert part.lines == [lines]


def test_a_measures_form_answers_fill_the_parts_they_answer() -> None:
    fields = {"name": "Bo trygt", "target_group": "Unge uten bolig", "success_factors": "Tett oppfølging",
              "challenges": "Få boliger", "partners": "Boligkontoret i kommunen",
              "contact_email": "ola@nav.no"}
    sources = {k: [(i * 3 + 1, i * 3 + 2)] for i, k in enumerate(fields)}
    record = Record(kind="tiltak", title="Bo trygt", fields=fields, file="rapport.txt",
                    field_sources=sources, id="t" + "1" * 11)
    card = card_from_record(record)
    assert card.part("ide").text == "Unge uten bolig" and card.part("ide").lines == sources["target_group"]
    assert card.part("suksess").text == "Tett oppfølging"
    assert card.part("barrierer").lines == sources["challenges"]
    assert card.part("kommunen").text == "Boligkontoret i kommunen"
    assert "ola@nav.no" not in str(card.to_dict())  # a card is made of answers, not contacts


def test_an_evaluation_section_named_for_a_part_goes_to_that_part() -> None:
    sections = [{"number": "4.1", "heading": "Suksesskriterier", "text": "Forankring i ledelsen.",
                 "lines": [[40, 44]]},
                {"number": "4.2", "heading": "Barrierer", "text": "Lite tid til oppfølging.",
                 "lines": [[45, 50]]}]
    record = Record(kind="evaluation", title="Evaluering", fields={"sections": sections},
                    file="eval.txt", field_sources={"sections": [(40, 50)]}, id="e" + "2" * 11)
    card = card_from_record(record)
    assert "Forankring i ledelsen." in card.part("suksess").text
    assert card.part("suksess").lines == [(40, 44)]
    assert card.part("barrierer").lines == [(45, 50)]


def test_an_edited_part_is_marked_and_keeps_its_lines() -> None:
    record = Record(kind="cookbook", title="E", fields={"notice": _PARAGRAPHS["ide"]},
                    file="b.txt", field_sources={"notice": [(7, 7)]}, id="c" + "3" * 11)
    card = card_from_record(record)
    edit_part(card, "ide", "Ny tekst fra redaktøren")
    assert card.part("ide").edited and card.part("ide").lines == [(7, 7)]
    assert not card.part("suksess").edited
    with pytest.raises(ValueError):
        edit_part(card, "ukjent", "x")


@pytest.mark.parametrize("seed", range(5))
def test_ocr_damage_does_not_move_a_paragraphs_lines(seed: int) -> None:
    """Damaged letters may change which part a paragraph answers, never where it stands."""
    rng = random.Random(seed)
    text, where, first = _free_text(rng)
    damaged = damage(text, rng)
    last = first + damaged.count("\n")
    record = Record(kind="cookbook", title="E", fields={"notice": damaged}, file="b.txt",
                    field_sources={"notice": [(first, last)]}, id="c" + "4" * 11)
    card = card_from_record(record)
    cited = sorted(r for p in card.parts for r in p.lines)
    assert cited == sorted(where.values())
    assert sum(len(p.text.split("\n\n")) for p in card.parts if p.text) == len(where)
