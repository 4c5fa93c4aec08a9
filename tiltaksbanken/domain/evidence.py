"""How strong a measure's evidence is: a SUGGESTED level on a published scale, with reasons.

The scale is in ``data/evidence.json`` (after the EIF evidence ratings, named there). A
suggestion comes from the measure's answer to «how have you examined goal attainment»
(question 14 of the form) and from the evaluations of the measure the caller knows of
(evaluation records naming it, or links made elsewhere: a list of ``EvaluationRef``).
It is always a «forslag», with the words that led to it; an editor's level, where set,
is what facets and sorting use (``effective_level``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tiltaksbanken.data import load_data

NEGATION_WINDOW = 3  # a cue this many words after «ikke»/«ingen» does not count
MIN_DESCRIBED_WORDS = 4  # an answer this long describes something, even without cue words


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    explanation: str
    eif: str
    rank: int


@dataclass(frozen=True)
class EvaluationRef:
    """An evaluation of the measure: its record and who wrote it (if an organisation did)."""

    record_id: str
    title: str
    organisation: str = ""


@dataclass
class Suggestion:
    """A suggested level («forslag») and why: the words and evaluations that led to it."""

    level: Level
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level.code, "label": self.level.label, "forslag": True,
                "reasons": list(self.reasons)}


@cache
def _data() -> dict[str, Any]:
    return load_data("evidence.json")


@cache
def levels() -> dict[str, Level]:
    """The scale, weakest first."""
    return {d["code"]: Level(d["code"], d["label"], d["explanation"], d["eif"], i)
            for i, d in enumerate(_data()["levels"])}


def level(code: str | None) -> Level | None:
    return levels().get(code or "")


def scale_source() -> dict[str, str]:
    return dict(_data()["scale_source"])


_WORDS = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|%")


def _found(text: str, cue: str) -> str | None:
    """The words of ``text`` where ``cue`` (a word or its beginning, or a phrase) stands,
    unless a negation stands just before it."""
    tokens = [m.group(0) for m in _WORDS.finditer(text)]
    lowered = [t.casefold() for t in tokens]
    cue_tokens = [m.group(0).casefold() for m in _WORDS.finditer(cue)]
    n = len(cue_tokens)
    negations = set(_data()["negations"])
    for i in range(len(lowered) - n + 1):
        head = all(lowered[i + k] == cue_tokens[k] for k in range(n - 1))
        if head and lowered[i + n - 1].startswith(cue_tokens[-1]):
            if negations & set(lowered[max(0, i - NEGATION_WINDOW):i]):
                continue
            return " ".join(tokens[i:i + n])
    return None


def suggest(measurement: str | None, evaluations: Sequence[EvaluationRef] = ()) -> Suggestion:
    """The level the answer and the evaluations suggest, strongest first, with reasons."""
    text = " ".join((measurement or "").split())
    scale = levels()
    for code in ("4-effekt", "3-evaluert", "2-egne-data", "1-beskrevet"):
        reasons = [f"«{w}»" for cue in _data()["cues"][code] if (w := _found(text, cue))]
        if code == "3-evaluert":
            reasons += [f"evaluering: {e.title}" + (f" ({e.organisation})" if e.organisation else "")
                        for e in evaluations]
        if reasons:
            return Suggestion(scale[code], list(dict.fromkeys(reasons)))
    folded = text.casefold()
    none = [p for p in _data()["none_phrases"] if p in folded]
    if none:
        return Suggestion(scale["0-ingen"], [f"«{p}»" for p in none])
    if len(_WORDS.findall(text)) >= MIN_DESCRIBED_WORDS:
        return Suggestion(scale["1-beskrevet"], ["svaret beskriver hvordan, uten data eller evaluering"])
    return Suggestion(scale["0-ingen"], ["spørsmålet om måloppnåelse er ikke besvart"
                                         if not text else f"svaret sier lite: «{text}»"])


def effective_level(suggested: str | None, editor: str | None) -> str | None:
    """The level facets and sorting use: the editor's where set, else the suggestion."""
    return editor if level(editor) else suggested
