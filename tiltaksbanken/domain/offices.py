"""NAV offices: the gazetteer (``data/nav_offices.json``) and the office(s) a text names.

An author writes an office as she likes: ``NAV Øygarden``, ``Nav Øygarden``, ``Alna``,
``NAV HALDEN AREMARK``, ``NAV Stord, NAV Fitjar, NAV Bømlo og NAV Tysnes``, a sentence
(``Luster og Sogndal ( Luster som prosjekteigår). Etter avtale …``), and the OCR may
have damaged it (``NAV H3`` for Hå, ``Neergysund`` for Nærøysund). :func:`find_offices`
reads such a text and returns the canonical offices it names, in the author's order:

* names are matched on whole words, longest first (``Søndre Nordstrand`` before
  ``Nordstrand``, ``Hundvåg og Storhaug`` before ``Hundvåg``), ignoring case, «NAV»,
  «NAV-kontor», «kommune», «bydel» and the like;
* then on an OCR skeleton (ø/@/0 → o, å/æ/3/8/& → a) and, for names of five letters or
  more, one misread letter away on that skeleton (two edits of any kind from nine
  letters on; rapidfuzz), never in the first letter;
* commas, slashes, «og» and a repeated «NAV» separate offices; municipalities written
  together (``NAV Karmøy- Bokn``) are one joint office;
* a name the gazetteer does not know is kept as a cleaned ``NAV X`` (a sentence is not an
  office), placed in a county where a region or county name in it says so;
* a municipality name two municipalities share (Herøy, Våler) is decided by the county
  the form gives.

:func:`place_offices` gives the municipalities and the county from 2024 that follow, one
county per measure; only where the offices do not tell it are the 2024 successors of the
form's county given, marked uncertain.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.places import county_predecessor, county_successors, places

OFFICES_FILE = "nav_offices.json"
OfficeKind = Literal["municipal", "district", "intermunicipal", "joint", "unknown"]
KNOWN_KINDS = ("municipal", "district", "intermunicipal")

# Words around an office's name that are no part of it.
DROP = frozenset({
    "nav", "kontor", "kontoret", "kontora", "kommune", "kommunes", "kommuner", "kommunane",
    "bydel", "bydelen", "bydelene", "bydelar", "sosialtjeneste", "sosialtjenesten",
    "sosialtjenestene", "sosialteneste", "sosialtenesta", "avdeling", "avd", "lokalkontor",
    "lokalkontoret", "tjenestested",
})
SOFT = frozenset({"og", "samt", "eller", "and", "&"})  # separate offices, may stand in a name
# Lower-case words that may be part of an unknown office's name (``NAV Bergen nord``).
DIRECTIONS = frozenset({
    "nord", "sør", "sor", "øst", "vest", "midt", "indre", "ytre", "sentrum", "nordre",
    "søndre", "vestre", "østre", "øvre", "nedre", "sentrale",
})
MAX_WORDS = 5  # the longest name, in words
MAX_UNKNOWN_WORDS = 4  # a longer run of words is a sentence, not an office
ABBREVIATIONS = frozenset({"st", "sr", "ev", "evt", "ca", "f.o.m", "t.o.m", "jf", "bl.a"})

_SKELETON = str.maketrans({"ø": "o", "ö": "o", "@": "o", "0": "o", "å": "a", "ä": "a",
                           "æ": "a", "3": "a", "8": "a", "&": "a", "é": "e", "è": "e",
                           "ü": "u", "§": "s", "5": "s", "|": "l", "1": "l"})
_TOKEN = re.compile(r"[\w@&§|]+|[,/;+–—:]")
_HARD = frozenset(",/;+–—:")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ])")


@dataclass(frozen=True)
class Office:
    """A NAV office: its canonical name, kind, the municipalities it serves and, per
    municipality (or region), its county from 2024 and its 2020–2023 county."""

    name: str
    kind: OfficeKind
    municipalities: tuple[str, ...] = ()
    areas: tuple[tuple[str, str | None], ...] = ()  # (county from 2024, county 2020–2023)

    @property
    def known(self) -> bool:
        """The office is in the gazetteer (not made from an unknown or joint name)."""
        return self.kind in KNOWN_KINDS

    @property
    def county_2024(self) -> str | None:
        counties = {a[0] for a in self.areas}
        return counties.pop() if len(counties) == 1 else None

    @property
    def county(self) -> str | None:
        counties = {a[1] for a in self.areas}
        return counties.pop() if len(counties) == 1 else None


# ---------------------------------------------------------------- the gazetteer


def _municipality_areas() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for m in places().get("municipalities", []):
        out.setdefault(m["name"], []).append((m["county_2024"], m["county"]))
    return out


@cache
def offices() -> tuple[Office, ...]:
    """Every office of the gazetteer, in its order."""
    areas_of = _municipality_areas()
    out = []
    for entry in load_data(OFFICES_FILE)["offices"]:
        if entry.get("county_2024"):
            areas: tuple[tuple[str, str | None], ...] = ((entry["county_2024"], entry.get("county")),)
        else:  # an office across a county border: each municipality's own county
            areas = tuple(dict.fromkeys(a for m in entry["municipalities"]
                                        for a in areas_of.get(m, [])[:1]))
        out.append(Office(entry["name"], entry["kind"], tuple(entry["municipalities"]), areas))
    return tuple(out)


@cache
def office_by_name() -> dict[str, Office]:
    return {o.name: o for o in offices()}


def office(name: str) -> Office | None:
    """The gazetteer's office of canonical name ``name``."""
    return office_by_name().get(name)


