"""``Searcher``: the one entry point for every interface (CLI, API, web pages).

A ``Searcher`` owns what searching a store needs in memory: the index (reloaded when the
store's version changes), the masked text of the items shown as hits, and the thread that
embeds queries. Nothing starts at import; a searcher starts its thread on first use.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from tiltaksbanken.domain.facets import facets as registered_facets
from tiltaksbanken.domain.privacy import People, visible_text
from tiltaksbanken.search.analysis import analyse, words
from tiltaksbanken.search.embed import embed_query
from tiltaksbanken.search.index import SearchIndex, index_records
from tiltaksbanken.search.ranking import (
    FEEDBACK_DEPTH,
    FEEDBACK_WEIGHT,
    MATCH_SHARE,
    coverage,
    feedback_scores,
    fuse,
    lexical_scores,
    matches,
    phrase_bonus,
    plan_query,
    semantic_scores,
    semantic_weight,
    title_phrase_bonus,
    wording_bonus,
    wording_runs,
)
from tiltaksbanken.search.results import Hit, SearchResult
from tiltaksbanken.search.snippets import QueryPattern, ShownCache, make_snippet, query_pattern
from tiltaksbanken.search.sorting import DEFAULT_SORT, sort_name, sort_order
from tiltaksbanken.store.base import Store

PHRASE_DEPTH = 150  # phrase bonuses are looked for among the best lexical matches
PREPARED = 1.5  # hits prepared while the query is embedded, per hit asked for
WORDING_DEPTH = 50  # the query's wording is looked for in this many of the best matches
SHOWN_AT_LOAD = 2_000  # a store this small has every item's snippet text made with its index
MAX_QUERY_CHARS = 1000
INDEX_BATCH = 500  # records indexed at a time when the store holds some without an index
QUERY_VECTORS = 4096  # query vectors remembered per searcher


def query_key(query: str) -> str:
    """What two queries must share to share a vector: their words, case and punctuation aside."""
    return " ".join(re.findall(r"\w+", query.casefold()))


def _allowed(index: SearchIndex, filters: dict[str, list[str]]) -> np.ndarray:
    """Items that have one of the wanted values of every filtered facet (case-insensitive)."""
    mask = np.ones(len(index), dtype=bool)
    for name, wanted in filters.items():
        if not wanted:
            continue
        wanted_set = {w.casefold() for w in wanted}
        keep = np.zeros(len(index), dtype=bool)
        for value, items in index.facet_index.get(name, {}).items():
            if value.casefold() in wanted_set:
                keep[items] = True
        mask &= keep
    return mask


def _facet_counts(index: SearchIndex, items: np.ndarray) -> dict[str, dict[str, int]]:
    """Per registered facet, its values among ``items`` with their counts, most first."""
    selected = np.zeros(len(index), dtype=bool)
    selected[items] = True
    counts: dict[str, dict[str, int]] = {}
    table = index.facet_table
    for name in registered_facets():
        if name not in table:
            continue
        names, holders, codes = table[name]
        per_value = np.bincount(codes[selected[holders]], minlength=len(names))
        values = {names[j]: int(per_value[j]) for j in np.flatnonzero(per_value).tolist()}
        if values:
            counts[name] = dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
    return counts


def _best(scores: np.ndarray, allowed: np.ndarray, k: int) -> list[int]:
    """The ``k`` allowed items of highest positive score, best first."""
    items = np.flatnonzero((scores > 0) & allowed)
    return items[np.argsort(-scores[items], kind="stable")[:k]].tolist()


class Searcher:
    """Search over one store, with its index and caches in memory."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._loaded: tuple[str, SearchIndex, ShownCache] | None = None
        self._embedder: ThreadPoolExecutor | None = None
        self._vectors: OrderedDict[str, Future[np.ndarray]] = OrderedDict()  # by query_key

    # ------------------------------------------------------------ state

    def _state(self) -> tuple[SearchIndex, ShownCache]:
        """The index and shown-item cache of the store as it is now (reloaded after a change;
        records stored without an index entry are indexed first)."""
        version = self.store.version()
        with self._lock:
            if self._loaded is None or self._loaded[0] != version:
                if self._index_missing():
                    version = self.store.version()
                index = SearchIndex.load(self.store)
                shown = ShownCache(index)
                if len(index) <= SHOWN_AT_LOAD:
                    shown.get_many(self.store, list(range(len(index))))
                self._loaded = (version, index, shown)
            return self._loaded[1], self._loaded[2]

    def _index_missing(self) -> bool:
        """Index the records the store holds without an index entry; True if there were any."""
        done = False
        while batch := self.store.records_without_index(limit=INDEX_BATCH):
            self.store.put_index(index_records(batch))
            done = True
        return done

    @property
    def index(self) -> SearchIndex:
        """The store's index in memory, reloaded when the store changed."""
        return self._state()[0]

    def _embed(self, query: str) -> Future[np.ndarray]:
        """The query's vector, being computed on the embedding thread; a query asked before
        (or one that differs only in case, punctuation or spacing) is not embedded again."""
        key = query_key(query)
        with self._lock:
            known = self._vectors.get(key)
            if known is not None and not (known.done() and known.exception() is not None):
                self._vectors.move_to_end(key)
                return known
            if self._embedder is None:
                self._embedder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="query-embedding")
            future = self._embedder.submit(embed_query, query)
            self._vectors[key] = future
            while len(self._vectors) > QUERY_VECTORS:
                self._vectors.popitem(last=False)
            return future

    def forget_queries(self) -> None:
        """Drop the remembered query vectors (benchmarks time the embedding with this)."""
        with self._lock:
            self._vectors.clear()

    def warm_up(self) -> None:
        """Load what the first search needs (the index, the embedding model, the lexicon), so a
        server's first visitors do not wait for it."""
        index = self.index
        sample = index.title_words[0] if len(index) else ["tiltak"]
        text = " ".join(sample[:8])
        analyse(text)
        self._embed(text).result()

    def close(self) -> None:
        """Stop the embedding thread (a closed searcher starts a new one if used again)."""
        with self._lock:
            if self._embedder is not None:
                self._embedder.shutdown(wait=False)
                self._embedder = None

    # ------------------------------------------------------------ queries

    def _hits(self, shown: ShownCache, items: list[int], pattern: QueryPattern | None,
              query_terms: set[str]) -> dict[int, Hit]:
        """Hits (score still 0) for item positions: masked title, snippet, where they matched."""
        return {i: replace(s.hit, snippet=make_snippet(s.text, pattern, s.folded, s.analysed),
                           matched_fields=shown.index.matched_fields(i, query_terms))
                for i, s in shown.get_many(self.store, items).items()}

    def search(
        self,
        query: str,
        filters: dict[str, list[str]] | None = None,
        limit: int = 20,
        offset: int = 0,
        sort: str = DEFAULT_SORT,
    ) -> SearchResult:
        """Rank the store's items for ``query`` (Bokmål, Nynorsk or English) within ``filters``
        (facet name → wanted values; values of one facet combine with «or»), in the order
        ``sort`` names (``search/sorting.py``: relevance, newest, office, county)."""
        query = " ".join(query.split())[:MAX_QUERY_CHARS]
        # the query is embedded on the other core (the model's C code runs without the GIL)
        # while the words are scored and the hits they rank first are prepared
        vector = self._embed(query) if query else None
        index, shown = self._state()
        filters = filters or {}
        allowed = _allowed(index, filters)
        prepared: dict[int, Hit] = {}
        if vector is None:
            order = np.flatnonzero(allowed)
            scores = np.zeros(len(order))
            pattern = None
            query_terms: set[str] = set()
            corrections: list[str] = []
        else:
            plan = plan_query(query, index)
            lexical = lexical_scores(plan, index)
            query_terms = set(plan.terms)
            corrections = plan.corrections
            pattern = query_pattern(words(query) + [w for c in corrections for w in words(c)])
            bonus = phrase_bonus(plan, index, _best(lexical, allowed, PHRASE_DEPTH))
            for i, b in title_phrase_bonus(query, index).items():
                bonus[i] = bonus.get(i, 0.0) + b
            by_words = lexical / (lexical.max(initial=0.0) or 1.0)
            if wording_runs(query):
                best = _best(by_words, allowed, WORDING_DEPTH)
                best_shown = shown.get_many(self.store, best)
                texts = {i: s.folded for i, s in best_shown.items()}
                for i, b in wording_bonus(query, texts, {i: s.words for i, s in best_shown.items()}).items():
                    bonus[i] = bonus.get(i, 0.0) + b
            by_words[list(bonus)] += list(bonus.values())
            share = coverage(plan, index)
            ahead = _best(by_words, allowed & (share > MATCH_SHARE), offset + round(PREPARED * limit))[offset:]
            prepared = self._hits(shown, ahead, pattern, query_terms)
            semantic = semantic_scores(vector.result(), index)
            hits = matches(plan, index, semantic, share)
            order, scores = fuse(lexical, semantic, allowed, bonus, semantic_weight(plan), hits)
            if FEEDBACK_WEIGHT and len(order) > FEEDBACK_DEPTH:
                extra = feedback_scores(plan, index, order[:FEEDBACK_DEPTH].tolist())
                top_extra = float(extra.max(initial=0.0)) or 1.0
                lexical = lexical + FEEDBACK_WEIGHT * float(lexical.max(initial=0.0)) * extra / top_extra
                order, scores = fuse(lexical, semantic, allowed, bonus, semantic_weight(plan), hits)
        facet_counts = _facet_counts(index, order)
        if sort_name(sort) != DEFAULT_SORT:
            by_position = dict(zip(order.tolist(), scores.tolist(), strict=True))
            order = sort_order(index, order, sort)
            scores = np.array([by_position[i] for i in order.tolist()])
        page = order[offset : offset + limit].tolist()
        prepared.update(self._hits(shown, [i for i in page if i not in prepared], pattern, query_terms))
        hits = [replace(prepared[i], score=round(float(score), 6))
                for i, score in zip(page, scores[offset : offset + limit].tolist(), strict=True)
                if i in prepared]
        return SearchResult(query, len(order), hits, facet_counts, corrections)

    def facet_counts(self, filters: dict[str, list[str]] | None = None) -> dict[str, dict[str, int]]:
        """Facet counts over every item within ``filters`` (no query)."""
        return self.search("", filters, limit=0).facets

    def themes(self, record_id: str) -> dict[str, list[str]]:
        """The themes of one item, each with the words (or the meaning) that put it there."""
        index = self.index
        i = index.position.get(record_id)
        return dict(index.themes[i]) if i is not None else {}

    def similar(self, record_id: str, limit: int = 5) -> list[Hit]:
        """The items most like ``record_id`` by their mean passage vector (“Lignende tiltak”)."""
        index = self.index
        i = index.position.get(record_id)
        if i is None or len(index.vectors) == 0:
            return []
        centroids = np.zeros((len(index), index.vectors.shape[1]), dtype=np.float32)
        np.add.at(centroids, index.vector_item, index.vectors)
        norms = np.linalg.norm(centroids, axis=1)
        norms[norms == 0] = 1
        centroids /= norms[:, None]
        sims = centroids @ centroids[i]
        sims[i] = -2
        same_kind = np.array([k == index.kinds[i] for k in index.kinds])
        sims = np.where(same_kind, sims, sims - 0.1)
        ranked = [int(j) for j in np.argsort(-sims)[:limit]]
        records = self.store.get_many([index.ids[j] for j in ranked])
        out = []
        for j in ranked:
            record = records.get(index.ids[j])
            if record is not None:
                out.append(Hit(record.id, record.kind, visible_text(record.title, people=People([record.fields])),
                               round(float(sims[j]), 4), record.file,
                               [list(r) for r in record.lines], "", []))
        return out
