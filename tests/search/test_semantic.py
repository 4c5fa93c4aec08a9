"""Meaning across kinds: an item's similarity to a query is compared with items of other
kinds only after the way its kind reads (``SearchIndex.kind_offsets``) is taken off.

The vectors are generated: a «query» direction every query and report row share, one
direction per topic, and a «style» direction only the news paragraphs hold, so that every
query finds news less alike than report rows, the way a real embedding model reads a
news paragraph beside a report row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tiltaksbanken import open_store
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search import index as index_module
from tiltaksbanken.search.embed import DIM
from tiltaksbanken.search.index import SearchIndex, index_records
from tiltaksbanken.store import SourceInfo

TOPICS = 6
QUERY_AXIS, STYLE_AXIS = 0, 1


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _axis(k: int) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[k] = 1.0
    return v


def _topic(j: int) -> np.ndarray:
    return _axis(2 + j)


def _query(j: int) -> np.ndarray:
    return _unit(_axis(QUERY_AXIS) + _topic(j))


def _vector(kind: str, j: int) -> np.ndarray:
    if kind == "news":
        return _unit(0.5 * _axis(QUERY_AXIS) + 0.5 * _topic(j) + _axis(STYLE_AXIS))
    return _unit(_axis(QUERY_AXIS) + 0.5 * _topic(j))


def _index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, news: int = TOPICS) -> SearchIndex:
    themes = {f"tema {j}": f"tema {j}" for j in range(TOPICS)}
    monkeypatch.setattr(index_module, "theme_queries", lambda: themes)
    monkeypatch.setattr(index_module, "embed_query", lambda text: _query(int(text.split()[-1])))
    specs = [("tiltak", j % TOPICS) for j in range(4 * TOPICS)] + [("news", j) for j in range(news)]
    records = [Record(kind=kind, title=f"{kind} om tema {j}", fields={"text": f"Tekst om tema {j}."},
                      file="gen.txt", field_sources={"text": [(n + 1, n + 1)]}, ordinal=n)
               for n, (kind, j) in enumerate(specs)]
    for r in records:
        r.assign_id("gen.txt")
    entries = index_records(records, embed=False)
    for entry, (kind, j) in zip(entries, specs, strict=True):
        entry.vectors.append(("text", _vector(kind, j).tobytes()))
    store = open_store(str(tmp_path / "s.sqlite"))
    store.replace_source(SourceInfo("gen.txt", str(tmp_path / "gen.txt"), "h", "test", "utf-8", len(records)),
                         [f"linje {n}" for n in range(len(records))], records, index=entries)
    return SearchIndex.load(store)


def test_a_news_item_on_the_topic_ranks_above_report_rows_on_other_topics(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = _index(tmp_path, monkeypatch)
    kinds = np.array(index.kinds)
    topic = np.array([int(title.split()[-1]) for title in (" ".join(w) for w in index.title_words)])
    for j in range(TOPICS):
        raw = np.empty(len(index), dtype=np.float32)
        raw[index.vector_item] = index.vectors @ _query(j)  # as the model gives it (one passage each)
        off_topic_rows = (kinds == "tiltak") & (topic != j)
        on_topic_news = (kinds == "news") & (topic == j)
        assert raw[on_topic_news].max() < raw[off_topic_rows].max()  # the style hides the news
        similarity = index.item_similarity(_query(j))
        assert similarity[on_topic_news].min() > similarity[off_topic_rows].max()
        assert similarity[(kinds == "tiltak") & (topic == j)].min() > similarity[off_topic_rows].max()


def test_a_kind_with_too_few_items_keeps_its_similarity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    few = index_module.MIN_ITEMS_FOR_OFFSET - 1
    index = _index(tmp_path, monkeypatch, news=few)
    news = np.array(index.kinds)[index.vector_item] == "news"
    assert np.count_nonzero(news) == few
    assert np.all(index.kind_offsets[news] == 0)
    assert np.allclose(index.item_similarity(_query(0))[index.vector_item], index.vectors @ _query(0))
