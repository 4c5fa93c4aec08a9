"""Norwegian places named in running text, found by pattern, never from a list of towns.

Capitalised words before "kommune", after "NAV"/"Nav" and "Bydel", and after a
role such as "NAV-leder i" name a place. Words that start sentences or name NAV
units (``not_places.json``) and county names are not places of a local measure.
"""

from __future__ import annotations

import re
from functools import cache

from tiltaksbanken.data import load_data

UPPER = "A-ZÆØÅÄÖÜÉ"
LOWER = "a-zæøåäöüé"
_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+)*"
_NAME = rf"{_WORD}(?:\s{_WORD}){{0,2}}"
_KOMMUNE = re.compile(rf"\b({_NAME})\s+kommunes?\b")
_NAV = re.compile(rf"\b(?:NAV|Nav)\s({_NAME})")
_BYDEL = re.compile(rf"\bBydel\s({_NAME})")
# municipal roles and the NAV office "in X": "NAV-leder i X", "ordføreren i X"
_ROLE_IN = re.compile(
    rf"\b(?:(?:NAV|Nav)-(?:leder|sjef|kontor)\w*|ordfører(?:en)?|rådmann(?:en)?"
    rf"|kommunedirektør(?:en)?)\s+i\s+({_WORD})"
)
# capitalised words that start sentences or name NAV units, not places
NOT_PLACES = frozenset(load_data("not_places.json")["words"])


@cache
def _counties() -> frozenset[str]:
    data = load_data("counties.json")
    names = set()
    for c in data["counties"]:
        names.add(c["name"])
        names.update(c.get("successors", []))
    return frozenset(names)


def _clean_place(name: str) -> str | None:
    words = name.split()
    while words and words[0] in NOT_PLACES:
        words.pop(0)
    if not words or any(w in NOT_PLACES for w in words):
        return None
    return " ".join(words)


def pattern_places(text: str) -> list[str]:
    """Places named by pattern ("X kommune", "NAV X", "Bydel X", "NAV-leder i X"), in order."""
    found: list[tuple[int, str]] = []
    for regex in (_KOMMUNE, _NAV, _BYDEL, _ROLE_IN):
        for m in regex.finditer(text):
            place = _clean_place(m[1])
            if place and place not in _counties():
                found.append((m.start(1), place))
    out: list[str] = []
    for _, place in sorted(found):
        if place not in out:
            out.append(place)
    return out


def nav_offices(text: str) -> list[str]:
    """NAV offices named in the text, as "NAV X"."""
    out: list[str] = []
    for m in _NAV.finditer(text):
        place = _clean_place(m[1])
        if place and f"NAV {place}" not in out:
            out.append(f"NAV {place}")
    return out


