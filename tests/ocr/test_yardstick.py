"""A small version of bench/ocr_synthetic.py: generated damage is repaired, clean text stays."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken.ocr import Repairer
from tiltaksbanken.ocr.noise import Noise, damage, score

TEXTS = Path(__file__).parent / "texts"
BOKMAAL = (
    "Målet med prosjektet er å få flere unge over i arbeid eller utdanning.\n"
    "Vi har ansatt en jobbspesialist som følger opp deltakerne tett på arbeidsplassen.\n"
    "Det har vært særlig viktig å bygge tillit før vi går videre med søknader.\n"
    "Erfaringene våre viser at økonomisk rådgivning gir færre søknader om nødhjelp.\n"
    "Tiltaket blir videreført når prosjektperioden er over, og vi ønsker å spre metoden.\n"
    "Samarbeidet med barnevernet, skolen og frivillige har gitt bedre tjenester til familiene.\n"
    "Mange av brukerne har ikke hatt arbeid på flere år og trenger tid for å komme i gang.\n"
    "Kartleggingen av levekårsutfordringer i kommunen viste at mange familier har gjeld.\n"
) * 2


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_generated_damage_in_bokmaal_and_nynorsk_is_mostly_undone(seed: int) -> None:
    clean = BOKMAAL + "\n" + (TEXTS / "nynorsk.txt").read_text("utf-8")
    damaged = damage(clean, random.Random(seed))
    repaired = Repairer(damaged).repair_text(damaged).text
    result = score(clean, damaged, repaired)
    assert result.errors_before > 100  # the damage was real
    assert result.error_reduction >= 0.85, result.summary()
    assert result.overcorrections <= 2, result.summary()


def test_lighter_damage_is_repaired_as_well() -> None:
    damaged = damage(BOKMAAL, random.Random(21), Noise(letters=0.6, join=0.0, split=0.0))
    repaired = Repairer(damaged).repair_text(damaged).text
    result = score(BOKMAAL, damaged, repaired)
    assert result.error_reduction >= 0.8, result.summary()
    assert result.overcorrections <= 1, result.summary()


@pytest.mark.parametrize("name", ["nynorsk.txt", "english.txt", "swedish.txt", "danish.txt",
                                  "bokmaal_web.txt"])
def test_a_forced_repair_of_clean_text_changes_nothing(name: str) -> None:
    text = (TEXTS / name).read_text("utf-8")
    assert Repairer(text).repair_text(text).text == text


def test_a_forced_repair_of_clean_bokmaal_changes_nothing() -> None:
    assert Repairer(BOKMAAL).repair_text(BOKMAAL).text == BOKMAAL


def test_the_score_counts_what_the_repair_undid_and_broke() -> None:
    clean = "Vi får god hjelp på kontoret.\nAlt gikk bra."
    damaged = "Vi far god hjelp pa kontoret.\nAlt gikk bra."
    result = score(clean, damaged, "Vi får god hjelp på kontoret.\nAlt gikk bre.")
    assert (result.errors_before, result.errors_after, result.overcorrections) == (2, 1, 1)
