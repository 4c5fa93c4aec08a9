"""Ranking: which items are hits, and in what order.

Each content word of the query is a ``Concept``: met by any of its whole terms (stem,
spelling correction, OCR fold key), by all of its compound parts together, or by all the
words of one of its synonyms (``data/synonyms.json``). An item is a hit when it meets a
query word in a field that says what the item is about (the law-paragraph checklist and
other ``items.SUPPORT_FIELDS`` never make a hit alone), or when its meaning stands clearly
above what meaningless queries reach on the same index (a threshold learnt from the index,
``SearchIndex.semantic_null``). So a nonsense query finds nothing and a place finds the
items that name it.

The order: BM25F per query word (per-field length normalisation, field weights from
``items.FIELD_WEIGHTS``), times a coordination factor for the share of the query (by idf)
an item meets, phrase and wording bonuses, the item's best passage cosine, and
pseudo-relevance feedback from the best hits. Normalised score fusion joins words and
meaning (meaning weighs more for an English query).
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
    known_word,
    normalise,
    query_ocr_keys,
    terms_of_word,
    whole_and_parts,
    words,
)
from tiltaksbanken.search.index import SearchIndex, similarity_z

K1 = 1.2
SYNONYM_WEIGHT = 0.6
SPELLING_WEIGHT = 0.9
PART_WEIGHT = 0.5  # a query compound's parts, besides the whole
FEEDBACK_DEPTH = 8  # pseudo-relevance feedback: words taken from this many best hits …
FEEDBACK_TERMS = 10  # … this many of them …
FEEDBACK_WEIGHT = 0.3  # … scored at this share of a query word's weight
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
MATCH_SHARE = 0.0  # a hit meets more than this share of the query (its words weighed by idf)
SEMANTIC_MARGIN = 0.5  # how far (robust z) above chance an item must stand to be a hit on meaning
SEMANTIC_NULL_QUANTILE = 1.0  # … where chance is this quantile of meaningless queries' best z
SEMANTIC_LEXICAL_QUANTILE = 0.5  # … and no closer than this quantile of the word hits' z


@dataclass
class Concept:
    """What meets one content word of the query: any of its whole terms (its stem, a
    spelling correction, the OCR fold key), or all of its compound parts together, or all
    the words of one of its synonyms."""

    wholes: set[str] = field(default_factory=set)
    parts: tuple[str, ...] = ()
    alternatives: list[tuple[str, ...]] = field(default_factory=list)  # each: all its terms
    corrected: set[str] = field(default_factory=set)  # the wholes a spelling correction gave


@dataclass
class QueryPlan:
    text: str
    terms: dict[str, float] = field(default_factory=dict)  # term → weight
    pairs: list[tuple[str, str]] = field(default_factory=list)  # neighbouring query words' heads
    phrases: list[tuple[tuple[str, ...], float]] = field(default_factory=list)  # synonyms: (heads, bonus)
    concepts: list[set[str]] = field(default_factory=list)  # per content word: its terms
    matchers: list[Concept] = field(default_factory=list)  # per content word: what meets it
    known: bool = False  # some word of the query is a word (of a lexicon, or of the index)
    share: np.ndarray | None = None  # per item, the share of the query it meets (``coverage``)
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
        plan.known = plan.known or known_word(word) or any(t in index.df for t in terms)
        if terms:
            plan.concepts.append(set(terms))
            heads.append(terms[0])
            wholes, parts = whole_and_parts(word)
            plan.matchers.append(Concept(set(wholes), parts))
        for key in query_ocr_keys(word):
            plan.terms.setdefault(key, 1.0)  # the fold field's own weight keeps it modest
            if terms:
                plan.matchers[-1].wholes.add(key)
        if word in STOPWORDS or not terms or len(word) < 4 or zipf_frequency(word, "en") >= ENGLISH_WORD:
            continue  # no spelling hints for function words or for English words
        if all(index.df.get(t, 0) == 0 for t in terms) and index.vocabulary:
            choices = index.spelling_choices
            found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
            if found and found[0] != word and terms_of_word(found[0]):
                plan.corrections.append(found[0])
                plan.known = True
                plan.concepts[-1].update(terms_of_word(found[0]))
                heads[-1] = terms_of_word(found[0])[0]
                wholes, parts = whole_and_parts(found[0])
                plan.matchers[-1].wholes.update(wholes)
                plan.matchers[-1].corrected.update(wholes)
                if parts and not plan.matchers[-1].parts:
                    # a misspelt compound's parts count as the correct spelling's would (each
                    # part adds to the score, all of them together make a hit)
                    plan.matchers[-1].parts = parts
                elif parts:
                    plan.matchers[-1].alternatives.append(parts)
                for t in terms_of_word(found[0]):
                    plan.terms[t] = max(plan.terms.get(t, 0.0), SPELLING_WEIGHT)
                    sequence.append(t)
    content = [w for w in words(text) if w not in STOPWORDS and len(w) >= 3 and w.isalpha()]
    plan.english_share = sum(map(_is_english, content)) / len(content) if content else 0.0
    plan.pairs = list(dict.fromkeys((a, b) for a, b in itertools.pairwise(heads) if a != b))
    wholes = {t for concept in plan.matchers for t in concept.wholes}
    in_sequence = set(sequence)
    for ring in _rings():
        # a ring is found by query words said whole, not by a compound's part (the
        # «partnerskap» of «Partnerskapsløftet» is no query for partnerships)
        found_by = [m for m in ring if m.terms[0] in in_sequence and _contains(sequence, m.terms)
                    and set(m.heads) <= wholes]
        covered = max((len(m.heads) for m in found_by), default=0)
        if covered:
            # the ring's members meet the query words the ring was found by
            by = {t for m in found_by for t in m.heads}
            for concept in plan.matchers:
                if concept.wholes & by:
                    concept.alternatives.extend(m.heads for m in ring if m.heads)
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


def _bm25(term: str, index: SearchIndex, out: np.ndarray, weight: float = 1.0) -> None:
    """Add ``weight`` × the term's BM25F score (idf × saturated field-weighted tf) to ``out``."""
    posting = index.postings.get(term)
    if posting is None:
        return
    items, tf = posting
    n = len(index)
    idf = math.log(1 + (n - len(items) + 0.5) / (len(items) + 0.5))
    out[items] += weight * idf * tf / (K1 + tf)