# ---------------------------------------------------------------- words


@dataclass(frozen=True)
class _Token:
    text: str
    folded: str
    joined: bool  # written on to the previous word with a hyphen (``Aurskog-Høland``)

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str) -> list[_Token]:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s*-\s*", "-", text)
    out: list[_Token] = []
    last_end = -1
    for m in _TOKEN.finditer(text):
        word = m.group()
        joined = last_end >= 0 and text[last_end:m.start()] == "-"
        folded = word.casefold()
        out.append(_Token(word, "og" if folded == "&" else folded, joined))
        last_end = m.end()
    return out


def _key(words: Iterable[str]) -> str:
    return " ".join(w for w in words if w not in DROP)


def skeleton(key: str) -> str:
    """The OCR-proof form of a folded name: ø/@/0 → o, å/æ/3/8/& → a, ``ae``/``ee`` → a."""
    key = key.translate(_SKELETON)
    return key.replace("ae", "a").replace("ee", "a").replace("aa", "a").replace("rn", "m")


def _name_key(name: str) -> str:
    return _key(t.folded for t in _tokens(_drop_parentheses(name)))


def _drop_parentheses(text: str) -> str:
    text = re.sub(r"\([^()]*\)?", " ", text)
    return re.sub(r"\([^()]*$", " ", text)


def _first_sentence(text: str) -> str:
    for m in _SENTENCE_END.finditer(text):
        word = re.findall(r"[\w.]+\)?$", text[: m.start()].rstrip())
        word_text = word[0].rstrip(")").casefold() if word else ""
        if len(word_text) >= 3 and word_text not in ABBREVIATIONS:
            return text[: m.start()]
    return text


# ---------------------------------------------------------------- the index


@dataclass(frozen=True)
class _Place:
    """A region or county named in an office's name: it places an unknown office."""

    name: str
    areas: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class _Index:
    exact: dict[str, list[tuple[int, Office]]]  # name key → (priority, office)
    skeletons: dict[str, list[tuple[int, Office]]]
    fuzzy_keys: list[str]
    places: dict[str, _Place]


@cache
def _index() -> _Index:
    data = places()
    current = {m["name"] for m in data.get("municipalities", [])}
    districts = {d["name"] for d in data.get("districts", [])}
    exact: dict[str, list[tuple[int, Office]]] = {}
    entries = {e["name"]: e for e in load_data(OFFICES_FILE)["offices"]}
    for o in offices():
        entry = entries[o.name]
        names = [(0, o.name)]
        for alias in entry.get("aliases", []):
            own = (alias in current and alias in o.municipalities) or alias in districts \
                or alias.removeprefix("NAV ") in o.municipalities
            names.append((0 if own else 1, alias))
        for priority, name in names:
            key = _name_key(name)
            if key and all(other is not o for _, other in exact.get(key, [])):
                exact.setdefault(key, []).append((priority, o))
    skeletons: dict[str, list[tuple[int, Office]]] = {}
    for key, found in exact.items():
        for item in found:
            skeletons.setdefault(skeleton(key), []).append(item)
    region_places: dict[str, _Place] = {}
    for r in data.get("regions", []):
        areas = ((r["county_2024"], r.get("county")),) if r.get("county_2024") else ()
        region_places[_name_key(r["name"])] = _Place(r["name"], areas)
    for c in load_data("counties.json")["counties"]:
        # a county split in 2024 places nothing in the counties from 2024
        areas = () if c["period"] == "2020-2023" else ((c["name"], county_predecessor(c["name"])),)
        region_places[_name_key(c["name"])] = _Place(c["name"], areas)
    return _Index(exact, skeletons, sorted(skeletons), region_places)


# ---------------------------------------------------------------- matching


def _fits(o: Office, county_hint: str | None) -> bool:
    if not county_hint:
        return False
    successors = county_successors(county_hint)
    return any(c24 in successors or c20 == county_hint for c24, c20 in o.areas)


