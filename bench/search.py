"""Benchmark: search latency and index build time, beside raw SQLite FTS5 BM25.

    .venv/bin/python bench/search.py [--items 50000] [--skip-sample | --db PATH]

1. The sample corpus: index build time (embeddings included; the passage
   cache is bypassed so the figure is real), then p50/p95 query latency
   (query embedding, facets and a page of 20 hits with snippets included) for
   the dev queries and their variants, each query new (embedded afresh) and
   repeated (its vector remembered), beside the query embedding alone — the
   floor of a hybrid search; target: search p95 ≤ 1.3× the embedding's p95.
2. A generated corpus of ``--items`` items (records rendered from the sample's
   vocabulary, vectors drawn at random since embedding 50,000 items takes
   hours on two cores): p50/p95 latency and memory.
Both beside an FTS5 BM25 index of the same items in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.analysis import words
from tiltaksbanken.search.embed import DIM, embed_query
from tiltaksbanken.search.index import index_records
from tiltaksbanken.store import SourceInfo, Store

ROOT = Path(__file__).resolve().parents[1]
PAGE = 20  # hits per query: one results page, snippets and facets included
SAMPLE = ROOT / "data" / "sample"
DEV_QUERIES = ROOT.parent / "shared" / "eval-dev" / "search_dev.jsonl"
FALLBACK_QUERIES = ["midlertidig bolig", "jobbspesialist for innvandrere", "gjeldsrådgivning unge",
                    "oppsøkjande arbeid for ungdom", "debt counselling young adults", "Øygarden",
                    "familiekoordinator lavinntekt", "tverrfaglig samarbeid barnevern"]


def _queries() -> list[str]:
    if DEV_QUERIES.exists():
        return [json.loads(line)["query"] for line in DEV_QUERIES.read_text("utf-8").splitlines()
                if line.strip()]
    return FALLBACK_QUERIES


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def _fts(texts: list[str], queries: list[str]) -> tuple[float, float]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    db.executemany("INSERT INTO t (body) VALUES (?)", ((x,) for x in texts))
    times = []
    for q in queries:
        match = " OR ".join(f'"{w}"' for w in words(q)) or '""'
        start = time.perf_counter()
        db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 50", (match,)).fetchall()
        times.append(time.perf_counter() - start)
    return _percentiles(times)


def _timed_queries(searcher: Searcher, queries: list[str], new: bool = True) -> tuple[float, float]:
    """p50/p95 of a results page; ``new``: every query embedded afresh (no vector remembered)."""
    times = []
    for q in queries:
        if new:
            embed_query.cache_clear()  # query embedding is part of the latency
            searcher.forget_queries()
        start = time.perf_counter()
        searcher.search(q, limit=PAGE)
        times.append(time.perf_counter() - start)
    return _percentiles(times)


def _timed_embedding(queries: list[str]) -> tuple[float, float]:
    """p50/p95 of the query embedding alone (the floor of a hybrid search)."""
    times = []
    for q in queries:
        embed_query.cache_clear()
        start = time.perf_counter()
        embed_query(q)
        times.append(time.perf_counter() - start)
    return _percentiles(times)


def _report(label: str, searcher: Searcher, variants: list[str], texts: list[str], target: str) -> None:
    """Search (new and repeated queries), the embedding alone and FTS5, in the same run."""
    e50, e95 = _timed_embedding(variants)
    p50, p95 = _timed_queries(searcher, variants)
    r50, r95 = _timed_queries(searcher, variants, new=False)
    f50, f95 = _fts(texts, variants)
    print(f"{label}: search p50 {p50:.1f} ms, p95 {p95:.1f} ms ({target}); query embedding alone "
          f"p50 {e50:.1f} ms, p95 {e95:.1f} ms; search/embedding p95 {p95 / max(e95, 1e-6):.2f}× "
          f"(target ≤ 1.3×)")
    print(f"{label}: repeated query p50 {r50:.1f} ms, p95 {r95:.1f} ms (not embedded again); "
          f"FTS5 BM25 p50 {f50:.2f} ms, p95 {f95:.2f} ms")


def bench_sample(queries: list[str]) -> None:
    from tiltaksbanken.search import embed

    with tempfile.TemporaryDirectory() as tmp:
        embed._vector_cache.cache_clear()
        old_cache = os.environ.get("TILTAKSBANKEN_CACHE")
        os.environ["TILTAKSBANKEN_CACHE"] = tmp  # an empty passage cache: embeddings are timed
        lexicon_cache = Path(old_cache) if old_cache else Path.home() / ".cache" / "tiltaksbanken"
        for f in lexicon_cache.glob("lexicon-*"):
            (Path(tmp) / f.name).symlink_to(f)
        store = open_store(str(Path(tmp) / "b.sqlite"))
        start = time.perf_counter()
        results = ingest_paths(store, [SAMPLE], indexer=index_records)
        build = time.perf_counter() - start
        if old_cache:
            os.environ["TILTAKSBANKEN_CACHE"] = old_cache
        else:
            os.environ.pop("TILTAKSBANKEN_CACHE")
        print(f"sample: {sum(r.records for r in results)} items, index build (ingest with OCR repair "
              f"and embeddings) {build:.1f} s (target ≤ 300 s)")
        _time_sample(store, queries)


def bench_store(path: str, queries: list[str]) -> None:
    """Latency on a store already built (``--db``): no index build, the same timings."""
    _time_sample(open_store(path), queries)


def _time_sample(store: Store, queries: list[str]) -> None:
    """The sample queries and their variants timed on ``store`` (closed afterwards)."""
    searcher = Searcher(store)
    searcher.index  # noqa: B018 (loaded before timing)
    variants = queries + [q + " kommune" for q in queries] + [q + " erfaringer" for q in queries]
    texts = [" ".join(str(v) for v in r.fields.values() if isinstance(v, str)) for r in store.records()]
    searcher.search(variants[0], limit=PAGE)  # the model loaded, the caches warm
    _report("sample", searcher, variants, texts, "target p95 ≤ 50 ms")
    store.close()


def bench_generated(items: int, queries: list[str]) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        source_store = open_store(str(Path(tmp) / "s.sqlite"))
        ingest_paths(source_store, [SAMPLE], indexer=lambda records: index_records(records, embed=False))
        vocabulary = [w for r in source_store.records() for v in r.fields.values()
                      if isinstance(v, str) for w in v.split()]
        source_store.close()
        store = open_store(str(Path(tmp) / "g.sqlite"))
        start = time.perf_counter()
        batch = 2000
        texts: list[str] = []
        for b in range(0, items, batch):
            records = []
            for k in range(b, min(items, b + batch)):
                body = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(40, 200)))
                title = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 6)))
                records.append(Record(kind="document", title=title, fields={"text": body},
                                      file=f"gen{b}.txt", field_sources={"text": [(1, 1)]}, ordinal=k))
                texts.append(title + " " + body)
            for r in records:
                r.assign_id(f"gen{b}.txt")
            entries = index_records(records, embed=False)
            for e in entries:
                v = np.random.default_rng(len(texts)).standard_normal(DIM).astype(np.float32)
                e.vectors.append(("text", (v / np.linalg.norm(v)).tobytes()))
            info = SourceInfo(f"gen{b}.txt", f"/gen/{b}", str(b), "generated", "utf-8", 1)
            store.replace_source(info, ["generated"], records, index=entries)
        build = time.perf_counter() - start
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        searcher = Searcher(store)
        searcher.index  # noqa: B018 (the load is timed)
        load = time.perf_counter() - start
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        variants = queries + [q + " kommune" for q in queries]
        print(f"generated: {items} items, built in {build:.0f} s, index loaded in {load:.1f} s, "
              f"peak memory {rss_after:.0f} MB (before loading {rss_before:.0f} MB)")
        _report("generated", searcher, variants, texts, "target p95 ≤ 250 ms")
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--db", help="time the sample queries on this store, built already (no build time)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each figure shows when it is measured
    queries = _queries()
    if args.db:
        bench_store(args.db, queries)
    elif not args.skip_sample:
        bench_sample(queries)
    if args.items:
        bench_generated(args.items, queries)


if __name__ == "__main__":
    main()
