"""The place gazetteer the OCR repair and the lexicon use."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources

from tiltaksbanken.domain.places import place_names


def _places() -> dict:
    return json.loads(resources.files("tiltaksbanken.data").joinpath("places.json").read_text("utf-8"))


def test_every_municipality_has_a_county_known_to_the_gazetteer() -> None:
    data = _places()
    counties = {c["name"] for c in data["counties"]}
    assert len(data["municipalities"]) >= 350
    for m in data["municipalities"]:
        assert m["county"] in counties and m["county_2024"] in counties, m


def test_oslo_has_its_fifteen_districts() -> None:
    assert sum(1 for d in _places()["districts"] if d["city"] == "Oslo") == 15


def test_names_are_written_with_the_norwegian_letters() -> None:
    names = place_names()
    assert {"Øygarden", "Tromsø", "Ørsta", "Bjørnafjorden", "Østensjø", "Ålesund"} <= names
    assert not {"Tromso", "Orsta", "Oygarden"} & names
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