def _choose(found: list[tuple[int, Office]], county_hint: str | None) -> Office:
    """The office a name means: the one in the form's county, else the name's own office
    (a municipality's own name before one merged into it), else the first."""
    ranked = sorted(found, key=lambda item: (not _fits(item[1], county_hint), item[0]))
    return ranked[0][1]


def _max_edits(skel: str) -> int:
    letters = len(skel.replace(" ", ""))
    return 0 if letters < 5 else 1 if letters < 9 else 2


def _fuzzy(skel: str) -> list[tuple[int, Office]]:
    edits = _max_edits(skel)
    if not edits:
        return []
    index = _index()
    hits = process.extract(skel, index.fuzzy_keys, scorer=Levenshtein.distance,
                           score_cutoff=edits, limit=8)
    # a short name only by misread letters (``Bgmlo``), not by one added or lost
    # (``Vefsna`` is no OCR slip for Vefsn)
    hits = [(k, d) for k, d, _ in hits
            if k[:1] == skel[:1] and (edits > 1 or len(k) == len(skel))]
    if not hits:
        return []
    best = min(d for _, d in hits)
    return [item for k, d in hits if d == best for item in index.skeletons[k]]


@dataclass(frozen=True)
class _Match:
    tokens: tuple[_Token, ...]
    office: Office | None = None
    place: _Place | None = None


def _match_at(tokens: list[_Token], i: int, county_hint: str | None) -> _Match | None:
    """The longest name starting at word ``i``: exact or on the OCR skeleton, then fuzzy."""
    index = _index()
    spans = []
    for j in range(i + 1, min(len(tokens), i + MAX_WORDS) + 1):
        t = tokens[j - 1]
        if t.folded in _HARD or t.folded in DROP:
            break
        if t.folded not in SOFT:
            spans.append(j)
    for fuzzy in (False, True):
        for j in reversed(spans):
            key = _key(t.folded for t in tokens[i:j])
            skel = skeleton(key)
            if not fuzzy:
                found = index.exact.get(key) or index.skeletons.get(skel)
                if found:
                    return _Match(tuple(tokens[i:j]), office=_choose(found, county_hint))
                if key in index.places:
                    return _Match(tuple(tokens[i:j]), place=index.places[key])
            else:
                found = _fuzzy(skel)
                if found:
                    return _Match(tuple(tokens[i:j]), office=_choose(found, county_hint))
    return None


def _display(tokens: Iterable[_Token]) -> str:
    """An unknown office's name as written, cleaned: «NAV» first, spaces and hyphens tidy,
    a word in capitals written as a name."""
    out = ""
    for n, t in enumerate(t for t in tokens if t.folded not in DROP):
        word = t.text.capitalize() if t.text.isupper() and len(t.text) > 1 else t.text
        if n == 0:
            word = word[:1].upper() + word[1:]
        out += ("-" if t.joined and out else " " if out else "") + word
    return f"NAV {out}" if out else ""


def _joint(parts: list[Office]) -> Office:
    municipalities = tuple(dict.fromkeys(m for o in parts for m in o.municipalities))
    areas = tuple(dict.fromkeys(a for o in parts for a in o.areas))
    name = "NAV " + "-".join(o.name.removeprefix("NAV ").split(" (")[0] for o in parts)
    return Office(name, "joint", municipalities, areas)


def _segment_offices(items: list[_Token | _Match], after_nav: bool, short: bool) -> list[Office]:
    matches = [it for it in items if isinstance(it, _Match)]
    words = [it for it in items if isinstance(it, _Token)]
    name_words = [w for w in words if w.capital or w.folded in DIRECTIONS]
    noise = len(name_words) < len(words)
    found = [m.office for m in matches if m.office]
    span = [t for it in items for t in (it.tokens if isinstance(it, _Match) else (it,))]
    if found and not name_words:
        if len({o.name for o in found}) == 1:
            return [found[0]]
        if all(o.kind == "municipal" for o in found) and len(found) == len(matches):
            return [_joint(found)]
        return list(dict.fromkeys(found))
    placed = [m.place for m in matches if m.place]
    if noise and after_nav and not matches:
        # «NAV Foo har ansvaret»: the capitalised words after «NAV» name the office
        lead = list(itertools.takewhile(lambda w: w.capital or w.folded in DIRECTIONS, words))
        if 0 < len(lead) <= MAX_UNKNOWN_WORDS:
            return [Office(_display(lead), "unknown")]
    if (name_words and not noise and len(span) <= MAX_UNKNOWN_WORDS
            and len(found) <= 1 and (after_nav or short or found or placed)):
        name = _display(span)
        if found:
            return [Office(name, "unknown", found[0].municipalities, found[0].areas)]
        areas = tuple(a for p in placed for a in p.areas)
        return [Office(name, "unknown", (), areas)] if name else []
    if placed and not found and not words:
        return [Office(_display(span), "unknown", (), tuple(a for p in placed for a in p.areas))]
    return list(dict.fromkeys(found))


