"""Does a text read as OCR-damaged Norwegian? The decision ingest asks before repairing.

A text without æ, ø and å is not damaged for that alone: English, a URL list
or a table of numbers has none either. ``damage`` measures the damage itself:
the share of a text's words that are no words as written but become common
Norwegian words when read through the OCR confusion model (``gkonomisk``,
``malgruppen``, ``p8``), counted over Norwegian passages only (English
passages, URLs, e-mail addresses and numbers do not count). The model used
is the one for a fully damaged scan, so the measure does not depend on the
letter counts it would otherwise be calibrated on.

Clean Norwegian scores about 0.00–0.01 (a few names and typos read as
damage); an OCR'd sheet without the Norwegian letters 0.05 and more.
``needs_repair`` draws the line at ``DAMAGED``.
"""

from __future__ import annotations

import math
import re
from functools import cache

from tiltaksbanken.ocr.context import Grammar, english_word, protected_spans
from tiltaksbanken.ocr.lexicon import lexicon
from tiltaksbanken.ocr.model import ConfusionModel
from tiltaksbanken.ocr.repair import Repairer

DAMAGED = 0.02  # the share of damaged words from which a text is repaired
MIN_DAMAGED_WORDS = 3  # … and at least this many of them
SAMPLE_WORDS = 3000  # words looked at in a long text (spread over the whole text)
CHARS_PER_WORD = 7  # to guess how many passages to read for them
ASSUMED_RATE = 0.9  # the misreading rate of the model the measure uses
_WORD_TOKEN = re.compile(r"[\w@&ﬂ|§%]+")
_NORWEGIAN = frozenset("æøåÆØÅ")


def _words(text: str, grammar: Grammar) -> list[str]:
    """The tokens of the text's Norwegian passages that hold letters, outside URLs etc.; of a
    long text, those of evenly spread passages, about ``2 × SAMPLE_WORDS`` in all."""
    out: list[str] = []
    blocks = re.split(r"\n\s*\n", text)
    step = max(1, len(text) // (CHARS_PER_WORD * 2 * SAMPLE_WORDS))
    for block in blocks[::step]:
        if grammar.is_foreign(block):
            continue
        for line in block.split("\n"):
            spans = protected_spans(line)
            for m in _WORD_TOKEN.finditer(line):
                if spans and any(a <= m.start() < b for a, b in spans):
                    continue
                token = m.group(0)
                letters = sum(c.isalpha() for c in token)
                digits = sum(c.isdigit() for c in token)
                if letters >= 2 and digits <= 1:
                    out.append(token)
    return out


def _stride_sample(words: list[str], n: int) -> list[str]:
    if len(words) <= n:
        return words
    step = len(words) / n
    return [words[int(i * step)] for i in range(n)]


def _sample(text: str) -> list[str]:
    return _stride_sample(_words(text, Grammar(lexicon())), SAMPLE_WORDS)


def _count(words: list[str], enough: int | None = None) -> int:
    """How many of ``words`` read as damage (counting stops at ``enough``)."""
    trie = lexicon()
    repairer = Repairer("", model=_assumed_model())
    damaged = 0
    for token in words:
        low = token.casefold()
        if low in trie or any(c in _NORWEGIAN for c in token) or english_word(low):
            continue
        decision = repairer._decide(token)
        if decision is not None and " " not in decision[0]:
            damaged += 1
            if enough is not None and damaged >= enough:
                break
    return damaged


def damage_counts(text: str) -> tuple[int, int]:
    """(damaged words, words looked at) of ``text``'s Norwegian passages."""
    words = _sample(text)
    return _count(words), len(words)


@cache
def _assumed_model() -> ConfusionModel:
    return ConfusionModel.with_rate(ASSUMED_RATE)


def damage(text: str) -> float:
    """The share of the words of ``text`` that read as OCR damage (0 for clean text)."""
    damaged, total = damage_counts(text)
    return damaged / total if total else 0.0


def needs_repair(text: str) -> bool:
    """Whether ``text`` reads as OCR-damaged Norwegian (clean text and English are left alone)."""
    words = _sample(text)
    needed = max(MIN_DAMAGED_WORDS, math.ceil(DAMAGED * len(words)))
    return _count(words, enough=needed) >= needed


__all__ = ["DAMAGED", "damage", "damage_counts", "needs_repair"]
