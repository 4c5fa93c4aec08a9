"""Realistic OCR damage for clean text, and a token score of a repair against the clean text.

``damage`` misreads æ, ø and å the way an OCR engine without the Norwegian
letters does (the readings and their shares in ``data/ocr_confusions.json``,
the same data the repair's confusion model uses), reads a lower-case ``l``
as a capital ``I`` now and then, and joins or splits a few words. It is the
yardstick's noise model (``bench/ocr_synthetic.py``) and the tests': repair
is measured on text whose truth is known, not on a hand-corrected sample.

``score`` compares a repaired text with the clean one line by line (token
Levenshtein alignment, like the eval-dev scorer): the share of the damage's
token errors the repair removed, and the tokens that were right and were
made wrong.
"""

from __future__ import annotations

import random
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from wordfreq import top_n_list, zipf_frequency

from tiltaksbanken.data import load_data

_WORD = re.compile(r"[^\W\d_]+")
_PROTECTED = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Noise:
    """How much damage: the share of æ/ø/å misread, and the rates of the rarer accidents."""

    letters: float = 0.95  # share of æ, ø, å (and Æ, Ø, Å) the OCR misreads
    l_as_i: float = 0.01  # share of lower-case l read as a capital I
    join: float = 0.002  # share of spaces between two words the OCR drops
    split: float = 0.001  # share of long words the OCR splits in two


def _readings() -> dict[str, list[tuple[str, float]]]:
    data = load_data("ocr_confusions.json")
    out: dict[str, list[tuple[str, float]]] = {}
    for letter, spec in data["letters"].items():
        out[letter] = [(r["ocr"], r["share"]) for r in spec["readings"]]
    for capital, readings in data["capitals"].items():
        out[capital] = [(r["ocr"], r["share"]) for r in readings]
    return out


def _misread(letter: str, readings: list[tuple[str, float]], rng: random.Random) -> str:
    pick = rng.random() * sum(share for _, share in readings)
    for ocr, share in readings:
        pick -= share
        if pick <= 0:
            return ocr
    return readings[-1][0]


def damage(text: str, rng: random.Random, noise: Noise | None = None) -> str:
    """``text`` as an OCR engine without æ/ø/å might have read it; lines stay lines.

    E-mail addresses and URLs are damaged too (as a real OCR would), but their
    tests check only that the repair leaves what it was given there alone.
    """
    noise = noise or Noise()
    readings = _readings()
    out_lines = []
    for line in text.split("\n"):
        chars: list[str] = []
        for i, c in enumerate(line):
            if c in readings and rng.random() < noise.letters:
                chars.append(_misread(c, readings[c], rng))
            elif (c == "l" and i > 0 and line[i - 1].isalpha() and rng.random() < noise.l_as_i):
                chars.append("I")
            else:
                chars.append(c)
        damaged = "".join(chars)
        out_lines.append(_joins_and_splits(damaged, rng, noise))
    return "\n".join(out_lines)


def _joins_and_splits(line: str, rng: random.Random, noise: Noise) -> str:
    if not line.strip() or _PROTECTED.search(line):
        return line
    tokens = line.split(" ")
    out: list[str] = []
    for i, token in enumerate(tokens):
        if (out and _WORD.fullmatch(out[-1] or "-") and _WORD.fullmatch(token or "-")
                and i < len(tokens) - 1 and rng.random() < noise.join):
            out[-1] += token  # the space was lost (never at the end of the line)
            continue
        if len(token) >= 10 and token.isalpha() and rng.random() < noise.split:
            cut = rng.randrange(4, len(token) - 3)
            out.extend([token[:cut], token[cut:]])
            continue
        out.append(token)
    return " ".join(out)


@dataclass(frozen=True)
class Score:
    tokens: int  # tokens in the clean text
    errors_before: int  # token edit distance of the damaged text
    errors_after: int  # … and of the repaired text
    overcorrections: int  # tokens right in the damaged text and wrong after repair
    changed_lines: int  # lines the repair changed

    @property
    def error_reduction(self) -> float:
        return 1.0 - self.errors_after / self.errors_before if self.errors_before else 0.0

    def summary(self) -> str:
        return (f"tokens={self.tokens} errors {self.errors_before}→{self.errors_after} "
                f"err_red={self.error_reduction:.4f} overcorr={self.overcorrections}")


def _align(a: list[str], b: list[str]) -> tuple[int, set[int]]:
    """Token edit distance of ``a`` (system) to ``b`` (gold), and the gold positions matched."""
    n, m = len(a), len(b)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    matched: set[int] = set()
    i, j = n, m
    while i > 0 and j > 0:
        if a[i - 1] == b[j - 1] and d[i][j] == d[i - 1][j - 1]:
            matched.add(j - 1)
            i, j = i - 1, j - 1
        elif d[i][j] == d[i - 1][j - 1] + 1:
            i, j = i - 1, j - 1
        elif d[i][j] == d[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return d[n][m], matched


def score(clean: str, damaged: str, repaired: str) -> Score:
    """How much of the damage the repair undid, line by line (all three have the same lines)."""
    gold_lines, ocr_lines, sys_lines = clean.split("\n"), damaged.split("\n"), repaired.split("\n")
    if not len(gold_lines) == len(ocr_lines) == len(sys_lines):
        raise ValueError("the texts must have the same lines")
    tokens = before = after = over = changed = 0
    for gold, ocr, fixed in zip(gold_lines, ocr_lines, sys_lines, strict=True):
        g = gold.split()
        tokens += len(g)
        if ocr == gold and fixed == gold:
            continue
        changed += fixed != ocr
        e_ocr, right_ocr = _align(ocr.split(), g)
        e_sys, right_sys = _align(fixed.split(), g) if fixed != ocr else (e_ocr, right_ocr)
        before += e_ocr
        after += e_sys
        over += len(right_ocr - right_sys)
    return Score(tokens, before, after, over, changed)


_S_LINKED = ("ing", "sjon", "het", "dom", "skap", "else", "tet", "nad")  # heads that take -s-


def compound_nouns(trie: Container[str], lang: str = "nb", top: int = 20000,
                   min_zipf: float = 3.0) -> list[str]:
    """Common nouns of the language's frequency list that the full-form lexicon inflects as
    nouns (a definite plural in ``-ene`` beside ``-en``/``-et``): the parts of compounds."""
    out = []
    for word in top_n_list(lang, top):
        if (len(word) >= 4 and word.isalpha() and zipf_frequency(word, lang) >= min_zipf
                and word in trie and f"{word}ene" in trie
                and (f"{word}en" in trie or f"{word}et" in trie)):
            out.append(word)
    return out


def compounds(nouns: Sequence[str], rng: random.Random, n: int) -> list[str]:
    """``n`` compounds of two of ``nouns``, linked as Norwegian links them (``-s-`` after
    ``-ing``, ``-sjon``, ``-het`` …, else nothing): ``jobbspesialist``, ``boligveileder``."""
    out = []
    for _ in range(n):
        head, tail = rng.sample(list(nouns), 2)
        out.append(head + ("s" if head.endswith(_S_LINKED) else "") + tail)
    return out
