"""Building the search index of records, and loading it from the store into memory.

At ingest, every record gets an ``IndexEntry``: its analysed terms per field,
facet values and themes, and the embedding vectors of its passages. The store
persists them (so the embedded SQLite store and a server store rank alike);
``SearchIndex`` loads them once per store version and answers queries.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tiltaksbanken.records import Record
from tiltaksbanken.search.analysis import OCR_FOLD_FIELD, analyse, residual_ocr_keys, words
from tiltaksbanken.search.embed import DIM, embed_passages, embed_query
from tiltaksbanken.search.items import (
    FIELD_WEIGHTS,
    OCR_FOLD_WEIGHT,
    chunks,
    facet_values,
    field_texts,
)
from tiltaksbanken.search.themes import assign_themes, embedding_themes, theme_queries
from tiltaksbanken.store.base import IndexEntry, Store

BM25_B = 0.75


def index_records(records: list[Record], embed: bool = True) -> list[IndexEntry]:
    """Index entries for records (embedding their passages unless ``embed`` is False)."""
    entries: list[IndexEntry] = []
    passages: list[tuple[int, str, str]] = []
    for i, record in enumerate(records):
        texts = field_texts(record)
        terms = {name: analyse(text) for name, text in texts.items()}
        damaged = [k for name, text in texts.items() if name != "title" for k in residual_ocr_keys(text)]
        if damaged:
            terms[OCR_FOLD_FIELD] = damaged
        surface = Counter(w for text in texts.values() for w in words(text) if w.isalpha())
        data: dict[str, Any] = {
            "kind": record.kind,
            "terms": terms,
            "words": dict(surface),
            "facets": facet_values(record),
            "title_words": words(record.title),
            "themes": assign_themes(terms),
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
    sequences: list[list[list[str]]]  # per item, each field's terms in order (for phrases)
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
    postings: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    _bigrams: dict[int, frozenset[tuple[str, str]]] = field(default_factory=dict)
    _facet_index: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Postings with each item's field-weighted, length-normalised term frequency (BM25F's
        query-independent part), as numpy arrays."""
        weighted: dict[str, dict[int, float]] = {}
        for i, per_field in enumerate(self.terms):
            weights = self.field_weights(i)
            for f, counts in per_field.items():
                norm = 1 - BM25_B + BM25_B * self.lengths[i].get(f, 0) / max(self.avg_length.get(f, 1.0), 1.0)
                w = weights.get(f, 0.5) / norm
                for t, c in counts.items():
                    slot = weighted.setdefault(t, {})
                    slot[i] = slot.get(i, 0.0) + w * c
        self.postings = {
            t: (np.fromiter(items.keys(), dtype=np.int64, count=len(items)),
                np.fromiter(items.values(), dtype=np.float32, count=len(items)))
            for t, items in weighted.items()
        }

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

    def matched_fields(self, i: int, terms: set[str]) -> list[str]:
        return sorted(f for f, counts in self.terms[i].items() if terms & counts.keys())

    @classmethod
    def load(cls, store: Store) -> SearchIndex:
        ids, kinds, terms, lengths, facets, themes, titles, sequences = [], [], [], [], [], [], [], []
        df: Counter[str] = Counter()
        vocabulary: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        for record_id, data in store.index_entries():
            ids.append(record_id)
            kinds.append(data["kind"])
            per_field = {f: Counter(t) for f, t in data["terms"].items()}
            terms.append(per_field)
            sequences.append(list(data["terms"].values()))
            lengths.append({f: len(t) for f, t in data["terms"].items()})
            for f, t in data["terms"].items():
                totals[f] += len(t)
                counts[f] += 1
            df.update({t for c in per_field.values() for t in c})
            vocabulary.update(data.get("words", {}))
            facets.append(data.get("facets", {}))
            themes.append(data.get("themes", {}))
            titles.append(data.get("title_words", []))
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
                   np.array(items, dtype=np.int64), fields, position)

    def __len__(self) -> int:
        return len(self.ids)

    def bigrams(self, i: int) -> frozenset[tuple[str, str]]:
        """Pairs of consecutive terms in item ``i`` (for phrase matching), computed once."""
        found = self._bigrams.get(i)
        if found is None:
            found = frozenset((a, b) for seq in self.sequences[i] for a, b in itertools.pairwise(seq))
            self._bigrams[i] = found
        return found

    def field_weights(self, i: int) -> dict[str, float]:
        weights = FIELD_WEIGHTS.get(self.kinds[i], FIELD_WEIGHTS["document"])
        return {**weights, OCR_FOLD_FIELD: OCR_FOLD_WEIGHT}
