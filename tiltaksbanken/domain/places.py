"""Norwegian place names (municipalities, counties, city districts, regions) from ``data/places.json``,
and the two county systems from ``data/counties.json``: the 2020–2023 counties the report
form offers (Viken, Vestfold og Telemark, Troms og Finnmark, …) and those from 1 January 2024."""

from __future__ import annotations

from functools import cache
from typing import Any

from tiltaksbanken.data import data_bytes, load_data

PLACES_FILE = "places.json"


def places_bytes() -> bytes:
    """The gazetteer file as bytes (empty when it is not shipped)."""
    return data_bytes(PLACES_FILE)


@cache
def place_names() -> frozenset[str]:
    if not places_bytes():
        return frozenset()
    data = load_data(PLACES_FILE)
    names: set[str] = set()
    for key in ("municipalities", "former_municipalities", "counties", "districts", "regions"):
        for entry in data.get(key, []):
            if isinstance(entry, str):
                names.add(entry)
                continue
            for field in ("name", "also", "became"):
                value = entry.get(field)
                if isinstance(value, str):
                    names.add(value)
                elif isinstance(value, list):
                    names.update(v for v in value if isinstance(v, str))
    return frozenset(n for n in names if n)


def places() -> dict[str, Any]:
    """The parsed gazetteer (read-only)."""
    return load_data(PLACES_FILE) if places_bytes() else {}


# ---------------------------------------------------------------- counties


@cache
def _county_table() -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in load_data("counties.json")["counties"]}


def county_period(name: str) -> str | None:
    """``2020-2023`` (a county only the form's structure has), ``2024-`` (one from 2024 on),
    ``both``, or ``None`` for a name that is no county."""
    c = _county_table().get(name)
    return c["period"] if c else None


def county_successors(name: str | None) -> list[str]:
    """The counties from 2024 that cover county ``name`` (itself where it was not split)."""
    c = _county_table().get(name or "")
    return list(c["successors"]) if c else []


@cache
def county_predecessor(name: str) -> str | None:
    """The 2020–2023 county a county from 2024 lay in (Akershus → Viken; Oslo → Oslo)."""
    for c in _county_table().values():
        if c["period"] != "2024-" and name in c["successors"]:
            return c["name"]
    return None
