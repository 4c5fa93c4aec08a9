"""Ranking: field-weighted BM25 over analysed terms, embedding similarity, and their fusion.

The lexical side is BM25F (per-field length normalisation, field weights from
``items.FIELD_WEIGHTS``); the query is expanded with synonym rings and
spelling suggestions, and neighbouring query words found near each other earn
a phrase bonus. The semantic side takes each item's best passage cosine.
Normalised score fusion joins the two (meaning weighs more for an English
query), so an English query that shares no word with a Norwegian text still
finds it.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from rapidfuzz import fuzz, process
from wordfreq import zipf_frequency

from tiltaksbanken.data import load_data
from tiltaksbanken.search.analysis import (
    STOPWORDS,
    analyse,
    normalise,
    query_ocr_keys,
    terms_of_word,
    words,
)
from tiltaksbanken.search.index import SearchIndex

K1 = 1.2
SYNONYM_WEIGHT = 0.6
SPELLING_WEIGHT = 0.9
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 0.3
SEMANTIC_WEIGHT_ENGLISH = 0.5
SPELLING_CUTOFF = 82
COORDINATION = 0.5  # how much of the lexical score depends on meeting every query word
ENGLISH_WORD = 3.5  # Zipf frequency above which a query word is taken as English
ENGLISH_SHARE_WORD = 2.5  # … and above which it counts towards the query's English share
TITLE_PHRASE_BONUS = 1.0
QUERY_PHRASE_BONUS = 0.5
WORDING_BONUS = 1.0  # the query's own wording, function words and all, in the text
WORDING_MIN_WORDS = 3
SYNONYM_PHRASE_BONUS = 0.5
SEMANTIC_FLOOR_QUANTILE = 0.5


@dataclass
class QueryPlan:
    text: str
    terms: dict[str, float] = field(default_factory=dict)  # term → weight
    pairs: list[tuple[str, str]] = field(default_factory=list)  # neighbouring query words' heads
    phrases: list[tuple[tuple[str, ...], float]] = field(default_factory=list)  # synonyms: (heads, bonus)
    concepts: list[set[str]] = field(default_factory=list)  # per content word: its terms
    corrections: list[str] = field(default_factory=list)  # "Søkte også etter …"
    expansions: list[str] = field(default_factory=list)
    english_share: float = 0.0  # of the content words, how many read as English


@dataclass(frozen=True)
class _Synonym:
    terms: tuple[str, ...]  # all its analysed terms, in order (compound parts included)
    heads: tuple[str, ...]  # one head term per content word


@cache
def _rings() -> list[list[_Synonym]]:
    """The synonym rings of ``data/synonyms.json``, analysed once."""
    rings = load_data("synonyms.json")["rings"]
    return [[_Synonym(tuple(analyse(m)), _heads(m)) for m in ring if analyse(m)] for ring in rings]


def _heads(text: str) -> tuple[str, ...]:
    """The head term (the lemma's stem) of each content word of ``text``."""
    return tuple(t[0] for t in (terms_of_word(w) for w in words(text)) if t)


def _is_english(word: str) -> bool:
    """A word more common in English than in Norwegian (and common enough in English)."""
    english = zipf_frequency(word, "en")
    return english >= ENGLISH_SHARE_WORD and english > zipf_frequency(word, "nb")


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i : i + n]) == phrase for i in range(len(seq) - n + 1))


