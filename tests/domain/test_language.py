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
