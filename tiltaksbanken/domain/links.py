"""One measure across documents: which records are about the same measure, and why.

A link joins two records (a status and a final report of the same measure, a funding
announcement's project and the measure, an evaluation and its project, news or a cookbook
example that names it). Linking works from what any record of the practice says about
itself, never from a particular document: the canonical NAV offices and municipalities it
names (``domain/offices.py``), the measure's name (OCR-folded, ``domain/text.fold``, and
compared with ``rapidfuzz``), the years it states and the overlap of its long texts.

Candidates are blocked (only records that share an office or municipality, or a folded
name word, are compared); each pair is scored and kept only above ``THRESHOLD``, chosen on
generated pairs (``tests/domain/test_links.py``) for precision over recall. Every link
carries its evidence (which words, which fields) and a confidence; ``describe`` says it
in Norwegian.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.records import Record
from tiltaksbanken.domain.text import fold

THRESHOLD = 0.72  # confidence a link needs (chosen on generated pairs: precision first)
NAME_FLOOR = 0.80  # name similarity below which two names are different measures

# the story's order on the timeline, and the link kind of a pair of record kinds
STAGES = ("funded", "report", "evaluation", "news", "cookbook", "document")
LINK_KINDS = {
    frozenset({"report"}): "same_measure",
    frozenset({"funded", "report"}): "funding",
    frozenset({"evaluation", "report"}): "evaluation",
    frozenset({"evaluation", "funded"}): "evaluation",
    frozenset({"evaluation"}): "evaluation",
    frozenset({"news", "report"}): "news",
    frozenset({"news", "evaluation"}): "news",
    frozenset({"cookbook", "report"}): "cookbook",
}
_LONG_FIELDS = ("description", "target_group", "develops", "achievements", "text", "intro",
                "summary", "answer", "notice", "success_factors", "challenges", "sections")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_SHORT_YEAR = re.compile(r"\b\d{1,2}[./]\d{1,2}[./](\d{2})\b")
_WORD = re.compile(r"[a-z0-9]+")
# the words a report's title calls itself by (nb/nn/sv/da/en), not the project's name
_REPORT_WORDS = re.compile(
    r"(?i)\b(evaluering(en)?|evaluation|utv[aä]rdering(en)?|sluttrapport|delrapport|"
    r"rapport|report|følgeevaluering|av|of|om|til)\b")
_MUNICIPALITY = re.compile(r"(?i)^(.+?)\s+(kommune|kommun|municipality)$")
# words that name what kind of thing a measure is rather than which one it is
_GENERIC = frozenset({
    "nav", "prosjekt", "prosjektet", "tiltak", "tiltaket", "kommune", "kommunen", "og", "i",
    "for", "til", "med", "pa", "av", "the", "en", "et", "ei", "det", "den", "som", "fra",
})


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(fold(w) for w in load_data("stopwords.json")["words"]) | _GENERIC


@dataclass(frozen=True)
class Facts:
    """What linking knows of one record."""

    id: str
    kind: str
    stage: str  # funded | report | evaluation | news | cookbook | document
    title: str
    names: tuple[str, ...]  # the measure's names, folded
    places: frozenset[str]  # canonical offices and municipalities, folded
    place_labels: dict[str, str]  # folded → as written
    years: frozenset[int]
    words: frozenset[str]  # long-text content words, folded
    text: str  # the folded long texts (for «names the measure» checks)
    file: str = ""


@dataclass(frozen=True)
class Link:
    """Two records about the same measure, with the evidence and the confidence."""

    a: str
    b: str
    kind: str
    confidence: float
    evidence: dict[str, Any] = field(default_factory=dict)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    return []


def stage_of(record: Record) -> str:
    """Where a record stands in a measure's story."""
    role = record.fields.get("role")
    if record.kind == "tiltak":
        return "report"
    if record.kind == "news" and role == "funded":
        return "funded"
    if record.kind == "cookbook":
        return "cookbook" if role != "call" else "document"
    return {"news": "news", "evaluation": "evaluation"}.get(record.kind, "document")


