"""``search()``: the one entry point for every interface (CLI, API, web pages)."""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from tiltaksbanken.privacy import mask_names, mask_text, name_pattern
from tiltaksbanken.records import Record
from tiltaksbanken.search.analysis import terms_of_word, words
from tiltaksbanken.search.embed import embed_query
from tiltaksbanken.search.index import SearchIndex
from tiltaksbanken.search.items import snippet_source
from tiltaksbanken.search.ranking import (
    fuse,
    lexical_scores,
    phrase_bonus,
    plan_query,
    semantic_scores,
    semantic_weight,
    title_phrase_bonus,
    wording_bonus,
    wording_runs,
)
from tiltaksbanken.store.base import Store

FACETS = ("kind", "county", "nav_office", "report_type", "law_paragraph", "theme", "start_year",
          "continuation", "municipality")
SNIPPET_CHARS = 240
PHRASE_DEPTH = 150  # phrase bonuses are looked for among the best lexical matches
PREPARED = 1.5  # hits prepared while the query is embedded, per hit asked for
WORDING_DEPTH = 50  # the query's wording is looked for in this many of the best matches
SHOWN_CACHE_ITEMS = 5_000  # items whose masked snippet text is kept (about 10 kB each)
SHOWN_AT_LOAD = 2_000  # a store this small has every item's snippet text made with its index
_cache: dict[int, tuple[str, SearchIndex, ShownCache]] = {}
_lock = threading.Lock()
_EMBEDDER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="query-embedding")


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    score: float
    file: str
    lines: list[list[int]]
    snippet: str
    matched_fields: list[str]
    themes: list[str] = field(default_factory=list)
    nav_office: str | None = None  # where the item comes from (no personal data)
    county: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    also_searched: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits],
                "facets": self.facets, "also_searched": self.also_searched}


def _loaded(store: Store) -> tuple[SearchIndex, ShownCache]:
    version = store.version()
    with _lock:
        cached = _cache.get(id(store))
        if cached is None or cached[0] != version:
            index = SearchIndex.load(store)
            shown = ShownCache(index)
            if len(index) <= SHOWN_AT_LOAD:
                shown.get_many(store, list(range(len(index))))
            cached = (version, index, shown)
            _cache[id(store)] = cached
        return cached[1], cached[2]


def get_index(store: Store) -> SearchIndex:
    """The store's index in memory, reloaded when the store changed."""
    return _loaded(store)[0]


def warm_up(store: Store) -> None:
    """Load what the first search needs (the index, the embedding model, the lexicon), so a
    server's first visitors do not wait for it."""
    search(store, "oppfølging av unge", limit=1)


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
    selected = np.zeros(len(index), dtype=bool)
    selected[items] = True
    counts: dict[str, dict[str, int]] = {}
    for name in FACETS:
        values = {v: int(np.count_nonzero(selected[ix])) for v, ix in index.facet_index.get(name, {}).items()}
        values = {v: c for v, c in values.items() if c}
        if values:
            counts[name] = dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
    return counts


