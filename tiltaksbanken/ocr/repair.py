"""Repairing Norwegian OCR text, conservatively, line by line.

For every token the repairer weighs the reading as written against the words
the confusion model says it may stand for: the score of a reading is its word
frequency (wordfreq's Zipf scale, log10) minus the cost of the misreadings it
assumes. A token is changed only when another reading wins by a clear margin;
a token that is a word already needs a wider margin. E-mail addresses, URLs
and numbers are never touched, and the output has the same lines, spacing and
punctuation as the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from wordfreq import zipf_frequency

from tiltaksbanken.data import load_data
from tiltaksbanken.ocr.decode import LINKS, Candidate, PrefixIndex, decode
from tiltaksbanken.ocr.lexicon import lexicon, trigram_model
from tiltaksbanken.ocr.model import ConfusionModel

UNKNOWN_PRIOR = 0.5  # a token no lexicon knows: a name, a typo, a new word
LEXICON_PRIOR = 1.2  # a lexicon word too rare for wordfreq, as part of a compound
KNOWN_PRIOR = 2.5  # a lexicon word as written that wordfreq does not know (often Nynorsk)
COMPOUND_PRIOR_DROP = 1.2  # a compound is rarer than its rarest part
SHORT_PART = 3
SHORT_PART_DROP = 1.0  # … and a compound of short parts is more often a misreading
MIN_SCORE = 0.8  # a repair must read as a plausible word in its own right
MARGIN_UNKNOWN = 0.5  # how much better a repair of an unknown token must score
MARGIN_KNOWN = 0.8  # … and of a token that is a word already
MARGIN_KNOWN_NYNORSK = 3.0  # … in a Nynorsk passage, where Bokmål frequencies mislead

_PROTECTED = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?:https?://|www\.)\S+"  # URL
    r"|\b[\w-]+\.(?:no|com|org|net)\b",  # bare domain
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\w@&ﬂ|]+(?:§[^\W\d_][\w@&ﬂ|]*)*")  # § inside a word is a misread å
_LONE = frozenset({"&", "8", "3"})
_WORD = re.compile(r"[^\W\d_]+")
_PLURAL_ENDINGS = ("er", "ar", "ere", "ene", "ane", "or")
_STRONG = frozenset("&8@3")  # stand-ins that are no letters: strong evidence of damage
_STAND_IN_DIGITS = frozenset("83")
SHORT = 3  # letters; a short token is only repaired into a common word
SHORT_MIN_PRIOR = 5.0
WEAK_READING = 1.0  # a reading this costly is weak evidence on its own
CAPITAL_VARIANT_PRIOR = 2.0  # a word reached by re-reading its capital must be this common
ENGLISH_GUARD = 1.0  # an English word as written keeps its English frequency minus this
_NUMBER_CONTEXT = re.compile(r"\d")


@dataclass
class Change:
    line: int  # 1-based
    start: int  # column in the line
    original: str
    repaired: str
    reason: str


@dataclass
class RepairResult:
    text: str
    changes: list[Change] = field(default_factory=list)


@cache
def _zipf(word: str) -> float:
    return zipf_frequency(word, "nb")


@cache
def _zipf_en(word: str) -> float:
    return zipf_frequency(word, "en")


def _prior(candidate: Candidate) -> float:
    """How common the reading is: its own frequency, or for a compound split into known
    parts, what its parts suggest (a rare compound of common words is still a word)."""
    whole = _zipf(candidate.text)
    if len(candidate.parts) == 1:
        return whole or LEXICON_PRIOR
    if whole > 0:
        return max(whole, _parts_prior(candidate))
    return _parts_prior(candidate)


def _parts_prior(candidate: Candidate) -> float:
    parts = [max(_zipf(p), _zipf(p[:-1]) if p.endswith(LINKS) else 0.0) or LEXICON_PRIOR
             for p in candidate.parts]
    short = sum(1 for p in candidate.parts if len(p) <= SHORT_PART)
    return min(parts) - COMPOUND_PRIOR_DROP * (len(candidate.parts) - 1) - SHORT_PART_DROP * short


def _fold_case(token: str) -> str:
    """Lower-case, but keep a capital I inside a lower-case word: it may be a misread l."""
    if token.isupper():
        return token.lower()
    return "".join("I" if c == "I" else c.lower() for c in token)


def _restore_case(original: str, repaired: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters) and original[0] != "I":
        return repaired.upper()
    if original[0] == "I" and repaired[:1] == "l":
        return repaired  # the capital I was a misread l
    if original[0].isupper() or original[0] in "@0":
        return repaired[:1].upper() + repaired[1:]
    return repaired


class Repairer:
    """Repairs the text of one document (the confusion model is calibrated on it)."""

    def __init__(self, text: str) -> None:
        self.model = ConfusionModel.for_text(text)
        self.trie = lexicon()
        self.trigrams = trigram_model()
        self._prefixes = PrefixIndex(self.trie)
        self._decisions: dict[tuple[str, bool], tuple[str, str] | None] = {}
        self._nn_markers = frozenset(load_data("nynorsk_markers.json")["strong"])
        confusions = load_data("ocr_confusions.json")
        self._capital_starts = [(r["ocr"], r["correct"]) for r in confusions["capital_starts"]["readings"]]
        glyphs = "".join(re.escape(g) for g in confusions["bullets"]["glyphs"])
        self._bullet = re.compile(rf"^(\s*)([{glyphs}])(\s*)(?=[A-ZÆØÅ@Q0])")
        self._units = frozenset(load_data("ocr_context.json")["number_units"])

    def _decide(self, token: str, nynorsk: bool = False) -> tuple[str, str] | None:
        """(repaired lower-case, reason) or None to leave the token alone."""
        low = _fold_case(token)
        if low not in self.trie:
            nynorsk = False  # the written standard only matters for words as written
        if (low, nynorsk) in self._decisions:
            return self._decisions[(low, nynorsk)]
        known = low in self.trie
        letters = sum(c.isalpha() for c in low)
        if known:
            base = _zipf(low) or KNOWN_PRIOR
        else:
            base = UNKNOWN_PRIOR - self.trigrams.implausibility(low)
            if low.isalpha() and low.isascii():  # an English word as written stays
                base = max(base, _zipf_en(low) - ENGLISH_GUARD)
        best: tuple[float, Candidate] | None = None
        # a word as written may only become another single word: no compound search
        for cand in decode(low, self.trie, self.model, max_parts=1 if known else 3,
                           prefixes=self._prefixes):
            prior = _prior(cand)
            if not cand.edits:
                if not known:  # the token is a compound of known words as written
                    base = max(base, prior)
                continue
            if known and (len(cand.parts) > 1 or _zipf(cand.text) == 0):
                continue  # a word is only changed into a common single word
            weak = any(self._edit_cost(o, c) >= WEAK_READING for o, c in cand.edits)
            if letters <= SHORT and prior < SHORT_MIN_PRIOR and weak:
                continue
            score = prior - cand.cost
            if best is None or score > best[0]:
                best = (score, cand)
        decision = None
        if best is not None:
            margin = (MARGIN_KNOWN_NYNORSK if nynorsk else MARGIN_KNOWN) if known else MARGIN_UNKNOWN
            if best[0] >= max(base + margin, MIN_SCORE):
                cand = best[1]
                edits = ", ".join(f"{o or '∅'}→{c}" for o, c in cand.edits)
                decision = (cand.text, f"{edits}; '{cand.text}' {best[0]:.2f} vs "
                                       f"'{low}' {base:.2f}")
        if decision is None and not known and (token[:1].isupper() or token[:1] == "0"):
            decision = self._capital_variant(token, nynorsk)
        self._decisions[(low, nynorsk)] = decision
        return decision

    def _capital_variant(self, token: str, nynorsk: bool) -> tuple[str, str] | None:
        """A capitalised non-word whose first letters the OCR misread (``Elere`` → ``Flere``)."""
        for ocr, correct in self._capital_starts:
            if not token.startswith(ocr) or len(token) - len(ocr) < 2:
                continue
            variant = correct + token[len(ocr):]
            low = _fold_case(variant)
            if low in self.trie and _zipf(low) >= CAPITAL_VARIANT_PRIOR:
                return low, f"{ocr}→{correct} at the start of a word"
            inner = self._decide(variant, nynorsk)
            if inner is not None:
                return inner[0], f"{ocr}→{correct} at the start of a word; {inner[1]}"
        return None

    def repair_line(
        self, line: str, line_no: int = 1, nynorsk: bool | None = None
    ) -> tuple[str, list[Change]]:
        """Repair one line; ``nynorsk`` says whether its passage is Nynorsk (else guessed)."""
        if nynorsk is None:
            nynorsk = bool({w.casefold() for w in _WORD.findall(line)} & self._nn_markers)
        protected = [m.span() for m in _PROTECTED.finditer(line)]
        changes: list[Change] = []
        out: list[str] = []
        pos = 0
        bullet = self._bullet_at(line)
        if bullet is not None:
            start, end, word_start = bullet
            out.append(line[:start] + "• ")
            changes.append(Change(line_no, start, line[start:word_start], "• ", "list bullet"))
            pos = word_start
        for m in _TOKEN.finditer(line, pos):
            start, end = m.span()
            if any(a <= start < b for a, b in protected):
                continue
            token = m.group(0)
            if not self._repairable(token, line, start, end):
                continue
            decision = self._decide(token, nynorsk)
            if decision is None:
                continue
            repaired = _restore_case(token, decision[0])
            if repaired == token:
                continue
            out.append(line[pos:start])
            out.append(repaired)
            pos = end
            changes.append(Change(line_no, start, token, repaired, decision[1]))
        out.append(line[pos:])
        return "".join(out), changes

    def _bullet_at(self, line: str) -> tuple[int, int, int] | None:
        """(start, end, start of the item's first word) where a misread bullet opens the line."""
        m = self._bullet.match(line)
        if m is None:
            return None
        glyph, space = m.group(2), m.group(3)
        word = _TOKEN.match(line, m.end())
        if word is None:
            return None
        as_written = _fold_case(word.group(0)) in self.trie
        if glyph == "e" and (not space or word.group(0)[0].isupper()):
            return m.start(2), m.end(2), m.end()  # 'e' glued to a capital, or 'e' + capital word
        if not as_written and self._decide(word.group(0)) is not None:
            return m.start(2), m.end(2), m.end()  # a quote mark before a damaged word: a bullet
        return None

    def _edit_cost(self, ocr: str, correct: str) -> float:
        readings = self.model.readings.get(ocr[:1], []) if ocr else self.model.dropped
        return min((r.cost for r in readings if r.ocr == ocr and r.correct.lower() == correct),
                   default=9.0)

    def _repairable(self, token: str, line: str, start: int, end: int) -> bool:
        """Numbers, codes and single letters are left alone; a lone & 8 3 only between words."""
        digits = [c for c in token if c.isdigit()]
        if token in _LONE:
            before = line[:start].rstrip()
            if token.isdigit() and before.endswith((".", "!", "?", ":")):
                return False  # a sentence does not start with a lower-case å
            return (start == 0 or not line[start - 1].isalnum()) and self._a_context(line, start, end)
        if token[:1] == "0" and token[1:].isalpha():
            return True  # a capital O read as a zero
        if token.isupper() and len(token) <= SHORT and not any(c in _STRONG for c in token):
            return False  # an abbreviation (NA, KVP, IPS)
        if len(digits) > 1 or any(d not in _STAND_IN_DIGITS for d in digits):
            return False
        if digits and (token[0].isdigit() and token[1:].isalpha() and len(token) > 3):
            return False
        letters = sum(c.isalpha() for c in token)
        return letters >= 2 or (letters == 1 and len(token) >= 2)

    def _a_context(self, line: str, start: int, end: int) -> bool:
        """A lone stand-in for å sits between words, not between numbers or in a name."""
        before, after = line[:start].rstrip(), line[end:].lstrip()
        nxt = after.split(" ", 1)[0].strip(".,;:!?") if after else ""
        if not nxt or _NUMBER_CONTEXT.search(nxt[:1]) or nxt.casefold() in self._units:
            return False
        if before and before[-1:].isdigit():
            return False
        if line[start:end].isdigit():
            # a digit is å before a verb or adverb, not before a counted plural noun
            word = _fold_case(nxt)
            return word.isalpha() and word.islower() and not word.endswith(_PLURAL_ENDINGS)
        return True

    def repair_text(self, text: str) -> RepairResult:
        lines = text.split("\n")
        nynorsk = self._nynorsk_blocks(lines)
        changes: list[Change] = []
        out = []
        for i, line in enumerate(lines, 1):
            fixed, line_changes = self.repair_line(line, i, nynorsk=nynorsk[i - 1])
            out.append(fixed)
            changes.extend(line_changes)
        return RepairResult("\n".join(out), changes)

    def _nynorsk_blocks(self, lines: list[str]) -> list[bool]:
        """Per line: whether its paragraph (lines between blank lines) reads as Nynorsk."""
        flags = [False] * len(lines)
        start = 0
        for i in range(len(lines) + 1):
            if i == len(lines) or not lines[i].strip():
                words = {w.casefold() for line in lines[start:i] for w in _WORD.findall(line)}
                if words & self._nn_markers:
                    flags[start:i] = [True] * (i - start)
                start = i + 1
        return flags


def needs_repair(text: str) -> bool:
    """Whether ``text`` reads as OCR'd without æ, ø and å (clean text is left alone)."""
    return ConfusionModel.for_text(text).damaged


def repair_text(text: str, explain: bool = False) -> str | RepairResult:
    """Repair OCR damage in ``text``; with ``explain`` also return every change and why."""
    result = Repairer(text).repair_text(text)
    return result if explain else result.text


def repair_line(line: str, context: str | None = None) -> str:
    """Repair one line; ``context`` (the whole document) calibrates the model."""
    return Repairer(context or line).repair_line(line)[0]
