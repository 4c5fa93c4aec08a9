"""``search()``: the one entry point for every interface (CLI, API, web pages)."""

from __future__ import annotations

import html
import re
import threading
from bisect import bisect_left
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import numpy as np

from tiltaksbanken.privacy import EMAIL_MASK, mask_names, mask_text, name_pattern
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
)
from tiltaksbanken.store.base import Store

FACETS = ("kind", "county", "nav_office", "report_type", "law_paragraph", "theme", "start_year",
          "continuation", "municipality")
SNIPPET_CHARS = 240
PHRASE_DEPTH = 150  # phrase bonuses are looked for among the best lexical matches
PREPARED = 1.5  # hits prepared while the query is embedded, per hit asked for
_cache: dict[int, tuple[str, SearchIndex]] = {}
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


def get_index(store: Store) -> SearchIndex:
    """The store's index in memory, reloaded when the store changed."""
    version = store.version()
    with _lock:
        cached = _cache.get(id(store))
        if cached is None or cached[0] != version:
            cached = (version, SearchIndex.load(store))
            _cache[id(store)] = cached
        return cached[1]


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


def _stem_pattern(stems: set[str]) -> re.Pattern[str] | None:
    """Any of ``stems`` (case-folded word beginnings; a compound holds its parts anywhere)."""
    if not stems:
        return None
    return re.compile("|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)))


def _fold(text: str) -> str:
    """Lower case, one character for one (so positions stay those of ``text``)."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _stem_spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text`` that holds a match of ``pattern``."""
    if pattern is None:
        return []
    folded = _fold(text)
    spans: list[tuple[int, int]] = []
    m = pattern.search(folded)
    while m:
        a, b = m.span()
        while a > 0 and folded[a - 1].isalnum():
            a -= 1
        while b < len(folded) and folded[b].isalnum():
            b += 1
        spans.append((a, b))
        m = pattern.search(folded, b)
    return spans


_AT_WORD = re.compile(r"\S*(?:@|\[at\])\S*")


def make_snippet(text: str, query_words: list[str],
                 mask: Callable[[str], str] = mask_text) -> str:
    """The passage with the most query words, personal data masked, HTML-escaped, matches
    in <mark>.

    A text word matches when it holds the stem of a query word (stems are word
    beginnings; a compound holds its parts). The passage is masked before
    marking, so no match can split an address or a name.
    """
    text = " ".join(text.split())
    if not text:
        return ""
    pattern = _stem_pattern({t for w in query_words for t in terms_of_word(w) if len(t) >= 3})
    hits = _stem_spans(text, pattern)
    start = 0
    if hits:
        starts = [a for a, _ in hits]
        best_start = max(starts, key=lambda a: (bisect_left(starts, a + SNIPPET_CHARS)
                                                - bisect_left(starts, a), -a))
        start = max(0, text.rfind(" ", 0, max(0, best_start - 40)) + 1)
    piece = _AT_WORD.sub(EMAIL_MASK, mask(text[start : start + SNIPPET_CHARS]))
    out, pos = [], 0
    for a, b in _stem_spans(piece, pattern):
        out.append(html.escape(piece[pos:a]))
        out.append(f"<mark>{html.escape(piece[a:b])}</mark>")
        pos = b
    out.append(html.escape(piece[pos:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_CHARS < len(text) else ""
    return prefix + "".join(out) + suffix


def _hits(store: Store, index: SearchIndex, items: list[int], query_words: list[str],
          query_terms: set[str]) -> dict[int, Hit]:
    """Hits (score still 0) for item positions: masked title, snippet, where they matched."""
    records = store.get_many([index.ids[i] for i in items])
    out: dict[int, Hit] = {}
    for i in items:
        record: Record | None = records.get(index.ids[i])
        if record is None:
            continue
        mask = partial(mask_names, names=name_pattern(record.fields))
        fields = record.fields
        out[i] = Hit(
            id=record.id,
            kind=record.kind,
            title=mask(record.title),
            score=0.0,
            file=record.file,
            lines=[list(r) for r in record.lines],
            snippet=make_snippet(snippet_source(record), query_words, mask),
            matched_fields=index.matched_fields(i, query_terms),
            themes=sorted(index.themes[i]),
            nav_office=mask(fields.get("nav_office") or ", ".join(fields.get("nav_offices") or [])) or None,
            county=fields.get("county"),
        )
    return out


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
    index = get_index(store)
    filters = filters or {}
    allowed = _allowed(index, filters)
    query = " ".join(query.split())[:1000]
    prepared: dict[int, Hit] = {}
    if not query:
        order = np.flatnonzero(allowed)
        scores = np.zeros(len(order))
        query_words: list[str] = []
        query_terms: set[str] = set()
        corrections: list[str] = []
    else:
        # the query is embedded on the other core (the model's C code runs without the GIL)
        # while the words are scored and the hits they rank first are prepared
        vector = _EMBEDDER.submit(embed_query, query)
        plan = plan_query(query, index)
        lexical = lexical_scores(plan, index)
        query_terms = set(plan.terms)
        corrections = plan.corrections
        query_words = words(query) + [w for c in corrections for w in words(c)]
        bonus = phrase_bonus(plan, index, _best(lexical, allowed, PHRASE_DEPTH))
        for i, b in title_phrase_bonus(query, index).items():
            bonus[i] = bonus.get(i, 0.0) + b
        by_words = lexical / (lexical.max(initial=0.0) or 1.0)
        by_words[list(bonus)] += list(bonus.values())
        ahead = _best(by_words, allowed, offset + round(PREPARED * limit))[offset:]
        prepared = _hits(store, index, ahead, query_words, query_terms)
        semantic = semantic_scores(vector.result(), index)
        order, scores = fuse(lexical, semantic, allowed, bonus, semantic_weight(plan))
    facets = _facet_counts(index, order)
    page = order[offset : offset + limit].tolist()
    prepared.update(_hits(store, index, [i for i in page if i not in prepared], query_words,
                          query_terms))
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
