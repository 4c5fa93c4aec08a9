"""The SQLite store: atomic replacement, re-ingest without duplicates, provenance lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiltaksbanken import Record, open_store
from tiltaksbanken.store import SourceInfo, Store
from tiltaksbanken.store.sqlite import SQLiteStore


def _source(name: str = "a.txt", sha: str = "1") -> SourceInfo:
    return SourceInfo(
        name=name, path=f"/x/{name}", sha256=sha, reader="plain", encoding="utf-8", line_count=2
    )


def _record(n: int, file: str = "a.txt") -> Record:
    r = Record(
        kind="document",
        title=f"t{n}",
        fields={"text": "hei"},
        file=file,
        field_sources={"text": [(1, 2)]},
        ordinal=n,
    )
    r.assign_id(file)
    return r


def test_replace_source_replaces_records_without_duplicates(store: Store) -> None:
    store.replace_source(_source(), ["a", "b"], [_record(0), _record(1)])
    outcome = store.replace_source(_source(sha="2"), ["a", "b"], [_record(0)])
    assert outcome.status == "replaced"
    assert [r.title for r in store.records()] == ["t0"]
    assert len(store.sources()) == 1


def test_failed_replace_leaves_the_store_as_it_was(store: Store) -> None:
    store.replace_source(_source(), ["a", "b"], [_record(0)])
    clash = [_record(0), _record(0)]  # same id twice: the insert fails half-way
    with pytest.raises(Exception):  # noqa: B017
        store.replace_source(_source(sha="2"), ["x", "y"], clash)
    assert [r.title for r in store.records()] == ["t0"]
    assert store.source_lines("a.txt") == ["a", "b"]


def test_source_lines_are_kept_for_provenance(store: Store) -> None:
    store.replace_source(_source(), ["first", "second"], [_record(0)])
    assert store.source_lines("a.txt", 2, 2) == ["second"]
    record = store.get(_record(0).id)
    assert record is not None and record.field_sources == {"text": [(1, 2)]}


def test_schema_is_migrated_once_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    with SQLiteStore(path) as s:
        version = s.schema_version
        s.replace_source(_source(), ["a", "b"], [_record(0)])
    with SQLiteStore(path) as s:
        assert s.schema_version == version >= 1
        assert len(list(s.records())) == 1


def test_open_store_refuses_unknown_urls_clearly(tmp_path: Path) -> None:
    with pytest.raises(NotImplementedError, match="PostgreSQL"):
        open_store("postgresql://localhost/db")
    with pytest.raises(ValueError, match="unsupported"):
        open_store("mysql://x")
    with open_store(f"sqlite:///{tmp_path / 'u.sqlite'}") as s:
        assert list(s.records()) == []