def plan_query(text: str, index: SearchIndex) -> QueryPlan:
    plan = QueryPlan(text)
    sequence: list[str] = []
    heads: list[str] = []
    for word in words(text):
        terms = terms_of_word(word)
        sequence.extend(terms)
        for t in terms:
            plan.terms[t] = max(plan.terms.get(t, 0.0), 1.0)
        if terms:
            plan.concepts.append(set(terms))
            heads.append(terms[0])
        for key in query_ocr_keys(word):
            plan.terms.setdefault(key, 1.0)  # the fold field's own weight keeps it modest
        if word in STOPWORDS or not terms or len(word) < 4 or zipf_frequency(word, "en") >= ENGLISH_WORD:
            continue  # no spelling hints for function words or for English words
        if all(index.df.get(t, 0) == 0 for t in terms) and index.vocabulary:
            choices = [w for w, c in index.vocabulary.items()
                       if c >= 2 and len(w) >= 4 and w not in STOPWORDS]
            found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
            if found and found[0] != word and terms_of_word(found[0]):
                plan.corrections.append(found[0])
                plan.concepts[-1].update(terms_of_word(found[0]))
                heads[-1] = terms_of_word(found[0])[0]
                for t in terms_of_word(found[0]):
                    plan.terms[t] = max(plan.terms.get(t, 0.0), SPELLING_WEIGHT)
                    sequence.append(t)
    content = [w for w in words(text) if w not in STOPWORDS and len(w) >= 3 and w.isalpha()]
    plan.english_share = sum(map(_is_english, content)) / len(content) if content else 0.0
    plan.pairs = list(dict.fromkeys((a, b) for a, b in itertools.pairwise(heads) if a != b))
    for ring in _rings():
        covered = max((len(m.heads) for m in ring if _contains(sequence, m.terms)), default=0)
        if covered:
            # a synonym stands for the query words it was found by: their share of the bonus
            share = min(1.0, covered / max(len(plan.concepts), 1))
            plan.phrases.extend((m.heads, SYNONYM_PHRASE_BONUS * share)
                                for m in ring if len(m.heads) >= 2)
            for member in ring:
                for t in member.terms:
                    if t not in plan.terms:
                        plan.terms[t] = SYNONYM_WEIGHT
                        plan.expansions.append(t)
    return plan


def lexical_scores(plan: QueryPlan, index: SearchIndex) -> np.ndarray:
    """BM25F score of every item (above 0 where it shares a term with the query)."""
    n = len(index)
    scores = np.zeros(n, dtype=np.float64)
    for term, qweight in plan.terms.items():
        posting = index.postings.get(term)
        if posting is None:
            continue
        items, tf = posting
        idf = math.log(1 + (n - len(items) + 0.5) / (len(items) + 0.5))
        scores[items] += qweight * idf * tf / (K1 + tf)
    if len(plan.concepts) > 1:
        # coordination: an item that meets more of the query's words ranks above one that
        # meets one word many times
        covered = np.zeros(n, dtype=np.float64)
        for concept in plan.concepts:
            has = np.zeros(n, dtype=bool)
            for t in concept:
                posting = index.postings.get(t)
                if posting is not None:
                    has[posting[0]] = True
            covered += has
        scores *= (1 - COORDINATION) + COORDINATION * covered / len(plan.concepts)
    return scores


def _has_run(seq: list[str], run: list[str]) -> bool:
    n = len(run)
    return n > 0 and any(seq[i : i + n] == run for i in range(len(seq) - n + 1))


def phrase_bonus(plan: QueryPlan, index: SearchIndex, items: list[int]) -> dict[int, float]:
    """Items among ``items`` holding the query's words next to each other, in either order
    (a share of the bonus for each pair of neighbouring query words), or a multi-word
    synonym."""
    out: dict[int, float] = {}
    if not plan.pairs and not plan.phrases:
        return out
    phrase_pairs = [list(itertools.pairwise(phrase)) for phrase, _ in plan.phrases]
    wanted = list({*plan.pairs, *((b, a) for a, b in plan.pairs), *itertools.chain(*phrase_pairs)})
    for i, near in index.near_pairs(items, wanted).items():
        bonus = QUERY_PHRASE_BONUS * sum((a, b) in near or (b, a) in near for a, b in plan.pairs
                                         ) / max(len(plan.pairs), 1)
        bonus += max((b for (_, b), needed in zip(plan.phrases, phrase_pairs, strict=True)
                      if all(p in near for p in needed)), default=0.0)
        if bonus:
            out[i] = bonus
    return out


def _tokens(query: str) -> list[str]:
    return re.findall(r"\w+", normalise(query))


