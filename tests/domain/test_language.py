"""Which written language a passage is in (for ``lang`` attributes on pages)."""

from __future__ import annotations

import pytest

from tiltaksbanken.domain.language import lang_attribute, language_of


@pytest.mark.parametrize(("text", "language"), [
    ("Tilbodet er for ungdomar som ikkje har jobb, og dei treng meir hjelp.", "nn"),
    ("Tilbudet er for ungdommer som ikke har jobb, og de trenger mer hjelp.", "nb"),
    ("Barn har noko viktig å sei!", "nn"),
    ("This post is about the projects we have delivered with the municipality.", "en"),
    ("Vi løfter i lag", None),
    ("", None),
])
def test_the_language_of_a_passage(text: str, language: str | None) -> None:
    assert language_of(text) == language


def test_a_mixed_passage_reads_as_its_main_language() -> None:
    bokmaal = "Vi har ikke fått til mye, men de fleste brukere er fornøyde med tjenester hjemme. "
    assert language_of(bokmaal * 3 + "Det er ikkje lett.") == "nb"


def test_only_another_language_than_the_pages_is_marked() -> None:
    assert lang_attribute("Dei treng ikkje meir.") == "nn"
    assert lang_attribute("De trenger ikke mer.") is None
    assert lang_attribute("<mark>Dei</mark> treng ikkje meir.") == "nn"


@pytest.mark.parametrize(("text", "language"), [
    ("Projektet har inte nått alla deltagare, men samverkan mellan myndigheterna har "
     "fungerat bättre än vi trodde och det finns en vilja att fortsätta.", "sv"),
    ("Projektet har givet borgerne en bedre opfølgning, og samarbejdet mellem jobcentret "
     "og kommunen er blevet meget tættere uden ekstra ressourcer.", "da"),
    ("Prosjektet har gitt deltakerne bedre oppfølging, og samarbeidet mellom NAV og "
     "kommunen er blitt mye tettere uten ekstra ressurser.", "nb"),
])
def test_swedish_and_danish_are_told_from_norwegian(text: str, language: str) -> None:
    assert language_of(text) == language


def test_a_document_in_a_neighbour_language_is_labelled_in_norwegian() -> None:
    from tiltaksbanken.domain.language import language_fields

    assert language_fields("sv") == {"language": "sv", "language_label": "Svensk"}
    assert language_fields("da")["language_label"] == "Dansk"
    assert language_fields("nn")["language_label"] is None