def concept_scores(concept: Concept, index: SearchIndex) -> np.ndarray:
    """How well each item meets one query word: its whole terms' BM25F, or (if better) a
    share of its best synonym's, where the item holds all of that synonym's words; plus a
    share for the compound's parts."""
    n = len(index)
    whole = np.zeros(n, dtype=np.float64)
    for t in concept.wholes:
        _bm25(t, index, whole, SPELLING_WEIGHT if t in concept.corrected else 1.0)
    synonym = np.zeros(n, dtype=np.float64)
    for terms in concept.alternatives:
        one = np.zeros(n, dtype=np.float64)
        for t in terms:
            _bm25(t, index, one)
        synonym = np.maximum(synonym, np.where(_all_of(terms, index), one, 0.0))
    parts = np.zeros(n, dtype=np.float64)
    for t in concept.parts:
        _bm25(t, index, parts)
    return np.maximum(whole, SYNONYM_WEIGHT * synonym) + PART_WEIGHT * parts


def lexical_scores(plan: QueryPlan, index: SearchIndex) -> np.ndarray:
    """BM25F score of every item, summed over the query's words (``concept_scores``)."""
    scores = np.zeros(len(index), dtype=np.float64)
    for concept in plan.matchers:
        scores += concept_scores(concept, index)
    if len(plan.matchers) > 1:
        # coordination: an item that meets more of the query (its rarer words weighing more)
        # ranks above one that meets one word many times
        scores *= (1 - COORDINATION) + COORDINATION * coverage(plan, index)
    return scores


def feedback_scores(plan: QueryPlan, index: SearchIndex, top: list[int]) -> np.ndarray:
    """Pseudo-relevance feedback: the terms that stand out in the best-ranked items
    (``SearchIndex.salient_terms``, the better ranked weighing more) scored as extra query
    words, weighed by how much they stand out. It only reorders hits: a feedback term makes
    no item a hit."""
    out = np.zeros(len(index), dtype=np.float64)
    if not top or FEEDBACK_TERMS <= 0:
        return out
    own = [index.term_ids[t] for c in plan.matchers for t in (*c.wholes, *c.parts) if t in index.term_ids]
    salient = [index.salient_terms(i) for i in top]
    ids = np.concatenate([ids for ids, _ in salient])
    if ids.size == 0:
        return out
    weights = np.concatenate([w / (1 + rank) for rank, (_, w) in enumerate(salient)])
    terms, where = np.unique(ids, return_inverse=True)
    summed = np.bincount(where, weights=weights)
    summed[np.isin(terms, own)] = 0.0
    best = np.argsort(-summed, kind="stable")[:FEEDBACK_TERMS]
    best = best[summed[best] > 0]
    names = index.term_names
    for j in best.tolist():
        _bm25(names[int(terms[j])], index, out, float(summed[j] / summed[best[0]]))
    return out


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


