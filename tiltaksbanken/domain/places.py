"""Norwegian place names (municipalities, counties, city districts, regions) from ``data/places.json``."""

from __future__ import annotations

from functools import cache

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
