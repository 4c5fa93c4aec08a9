"""Building the search index of records, and loading it from the store into memory.

At ingest, every record gets an ``IndexEntry``: its analysed terms per field,
facet values and themes, and the embedding vectors of its passages. The store
persists them (so the embedded SQLite store and a server store rank alike);
``SearchIndex`` loads them once per store version and answers queries.
"""

from __future__ import annotations

import math
import random
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from tiltaksbanken.domain.facets import record_facet_values
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search.analysis import (
    OCR_FOLD_FIELD,
    STOPWORDS,
    analyse,
    residual_ocr_keys,
    words,
)
from tiltaksbanken.search.embed import DIM, embed_passages, embed_query
from tiltaksbanken.search.items import (
    FIELD_WEIGHTS,
    OCR_FOLD_WEIGHT,
    SUPPORT_FIELDS,
    chunks,
    field_texts,
)
from tiltaksbanken.search.lessons import (
    apply_editor_levels,
    evidence_facet_values,
    lesson_facet_values,
    record_statements,
)
from tiltaksbanken.search.themes import assign_themes, embedding_themes, theme_queries
from tiltaksbanken.store.base import IndexEntry, Store

BM25_B = 0.75
PHRASE_WINDOW = 3  # a word plus up to two compound parts
NULL_QUERIES = 24  # letter strings that mean nothing, to learn what similarity chance gives
NULL_SEED = 20_240_101
MIN_ITEMS_FOR_Z = 3
MIN_ITEMS_FOR_OFFSET = 5  # items of a kind needed to learn how its passages read (kind_offsets)
SALIENT_MAX_DF = 0.3  # a term more than this share of the items hold stands out in none
SALIENT_CACHE = 20_000


def index_records(records: list[Record], embed: bool = True) -> list[IndexEntry]:
    """Index entries for records (embedding their passages unless ``embed`` is False)."""
    entries: list[IndexEntry] = []
    passages: list[tuple[int, str, str]] = []
    for i, record in enumerate(records):
        texts = field_texts(record)
        terms = {name: analyse(text) for name, text in texts.items()}
        damaged = [k for name, text in texts.items() if name != "title" and name not in SUPPORT_FIELDS
                   for k in residual_ocr_keys(text)]
        if damaged:
            terms[OCR_FOLD_FIELD] = damaged
        surface = Counter(w for text in texts.values() for w in words(text) if w.isalpha())
        lessons = record_statements(record)
        evidence = evidence_facet_values(record)
        data: dict[str, Any] = {
            "kind": record.kind,
            "terms": terms,
            "words": dict(surface),
            "facets": {**record_facet_values(record), **lesson_facet_values(lessons), **evidence},
            "lessons": lessons,
            "title_words": words(record.title),
            "themes": assign_themes(terms, texts),
        }
        entries.append(IndexEntry(record.id, data, []))
        passages.extend((i, name, text) for name, text in chunks(record))
    if embed and passages:
        vectors = embed_passages([p[2] for p in passages])
        for (i, name, _), vector in zip(passages, vectors, strict=True):
            entries[i].vectors.append((name, vector.astype(np.float32).tobytes()))
    for entry in entries:
        entry.data.setdefault("facets", {})["theme"] = sorted(entry.data["themes"])
    return entries


def similarity_z(similarity: np.ndarray) -> np.ndarray:
    """How far each item's similarity stands above the others': (s − median) / (1.4826 · MAD)
    over the items that have passages (−inf for those without). An embedding model gives
    every text of one language and field a similar cosine, so only the distance from the
    crowd says that an item is about the query."""
    out = np.full(similarity.shape, -np.inf, dtype=np.float64)
    valid = similarity > -1
    if valid.sum() < MIN_ITEMS_FOR_Z:
        return out
    values = similarity[valid].astype(np.float64)
    median = float(np.median(values))
    spread = 1.4826 * float(np.median(np.abs(values - median))) or 1e-6
    out[valid] = (values - median) / spread
    return out


def _add_embedding_themes(vectors: np.ndarray, vector_item: np.ndarray,
                          themes: list[dict[str, list[str]]], facets: list[dict[str, list[str]]]) -> None:
    """Add the themes items have by meaning to those the lexicon gave them."""
    queries = theme_queries()
    names = list(queries)
    protos = np.vstack([embed_query(q) for q in queries.values()])
    sims = np.full((len(themes), len(names)), -1.0, dtype=np.float32)
    np.maximum.at(sims, vector_item, vectors @ protos.T)
    for i, extra in enumerate(embedding_themes(sims, names)):
        for name, why in extra.items():
            if name not in themes[i]:
                themes[i][name] = why
        facets[i]["theme"] = sorted(themes[i])


