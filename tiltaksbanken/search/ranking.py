"""Ranking: field-weighted BM25 over analysed terms, embedding similarity, and their fusion.

The lexical side is BM25F (per-field length normalisation, field weights from
``items.FIELD_WEIGHTS``); the query is expanded with synonym rings and
spelling suggestions. The semantic side takes each item's best passage
cosine. Reciprocal-rank fusion joins the two lists, so an English query that
shares no word with a Norwegian text still finds it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from rapidfuzz import fuzz, process

from tiltaksbanken.search.analysis import STOPWORDS, analyse, terms_of_word, words
from tiltaksbanken.search.embed import embed_query
from tiltaksbanken.search.index import SearchIndex
from tiltaksbanken.sources.form import load_data

K1 = 1.2
B = 0.75
SYNONYM_WEIGHT = 0.6
SPELLING_WEIGHT = 0.9
RRF_K = 30
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0
SEMANTIC_DEPTH = 60  # how many semantic neighbours join the result set
SPELLING_CUTOFF = 82


@dataclass
class QueryPlan:
    text: str
    terms: dict[str, float] = field(default_factory=dict)  # term → weight
    corrections: list[str] = field(default_factory=list)  # "Søkte også etter …"
    expansions: list[str] = field(default_factory=list)


@cache
def _rings() -> list[list[tuple[str, ...]]]:
    rings = load_data("synonyms.json")["rings"]
    return [[tuple(analyse(m)) for m in ring if analyse(m)] for ring in rings]


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i : i + n]) == phrase for i in range(len(seq) - n + 1))


def plan_query(text: str, index: SearchIndex) -> QueryPlan:
    plan = QueryPlan(text)
    sequence: list[str] = []
    for word in words(text):
        terms = terms_of_word(word)
        sequence.extend(terms)
        for t in terms:
            plan.terms[t] = max(plan.terms.get(t, 0.0), 1.0)
        if word in STOPWORDS or not terms or len(word) < 4:
            continue
        if all(index.df.get(t, 0) == 0 for t in terms) and index.vocabulary:
            choices = [w for w, c in index.vocabulary.items() if c >= 2]
            found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
            if found and found[0] != word:
                plan.corrections.append(found[0])
                for t in terms_of_word(found[0]):
                    plan.terms[t] = max(plan.terms.get(t, 0.0), SPELLING_WEIGHT)
                    sequence.append(t)
    for ring in _rings():
        if any(_contains(sequence, member) for member in ring):
            for member in ring:
                for t in member:
                    if t not in plan.terms:
                        plan.terms[t] = SYNONYM_WEIGHT
                        plan.expansions.append(t)
    return plan


def lexical_scores(plan: QueryPlan, index: SearchIndex) -> dict[int, tuple[float, set[str]]]:
    """BM25F score and matched fields of every item that shares a term with the query."""
    n = len(index)
    out: dict[int, list] = defaultdict(lambda: [0.0, set()])
    for term, qweight in plan.terms.items():
        postings = index.postings.get(term)
        if not postings:
            continue
        idf = math.log(1 + (n - len(postings) + 0.5) / (len(postings) + 0.5))
        for i, per_field in postings:
            weights = index.field_weights(i)
            tf = 0.0
            for f, count in per_field.items():
                norm = 1 - B + B * index.lengths[i].get(f, 0) / max(index.avg_length.get(f, 1.0), 1.0)
                tf += weights.get(f, 0.5) * count / norm
            entry = out[i]
            entry[0] += qweight * idf * tf / (K1 + tf)
            entry[1].update(per_field)
    return {i: (s, fields) for i, (s, fields) in out.items()}


def semantic_scores(text: str, index: SearchIndex) -> np.ndarray:
    """Each item's best passage similarity to the query (−1 where it has no passage)."""
    best = np.full(len(index), -1.0, dtype=np.float32)
    if len(index.vectors) == 0 or not text.strip():
        return best
    sims = index.vectors @ embed_query(text)
    np.maximum.at(best, index.vector_item, sims)
    return best


def fuse(lexical: dict[int, tuple[float, set[str]]], semantic: np.ndarray,
         allowed: np.ndarray) -> list[tuple[int, float]]:
    """Reciprocal-rank fusion of the lexical and semantic rankings over the allowed items."""
    scores: dict[int, float] = defaultdict(float)
    lex_ranked = sorted((i for i in lexical if allowed[i]), key=lambda i: -lexical[i][0])
    for rank, i in enumerate(lex_ranked):
        scores[i] += LEXICAL_WEIGHT / (RRF_K + rank + 1)
    if (semantic > -1).any():
        order = np.argsort(-semantic)
        rank = 0
        for i in order:
            if not allowed[i] or semantic[i] <= -1:
                continue
            if rank >= SEMANTIC_DEPTH and int(i) not in lexical:
                break
            scores[int(i)] += SEMANTIC_WEIGHT / (RRF_K + rank + 1)
            rank += 1
    return sorted(scores.items(), key=lambda kv: -kv[1])