def wording_bonus(query: str, texts: dict[int, str],
                  words_of: dict[int, frozenset[str]] | None = None) -> dict[int, float]:
    """Items whose (lower-case) text holds one of the query's ``wording_runs`` word for word:
    a share of ``WORDING_BONUS`` by the longest such run's share of the query's words.
    ``words_of`` (each text's distinct words, when the caller has them) spares looking for
    a run one of whose words the text lacks."""
    runs = [(r, set(r.split())) for r in wording_runs(query)]
    n_words = max(len(_tokens(query)), 1)
    out: dict[int, float] = {}
    for i, text in texts.items():
        has = words_of.get(i) if words_of is not None else None
        run = next((r for r, tokens in runs if (has is None or tokens <= has) and _says(text, r)), None)
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
    return index.item_similarity(query_vector)


def _all_of(terms: tuple[str, ...], index: SearchIndex) -> np.ndarray:
    """Items holding every one of ``terms`` (in fields that can make a hit)."""
    has = np.ones(len(index), dtype=bool)
    for t in terms:
        one = np.zeros(len(index), dtype=bool)
        one[index.items_with(t)] = True
        has &= one
    return has


def concept_items(concept: Concept, index: SearchIndex) -> np.ndarray:
    """Items that meet one query word (see ``Concept``)."""
    has = np.zeros(len(index), dtype=bool)
    for t in concept.wholes:
        has[index.items_with(t)] = True
    for terms in ([concept.parts] if concept.parts else []) + concept.alternatives:
        if terms:
            has |= _all_of(terms, index)
    return has


def coverage(plan: QueryPlan, index: SearchIndex) -> np.ndarray:
    """For each item, the share of the query it meets: its words weighted by their idf
    (over the items each meets), words that meet no item left out. A rare word of the query
    weighs more than a common one, so an item that holds only «oppfølging» of «helhetlig
    oppfølging av lavinntektsfamilier» meets little of it."""
    if plan.share is not None and len(plan.share) == len(index):
        return plan.share
    n = len(index)
    met = np.zeros(n, dtype=np.float64)
    total = 0.0
    for concept in plan.matchers:
        has = concept_items(concept, index)
        m = int(np.count_nonzero(has))
        if m == 0:
            continue
        weight = math.log(1 + (n - m + 0.5) / (m + 0.5))
        met += weight * has
        total += weight
    plan.share = met / total if total else met
    return plan.share


def matches(plan: QueryPlan, index: SearchIndex, semantic: np.ndarray | None = None,
            share: np.ndarray | None = None) -> np.ndarray:
    """The items that are hits: those that meet more than ``MATCH_SHARE`` of the query's
    words (their words, lemmas, compounds' parts together, synonyms, spelling corrections,
    OCR folds, never a support field alone), and those whose meaning stands clearly above
    what a meaningless query reaches on this index (``SearchIndex.semantic_null``)."""
    share = coverage(plan, index) if share is None else share
    hit = share > MATCH_SHARE
    if semantic is not None and plan.known and np.all(np.isfinite(index.semantic_null)):
        null = index.semantic_null
        z = similarity_z(semantic)
        floor = float(np.quantile(null, SEMANTIC_NULL_QUANTILE)) + SEMANTIC_MARGIN
        near = z[hit & np.isfinite(z)]
        if near.size:  # as close in meaning as the items that hold the query's words
            floor = max(floor, float(np.quantile(near, SEMANTIC_LEXICAL_QUANTILE)))
        hit |= z > floor
    return hit


def fuse(lexical: np.ndarray, semantic: np.ndarray, allowed: np.ndarray,
         bonus: dict[int, float] | None = None, semantic_weight: float = SEMANTIC_WEIGHT,
         matched: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Normalised scores added: the lexical share of the best, plus the semantic lift above
    the median passage similarity, plus phrase bonuses. The allowed items that are hits
    (``matched``, see ``matches``; without it, any item a word or meaning found), best
    first, and their scores."""
    top_lex = float(np.max(lexical, where=allowed, initial=0.0)) or 1.0
    total = LEXICAL_WEIGHT * lexical / top_lex
    found = lexical > 0 if matched is None else matched.copy()
    valid = semantic[(semantic > -1) & allowed]
    if valid.size:
        floor = float(np.quantile(valid, SEMANTIC_FLOOR_QUANTILE))
        span = max(float(valid.max()) - floor, 1e-6)
        lift = np.clip((semantic - floor) / span, 0.0, 1.0)
        total += semantic_weight * lift
        if matched is None:
            found |= lift > 0
    for i, b in (bonus or {}).items():
        total[i] += b
        if matched is None:
            found[i] = True
    items = np.flatnonzero(found & allowed)
    order = items[np.argsort(-total[items], kind="stable")]
    return order, total[order]


def semantic_weight(plan: QueryPlan) -> float:
    """How much meaning counts beside words: more for an English query, which the
    Norwegian analysis (and the synonym rings) can only partly meet."""
    return SEMANTIC_WEIGHT + (SEMANTIC_WEIGHT_ENGLISH - SEMANTIC_WEIGHT) * plan.english_share
