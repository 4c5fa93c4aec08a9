"""Repairing Norwegian OCR text, conservatively, line by line.

For every token the repairer weighs the reading as written against the words
the confusion model says it may stand for: the score of a reading is its word
frequency (wordfreq's Zipf scale, log10) minus the cost of the misreadings it
assumes. A token is changed only when another reading wins by a clear margin;
a token that is a word already needs a wider margin. A word the frequency list
does not know but the lexicon does is valued by its parts when it is a compound
of common words (``lønnstilskudd`` = ``lønns`` + ``tilskudd``); a token that is
two words the OCR joined is split when both parts are words
(``tilskuddet ogsa`` from ``tilskuddetogsa``).

The neighbours decide what the token alone cannot (``context``): a lone
``&``, ``8``, ``3``, ``@``, ``§`` or ``a`` is the infinitive marker *å* when
an infinitive follows it, also at the end of a line whose next line starts
with the verb; a passage in English is left as written; in a Nynorsk passage
its own forms (``vart``, ``dei``) are not read as Bokmål words. E-mail
addresses, URLs, domains, path-like slugs and numbers are never touched, and
the output has the same lines, spacing and punctuation as the input.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from tiltaksbanken.data import load_data
from tiltaksbanken.ocr.context import Grammar, protected_spans
from tiltaksbanken.ocr.decode import LINKS, MAX_COST, Candidate, PrefixIndex, decode
from tiltaksbanken.ocr.freq import zipf
from tiltaksbanken.ocr.lexicon import bokmaal_only, lexicon, nynorsk_only, trigram_model
from tiltaksbanken.ocr.model import ConfusionModel

UNKNOWN_PRIOR = 0.5  # a token no lexicon knows: a name, a typo, a new word
LEXICON_PRIOR = 1.2  # a lexicon word too rare for wordfreq, as part of a compound
KNOWN_PRIOR = 2.5  # a lexicon word as written that wordfreq does not know (often Nynorsk)
COMPOUND_PRIOR_DROP = 1.2  # a compound is rarer than its rarest part
SHORT_PART = 3
SHORT_PART_DROP = 1.0  # … and a compound of short parts is more often a misreading
MIN_SCORE = 0.8  # a repair must read as a plausible word in its own right …
MAX_COST_PLAIN = 3.0  # the dearest reading of a token without stand-ins that are no letters
MIN_SCORE_IMPLAUSIBLE = 0.0  # … less when the token reads as no Norwegian word (gkonomi)
MIN_SCORE_STRONG = -3.0  # … and least when it holds a stand-in that is no letter (m3l, p§)
MARGIN_UNKNOWN = 0.5  # how much better a repair of an unknown token must score
MARGIN_KNOWN = 0.8  # … and of a token that is a word already
SPLIT_COST = 1.5  # the OCR lost a space: a token read as two words
SPLIT_MIN_PRIOR = 3.0  # … each of them a common word
PART_REPAIR_DROP = 0.5  # a part that needs repair is less sure
_TOKEN = re.compile(  # a word, with the stand-ins for å the OCR puts inside words (p§, gé’lr)
    r"[\w@&ﬂ|]+(?:(?:[§%]|(?<=é)’[\]l|]?)(?:[^\W\d_][\w@&ﬂ|]*)?)*|§(?=\s|$)|(?<!\S)%(?=\s|$)")
_WORD = re.compile(r"[^\W\d_]+")
_STRONG = frozenset("&8@3§%")  # stand-ins that are no letters: strong evidence of damage
_STAND_IN_DIGITS = frozenset("83")
_LONE_A = frozenset("&83@§aéd%A")  # what a lone å (the infinitive marker) becomes
_SURE_LONE = frozenset("&@§")  # … of which these are no letter nor digit
_WEAK_LONE = frozenset("aédA%")  # … of which these are letters (or a sign) in their own right
_CAPITAL_LONE = "A"  # … and this one is a capital Å, so it opens a sentence
_LONE_PAIR = _LONE_A - {"A", "%"}  # what a lone å read as two signs is made of (&8, a&)
MOST = 0.5  # a text that misreads this share of its å
CONTEXT_SIDE = 0.75  # the most a neighbour can say for or against a repair (log10)
CONTEXT_WINDOW = CONTEXT_SIDE  # … so a word is weighed in context when its repair is this close
PAIR_PRIOR = 50  # how many sightings of a word before its neighbours say much
SHORT = 3  # letters; a short token is only repaired into a common word
SHORT_MIN_PRIOR = 5.0
SHORT_EMBEDDED_PRIOR = 3.0  # … or a fairly common one when a stand-in sits inside its letters
WEAK_READING = 1.0  # a reading this costly is weak evidence on its own
CAPITAL_VARIANT_PRIOR = 2.0  # a word reached by re-reading its capital must be this common
ENGLISH_GUARD = 1.0  # an English word as written keeps its English frequency minus this
TOP_PRIOR = 7.6  # the Zipf frequency of the commonest Norwegian words (og, i, på)
# wordfreq counts Bokmål: in a Nynorsk passage a Nynorsk-only form (søkje, fråfall) is taken
# to be at least this common; on a line that reads as Nynorsk (more Nynorsk-only forms than
# Bokmål-only ones) a Bokmål-only form as written (fra) whose reading is a Nynorsk-only form
# (frå) is valued as a rare word: authors of a sheet mix the standards, the OCR does not
NYNORSK_PRIOR = 3.0
BOKMAAL_IN_NYNORSK = LEXICON_PRIOR
NYNORSK_PASSAGE, NYNORSK_LINE = 1, 2  # the values of ``nynorsk`` beyond False
_SENTENCE_END = (".", "!", "?", ":")


@dataclass
class Change:
    line: int  # 1-based
    start: int  # column in the line
    original: str
    repaired: str
    reason: str


@dataclass
class _Plan:
    """One line after the first pass: its tokens and what each reads as on its own."""

    nynorsk: bool
    bullet: tuple[int, int] | None
    tokens: list[re.Match[str]]
    decided: dict[int, tuple[str, str]]  # token index → (repaired, reason)
    ambiguous: dict[int, tuple[str, float, str]]  # … → (rival, lead, reason)


@dataclass
class RepairResult:
    text: str
    changes: list[Change] = field(default_factory=list)


def _zipf(word: str) -> float:
    return zipf(word, "nb")


def _zipf_en(word: str) -> float:
    return zipf(word, "en")


def _parts_prior(parts: tuple[str, ...]) -> float:
    values = [max(_zipf(p), _zipf(p[:-1]) if p.endswith(LINKS) else 0.0) or LEXICON_PRIOR
              for p in parts]
    short = sum(1 for p in parts if len(p) <= SHORT_PART)
    return min(values) - COMPOUND_PRIOR_DROP * (len(parts) - 1) - SHORT_PART_DROP * short


class Repairer:
    """Repairs the text of one document (the confusion model is calibrated on it)."""

    def __init__(self, text: str, model: ConfusionModel | None = None) -> None:
        self.model = model or ConfusionModel.for_text(text)
        self.trie = lexicon()
        self.trigrams = trigram_model()
        self.grammar = Grammar(self.trie)
        self._prefixes = PrefixIndex(self.trie)
        self._decisions: dict[tuple[str, bool], tuple[str, str] | None] = {}
        self._lexicon_priors: dict[str, float] = {}
        self._parts: dict[str, tuple[str, str] | None] = {}
        self._bases: dict[str, float] = {}  # the score of a token as written
        self._scores: dict[str, tuple[float, float]] = {}  # of its repair: score, prior
        self._line_memo: dict[tuple[str, bool], tuple[tuple[str, str] | None,
                                                  tuple[str, float, str] | None]] = {}
        self._alternatives: dict[tuple[str, int], tuple[str, float, str]] = {}  # a word's close rival
        self._pairs: Counter[tuple[str, str]] = Counter()
        self._words: Counter[str] = Counter()
        self._total = 0
        self._nn_markers = frozenset(load_data("nynorsk_markers.json")["strong"])
        self._nn_nb: dict[str, str] = load_data("nn_nb.json")["pairs"]  # frå: fra
        confusions = load_data("ocr_confusions.json")
        self._capital_starts = [(r["ocr"], r["correct"]) for r in confusions["capital_starts"]["readings"]]
        context = load_data("ocr_context.json")
        self._join_heads = frozenset(context["join_heads"])
        self._join_tails = frozenset(context["join_tails"])
        glyphs = "".join(re.escape(g) for g in confusions["bullets"]["glyphs"])
        self._bullet = re.compile(rf"^(\s*)([{glyphs}])(\s*)(?=[A-ZÆØÅ@Q0])")

    # --- one token -------------------------------------------------------------------

    def _lexicon_prior(self, word: str) -> float:
        """How common a lexicon word wordfreq does not know is: by its parts when it is a
        compound of common words (``måloppnåelse`` = ``mål`` + ``oppnåelse``)."""
        found = self._lexicon_priors.get(word)
        if found is None:
            found = LEXICON_PRIOR
            for i in range(SHORT_PART, len(word) - SHORT_PART + 1):
                head, tail = word[:i], word[i:]
                if tail not in self.trie or _zipf(tail) == 0:
                    continue
                for h in (head, head[:-1] if head.endswith(LINKS) else ""):
                    if len(h) >= SHORT_PART and h in self.trie and _zipf(h) > 0:
                        found = max(found, _parts_prior((h, tail)))
            self._lexicon_priors[word] = found
        return found

    def _prior(self, candidate: Candidate, nynorsk: bool = False) -> float:
        """How common the reading is: its own frequency, or for a compound split into known
        parts, what its parts suggest (a rare compound of common words is still a word);
        in a Nynorsk passage, Nynorsk forms count as words of the passage's standard."""
        whole = _zipf(candidate.text)
        if len(candidate.parts) == 1:
            prior = whole or self._lexicon_prior(candidate.text)
        else:
            prior = max(whole, _parts_prior(candidate.parts))
        if nynorsk and candidate.text in nynorsk_only():
            prior = max(prior, NYNORSK_PRIOR)
        return prior

    def _decide(self, token: str, nynorsk: bool = False) -> tuple[str, str] | None:
        """(repaired lower-case, reason) or None to leave the token alone."""
        low = _fold_case(token)
        known = low in self.trie
        key = (low, nynorsk)
        if key in self._decisions:
            return self._decisions[key]
        decision = None
        if not (nynorsk and self._nynorsk_form(low)):  # stays in a Nynorsk passage
            decision = self._best_reading(token, low, known, nynorsk)
        weak = decision is not None and self._scores[low][0] < MIN_SCORE
        if ((decision is None or weak) and not known and (token[:1].islower() or token[:1] == "I")
                and self._bases.get(low, 0.0) <= UNKNOWN_PRIOR):
            # not a name, nor a compound as written: perhaps two words
            decision = self._split(low, self._scores[low][0] if weak else None) or decision
        if decision is None and not known and (token[:1].isupper() or token[:1] == "0"):
            decision = self._capital_variant(token, nynorsk)
        self._decisions[key] = decision
        return decision

    def _nynorsk_form(self, low: str) -> bool:
        """A Nynorsk form Bokmål frequencies must not overrule (vart, gjer, dei, kome)."""
        return low in self._nn_markers or low in nynorsk_only()

    def _best_reading(self, token: str, low: str, known: bool, nynorsk: bool = False
                      ) -> tuple[str, str] | None:
        letters = sum(c.isalpha() for c in low)
        strong = any(c in _STRONG for c in low) and letters >= 1
        embedded = strong and _embedded_stand_in(token)
        if known:
            base = _zipf(low) or KNOWN_PRIOR
        else:
            base = UNKNOWN_PRIOR - self.trigrams.implausibility(low)
            if low.isalpha() and low.isascii():  # an English word as written stays
                base = max(base, _zipf_en(low) - ENGLISH_GUARD)
        # 'fra' on a Nynorsk line: perhaps 'frå' (only a Nynorsk-only reading, or the Nynorsk
        # form of this Bokmål word, may win)
        swap = known and nynorsk == NYNORSK_LINE and low in bokmaal_only()
        best: tuple[float, Candidate] | None = None
        # a reading can win only if it costs less than the most common word's lead
        max_cost = min(MAX_COST, TOP_PRIOR - base - MARGIN_KNOWN + CONTEXT_WINDOW) if known \
            else MAX_COST if strong else MAX_COST_PLAIN
        margin = MARGIN_KNOWN if known else MARGIN_UNKNOWN
        floor = MIN_SCORE_STRONG if strong else \
            MIN_SCORE if known or base >= UNKNOWN_PRIOR else MIN_SCORE_IMPLAUSIBLE
        # a word as written may only become another single word: no compound search; an
        # unknown token is read as a word or two-part compound first, as three parts only
        # when that finds nothing
        for max_parts in ((1,) if known else (2, 3)):
            if max_cost <= 0:
                break
            for cand in decode(low, self.trie, self.model, max_cost=max_cost,
                               max_parts=max_parts, prefixes=self._prefixes):
                prior = self._prior(cand, nynorsk)
                if swap and (cand.text in nynorsk_only() or self._nn_nb.get(cand.text) == low):
                    prior += max(0.0, base - BOKMAAL_IN_NYNORSK)
                if not cand.edits:
                    if not known:  # the token is a compound of known words as written
                        base = max(base, prior)
                    continue
                if known and (len(cand.parts) > 1 or not (
                        _zipf(cand.text) or (nynorsk and cand.text in nynorsk_only()))):
                    continue  # a word is only changed into a common single word
                if len(cand.parts) > 1 and any(not o for o, _ in cand.edits):
                    continue  # a lost letter and a compound: two guesses on one token
                weak = any(self._edit_cost(o, c) >= WEAK_READING for o, c in cand.edits)
                if letters <= SHORT and weak and prior < (
                        SHORT_EMBEDDED_PRIOR if embedded else SHORT_MIN_PRIOR):
                    continue
                score = prior - cand.cost
                if best is None or score > best[0]:
                    best = (score, cand)
            if base > UNKNOWN_PRIOR or (best is not None and best[0] >= max(base + margin, floor)):
                break  # a compound as written, or a repair that wins
        self._bases[low] = base
        if best is None:
            return None
        cand = best[1]
        edits = ", ".join(f"{o or '∅'}→{c}" for o, c in cand.edits)
        reason = f"{edits}; '{cand.text}' {best[0]:.2f} vs '{low}' {base:.2f}"
        lead = best[0] - max(base + margin, floor)
        if known and lead >= -CONTEXT_WINDOW:
            # the neighbours may tell
            self._alternatives[(low, int(nynorsk))] = (cand.text, lead, reason)
        if lead < 0:
            return None
        self._scores[low] = (best[0], self._prior(cand, nynorsk))
        return cand.text, reason

    def _split(self, low: str, rival: float | None = None) -> tuple[str, str] | None:
        """Two words the OCR joined (the space lost), each as written or repaired: a short
        function word (``data/ocr_context.json``) and a common word (``deltakelsei``,
        ``tilskuddetogsa``)."""
        if not all(c.isalpha() or c in _STRONG for c in low) or len(low) < SHORT_PART + 2:
            return None
        best: tuple[float, str] | None = None
        for i in (*range(1, SHORT_PART + 2), *range(len(low) - SHORT_PART - 1, len(low))):
            if not 0 < i < len(low):
                continue
            head, tail = low[:i], low[i:]
            short, long_ = (head, tail) if len(head) <= len(tail) else (tail, head)
            if len(long_) < SHORT_PART or short not in (self._join_heads if short is head
                                                        else self._join_tails):
                continue
            long_word = self._part_word(long_)
            if long_word is None or (rival is None and long_word[1] < SPLIT_MIN_PRIOR):
                continue
            words = (short, long_word[0]) if short is head else (long_word[0], short)
            score = min(_zipf(short), long_word[1]) - SPLIT_COST
            if best is None or score > best[0]:
                best = (score, " ".join(words))
        # a split must be far likelier than the token read whole: than a weak repair of it,
        # and than the token as written (a compound of known words as written is never split)
        floor = rival + MARGIN_UNKNOWN if rival is not None else MIN_SCORE
        if best is None or best[0] < max(floor, self._bases.get(low, 0.0) + MARGIN_UNKNOWN):
            return None
        return best[1], f"a lost space: '{best[1]}' {best[0]:.2f}"

    def _part_word(self, part: str, repair: bool = True) -> tuple[str, float] | None:
        """A part of a joined token as the word it is (as written or repaired), and its prior."""
        if part in self.trie and _zipf(part) > 0:
            return part, _zipf(part)
        if not repair:
            return None
        repaired = self._reading(part)
        if repaired is None:
            return None
        return repaired[0], self._scores[part][1] - PART_REPAIR_DROP

    def _reading(self, low: str) -> tuple[str, str] | None:
        """The best single-word repair of a part of a token (no split, no capital variant)."""
        if low not in self._parts:
            self._parts[low] = self._best_reading(low, low, low in self.trie)
        return self._parts[low]

    def _capital_variant(self, token: str, nynorsk: bool) -> tuple[str, str] | None:
        """A capitalised non-word whose first letters the OCR misread (``Elere`` → ``Flere``)."""
        direct: tuple[float, str, str] | None = None
        inner_found: tuple[str, str] | None = None
        for ocr, correct in self._capital_starts:
            if not token.startswith(ocr) or len(token) - len(ocr) < 1 or len(token) < 3:
                continue
            variant = correct + token[len(ocr):]
            low = _fold_case(variant)
            if low in self.trie and _zipf(low) >= CAPITAL_VARIANT_PRIOR:
                if direct is None or _zipf(low) > direct[0]:
                    direct = (_zipf(low), low, f"{ocr}→{correct} at the start of a word")
                continue
            if inner_found is None:
                inner = self._decide(variant, nynorsk)
                if inner is not None:
                    inner_found = (inner[0], f"{ocr}→{correct} at the start of a word; {inner[1]}")
        if direct is not None:
            return direct[1], direct[2]
        return inner_found

    def _edit_cost(self, ocr: str, correct: str) -> float:
        readings = self.model.readings.get(ocr[:1], []) if ocr else self.model.dropped
        return min((r.cost for r in readings if r.ocr == ocr and r.correct.lower() == correct),
                   default=9.0)

    def _repairable(self, token: str) -> bool:
        """Numbers, codes and single letters are left alone (a lone å is the context's)."""
        digits = [c for c in token if c.isdigit()]
        if token[:1] == "0" and token[1:].isalpha():
            return True  # a capital O read as a zero
        if token.isupper() and len(token) <= SHORT and not any(c in _STRONG for c in token):
            return False  # an abbreviation (NA, KVP, IPS)
        if len(digits) > 1 or any(d not in _STAND_IN_DIGITS for d in digits):
            return False
        if digits and token[0].isdigit() and self.grammar.is_unit(token[1:].casefold()):
            return False  # a number glued to its unit (3timer)
        letters = sum(c.isalpha() for c in token)
        return letters >= 2 or (letters == 1 and len(token) >= 2)

    # --- one line --------------------------------------------------------------------

    def repair_line(
        self, line: str, line_no: int = 1, nynorsk: bool | None = None,
        foreign: bool | None = None, next_line: str = "",
    ) -> tuple[str, list[Change]]:
        """Repair one line. ``nynorsk``/``foreign`` say the language of its passage (else
        guessed from the line); ``next_line`` lends its first word to a line-final å."""
        if nynorsk is None:
            nynorsk = bool({w.casefold() for w in _WORD.findall(line)} & self._nn_markers)
        if foreign is None:
            foreign = self.grammar.is_foreign(line)
        return self._finish(line, self._plan(line, nynorsk, foreign), line_no, next_line)

    def _plan(self, line: str, nynorsk: bool, foreign: bool) -> _Plan:
        """The line's tokens and what each reads as on its own (the first pass)."""
        if foreign:
            return _Plan(nynorsk, None, [], {}, {})
        protected = protected_spans(line)
        bullet = self._bullet_at(line)
        pos = bullet[1] if bullet is not None else 0
        tokens = list(_TOKEN.finditer(line, pos))
        if protected:
            tokens = [m for m in tokens
                      if not any(a <= m.start() < b or a < m.end() <= b for a, b in protected)]
        decided: dict[int, tuple[str, str]] = {}  # token index → (repaired, reason)
        ambiguous: dict[int, tuple[str, float, str]] = {}  # … → (rival, lead, reason)
        memo = self._line_memo
        standard = (NYNORSK_LINE if self._leans_nynorsk(tokens) else NYNORSK_PASSAGE) \
            if nynorsk else False
        for k, m in enumerate(tokens):
            token = m.group(0)
            readings = memo.get((token, standard))
            if readings is None:
                readings = memo[(token, standard)] = self._readings(token, standard)
            decision, alternative = readings
            if decision is None and alternative is None:
                continue
            sentence_start = not line[:m.start()].strip() or \
                line[:m.start()].rstrip().endswith(_SENTENCE_END)
            if alternative is not None and (decision is None or decision[0] == alternative[0]):
                word, lead, reason = alternative
                ambiguous[k] = (_restore_case(token, word, sentence_start), lead, reason)
            elif decision is not None:
                repaired = _restore_case(token, decision[0], sentence_start)
                if repaired != token:
                    decided[k] = (repaired, decision[1])
        return _Plan(nynorsk, bullet, tokens, decided, ambiguous)

    def _leans_nynorsk(self, tokens: list[re.Match[str]]) -> bool:
        """Whether a line holds more Nynorsk-only word forms than Bokmål-only ones."""
        nn = nb = 0
        nn_only, nb_only = nynorsk_only(), bokmaal_only()
        for m in tokens:
            low = m.group(0).casefold()
            nn += low in nn_only or low in self._nn_markers
            nb += low in nb_only
        return nn > nb

    def _readings(self, token: str, nynorsk: bool) -> tuple[tuple[str, str] | None,
                                                            tuple[str, float, str] | None]:
        """A token's repair on its own, and a word it may be that the context may choose."""
        if _is_lone_a(token) or not self._repairable(token):
            return None, None
        decision = self._decide(token, nynorsk)
        low = _fold_case(token)
        alternative = self._alternatives.get((low, int(nynorsk))) if token.isalpha() and not (
            nynorsk and self._nynorsk_form(low)) else None
        return decision, alternative

    def _finish(self, line: str, plan: _Plan, line_no: int, next_line: str
                ) -> tuple[str, list[Change]]:
        """The second pass: what the neighbours decide, then the repaired line."""
        tokens, decided = plan.tokens, dict(plan.decided)
        for k, (word, lead, reason) in plan.ambiguous.items():
            evidence = self._context_evidence(line, plan, k, word)
            if lead + evidence >= 0:
                why = f"; context {evidence:+.2f}" if evidence else ""
                decided[k] = (word, f"{reason}{why}")
        if self.model.rates.get("å", 0) >= MOST:
            for k in range(len(tokens) - 1):
                found = self._fronted_possessive(line, tokens, k, decided)
                if found is not None:
                    decided[k] = found
        for k, m in enumerate(tokens):
            if len(m.group(0)) <= 2 and _is_lone_a(m.group(0)):
                reason = self._lone_a(line, tokens, k, decided, plan.nynorsk, next_line)
                if reason:
                    decided[k] = ("Å" if m.group(0) == _CAPITAL_LONE else "å", reason)
        changes: list[Change] = []
        out: list[str] = []
        pos = 0
        if plan.bullet is not None:
            start, word_start = plan.bullet
            out.append(line[:start] + "• ")
            changes.append(Change(line_no, start, line[start:word_start], "• ", "list bullet"))
            pos = word_start
        for k, m in enumerate(tokens):
            if k not in decided:
                continue
            repaired, reason = decided[k]
            out.append(line[pos:m.start()])
            out.append(repaired)
            pos = m.end()
            changes.append(Change(line_no, m.start(), m.group(0), repaired, reason))
        out.append(line[pos:])
        return "".join(out), changes

    # --- the document's own word pairs ---------------------------------------------

    def _certain_words(self, line: str, plan: _Plan) -> list[str | None]:
        """Per token, the word it surely is (as written or repaired from a non-word), or None
        where it is in doubt or its neighbour is cut off by punctuation."""
        words: list[str | None] = []
        for k, m in enumerate(plan.tokens):
            token = m.group(0)
            if k in plan.ambiguous:
                words.append(None)
            elif k in plan.decided:
                repaired = plan.decided[k][0]
                words.append(None if " " in repaired or _fold_case(token) in self.trie
                             else repaired.casefold())
            elif token in _SURE_LONE:
                words.append("å")
            else:
                low = token.casefold()
                words.append(low if low in self.trie else None)
        return words

    def _count_pairs(self, lines: list[str], plans: list[_Plan]) -> None:
        """Count which words follow which in the document, on the tokens that are sure."""
        pairs: Counter[tuple[str, str]] = Counter()
        words: Counter[str] = Counter()
        for line, plan in zip(lines, plans, strict=True):
            sure = self._certain_words(line, plan)
            for k, word in enumerate(sure):
                if word is None:
                    continue
                words[word] += 1
                if k + 1 < len(sure) and sure[k + 1] is not None and \
                        not line[plan.tokens[k].end():plan.tokens[k + 1].start()].strip():
                    pairs[(word, sure[k + 1])] += 1  # type: ignore[index]
        self._pairs, self._words = pairs, words
        self._total = sum(words.values())

    def _context_evidence(self, line: str, plan: _Plan, k: int, word: str) -> float:
        """log10 of how much more the neighbours of token ``k`` go with ``word`` (the repair)
        than with any word, from the sure word pairs of the document (0: no evidence)."""
        if not self._total:
            return 0.0
        word = word.casefold()
        seen = self._words.get(word, 0)
        if not seen:
            return 0.0
        tokens = plan.tokens
        evidence = 0.0
        for j, before in ((k - 1, True), (k + 1, False)):
            if not 0 <= j < len(tokens):
                continue
            a, b = (tokens[j].end(), tokens[k].start()) if before else \
                (tokens[k].end(), tokens[j].start())
            if line[a:b].strip():
                continue  # punctuation between: no pair
            other = plan.decided.get(j, (tokens[j].group(0), ""))[0].casefold()
            if j in plan.ambiguous or other not in self._words:
                continue
            background = self._words[other] / self._total
            pair = (other, word) if before else (word, other)
            share = (self._pairs.get(pair, 0) + PAIR_PRIOR * background) / (seen + PAIR_PRIOR)
            side = math.log10(share / background)
            evidence += max(0.0, min(CONTEXT_SIDE, side))  # a pair not seen proves little
        return evidence

    def _fronted_possessive(self, line: str, tokens: list[re.Match[str]], k: int,
                            decided: dict[int, tuple[str, str]]) -> tuple[str, str] | None:
        """``Var``/``Vare`` opening a sentence before a noun or adjective: ``Vår``/``Våre``."""
        m, nxt = tokens[k], tokens[k + 1]
        token = m.group(0)
        if k in decided or not (token[:1].isupper() and token[1:].islower()):
            return None
        before = line[:m.start()].rstrip().lstrip("-–•* ")
        if before and not before.endswith(_SENTENCE_END):
            return None
        if line[m.end():nxt.start()].strip():
            return None  # punctuation between
        following = decided[k + 1][0] if k + 1 in decided else nxt.group(0)
        if not following[:1].islower():
            return None
        possessive = self.grammar.fronted_possessive(token.casefold(), following.casefold(),
                                                     line[nxt.start():])
        if possessive is None:
            return None
        return (possessive.capitalize(),
                f"a sentence opens with the possessive before '{following}', not the verb")

    def _lone_a(self, line: str, tokens: list[re.Match[str]], k: int,
                decided: dict[int, tuple[str, str]], nynorsk: bool, next_line: str) -> str | None:
        """Why the lone stand-in ``tokens[k]`` is the infinitive marker å (None: it is not)."""
        m = tokens[k]
        token = m.group(0)
        after = line[m.end():m.end() + 1]
        before = line[:m.start()].rstrip()
        if after and not after.isspace():
            return None  # 'a)', '3.', '8,': a label or a number
        if m.start() > 0 and not line[m.start() - 1].isspace() and line[m.start() - 1] != "(":
            return None
        previous = before.rsplit(None, 1)[-1] if before else ""
        if any(c.isdigit() for c in previous) and not any(c.isalpha() for c in previous):
            return None  # between numbers ('2 - 3 dager')
        if previous.casefold() in ("§", "kap.", "nr.", "kapittel", "side", "punkt"):
            return None  # a paragraph's, chapter's or page's number
        if token == _CAPITAL_LONE and before and not before.endswith(_SENTENCE_END):
            return None  # a capital A inside a sentence: a name, a grade, a label
        ambiguous = any(c.isdigit() or c in _WEAK_LONE for c in token)
        if ambiguous and self.model.rates.get("å", 0) < MOST:
            return None  # a digit or letter is å only in a text that misreads most of them
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is not None and line[m.end():nxt.start()].strip():
            return None  # punctuation between: no infinitive follows
        if nxt is not None:
            word = decided[k + 1][0] if k + 1 in decided else nxt.group(0)
            where = "before"
        else:
            if line[m.end():].strip():
                return None
            first = _TOKEN.match(next_line.lstrip())
            if first is None:
                return None
            word = first.group(0)
            if self._repairable(word):
                decision = self._decide(word, nynorsk)
                word = decision[0] if decision else word
            where = "before (next line)"
        word = word.split(" ", 1)[0]
        if not word[:1].islower() or self.grammar.is_unit(word.casefold()):
            return None
        if not self.grammar.takes_infinitive_marker(_fold_case(word), strict=ambiguous,
                                                    nynorsk=nynorsk):
            return None
        return f"{token}→å: the infinitive marker {where} '{word}'"

    def _bullet_at(self, line: str) -> tuple[int, int] | None:
        """(start, start of the item's first word) where a misread bullet opens the line."""
        m = self._bullet.match(line)
        if m is None:
            return None
        glyph, space = m.group(2), m.group(3)
        word = _TOKEN.match(line, m.end())
        if word is None:
            return None
        as_written = _fold_case(word.group(0)) in self.trie
        if glyph == "e" and (not space or word.group(0)[0].isupper()):
            return m.start(2), m.end()  # 'e' glued to a capital, or 'e' + capital word
        if not as_written and self._decide(word.group(0)) is not None:
            return m.start(2), m.end()  # a quote mark before a damaged word: a bullet
        return None

    # --- a whole text ----------------------------------------------------------------

    def repair_text(self, text: str) -> RepairResult:
        lines = text.split("\n")
        nynorsk, foreign = self._passages(lines)
        plans = [self._plan(line, nynorsk[i], foreign[i]) for i, line in enumerate(lines)]
        self._count_pairs(lines, plans)
        changes: list[Change] = []
        out = []
        for i, (line, plan) in enumerate(zip(lines, plans, strict=True), 1):
            nxt = lines[i] if i < len(lines) else ""
            fixed, line_changes = self._finish(line, plan, i, nxt)
            out.append(fixed)
            changes.extend(line_changes)
        return RepairResult("\n".join(out), changes)

    def _passages(self, lines: list[str]) -> tuple[list[bool], list[bool]]:
        """Per line: whether its paragraph (lines between blank lines) reads as Nynorsk,
        and whether it is in another language (English, Swedish)."""
        nynorsk = [False] * len(lines)
        foreign = [False] * len(lines)
        start = 0
        for i in range(len(lines) + 1):
            if i == len(lines) or not lines[i].strip():
                words = _WORD.findall("\n".join(lines[start:i]).casefold())
                if not self._nn_markers.isdisjoint(words):
                    nynorsk[start:i] = [True] * (i - start)
                if words and self.grammar.foreign_words([w for w in words if len(w) > 1]):
                    foreign[start:i] = [True] * (i - start)
                start = i + 1
        return nynorsk, foreign


