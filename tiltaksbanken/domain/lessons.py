"""Lessons: short statements of what worked and what was hard, each citing its lines.

A measure's success-factor, challenge, achievement and measurement answers, and the
sections of an evaluation about success criteria, barriers, goals and results, are split
into statements (at blank lines, bullets and numbered items, and sentence ends that are no
abbreviation, so OCR text and lists split alike). Each statement keeps the field it came
from and the 1-based source lines it stands on, is classed as *suksessfaktor*,
*utfordring* or *resultat* (by the question it answers, or by its own words where the
question does not say) and gets the themes of ``data/lessons.json`` whose cue words it
holds. Cue words are matched on analysed terms: the caller passes the analyser (the
search layer's lemmatiser and Norwegian stemmer), so «forankret» meets «forankring».
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.records import LineRange, Record, merge_ranges

Analyser = Callable[[str], list[str]]
LineReader = Callable[[int, int], list[str]]  # source lines first..last (1-based)
MIN_WORDS = 3  # fewer words say no lesson («Ingen», «Se over»)
MAX_WORDS = 60  # longer runs are cut at semicolons and commas before «og/men»
EVALUATION_FIELDS = ("intro", "sections")

_BULLET = re.compile(r"^[ \t]*(?:(?:[-–—•·*▪►o]|\d{1,2}[.)]|[a-h]\))[ \t]+|[-–•*](?=[A-ZÆØÅ]))",
                     re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"»”)]?\s+(?=[«\"(]?[A-ZÆØÅ0-9@])")
_LONG_CUT = re.compile(r";\s+|,\s+(?=(?:men|mens|samtidig|og dermed)\b)")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str
    explanation: str
    cues: tuple[str, ...]
    classes: tuple[str, ...] = ()  # the classes the theme applies to (all when empty)


@dataclass
class Statement:
    """One lesson a record states, where it stands and what it is about."""

    text: str
    cls: str  # suksessfaktor | utfordring | resultat
    record_id: str
    field: str  # the record field (an evaluation section: ``sections``)
    lines: list[LineRange]
    themes: dict[str, list[str]] = field(default_factory=dict)  # slug → the words that cued it
    cls_reason: str = ""  # why this class: the question, or the words
    section: str = ""  # the evaluation section's number and heading

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "class": self.cls, "record_id": self.record_id,
                "field": self.field, "section": self.section,
                "lines": [list(r) for r in self.lines], "themes": self.themes,
                "class_reason": self.cls_reason}


@cache
def _data() -> dict[str, Any]:
    return load_data("lessons.json")


@cache
def themes() -> dict[str, Theme]:
    """Every theme by slug, in the data file's order."""
    return {t["slug"]: Theme(t["slug"], t["label"], t["explanation"], tuple(t["cues"]),
                             tuple(t.get("classes", ()))) for t in _data()["themes"]}


def class_label(cls: str, plural: bool = False) -> str:
    entry = _data()["classes"].get(cls, {})
    return entry.get("plural" if plural else "label", cls)


def classes() -> tuple[str, ...]:
    return tuple(_data()["classes"])


# ------------------------------------------------------------------ splitting

