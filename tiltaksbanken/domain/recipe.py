"""A kokebok recipe card: one good example told along the guiding questions of the call.

The call for cookbook examples asks for the idea and the need, what happened, the success
criteria, the barriers, what the municipality did and what others can learn. A card has one
part per question (``data/recipe.json``), each with its text and the 1-based source lines it
stands on, so an edition can cite where every sentence came from. A measure's report answers
the questions in its form fields (``domain/form.py``); an evaluation chapter in sections
whose headings name them; a cookbook example or a plain document in free text, whose
paragraphs are given to the part whose words they use (the rest tell what happened). The
editor may rewrite any part: an edited part keeps the lines it was made from and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.lessons import locate
from tiltaksbanken.domain.records import LineRange, Record, merge_ranges
from tiltaksbanken.domain.text import fold

MAX_PART = 6000  # characters an editor may write in one part
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class PartSpec:
    key: str
    label: str
    tiltak_fields: tuple[str, ...]
    cues: tuple[str, ...]  # folded


@dataclass
class Part:
    """One part of a card: which question it answers, its text and its source lines."""

    key: str
    label: str
    text: str = ""
    lines: list[LineRange] = field(default_factory=list)
    edited: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "text": self.text,
                "lines": [list(r) for r in self.lines], "edited": self.edited}


@dataclass
class Card:
    """A recipe card made from one record."""

    record_id: str
    kind: str
    title: str
    file: str
    parts: list[Part]
    organisation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "kind": self.kind, "title": self.title,
                "file": self.file, "organisation": self.organisation,
                "parts": [p.to_dict() for p in self.parts]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        return cls(data["record_id"], data["kind"], data["title"], data["file"],
                   [Part(p["key"], p["label"], p["text"], [tuple(r) for r in p["lines"]],
                         bool(p.get("edited"))) for p in data["parts"]],
                   data.get("organisation", ""))

    def part(self, key: str) -> Part | None:
        return next((p for p in self.parts if p.key == key), None)


@cache
def part_specs() -> tuple[PartSpec, ...]:
    """The parts of a card, in the call's order."""
    return tuple(PartSpec(p["key"], p["label"], tuple(p["tiltak_fields"]),
                          tuple(fold(c) for c in p["cues"]))
                 for p in load_data("recipe.json")["parts"])


def _default_part() -> str:
    return str(load_data("recipe.json")["default_part"])


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return " ".join(_as_text(v) for k, v in value.items() if k != "answer" or not value.get("text"))
    if isinstance(value, list):
        return "\n".join(_as_text(v) for v in value)
    return ""


def part_of(text: str) -> str:
    """The part a paragraph of free text answers: the one whose words it uses most (ties:
    the call's order); with none, what happened."""
    folded = f" {fold(text)} "
    scores = [(sum(folded.count(f" {c}") for c in spec.cues), -i, spec.key)
              for i, spec in enumerate(part_specs())]
    best = max(scores)
    return best[2] if best[0] > 0 else _default_part()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _add(found: dict[str, tuple[list[str], list[LineRange]]], key: str, text: str,
         lines: list[LineRange]) -> None:
    texts, ranges = found.setdefault(key, ([], []))
    texts.append(text.strip())
    ranges.extend(lines)


def _from_tiltak(record: Record, found: dict[str, tuple[list[str], list[LineRange]]]) -> None:
    for spec in part_specs():
        for key in spec.tiltak_fields:
            text = _as_text(record.fields.get(key))
            if text:
                _add(found, spec.key, text, record.field_sources.get(key, []))


def _from_free_text(texts: list[tuple[str, list[LineRange]]],
                    found: dict[str, tuple[list[str], list[LineRange]]], read: Any) -> None:
    for text, ranges in texts:
        for a, b in _paragraphs(text):
            lead = len(text[a:b]) - len(text[a:b].lstrip())
            _add(found, part_of(text[a:b]), text[a:b], locate(text, a + lead, b, ranges, read))


def card_from_record(record: Record, read: Any = None) -> Card:
    """The recipe card of ``record``: its parts (those the record answers) with their lines.
    ``read`` (source lines first..last) helps place paragraphs of reflowed text."""
    found: dict[str, tuple[list[str], list[LineRange]]] = {}
    f = record.fields
    if record.kind == "tiltak":
        _from_tiltak(record, found)
    elif record.kind == "evaluation":
        texts: list[tuple[str, list[LineRange]]] = []
        if _as_text(f.get("intro")):
            texts.append((f["intro"], record.field_sources.get("intro", [])))
        for sec in f.get("sections") or []:
            heading = f"{sec.get('number', '')} {sec.get('heading', '')}".strip()
            body = str(sec.get("text") or "")
            lines = [tuple(r) for r in sec.get("lines") or []]
            key = part_of(str(sec.get("heading") or "")) if sec.get("heading") else None
            if key and key != _default_part() and body.strip():
                _add(found, key, f"{heading}: {body}" if heading else body, lines)
            elif body.strip():
                texts.append((body, lines))
        if not texts and not found and _as_text(f.get("text")):
            texts.append((f["text"], record.field_sources.get("text", [])))
        _from_free_text(texts, found, read)
    else:
        keys = [k for k in ("notice", "answer") if _as_text(f.get(k))] or ["text"]
        _from_free_text([(str(f.get(k) or ""), record.field_sources.get(k, [])) for k in keys
                         if _as_text(f.get(k))], found, read)
    parts = [Part(spec.key, spec.label, "\n\n".join(found[spec.key][0]),
                  merge_ranges(found[spec.key][1])) if spec.key in found
             else Part(spec.key, spec.label) for spec in part_specs()]
    organisation = _as_text(f.get("organisation")) or _as_text(f.get("nav_office"))
    return Card(record.id, record.kind, record.title, record.file, parts, organisation)


def edit_part(card: Card, key: str, text: str) -> Card:
    """``card`` with part ``key`` rewritten (it keeps the lines it was made from and is
    marked edited); ``ValueError`` for a part no card has."""
    part = card.part(key)
    if part is None:
        raise ValueError(f"unknown part {key!r}")
    text = text.replace("\r\n", "\n").strip()[:MAX_PART]
    if text != part.text:
        part.text, part.edited = text, True
    return card


def kind_label(card: Card) -> str:
    return kind_of(card.kind).label