def query_pattern(query_words: list[str]) -> re.Pattern[str] | None:
    """The stems (of three letters or more) of the query's words as one pattern: a text word
    matches when it holds one (stems are word beginnings; a compound holds its parts)."""
    stems = {t for w in query_words for t in terms_of_word(w) if len(t) >= 3}
    if not stems:
        return None
    return re.compile("|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)))


def _fold(text: str) -> str:
    """Lower case, one character for one (so positions stay those of ``text``)."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _word_span(folded: str, a: int, b: int) -> tuple[int, int]:
    """The whole word around ``folded[a:b]``."""
    while a > 0 and folded[a - 1].isalnum():
        a -= 1
    while b < len(folded) and folded[b].isalnum():
        b += 1
    return a, b


@dataclass(frozen=True)
class Shown:
    """What a hit shows of an item whatever the query: its hit (score 0, no snippet yet) and
    the text snippets are cut from, on one line with personal data already masked (so no
    snippet window can cut a name or an address in two and let half of it through)."""

    hit: Hit
    text: str
    folded: str

    @classmethod
    def of(cls, record: Record, index: SearchIndex, i: int) -> Shown:
        names = name_pattern(record.fields)
        fields = record.fields
        text = mask_names(" ".join(snippet_source(record).split()), names)
        hit = Hit(
            id=record.id,
            kind=record.kind,
            title=mask_names(record.title, names),
            score=0.0,
            file=record.file,
            lines=[list(r) for r in record.lines],
            snippet="",
            matched_fields=[],
            themes=sorted(index.themes[i]),
            nav_office=mask_names(fields.get("nav_office") or ", ".join(fields.get("nav_offices") or []),
                                  names) or None,
            county=fields.get("county"),
        )
        return cls(hit, text, _fold(text))


def make_snippet(text: str, pattern: re.Pattern[str] | None, folded: str | None = None) -> str:
    """The passage of ``text`` (masked already, see ``Shown``) with the most matches of
    ``pattern`` (see ``query_pattern``), HTML-escaped, each word holding a match in <mark>.
    ``folded`` is ``_fold(text)``, when the caller has it."""
    if not text:
        return ""
    folded = _fold(text) if folded is None else folded
    starts = [m.start() for m in pattern.finditer(folded)] if pattern is not None else []
    start = 0
    if starts:
        at = np.array(starts)
        density = np.searchsorted(at, at + SNIPPET_CHARS) - np.arange(len(at))
        best_start = starts[int(np.argmax(density))]  # the first of the densest
        start = max(0, text.rfind(" ", 0, max(0, best_start - 40)) + 1)
    end = start + SNIPPET_CHARS
    out, pos = [], start
    for m in pattern.finditer(folded, start, end) if starts else ():
        if m.start() < pos:
            continue  # a second match in a word already marked
        a, b = _word_span(folded, *m.span())
        a, b = max(a, pos), min(b, end)
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out) + suffix


class ShownCache:
    """``Shown`` per item of one index, the most recently used kept (records do not change
    while the index stands: any ingest brings a new index and a new cache)."""

    def __init__(self, index: SearchIndex, size: int = SHOWN_CACHE_ITEMS) -> None:
        self.index = index
        self.size = size
        self._items: OrderedDict[int, Shown] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, store: Store, items: list[int]) -> dict[int, Shown]:
        with self._lock:
            out = {i: self._items[i] for i in items if i in self._items}
            for i in out:
                self._items.move_to_end(i)
        missing = [i for i in items if i not in out]
        if missing:
            records = store.get_many([self.index.ids[i] for i in missing])
            for i in missing:
                record = records.get(self.index.ids[i])
                if record is not None:
                    out[i] = Shown.of(record, self.index, i)
            with self._lock:
                for i in missing:
                    if i in out:
                        self._items[i] = out[i]
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return out


def _hits(store: Store, shown: ShownCache, items: list[int], pattern: re.Pattern[str] | None,
          query_terms: set[str]) -> dict[int, Hit]:
    """Hits (score still 0) for item positions: masked title, snippet, where they matched."""
    return {i: replace(s.hit, snippet=make_snippet(s.text, pattern, s.folded),
                       matched_fields=shown.index.matched_fields(i, query_terms))
            for i, s in shown.get_many(store, items).items()}


def _best(scores: np.ndarray, allowed: np.ndarray, k: int) -> list[int]:
    """The ``k`` allowed items of highest positive score, best first."""
    items = np.flatnonzero((scores > 0) & allowed)
    return items[np.argsort(-scores[items], kind="stable")[:k]].tolist()


def search(
    store: Store,
    query: str,
    filters: dict[str, list[str]] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Rank the store's items for ``query`` (Bokmål, Nynorsk or English) within ``filters``."""
    query = " ".join(query.split())[:1000]
    # the query is embedded on the other core (the model's C code runs without the GIL)
    # while the words are scored and the hits they rank first are prepared
    vector = _EMBEDDER.submit(embed_query, query) if query else None
    index, shown = _loaded(store)
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
            texts = {i: s.folded for i, s in shown.get_many(store, _best(by_words, allowed, WORDING_DEPTH)).items()}
            for i, b in wording_bonus(query, texts).items():
                bonus[i] = bonus.get(i, 0.0) + b
        by_words[list(bonus)] += list(bonus.values())
        ahead = _best(by_words, allowed, offset + round(PREPARED * limit))[offset:]
        prepared = _hits(store, shown, ahead, pattern, query_terms)
        semantic = semantic_scores(vector.result(), index)
        order, scores = fuse(lexical, semantic, allowed, bonus, semantic_weight(plan))
    facets = _facet_counts(index, order)
    page = order[offset : offset + limit].tolist()
    prepared.update(_hits(store, shown, [i for i in page if i not in prepared], pattern, query_terms))
    hits = [replace(prepared[i], score=round(float(score), 6))
            for i, score in zip(page, scores[offset : offset + limit].tolist(), strict=True)
            if i in prepared]
    return SearchResult(query, len(order), hits, facets, corrections)


def similar(store: Store, record_id: str, limit: int = 5) -> list[Hit]:
    """The items most like ``record_id`` by their mean passage vector (“Lignende tiltak”)."""
    index = get_index(store)
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
    out = []
    for j in np.argsort(-sims)[:limit]:
        record = store.get(index.ids[j])
        if record is not None:
            out.append(Hit(record.id, record.kind, mask_text(record.title), round(float(sims[j]), 4),
                           record.file, [list(r) for r in record.lines], "", []))
    return out