def _embedded_stand_in(token: str) -> bool:
    """A stand-in that is no letter inside or ending a lower-case word (``m8lt``, ``l§g``,
    ``fr8``), or opening one of two letters or more (``8pen``, ``8rs``): damage, not a code
    like ``H3``, ``A4`` or ``3D``."""
    if any(c.isupper() for c in token[1:]):
        return False
    return any(c in _STRONG and (
        (i > 0 and token[i - 1].islower() and (i + 1 == len(token) or token[i + 1].isalpha()))
        or (i == 0 and token[1:3].isalpha() and token[1:3].islower()))
        for i, c in enumerate(token))


def _is_lone_a(token: str) -> bool:
    return (len(token) == 1 and token in _LONE_A) or (
        len(token) == 2 and set(token) <= _LONE_PAIR and bool(set(token) & _STRONG))


@cache
def _fold_case(token: str) -> str:
    """Lower-case, but keep a capital I inside a lower-case word: it may be a misread l."""
    if token.isupper():
        return token.lower()
    return "".join("I" if c == "I" else c.lower() for c in token)


def _restore_case(original: str, repaired: str, sentence_start: bool = True) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters) and original[0] != "I":
        return repaired.upper()
    if original[0] == "I" and repaired[:1] == "l":
        return repaired  # the capital I was a misread l
    if original[0] == "0":  # a zero for an o: its case is the sentence's
        return repaired[:1].upper() + repaired[1:] if sentence_start else repaired
    if original[0].isupper() or original[0] == "@":
        return repaired[:1].upper() + repaired[1:]
    return repaired


def repair_text(text: str, explain: bool = False) -> str | RepairResult:
    """Repair OCR damage in ``text``; with ``explain`` also return every change and why."""
    result = Repairer(text).repair_text(text)
    return result if explain else result.text


def repair_line(line: str, context: str | None = None) -> str:
    """Repair one line; ``context`` (the whole document) calibrates the model."""
    return Repairer(context or line).repair_line(line)[0]


__all__ = ["Change", "RepairResult", "Repairer", "repair_line", "repair_text"]
