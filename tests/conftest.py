"""Shared fixtures: the sample corpus and fresh stores."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.search import index_records
from tiltaksbanken.store import Store

SAMPLE = Path(__file__).parents[1] / "data" / "sample"


# A PostgreSQL server to test against (scripts/test.sh starts one with scripts/postgres.sh).
PG_URL = os.environ.get("TILTAKSBANKEN_TEST_PG", "")

BACKENDS = ["sqlite", "postgres"] if PG_URL else ["sqlite"]
# every backend must pass the store contract tests (tests/store/)


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """The URL of a fresh, empty schema on the test server (dropped afterwards)."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh, empty store of the backend ``request.param`` lives."""
    if getattr(request, "param", "sqlite") == "postgres":
        with fresh_postgres() as url:
            yield url
    else:
        yield str(tmp_path / "test.sqlite")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store of each backend."""
    if request.param == "postgres":
        with fresh_postgres() as url, open_store(url) as s:
            yield s
    else:
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
