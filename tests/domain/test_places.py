"""Municipalities named in running text: gazetteer names in a place's context."""

from __future__ import annotations

import random

import pytest

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.places import (
    municipalities_in,
    municipality_lines,
    municipality_of,
    place_mentions,
)

_COMMON = set(load_data("not_places.json")["common_word_places"])
_TOWNS = sorted(m["name"] for m in load_data("places.json")["municipalities"]
                if " " not in m["name"] and m["name"] not in _COMMON)
_DISTRICTS = [d for d in load_data("places.json")["districts"]]


def test_a_sentence_that_starts_with_en_names_no_place() -> None:
    assert municipalities_in("En kommune som vil prøve det samme, kan ta kontakt.") == []


@pytest.mark.parametrize("district", _DISTRICTS, ids=lambda d: d["name"])
def test_a_city_district_is_in_its_city(district: dict[str, str]) -> None:
    text = f"NAV-kontoret i bydel {district['name']} har startet et nytt prosjekt."
    assert municipalities_in(text) == [district["city"]]
    assert municipality_of(district["name"]) == district["city"]


@pytest.mark.parametrize("seed", range(8))
def test_generated_prose_gives_the_municipalities_it_names(seed: int) -> None:
    rng = random.Random(seed)
    a, b, c = rng.sample(_TOWNS, 3)
    text = (f"{a} kommune og NAV {b} har samarbeidet i to år. Prosjektet i {c} er nytt, "
            f"sier leder Kari Hansen.")
    assert municipalities_in(text) == [a, b, c]


@pytest.mark.parametrize("name", sorted(_COMMON)[:12])
def test_a_place_name_that_is_also_a_word_needs_a_place_context(name: str) -> None:
    municipality = municipality_of(name)
    assert municipalities_in(f"{name} er viktig for oss.") == []
    assert municipalities_in(f"Vi har et kontor i {name}.") == [municipality]
    assert municipalities_in(f"{name} kommune har et nytt tilbud.") == [municipality]


def test_a_surname_is_no_place() -> None:
    assert municipalities_in("Det sier prosjektleder Ola Berg Strand til oss.") == []


def test_other_languages_take_only_the_strongest_context() -> None:
    town = _TOWNS[0]
    assert place_mentions(f"Projektet i {town} har gett stöd.", strict=True) == []
    assert municipalities_in(f"Samarbetet med NAV {town} har gett stöd.", strict=True) == [town]


def test_each_municipality_cites_the_lines_that_name_it() -> None:
    a, b = _TOWNS[3], _TOWNS[40]
    lines = ["Overskrift", "", f"Tiltaket i {a} er godt.", f"NAV {b} og {a} kommune deltar."]
    assert municipality_lines(lines) == {a: [(3, 3), (4, 4)], b: [(4, 4)]}