def _abbreviation_end(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation («bl.a.», «f.eks.», «ca.»)."""
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower().rstrip(".")
    return word in _data()["abbreviations"] or (len(word) == 1 and word.isalpha())


def split_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the statements of ``text``: blocks at blank lines and bullets,
    then sentences; a line wrapped inside a sentence does not end it."""
    cuts = {0, len(text)}
    cuts.update(m.start() for m in re.finditer(r"\n[ \t]*\n", text))
    cuts.update(m.start() for m in _BULLET.finditer(text))
    for m in _SENTENCE_END.finditer(text):
        end = text.rfind(".", 0, m.start() + 1)
        if text[m.start() - 1] == "." and end >= 0 and _abbreviation_end(text, end):
            continue
        cuts.add(m.end())
    bounds = sorted(cuts)
    spans: list[tuple[int, int]] = []
    for a, b in pairwise(bounds):
        spans.extend(_cut_long(text, a, b))
    return [s for s in spans if s]


def _cut_long(text: str, a: int, b: int) -> list[tuple[int, int]]:
    if len(_WORD.findall(text[a:b])) <= MAX_WORDS:
        return [(a, b)]
    out, start = [], a
    for m in _LONG_CUT.finditer(text, a, b):
        if len(_WORD.findall(text[start:m.start()])) >= MIN_WORDS * 3:
            out.append((start, m.start()))
            start = m.end()
    out.append((start, b))
    return out


def clean_statement(raw: str) -> str:
    """The statement as shown: bullet gone, whitespace joined, edges trimmed."""
    text = _BULLET.sub("", raw.strip(), count=1)
    return " ".join(text.split()).strip(" ,;:")


def _is_empty(text: str) -> bool:
    folded = text.lower().strip(" .!-")
    return len(_WORD.findall(text)) < MIN_WORDS or folded in _data()["empty_answers"]


# ------------------------------------------------------------------ lines

def _line_numbers(ranges: list[LineRange]) -> list[int]:
    return [n for a, b in ranges for n in range(a, b + 1)]


def _match_key(text: str) -> str:
    return "".join(_WORD.findall(text.casefold()))


def locate(text: str, start: int, end: int, ranges: list[LineRange],
           read: LineReader | None = None) -> list[LineRange]:
    """The source lines the span ``start..end`` of a field's ``text`` stands on. A field
    whose text keeps its source's line breaks maps offsets to lines; otherwise the lines
    (``read``) that hold the statement are found; failing both, the field's lines."""
    numbers = _line_numbers(ranges)
    if len(numbers) == text.count("\n") + 1:
        first = text.count("\n", 0, start)
        last = text.count("\n", 0, max(start, end - 1))
        return merge_ranges([(numbers[first], numbers[last])])
    if read is not None and numbers:
        key = _match_key(text[start:end])
        lines = {n: _match_key(" ".join(read(n, n))) for n in numbers}
        hits = [n for n in numbers if key and key in lines[n]]
        if hits:
            return [(hits[0], hits[0])]
        for a, b in pairwise(numbers):  # across a page break
            if key and _across(key, lines[a], lines[b]):
                return merge_ranges([(a, a), (b, b)])
    return list(ranges)


def _across(key: str, first: str, second: str) -> bool:
    """Whether ``key`` begins at the end of ``first`` and ends in ``second`` (a sentence that
    runs over a page break, with the next page's running header between)."""
    return any(first.endswith(key[:k]) and key[k:] in second for k in range(1, len(key)))


def contained(text: str, lines: list[str]) -> bool:
    """Whether the statement ``text`` stands in ``lines`` (all of it, in one line or over
    consecutive ones, page furniture between two pages aside)."""
    key = _match_key(text)
    keys = [k for line in lines if (k := _match_key(line))]  # blank lines between pages aside
    return bool(key) and (key in "".join(keys) or any(
        _across(key, a, b) for a, b in pairwise(keys)))


# ------------------------------------------------------------------ classes and themes

@cache
def _cue_terms(analyse: Analyser, cues: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each cue as analysed terms; a phrase whose small words the analysis drops («tett på»)
    would match its one content word alone, so it is left out."""
    return tuple((tuple(terms), cue) for cue in cues
                 if (terms := analyse(cue)) and len(terms) >= len(cue.split()))


def _matches(terms: list[str], cues: tuple[tuple[tuple[str, ...], str], ...]) -> list[str]:
    found: dict[tuple[str, ...], str] = {}  # one cue per term sequence
    for seq, cue in cues:
        n = len(seq)
        if seq not in found and any(tuple(terms[i:i + n]) == seq
                                    for i in range(len(terms) - n + 1)):
            found[seq] = cue
    return list(found.values())


def statement_class(text: str, default: str | None, analyse: Analyser) -> tuple[str | None, str]:
    """The statement's class and why: the question's class, unless a neutral question's
    answer (results, goals) speaks of a difficulty; with no question, its own words."""
    terms = analyse(text)
    cues = {c: _matches(terms, _cue_terms(analyse, tuple(words)))
            for c, words in _data()["statement_cues"].items()}
    if default in ("suksessfaktor", "utfordring"):
        return default, "spørsmålet"
    if cues["utfordring"] and not cues["suksessfaktor"] and not (default and cues["resultat"]):
        return "utfordring", ", ".join(cues["utfordring"])
    if default:
        return default, "spørsmålet"
    ranked = sorted((c for c in cues if cues[c]), key=lambda c: -len(cues[c]))
    if not ranked:
        return None, ""
    return ranked[0], ", ".join(cues[ranked[0]])


def statement_themes(text: str, cls: str, analyse: Analyser) -> dict[str, list[str]]:
    """Theme slug → the cue words of the statement that put it there."""
    terms = analyse(text)
    out = {}
    for theme in themes().values():
        if theme.classes and cls not in theme.classes:
            continue
        found = _matches(terms, _cue_terms(analyse, theme.cues))
        if found:
            out[theme.slug] = found
    return out


# ------------------------------------------------------------------ records

def _section_class(heading: str, analyse: Analyser) -> str | None:
    terms = analyse(heading)
    for cls, words in _data()["section_cues"].items():
        if _matches(terms, _cue_terms(analyse, tuple(words))):
            return cls
    return None


def _pieces(record: Record) -> Iterator[tuple[str, str, list[LineRange], str | None, str]]:
    """(field, text, lines, default class, section label) of the parts lessons come from."""
    f = record.fields
    if record.kind == "tiltak":
        for key, cls in _data()["field_classes"].items():
            if isinstance(f.get(key), str) and f[key].strip():
                yield key, f[key], record.field_sources.get(key, []), cls, ""
    elif record.kind == "evaluation":
        if isinstance(f.get("intro"), str) and f["intro"].strip():
            yield "intro", f["intro"], record.field_sources.get("intro", []), None, ""
        for sec in f.get("sections") or []:
            ranges = [tuple(r) for r in sec.get("lines") or []]
            label = f"{sec.get('number', '')} {sec.get('heading', '')}".strip()
            yield "sections", sec.get("text") or "", ranges, None, label


def extract(record: Record, analyse: Analyser, read: LineReader | None = None) -> list[Statement]:
    """The statements of ``record`` (a measure or an evaluation chapter; none for others).
    In an evaluation, a statement counts when its section's heading or its own words say
    what it is (success criterion, barrier, result); other sentences are description."""
    out: list[Statement] = []
    for key, text, ranges, default, section in _pieces(record):
        section_cls = _section_class(section, analyse) if section else None
        for a, b in split_spans(text):
            sentence = clean_statement(text[a:b])
            if _is_empty(sentence):
                continue
            cls, why = statement_class(sentence, default, analyse)
            if record.kind == "evaluation":
                if section_cls and not cls:
                    cls, why = section_cls, f"avsnittet «{section}»"
                elif section_cls and cls != section_cls and cls != "utfordring":
                    cls = section_cls if why else cls
            if cls is None:
                continue
            lead = len(text[a:b]) - len(text[a:b].lstrip())
            out.append(Statement(
                text=sentence, cls=cls, record_id=record.id, field=key,
                lines=locate(text, a + lead, b, ranges, read), cls_reason=why, section=section,
                themes=statement_themes(sentence, cls, analyse)))
    return out
