"""Goals and results stated in numbers: «redusere med 50 %», «214 personer innen 31.12.10»,
«30 av 45 i arbeid», «tolv deltakere har fått jobb».

A small grammar of Norwegian (Bokmål and Nynorsk) that tolerates Swedish and Danish: a
number (digits, «1 200», «12,5», or a number word: «tolv», «tjue»), optionally «av N»,
then a unit (personer, deltakere, familier, %, kr, stillinger …); near it a date («innen
31.12.10», «innen utgangen av 2011», «i 2023»). Whether a figure is a goal or a result is
decided by the sentence's cue words («mål», «skal», «innen» against «oppnådd», «har fått»,
«resultat»), else by the field it stands in (what a report says it has achieved is a
result). A figure without a unit or a «av N» says too little and is left out (precision
first). Every figure keeps the field and the 1-based line range it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

from tiltaksbanken.domain.records import LineRange, Record

OutcomeKind = Literal["goal", "result"]

_NUMBER_WORDS = {
    "to": 2, "två": 2, "tre": 3, "fire": 4, "fyra": 4, "fem": 5, "seks": 6, "sex": 6,
    "sju": 7, "syv": 7, "åtte": 8, "åtta": 8, "otte": 8, "ni": 9, "nio": 9, "ti": 10,
    "tio": 10, "elleve": 11, "elva": 11, "tolv": 12, "tretten": 13, "tretton": 13,
    "fjorten": 14, "fjorton": 14, "femten": 15, "femton": 15, "seksten": 16, "sexton": 16,
    "sytten": 17, "sjutton": 17, "atten": 18, "arton": 18, "nitten": 19, "nitton": 19,
    "tjue": 20, "tyve": 20, "tjugo": 20, "tretti": 30, "tredve": 30, "trettio": 30,
    "førti": 40, "fyrti": 40, "fyrtio": 40, "femti": 50, "femtio": 50, "seksti": 60,
    "sextio": 60, "sytti": 70, "sjuttio": 70, "åtti": 80, "åttio": 80, "nitti": 90,
    "nittio": 90, "hundre": 100, "hundra": 100, "hundrede": 100,
}
# unit (as written, lower case) → the unit shown
_UNITS = {
    "personer": "personer", "person": "personer", "personar": "personer",
    "deltakere": "deltakere", "deltaker": "deltakere", "deltakarar": "deltakere",
    "deltakarer": "deltakere", "deltagere": "deltakere", "deltagare": "deltakere",
    "familier": "familier", "familiar": "familier", "familjer": "familier", "familie": "familier",
    "ungdommer": "ungdommer", "ungdomar": "ungdommer", "unge": "ungdommer",
    "brukere": "brukere", "brukarar": "brukere", "brukarer": "brukere", "borgere": "brukere",
    "barn": "barn", "husstander": "husstander", "husstandar": "husstander", "hushåll": "husstander",
    "stillinger": "stillinger", "stilling": "stillinger", "stillingar": "stillinger",
    "årsverk": "årsverk", "kandidater": "kandidater", "kandidatar": "kandidater",
    "%": "%", "prosent": "%", "procent": "%", "pst": "%",
    "kr": "kr", "kroner": "kr", "kronor": "kr", "mill. kr": "mill. kr", "millioner kroner": "mill. kr",
}
_NUM = r"(?:\d{1,3}(?:[ \u00a0.]\d{3})+|\d+(?:[.,]\d+)?)"
_WORDS = "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
_UNIT = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?<![\w.,])(?P<value>{_NUM}|{_WORDS})(?![\w])"
    rf"(?:\s+(?:av|af|utav)\s+(?P<of>{_NUM}|{_WORDS})(?![\w]))?"
    rf"(?:\s*(?P<unit>{_UNIT})(?![\w]))?", re.IGNORECASE)
_DATE = re.compile(
    r"(?i)\b(?:innen|innan|inden|per|pr\.|i|frem til|fram til|til|by|före|senest)\s+"
    r"(?:utgangen av\s+|slutten av\s+|udgangen af\s+|utgången av\s+)?"
    r"(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4}|(?:19|20)\d{2})\b")
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.,](?=\d))+(?:[.!?]|\n|$)")
_STAFFING = re.compile(r"(?i)^\s*(stilling\w*|tjeneste\w*|tjänst\w*|årsverk)")
_GOAL_CUES = re.compile(
    r"(?i)\b(mål\w*|skal|skulle|ska|innen|innan|inden|ønsker|ønskjer|önskar|forventer|"
    r"forventar|förväntar|planlegger|siktemål\w*|ambisjon\w*|målsetting\w*|måltal)\b")
_RESULT_CUES = re.compile(
    r"(?i)\b(oppnådd|oppnådde|oppnått|uppnått|opnået|har fått|har fått|fikk|fick|fekk|"
    r"resultat\w*|har kommet|har kome|kom i|kommet i|gikk over|gått over|har gått|"
    r"har begynt|har startet|totalt|hittil|så langt|hadde|har hatt|ble|blei|blev|vart|"
    r"er nå|har nå|er no|har no|gjennomførte|fullførte|fullført)\b")
# a figure that states where the measure started from is neither a goal nor a result
_BASELINE = re.compile(
    r"(?i)\b(ved oppstart|ved oppstarten|da vi søkte|da vi søkte om|utgangspunkt\w*|"
    r"før prosjektet|før tiltaket|vid starten|ved starten|baseline)\b")
_RESULT_FIELDS = frozenset({"achievements", "measurement", "success_factors"})
# the fields of a record that state goals and results
OUTCOME_FIELDS = ("description", "develops", "target_group", "achievements", "measurement",
                  "success_factors", "challenges", "text", "intro", "summary")


@dataclass(frozen=True)
class Outcome:
    """One numeric goal or result, with where it stands."""

    kind: OutcomeKind
    value: float
    unit: str  # personer, deltakere, familier, %, kr, stillinger …, or «av N»
    of: float | None  # the N of «30 av 45»
    date: str | None  # «31.12.10», «2011»
    text: str  # the sentence that states it
    field: str
    lines: LineRange
    cue: str | None  # the word that made it a goal or a result

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "lines": list(self.lines)}


def number(text: str) -> float | None:
    """«1 200» → 1200, «12,5» → 12.5, «tolv» → 12; None if it is no number."""
    word = _NUMBER_WORDS.get(text.lower())
    if word is not None:
        return float(word)
    t = text.replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+", t):
        return float(re.sub(r"[ .]", "", t))
    try:
        return float(t.replace(",", "."))
    except ValueError:
        return None


def _kind(sentence: str, field: str) -> tuple[OutcomeKind | None, str | None]:
    if _BASELINE.search(sentence):
        return None, None
    result = _RESULT_CUES.search(sentence)
    goal = _GOAL_CUES.search(sentence)
    if result and not (goal and goal.group(1).lower() in ("innen", "innan", "inden")):
        return "result", result.group(1)
    if goal:
        return "goal", goal.group(1)
    if field in _RESULT_FIELDS:  # what a report says it has achieved
        return "result", None
    return None, None  # a figure in a description without a cue says neither


def figures(text: str, field: str, first_line: int = 1) -> Iterator[Outcome]:
    """The goals and results ``text`` states; ``first_line`` is the line its first line is."""
    for sentence in _SENTENCE.finditer(text):
        s = sentence.group(0)
        for m in _FIGURE.finditer(s):
            unit = m.group("unit")
            of = number(m.group("of")) if m.group("of") else None
            word = m.group("value").lower() in _NUMBER_WORDS
            if not unit and of is None:
                continue
            if unit == "%" and _STAFFING.match(s[m.end():]):  # «i 50 % stilling» is staffing
                continue
            if word and not unit:  # «to av tre» without a unit is no figure worth showing
                continue
            value = number(m.group("value"))
            if value is None or (unit is None and 1900 <= value <= 2099):
                continue
            kind, cue = _kind(s, field)
            if kind is None:
                continue
            date = _DATE.search(s)
            line = first_line + text.count("\n", 0, sentence.start() + m.start())
            shown = _UNITS[unit.lower()] if unit else f"av {of:g}"
            yield Outcome(kind, value, shown, of, date.group("date") if date else None,
                          " ".join(s.split()), field, (line, line), cue)


def _field_parts(record: Record, key: str) -> Iterator[tuple[str, int | None]]:
    """The texts of a field with the source line their first line is (None if unknown)."""
    value = record.fields.get(key)
    ranges = record.field_sources.get(key) or []
    if isinstance(value, str) and value.strip():
        lines = sum(b - a + 1 for a, b in ranges)
        # the text's lines are the source's lines when there are as many of them
        yield value, ranges[0][0] if ranges and lines == value.count("\n") + 1 else None


def outcomes(record: Record) -> list[Outcome]:
    """Every numeric goal and result the record states, in reading order."""
    out: list[Outcome] = []
    parts: list[tuple[str, str, int | None, LineRange | None]] = []
    for key in OUTCOME_FIELDS:
        for text, first in _field_parts(record, key):
            ranges = record.field_sources.get(key) or []
            parts.append((key, text, first, (ranges[0][0], ranges[-1][1]) if ranges else None))
    for section in record.fields.get("sections") or []:
        if isinstance(section, dict) and section.get("text"):
            lines = section.get("lines") or []
            span = (lines[0][0], lines[-1][1]) if lines else None
            parts.append(("sections", str(section["text"]), None, span))
    seen: set[tuple[str, float, str]] = set()
    for key, text, first, span in parts:
        for o in figures(text, key, first or 1):
            lines = o.lines if first is not None else (span or (0, 0))
            found = Outcome(o.kind, o.value, o.unit, o.of, o.date, o.text, key, lines, o.cue)
            if (found.text, found.value, found.unit) not in seen:
                seen.add((found.text, found.value, found.unit))
                out.append(found)
    return out


def side_by_side(found: list[Outcome]) -> list[dict[str, Any]]:
    """Goals beside the results of the same unit: one row per unit, goals and results."""
    rows: dict[str, dict[str, Any]] = {}
    for o in found:
        row = rows.setdefault(o.unit if not o.unit.startswith("av ") else "andel",
                              {"unit": o.unit, "goals": [], "results": []})
        row["goals" if o.kind == "goal" else "results"].append(o.to_dict())
    return list(rows.values())