def find_offices(text: str | None, county_hint: str | None = None) -> list[Office]:
    """The offices ``text`` names, canonical, in the author's order (none for no name).

    ``county_hint`` is the county the form gives (either system): it decides between
    offices of one name (Herøy in Nordland or in Møre og Romsdal).
    """
    if not text or not text.strip():
        return []
    hint_text = " ".join(re.findall(r"\(([^()]*)\)", text))
    sentence = _first_sentence(text)
    tokens = _tokens(_drop_parentheses(sentence))
    letters = "".join(ch for t in tokens for ch in t.text if ch.isalpha())
    case_free = letters.islower() or letters.isupper()
    if not county_hint and hint_text:
        county_hint = next((p.name for k, p in _index().places.items()
                            if k == _name_key(hint_text)), None)
    segments: list[tuple[list[_Token | _Match], bool]] = []
    current: list[_Token | _Match] = []
    after_nav = False
    i = 0

    def close() -> None:
        nonlocal current
        if current:
            segments.append((current, after_nav))
        current = []

    while i < len(tokens):
        t = tokens[i]
        if t.folded in _HARD or t.folded in SOFT:
            close()
            after_nav = False
            i += 1
            continue
        if t.folded == "nav":
            close()
            after_nav = True
            i += 1
            continue
        if t.folded in DROP:
            i += 1
            continue
        eligible = case_free or t.capital or (after_nav and not current)
        match = _match_at(tokens, i, county_hint) if eligible else None
        if match:
            current.append(match)
            i += len(match.tokens)
        else:
            current.append(t)
            i += 1
    close()
    short = len(tokens) <= MAX_UNKNOWN_WORDS + 1
    out: list[Office] = []
    for items, nav in segments:
        for o in _segment_offices(items, nav, short):
            if o.name and o.name not in {x.name for x in out}:
                out.append(o)
    return out


def canonical_offices(text: str | None, county_hint: str | None = None) -> list[str]:
    """The canonical names of the offices ``text`` names."""
    return [o.name for o in find_offices(text, county_hint)]


# ---------------------------------------------------------------- counties


def place_offices(found: list[Office], form_county: str | None) -> dict[str, Any]:
    """Municipalities and the county from 2024 of a measure run by ``found`` offices.

    The county from 2024 is the first office's that lies in the form's county (the office
    that runs the measure is usually named first); where no office tells it, the form's
    county gives its successors (several where it was split in 2024: uncertain). Returns
    ``municipalities``, ``county_2024`` (a list: one county, or the uncertain successors)
    and ``county_2024_uncertain``.
    """
    municipalities = list(dict.fromkeys(m for o in found for m in o.municipalities))
    areas = [a for o in found for a in o.areas]
    successors = county_successors(form_county)
    if successors:
        fitting = [c24 for c24, _ in areas if c24 in successors]
        county_2024 = [fitting[0]] if fitting else successors
    else:
        county_2024 = [areas[0][0]] if areas else []
    return {"municipalities": municipalities, "county_2024": county_2024,
            "county_2024_uncertain": len(county_2024) > 1}


# ---------------------------------------------------------------- offices in running text

_NAV_WORD = r"[A-ZÆØÅ][\wæøåÆØÅ-]*"
_NAV_IN_TEXT = re.compile(
    rf"\b(?:NAV|Nav)[ \t]+({_NAV_WORD}(?:[ \t]+(?:og[ \t]+)?(?!NAV\b|Nav\b){_NAV_WORD}){{0,3}})"
)


def offices_in_text(text: str | None) -> list[tuple[str, int, int]]:
    """The gazetteer's offices running text names as «NAV X» (name, start, end), in order.

    Only offices the gazetteer knows count: «NAV Ulike kontor», «NAV Fo» or «NAV
    Statsforvaltaren» name none."""
    if not text:
        return []
    out: list[tuple[str, int, int]] = []
    pos = 0
    while (m := _NAV_IN_TEXT.search(text, pos)) is not None:
        words = m[1].split()
        pos = m.start(1)
        # the longest run of words after «NAV» that names one known office
        for k in range(len(words), 0, -1):
            found = find_offices("NAV " + " ".join(words[:k]))
            if len(found) == 1 and found[0].known:
                end = text.index(words[k - 1], m.start(1)) + len(words[k - 1])
                out.append((found[0].name, m.start(), end))
                pos = end
                break
        else:
            pos = m.start(1) + len(words[0]) if words else m.end()
    return out