def _names(record: Record, stage: str) -> list[str]:
    f = record.fields
    if stage == "report":
        raw = _texts(f.get("name"))
    elif stage in ("funded", "news"):
        raw = _texts(f.get("initiatives"))
    elif stage == "evaluation":  # the project an evaluation is of: its title less «evaluering av»
        raw = [_REPORT_WORDS.sub(" ", t) for t in _texts(f.get("report_title")) or [record.title]]
    elif stage == "cookbook":
        raw = [record.title]
    else:
        raw = []
    return [n for n in (fold(r) for r in raw) if n]


def years_in(texts: Iterable[str]) -> frozenset[int]:
    """The years a text states (four digits, or the two of a date like 01.04.22)."""
    out: set[int] = set()
    for text in texts:
        out.update(int(y) for y in _YEAR.findall(text))
        out.update(2000 + int(y) for y in _SHORT_YEAR.findall(text))
    return frozenset(out)


def facts(record: Record, date: str | None = None) -> Facts:
    """What linking uses of ``record``; ``date`` is its source's stated date, if any."""
    stage = stage_of(record)
    f = record.fields
    labels: dict[str, str] = {}
    for key in ("nav_offices", "municipalities"):
        for place in _texts(f.get(key)):
            labels.setdefault(fold(place), place)
    for client in _texts(f.get("client")):  # «Drammen kommune» commissioned the evaluation
        if m := _MUNICIPALITY.match(client.strip()):
            labels.setdefault(fold(m.group(1)), m.group(1))
    if not labels and f.get("nav_office"):
        labels[fold(str(f["nav_office"]))] = str(f["nav_office"])
    long_texts = [t for k in _LONG_FIELDS for t in _texts(f.get(k))]
    years = years_in([*_texts(f.get("start")), *_texts(f.get("start_date")), *([date] if date else [])])
    if stage != "report":
        years = years | years_in([record.title])
    text = fold(" ".join(long_texts))
    words = frozenset(w for w in _WORD.findall(text) if len(w) >= 6 and w not in _stopwords())
    return Facts(record.id, record.kind, stage, record.title, tuple(_names(record, stage)),
                 frozenset(labels), labels, years, words, text, record.file)


def name_tokens(name: str) -> set[str]:
    """The distinctive folded words of a name (what blocking and evidence use)."""
    return {w for w in _WORD.findall(name) if len(w) >= 4 and w not in _stopwords()}


