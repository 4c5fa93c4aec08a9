"""The place gazetteer the OCR repair and the lexicon use."""

from __future__ import annotations

import json
import runpy
import unicodedata
from importlib import resources
from pathlib import Path

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


def _offices() -> dict:
    return json.loads(resources.files("tiltaksbanken.data").joinpath("nav_offices.json").read_text("utf-8"))


def test_nav_office_gazetteer_names_its_source_and_agrees_with_the_places() -> None:
    data, places = _offices(), _places()
    assert "places.json" in data["_source"] and "build_nav_offices.py" in data["_source"]
    counties = {m["name"]: (m["county_2024"], m["county"]) for m in places["municipalities"]}
    homonyms = {n for n in counties if sum(m["name"] == n for m in places["municipalities"]) > 1}
    districts = {(d["city"], d["name"]) for d in places["districts"]}
    names = [o["name"] for o in data["offices"]]
    assert len(names) == len(set(names)), "canonical names are unique"
    for o in data["offices"]:
        assert o["kind"] in ("municipal", "district", "intermunicipal") and o["name"].startswith("NAV ")
        assert o["municipalities"] and all(m in counties for m in o["municipalities"]), o
        own = {counties[m] for m in o["municipalities"] if m not in homonyms}
        if o["county_2024"] is not None and own:
            assert own == {(o["county_2024"], o["county"])}, o
        if o["kind"] == "district":
            assert {(o["municipalities"][0], d) for d in o["districts"]} <= districts, o
        assert unicodedata.is_normalized("NFC", o["name"])


def test_every_municipality_has_one_office_of_its_own_or_a_joint_one() -> None:
    places = _places()
    served: dict[tuple[str, str], int] = {}
    for o in _offices()["offices"]:
        if o["kind"] in ("municipal", "intermunicipal"):
            for m in o["municipalities"]:
                key = (m, o["county_2024"] or "")
                served[key] = served.get(key, 0) + 1
    for m in places["municipalities"]:
        mine = [n for (name, c), n in served.items() if name == m["name"] and c in (m["county_2024"], "")]
        assert sum(mine) == 1, m
    oslo = [o for o in _offices()["offices"] if o["kind"] == "district" and o["municipalities"] == ["Oslo"]]
    assert len(oslo) == 15


def test_the_2024_municipalities_are_those_of_2024() -> None:
    places = _places()
    names = [m["name"] for m in places["municipalities"]]
    assert len(names) == 357
    former = {f["name"] for f in places["former_municipalities"]}
    assert not {"Askim", "Eidsberg", "Spydeberg", "Skedsmo", "Ski"} & set(names)
    assert {"Askim", "Eidsberg", "Spydeberg"} <= former and "Flatanger" in names
    for f in places["former_municipalities"]:
        assert f["became"] in names, f


def test_the_office_gazetteer_is_what_its_generator_makes() -> None:
    """Edited places.json or the generator's tables without running it again?"""
    script = Path(__file__).parents[1] / "scripts" / "build_nav_offices.py"
    built = runpy.run_path(str(script))["build"]()
    assert built == _offices()
