"""Norwegian place names (municipalities, counties, city districts, regions) from ``data/places.json``,
and the two county systems from ``data/counties.json``: the 2020–2023 counties the report
form offers (Viken, Vestfold og Telemark, Troms og Finnmark, …) and those from 1 January 2024.

``place_mentions`` finds the municipalities a running text names: gazetteer names in a
context that makes them places («En kommune som …» names none; «Bergenhus» is in Bergen)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
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


# ---------------------------------------------------------------- places in running text

_UPPER = "A-ZÆØÅÄÖÜÉ"
_NAME_WORD = rf"[{_UPPER}][\wæøåäöüéáÆØÅ]*(?:-[{_UPPER}]?[\wæøåäöüéá]+)*"
_CANDIDATE = re.compile(
    rf"(?<![\w-])(?:St\.[ \t]+)?{_NAME_WORD}"
    rf"(?:[ \t]+(?:og[ \t]+)?(?:St\.[ \t]+)?{_NAME_WORD}){{0,2}}"
)
# what makes a name a place: «X kommune», «NAV X», «bydel X», «i X» …
_AFTER = re.compile(r"^\s*(?:-|\s)?(?:kommunes?|kommun|kommunen|kommunar|bydel|bydelen)\b")
_BEFORE_STRONG = re.compile(r"(?:\b(?:NAV|Nav|nav|[Bb]ydel(?:en)?|[Kk]ommune)[ \t]+)$")
_LOCATIVE = ("i", "fra", "frå", "på", "mellom", "rundt", "ved", "in", "from")
_PREPOSITIONS = (*_LOCATIVE, "til", "for", "og", "eller", "samt", "och")
_BEFORE_LOCATIVE = re.compile(rf"(?i:\b(?:{'|'.join(_LOCATIVE)}))[ \t]+$")
# a County Governor named after its county («Statsforvalteren i Oslo og Viken»): a region,
# not a place the text is about
_BEFORE_AUTHORITY = re.compile(
    r"\b(?:Statsforvalter(?:en)?|Statsforvaltar(?:en)?|Fylkesmann(?:en)?|Länsstyrelsen)"
    r"\s+(?:i|for)\s+(?:\w+\s+(?:og|og\s+i)\s+)?$")
# the venue of the next meeting («Neste møte: Lillehammer», «Nästa träff hålls i Gävle»):
# where people meet, not what the text is about
_BEFORE_VENUE = re.compile(
    r"(?i)\b(?:neste|nästa|næste)\s+\w*(?:møte|samling|treff|möte|träff|møde)\w*"
    r"[^.!?\n]{0,40}$")


@dataclass(frozen=True)
class PlaceMention:
    """A municipality the text names: as written (a district, a former or other name) and
    the municipality it means, with its offsets in the text."""

    written: str
    municipality: str
    start: int
    end: int


@cache
def _municipality_of() -> dict[str, str]:
    """Every name the gazetteer knows for a municipality → the 2024 municipality."""
    data = places()
    out: dict[str, str] = {}
    for m in data.get("municipalities", []):
        out[m["name"]] = m["name"]
        for other in m.get("also", []):
            out.setdefault(other, m["name"])
    for m in data.get("former_municipalities", []):
        became = m.get("became")
        if isinstance(became, str) and became in out:
            out.setdefault(m["name"], became)
    for d in data.get("districts", []):  # a city district is in its city (Bergenhus → Bergen)
        out.setdefault(d["name"], d["city"])
    return out


@cache
def _common_word_places() -> frozenset[str]:
    return frozenset(load_data("not_places.json").get("common_word_places", []))


def municipality_of(name: str) -> str | None:
    """The 2024 municipality a place name means (a district its city, a former municipality
    what it became), None for a name the gazetteer does not know as a municipality."""
    return _municipality_of().get(name)


def _place_context(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(strong context: «X kommune», «NAV X», «bydel X»; after a locative preposition)."""
    before = text[max(0, start - 40) : start]
    strong = bool(_AFTER.match(text[end : end + 20]) or _BEFORE_STRONG.search(before))
    return strong, bool(_BEFORE_LOCATIVE.search(before))


def place_mentions(text: str, strict: bool = False) -> list[PlaceMention]:
    """The municipalities ``text`` names, from the gazetteer, where the sentence makes the
    name a place.

    A name is a place when it is capitalised and the gazetteer knows it, except a name
    that is also a common word (Time, Vik, Hole) — it needs a place's context: «Time
    kommune», «NAV Time», «i Time», «fra Time» — and a capitalised word right after
    another one (a person's surname: «Kari Berg»). City districts count as their
    city, former municipalities as what they became. ``strict`` (a text in another
    language than Norwegian) takes only names in a place's strongest context («X kommune»,
    «NAV X»)."""
    known = _municipality_of()
    if not known:
        return []
    common = _common_word_places()
    out: list[PlaceMention] = []
    listed = re.compile(r"^\s*(?:,|/|og|eller|and|och|samt)\s*$")
    for m in _CANDIDATE.finditer(text):
        words = m[0].split()
        # the longest known name starting at each word of the capitalised run
        offset = m.start()
        i = 0
        while i < len(words):
            hit = None
            for j in range(len(words), i, -1):
                name = " ".join(words[i:j])
                if name in known:
                    hit = name
                    break
            start = text.index(words[i], offset)
            if hit is None:
                offset = start + len(words[i])
                i += 1
                continue
            end = start + len(hit)
            strong, locative = _place_context(text, start, end)
            before = text[max(0, start - 60) : start]
            if _BEFORE_AUTHORITY.search(before) or _BEFORE_VENUE.search(before):
                offset = end
                i += len(hit.split())
                continue
            after_name = (i > 0 and words[i - 1] not in known  # «Kari Berg»
                          and words[i - 1].casefold() not in _PREPOSITIONS)
            in_list = bool(out) and bool(listed.match(text[out[-1].end : start]))
            if hit in common:  # «i Time», «Time kommune», «Moss og Sola»; not «Heim først»
                ok = strong or (not strict and not after_name and (locative or in_list))
            else:
                ok = strong or (not strict and not after_name)
            if ok:
                out.append(PlaceMention(hit, known[hit], start, end))
            offset = end
            i += len(hit.split())
    return out


def municipalities_in(text: str, strict: bool = False) -> list[str]:
    """The municipalities ``text`` names (see ``place_mentions``), in order of first mention."""
    return list(dict.fromkeys(p.municipality for p in place_mentions(text, strict)))


def municipality_lines(
    lines: list[str], first_line: int = 1, strict: bool = False
) -> dict[str, list[tuple[int, int]]]:
    """The municipalities named in ``lines`` (line ``first_line`` first), each with the
    1-based lines that name it, in order of first mention."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    out: dict[str, list[tuple[int, int]]] = {}
    for p in place_mentions(text, strict):
        n = bisect_right(starts, p.start) - 1 + first_line
        ranges = out.setdefault(p.municipality, [])
        if (n, n) not in ranges:
            ranges.append((n, n))
    return out
