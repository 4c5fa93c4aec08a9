"""Shared fixtures: the sample corpus and fresh stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.search import index_records
from tiltaksbanken.store import Store

SAMPLE = Path(__file__).parents[1] / "data" / "sample"


BACKENDS = ["sqlite"]  # every backend must pass the store contract tests (tests/store/)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store of each backend."""
    with open_store(str(tmp_path / "test.sqlite")) as s:
        yield s


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the whole sample corpus ingested once for the session."""
    path = str(tmp_path_factory.mktemp("sample") / "sample.sqlite")
    with open_store(path) as s:
        results = ingest_paths(s, [SAMPLE], indexer=index_records)
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    return path