@dataclass
class SearchIndex:
    """An in-memory view of the store's index, for ranking."""

    ids: list[str]
    kinds: list[str]
    terms: list[dict[str, Counter[str]]]  # per item, per field
    sequences: list[np.ndarray]  # per item, its fields' term ids in order, fields kept apart (phrases)
    lengths: list[dict[str, int]]
    avg_length: dict[str, float]
    df: Counter[str]
    facets: list[dict[str, list[str]]]
    themes: list[dict[str, list[str]]]
    vocabulary: Counter[str]  # surface words, for spelling suggestions
    title_words: list[list[str]]
    vectors: np.ndarray  # (passages, DIM)
    vector_item: np.ndarray  # item position of each passage
    vector_field: list[str]
    position: dict[str, int] = field(default_factory=dict)
    term_ids: dict[str, int] = field(default_factory=dict)
    postings: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    _facet_index: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Postings with each item's field-weighted, length-normalised term frequency (BM25F's
        query-independent part), as numpy arrays."""
        weighted: dict[str, dict[int, float]] = {}
        counted: dict[str, set[int]] = {}  # items holding the term outside the support fields
        for i, per_field in enumerate(self.terms):
            weights = self.field_weights(i)
            for f, counts in per_field.items():
                norm = 1 - BM25_B + BM25_B * self.lengths[i].get(f, 0) / max(self.avg_length.get(f, 1.0), 1.0)
                w = weights.get(f, 0.5) / norm
                support = f in SUPPORT_FIELDS
                for t, c in counts.items():
                    slot = weighted.setdefault(t, {})
                    slot[i] = slot.get(i, 0.0) + w * c
                    if not support:
                        counted.setdefault(t, set()).add(i)
        self.postings = {
            t: (np.fromiter(items.keys(), dtype=np.int64, count=len(items)),
                np.fromiter(items.values(), dtype=np.float32, count=len(items)))
            for t, items in weighted.items()
        }
        self._salient: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        # terms some items hold only in a support field: which of their postings count
        self._counted = {t: np.isin(self.postings[t][0], np.fromiter(counted.get(t, ()), dtype=np.int64))
                         for t, items in weighted.items() if len(counted.get(t, ())) < len(items)}

    @cached_property
    def spelling_choices(self) -> list[str]:
        """The words a misspelt query word may have meant: the index's words seen twice or
        more, of four letters or more."""
        return [w for w, c in self.vocabulary.items() if c >= 2 and len(w) >= 4 and w not in STOPWORDS]

    def items_with(self, term: str) -> np.ndarray:
        """The items that hold ``term`` in a field that can make them a hit (not only in a
        support field, see ``items.SUPPORT_FIELDS``)."""
        posting = self.postings.get(term)
        if posting is None:
            return np.zeros(0, dtype=np.int64)
        mask = self._counted.get(term)
        return posting[0] if mask is None else posting[0][mask]

    @cached_property
    def semantic_null(self) -> np.ndarray:
        """The best similarity (robust z-score over the items, see ``similarity_z``) that each
        of ``NULL_QUERIES`` queries of meaningless letters reaches on this index, sorted: what
        chance gives, learnt from the index itself (so it follows its size and language)."""
        if len(np.unique(self.vector_item)) < MIN_ITEMS_FOR_Z:
            return np.full(1, np.inf)  # too few items to tell meaning from chance
        rng = random.Random(NULL_SEED)
        best = []
        for _ in range(NULL_QUERIES):
            letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 10)))
            best.append(float(np.max(similarity_z(self.item_similarity(embed_query(letters))))))
        return np.sort(np.array(best))

    def salient_terms(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """The terms that stand out in item ``i`` (share of its terms × idf; terms of the
        support fields, terms most items or only this one hold, and short ones left out),
        for pseudo-relevance feedback: their ids (``term_ids``) and weights. Kept once made:
        an index does not change."""
        cache = self._salient
        if i in cache:
            return cache[i]
        counts: Counter[str] = Counter()
        for f, field_counts in self.terms[i].items():
            if f not in SUPPORT_FIELDS and f != OCR_FOLD_FIELD:
                counts.update(field_counts)
        n = len(self)
        length = sum(counts.values()) or 1
        kept = [(self.term_ids[t], c / length * math.log(n / self.df[t])) for t, c in counts.items()
                if len(t) >= 3 and 2 <= self.df.get(t, 0) <= SALIENT_MAX_DF * n and t in self.term_ids]
        out = (np.array([k for k, _ in kept], dtype=np.int64), np.array([w for _, w in kept], dtype=np.float64))
        if len(cache) >= SALIENT_CACHE:
            cache.pop(next(iter(cache)))
        cache[i] = out
        return out

    @cached_property
    def term_names(self) -> list[str]:
        """Each term id's term (the inverse of ``term_ids``)."""
        names = [""] * len(self.term_ids)
        for t, k in self.term_ids.items():
            names[k] = t
        return names

    @cached_property
    def kind_offsets(self) -> np.ndarray:
        """Per passage, how much more (or less) like any query its kind's passages read than
        the corpus's: the median, over the theme descriptions (``themes.theme_queries``, a
        query for each subject the bank covers), of the kind's median similarity less all
        items' median. A news paragraph or a blog comment is worded unlike a report row and
        gets a lower cosine from every query; ``item_similarity`` takes the offset off, so
        meaning compares items of different kinds fairly. Kinds of fewer than
        ``MIN_ITEMS_FOR_OFFSET`` items keep offset 0 (too few to tell)."""
        offsets = np.zeros(len(self.vectors), dtype=np.float32)
        kinds = np.array(self.kinds, dtype=object)
        if len(self.vectors) == 0 or len(self) < MIN_ITEMS_FOR_OFFSET:
            return offsets
        protos = np.vstack([embed_query(q) for q in theme_queries().values()])
        best = np.full((len(protos), len(self)), np.nan, dtype=np.float32)
        for j, proto in enumerate(protos):
            best[j] = self._best_per_item(self.vectors @ proto)
        has = ~np.isnan(best[0])
        overall = np.median(best[:, has], axis=1)
        for k in set(self.kinds):
            members = has & (kinds == k)
            if np.count_nonzero(members) >= MIN_ITEMS_FOR_OFFSET:
                shift = float(np.median(np.median(best[:, members], axis=1) - overall))
                offsets[members[self.vector_item]] = shift
        return offsets

    def _best_per_item(self, sims: np.ndarray) -> np.ndarray:
        """Each item's best of its passages' ``sims`` (NaN where it has no passage)."""
        best = np.full(len(self), np.nan, dtype=np.float32)
        groups = self.vector_groups
        if groups is not None:
            best[self.vector_item[groups]] = np.maximum.reduceat(sims, groups)
        else:
            best[:] = -np.inf
            np.maximum.at(best, self.vector_item, sims)
            best[np.isneginf(best)] = np.nan
        return best

    def item_similarity(self, query_vector: np.ndarray) -> np.ndarray:
        """Each item's best passage similarity to a query vector, its kind's offset taken
        off (``kind_offsets``; −1 where it has no passage)."""
        best = np.full(len(self), -1.0, dtype=np.float32)
        if len(self.vectors) == 0:
            return best
        sims = self.vectors @ query_vector - self.kind_offsets
        groups = self.vector_groups
        if groups is not None:  # each item's passages side by side: one reduction per item
            best[self.vector_item[groups]] = np.maximum.reduceat(sims, groups)
        else:
            np.maximum.at(best, self.vector_item, sims)
        return best

    @cached_property
    def vector_groups(self) -> np.ndarray | None:
        """Where each item's run of passages starts, when every item's passages stand side
        by side (as the store gives them), else None."""
        v = self.vector_item
        if len(v) == 0 or np.any(np.diff(v) < 0):
            return None
        return np.flatnonzero(np.r_[True, v[1:] != v[:-1]])

    @cached_property
    def title_postings(self) -> dict[str, list[int]]:
        """Title word → the items whose title has it."""
        out: dict[str, list[int]] = {}
        for i, title in enumerate(self.title_words):
            for w in set(title):
                out.setdefault(w, []).append(i)
        return out

    @property
    def facet_index(self) -> dict[str, dict[str, np.ndarray]]:
        """Facet → value → the items that have it (built once)."""
        if not self._facet_index:
            acc: dict[str, dict[str, list[int]]] = {}
            for i, facets in enumerate(self.facets):
                for name, values in facets.items():
                    for v in values:
                        acc.setdefault(name, {}).setdefault(v, []).append(i)
            self._facet_index = {n: {v: np.array(ix, dtype=np.int64) for v, ix in vals.items()}
                                 for n, vals in acc.items()}
        return self._facet_index

    @cached_property
    def facet_table(self) -> dict[str, tuple[list[str], np.ndarray, np.ndarray]]:
        """Facet → (its values, and for every (item, value) pair the item and the value's
        number), so that counting a facet's values among some items is one ``np.bincount``."""
        out: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        for name, values in self.facet_index.items():
            names = list(values)
            items = np.concatenate([values[v] for v in names]) if names else np.zeros(0, dtype=np.int64)
            codes = np.repeat(np.arange(len(names)), [len(values[v]) for v in names])
            out[name] = (names, items, codes)
        return out

    def matched_fields(self, i: int, terms: set[str]) -> list[str]:
        return sorted(f for f, counts in self.terms[i].items() if not counts.keys().isdisjoint(terms))

    @classmethod
    def load(cls, store: Store) -> SearchIndex:
        ids, kinds, terms, lengths, facets, themes, titles, sequences = [], [], [], [], [], [], [], []
        df: Counter[str] = Counter()
        vocabulary: Counter[str] = Counter()
        term_ids: dict[str, int] = {}
        totals: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        for record_id, data in store.index_entries():
            ids.append(record_id)
            kinds.append(data["kind"])
            per_field = {f: Counter(t) for f, t in data["terms"].items()}
            terms.append(per_field)
            sequence: list[int] = []
            for field_terms in data["terms"].values():
                sequence.extend(term_ids.setdefault(t, len(term_ids)) for t in field_terms)
                sequence.extend([-1] * PHRASE_WINDOW)  # no phrase runs from one field into the next
            sequences.append(np.array(sequence, dtype=np.int32))
            lengths.append({f: len(t) for f, t in data["terms"].items()})
            for f, t in data["terms"].items():
                totals[f] += len(t)
                counts[f] += 1
            df.update({t for c in per_field.values() for t in c})
            vocabulary.update(data.get("words", {}))
            facets.append(data.get("facets", {}))
            themes.append(data.get("themes", {}))
            titles.append(data.get("title_words", []))
        apply_editor_levels(store, ids, facets)
        position = {rid: i for i, rid in enumerate(ids)}
        rows, items, fields = [], [], []
        for record_id, name, blob in store.index_vectors():
            if record_id in position:
                rows.append(np.frombuffer(blob, dtype=np.float32))
                items.append(position[record_id])
                fields.append(name)
        vectors = np.vstack(rows) if rows else np.zeros((0, DIM), dtype=np.float32)
        avg = {f: totals[f] / counts[f] for f in totals}
        if rows:
            _add_embedding_themes(vectors, np.array(items, dtype=np.int64), themes, facets)
        return cls(ids, kinds, terms, sequences, lengths, avg, df, facets, themes, vocabulary, titles, vectors,
                   np.array(items, dtype=np.int64), fields, position, term_ids)

    def __len__(self) -> int:
        return len(self.ids)

    def near_pairs(self, items: list[int], pairs: list[tuple[str, str]]) -> dict[int, set[tuple[str, str]]]:
        """For each of ``items``, which of ``pairs`` stand in it within ``PHRASE_WINDOW`` terms
        of each other, in that order, in one field (a compound's parts follow it, so the next
        word may be a few terms on)."""
        names = sorted({self.term_ids[t] for pair in pairs for t in pair if t in self.term_ids})
        if not names or not items:
            return {}
        local = np.full(len(self.term_ids) + 1, -1, dtype=np.int64)  # +1: field separators (-1)
        local[np.array(names) + 1] = np.arange(len(names))
        k = len(names)
        wanted = np.zeros(k * k, dtype=bool)
        code_of = {pair: local[self.term_ids[pair[0]] + 1] * k + local[self.term_ids[pair[1]] + 1]
                   for pair in pairs if pair[0] in self.term_ids and pair[1] in self.term_ids}
        wanted[list(code_of.values())] = True
        # all the items' term sequences end to end (each field ends in PHRASE_WINDOW
        # separators, so no pair found below spans two fields or two items)
        seqs = [self.sequences[i] for i in items]
        joined = np.concatenate(seqs)
        owner = np.repeat(np.arange(len(items)), [len(x) for x in seqs])
        at = np.flatnonzero(local[joined + 1] >= 0)
        term = local[joined[at] + 1]
        found_items, found_codes = [], []
        for d in range(1, PHRASE_WINDOW + 1):  # positions rise: only the next few can be near
            code = term[:-d] * k + term[d:]
            near = (at[d:] - at[:-d] <= PHRASE_WINDOW) & wanted[code]
            found_items.append(owner[at[:-d][near]])
            found_codes.append(code[near])
        pair_of = {c: pair for pair, c in code_of.items()}
        out: dict[int, set[tuple[str, str]]] = {}
        for j, c in set(zip(np.concatenate(found_items).tolist(), np.concatenate(found_codes).tolist(),
                             strict=True)):
            out.setdefault(items[j], set()).add(pair_of[c])
        return out

    def field_weights(self, i: int) -> dict[str, float]:
        weights = FIELD_WEIGHTS.get(self.kinds[i], FIELD_WEIGHTS["document"])
        return {**weights, OCR_FOLD_FIELD: OCR_FOLD_WEIGHT}