def wording_runs(query: str) -> list[str]:
    """Runs of three or more of the query's words, longest first, that hold a function word
    (the names of projects often do: «Klart jeg kan», «Ung i jobb», «Sjå meg der eg er»).
    Runs of content words alone are left to the phrase bonus, which sees through inflection."""
    tokens = _tokens(query)
    runs = [tokens[i : i + n] for n in range(len(tokens), WORDING_MIN_WORDS - 1, -1)
            for i in range(len(tokens) - n + 1)]
    return [" ".join(r) for r in runs if any(w in STOPWORDS for w in r)
            and any(w not in STOPWORDS for w in r)]


def _says(text: str, run: str) -> bool:
    """Whether ``text`` holds ``run`` as whole words."""
    at = text.find(run)
    while at >= 0:
        end = at + len(run)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(run, at + 1)
    return False


def wording_bonus(query: str, texts: dict[int, str]) -> dict[int, float]:
    """Items whose (lower-case) text holds one of the query's ``wording_runs`` word for word:
    a share of ``WORDING_BONUS`` by the longest such run's share of the query's words."""
    runs = wording_runs(query)
    n_words = max(len(_tokens(query)), 1)
    out: dict[int, float] = {}
    for i, text in texts.items():
        run = next((r for r in runs if _says(text, r)), None)
        if run is not None:
            out[i] = WORDING_BONUS * (run.count(" ") + 1) / n_words
    return out


def title_phrase_bonus(text: str, index: SearchIndex) -> dict[int, float]:
    """Items whose title the query quotes, or whose title quotes the query (a named project)."""
    query = words(text)
    if len(query) < 2:
        return {}
    candidates = set().union(*(index.title_postings.get(w, ()) for w in query if w not in STOPWORDS))
    out = {}
    for i in candidates:
        title = index.title_words[i]
        if len(title) >= 2 and ((len(title) <= len(query) and _has_run(query, title))
                                or (len(title) >= len(query) and _has_run(title, query))):
            out[i] = TITLE_PHRASE_BONUS
    return out


def semantic_scores(query_vector: np.ndarray, index: SearchIndex) -> np.ndarray:
    """Each item's best passage similarity to the query (−1 where it has no passage)."""
    best = np.full(len(index), -1.0, dtype=np.float32)
    if len(index.vectors) == 0:
        return best
    sims = index.vectors @ query_vector
    groups = index.vector_groups
    if groups is not None:  # each item's passages side by side: one reduction per item
        best[index.vector_item[groups]] = np.maximum.reduceat(sims, groups)
    else:
        np.maximum.at(best, index.vector_item, sims)
    return best


def fuse(lexical: np.ndarray, semantic: np.ndarray, allowed: np.ndarray,
         bonus: dict[int, float] | None = None, semantic_weight: float = SEMANTIC_WEIGHT,
         ) -> tuple[np.ndarray, np.ndarray]:
    """Normalised scores added: the lexical share of the best, plus the semantic lift above
    the median passage similarity (so an item no word matches can still rise on meaning),
    plus phrase bonuses. The allowed items that any of them found, best first, and their
    scores."""
    top_lex = float(np.max(lexical, where=allowed, initial=0.0)) or 1.0
    total = LEXICAL_WEIGHT * lexical / top_lex
    found = lexical > 0
    valid = semantic[(semantic > -1) & allowed]
    if valid.size:
        floor = float(np.quantile(valid, SEMANTIC_FLOOR_QUANTILE))
        span = max(float(valid.max()) - floor, 1e-6)
        lift = np.clip((semantic - floor) / span, 0.0, 1.0)
        total += semantic_weight * lift
        found |= lift > 0
    for i, b in (bonus or {}).items():
        total[i] += b
        found[i] = True
    items = np.flatnonzero(found & allowed)
    order = items[np.argsort(-total[items], kind="stable")]
    return order, total[order]


def semantic_weight(plan: QueryPlan) -> float:
    """How much meaning counts beside words: more for an English query, which the
    Norwegian analysis (and the synonym rings) can only partly meet."""
    return SEMANTIC_WEIGHT + (SEMANTIC_WEIGHT_ENGLISH - SEMANTIC_WEIGHT) * plan.english_share
