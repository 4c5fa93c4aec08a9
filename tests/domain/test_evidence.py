"""Evidence levels suggested from generated answers to «how have you examined goal
attainment»: one test per level, each suggestion a «forslag» with the words behind it."""

from __future__ import annotations

import random

import pytest

from tiltaksbanken.domain.evidence import EvaluationRef, effective_level, levels, suggest

OPENINGS = ["Vi har", "Kontoret har", "Prosjektet har", "Me har", ""]
ENDINGS = ["i løpet av året.", "for deltakerne i tiltaket.", "hvert halvår.", "underveis."]
# per level: what a reporter writes, and the words the reasons must show
ANSWERS = {
    "4-effekt": [("sammenlignet deltakerne med en kontrollgruppe", "kontrollgruppe"),
                 ("fått gjort en effektevaluering med randomisering", "effektevaluering")],
    "3-evaluert": [("blitt følgeevaluert av forskere ved OsloMet", "følgeevaluert"),
                   ("fått en ekstern evaluering av Proba samfunnsanalyse", "ekstern evaluering")],
    "2-egne-data": [("ført statistikk over hvor mange som går over i arbeid", "statistikk"),
                    ("gjennomført en brukerundersøkelse og registrert oppmøte", "brukerundersøkelse")],
    "1-beskrevet": [("fått muntlige tilbakemeldinger fra deltakerne", "tilbakemeldinger"),
                    ("hatt jevnlige samtaler med familiene om hvordan det går", "samtaler")],
    "0-ingen": [("ikke målt måloppnåelse ennå, det er for tidlig", "ikke målt")],
}


def _answer(rng: random.Random, body: str) -> str:
    return " ".join(p for p in (rng.choice(OPENINGS), body, rng.choice(ENDINGS)) if p)


@pytest.mark.parametrize("code", list(ANSWERS))
@pytest.mark.parametrize("seed", range(3))
def test_each_level_is_suggested_from_generated_answers_with_its_reasons(code: str, seed: int) -> None:
    rng = random.Random(seed)
    body, cue = rng.choice(ANSWERS[code])
    text = _answer(rng, body)
    found = suggest(text)
    assert found.level.code == code, text
    shown = found.to_dict()
    assert shown["forslag"] is True and shown["label"] == levels()[code].label
    assert any(cue.casefold() in r.casefold() for r in shown["reasons"]), shown


def test_a_negated_method_does_not_count() -> None:
    found = suggest("Vi har ikke gjennomført brukerundersøkelse, men har hatt samtaler med deltakerne.")
    assert found.level.code == "1-beskrevet"
    assert "«samtaler»" in found.reasons


def test_an_evaluation_that_names_the_measure_makes_it_evaluated_by_others() -> None:
    found = suggest("Vi har ført statistikk.", [EvaluationRef("e1", "Evaluering av Jobbsjansen", "Rambøll")])
    assert found.level.code == "3-evaluert"
    assert any("Evaluering av Jobbsjansen" in r and "Rambøll" in r for r in found.reasons)


def test_no_answer_and_a_bare_answer_are_none_with_a_reason() -> None:
    for text in ("", None, "Ja"):
        found = suggest(text)
        assert found.level.code == "0-ingen" and found.reasons


def test_the_editors_level_wins_where_set() -> None:
    assert effective_level("2-egne-data", "4-effekt") == "4-effekt"
    assert effective_level("2-egne-data", None) == "2-egne-data"
    assert effective_level("2-egne-data", "ukjent") == "2-egne-data"