def candidates(items: list[Facts], touched: set[str] | None = None) -> Iterator[tuple[Facts, Facts]]:
    """Pairs worth scoring: they share a place or a distinctive name word, and (if
    ``touched`` is given) one of them is a touched record."""
    blocks: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        keys = {f"p:{p}" for p in item.places}
        keys |= {f"n:{w}" for n in item.names for w in name_tokens(n)}
        for key in keys:
            blocks.setdefault(key, []).append(i)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) > 400:  # a block that big says nothing (a county's every office)
            continue
        for i, j in combinations(members, 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            a, b = items[i], items[j]
            if touched is not None and a.id not in touched and b.id not in touched:
                continue
            if frozenset({a.stage, b.stage}) in LINK_KINDS:
                yield a, b


def _name_score(a: Facts, b: Facts) -> tuple[float, list[str], str]:
    """How alike the two records name the measure (0..1), the shared words and how."""
    best, words, how = 0.0, [], "name"
    for x in a.names:
        for y in b.names:
            s = fuzz.token_sort_ratio(x, y) / 100
            if s > best:
                best, words, how = s, sorted(name_tokens(x) & name_tokens(y)), "name"
    # a text that names the other's measure (news, evaluation, cookbook about it)
    for named, other in ((a, b), (b, a)):
        if named.stage in ("report", "funded") and other.stage not in ("report", "funded"):
            for x in named.names:
                tokens = name_tokens(x)
                if not tokens or len(x) < 5:
                    continue
                s = fuzz.partial_ratio(x, other.text) / 100 if len(other.text) > len(x) else 0.0
                present = [t for t in tokens if t in other.text]
                if s > best and len(present) == len(tokens):
                    best, words, how = s, sorted(tokens), "mention"
    return best, words, how


def score(a: Facts, b: Facts) -> Link | None:
    """The link between ``a`` and ``b``, or None when they are not the same measure."""
    kind = LINK_KINDS.get(frozenset({a.stage, b.stage}))
    if kind is None or a.id == b.id:
        return None
    shared = sorted(a.places & b.places)
    same_report = a.stage == b.stage == "evaluation" and a.file == b.file
    if a.places and b.places and not shared and not same_report:
        return None  # the two name different offices and municipalities
    name, name_words, how = _name_score(a, b)
    if name < NAME_FLOOR or (a.stage == b.stage == "evaluation" and name < 0.95):
        return None
    place = 1.0 if shared or same_report else 0.4
    common = a.words & b.words
    content = len(common) / max(1, min(len(a.words), len(b.words))) if a.words and b.words else 0.0
    year = 0.5
    both = sorted(a.years & b.years)
    if a.years and b.years:
        gap = min(abs(x - y) for x in a.years for y in b.years)
        year = 1.0 if gap <= 1 else 0.6 if gap <= 4 else 0.0
    confidence = 0.5 * name + 0.3 * place + 0.1 * min(1.0, content * 2) + 0.1 * year
    if confidence < THRESHOLD:
        return None
    first, second = sorted((a, b), key=lambda f: (STAGES.index(f.stage), f.id))
    evidence: dict[str, Any] = {
        "places": [a.place_labels.get(p) or b.place_labels.get(p) or p for p in shared],
        "name": round(name, 2),
        "name_how": how,
        "name_words": name_words,
        "years": both,
        "years_a": sorted(first.years),
        "years_b": sorted(second.years),
        "content": round(content, 2),
        "content_words": sorted(common, key=lambda w: (-len(w), w))[:8],
        "same_report": same_report,
        "fields": ["navn" if how == "name" else "tekst", *(["kontor"] if shared else [])],
    }
    return Link(first.id, second.id, kind, round(confidence, 3), evidence)


def link_all(items: list[Facts], touched: set[str] | None = None) -> list[Link]:
    """Every link among ``items`` (those touching ``touched`` only, if given)."""
    return [link for a, b in candidates(items, touched) if (link := score(a, b)) is not None]


def describe(evidence: dict[str, Any]) -> str:
    """The evidence in Norwegian: «samme kontor (NAV Fredrikstad), navn 94 % likt, begge 2023»."""
    parts: list[str] = []
    if evidence.get("same_report"):
        parts.append("kapitler i samme rapport")
    if evidence.get("places"):
        parts.append(f"samme kontor/kommune ({', '.join(evidence['places'])})")
    pct = round(100 * float(evidence.get("name", 0)))
    if evidence.get("name_how") == "mention":
        parts.append(f"teksten nevner tiltaket ({pct} % likt: {', '.join(evidence.get('name_words', []))})")
    else:
        parts.append(f"navn {pct} % likt")
    if evidence.get("years"):
        parts.append(f"begge {', '.join(map(str, evidence['years']))}")
    elif evidence.get("years_a") and evidence.get("years_b"):
        parts.append(f"{evidence['years_a'][0]} og {evidence['years_b'][-1]}")
    if evidence.get("content_words"):
        parts.append(f"felles ord: {', '.join(evidence['content_words'][:4])}")
    return ", ".join(parts)


LINK_LABELS = {
    "same_measure": "Samme tiltak",
    "funding": "Tilskudd",
    "evaluation": "Evaluering",
    "news": "Nyhet",
    "cookbook": "Kokebok",
}
STAGE_LABELS = {
    "funded": "Tildelt tilskudd",
    "report": "Rapport",
    "evaluation": "Evaluering",
    "news": "Nyhet",
    "cookbook": "Kokebok",
    "document": "Dokument",
}
