"""The store contract every backend passes: atomic replacement, re-ingest without duplicates, provenance lines, queries, versions, errors, threads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiltaksbanken import Record, open_store
from tiltaksbanken.store import NotFound, SourceInfo, Store, StoreError
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
        applied = s.applied_migrations
        s.replace_source(_source(), ["a", "b"], [_record(0)])
    with SQLiteStore(path) as s:
        assert s.applied_migrations == applied and len(applied) >= 4
        assert len(s.records()) == 1


def test_a_store_made_before_named_migrations_is_upgraded_without_loss(tmp_path: Path) -> None:
    import sqlite3

    from tiltaksbanken.store.sqlite import migrations

    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    old = [m for m in migrations() if int(m[0].split("_")[0]) <= 3]
    for _, sql in old:
        db.executescript(sql)
    db.execute("INSERT INTO sources (name, path, sha256, reader, encoding, line_count, ingested_at)"
               " VALUES ('a.txt', '/x/a.txt', '1', 'plain', 'utf-8', 1, 'now')")
    db.execute(f"PRAGMA user_version = {len(old)}")
    db.commit()
    db.close()
    with SQLiteStore(path) as s:
        assert [row["name"] for row in s.sources()] == ["a.txt"]
        before = s.version()
        s.replace_source(_source("b.txt"), ["x"], [_record(0, "b.txt")])
        assert s.version() != before and s.count() == 1


def test_open_store_refuses_unknown_urls_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"127\.0\.0\.1"):  # no server there: a store error, said plainly
        open_store("postgresql://nobody@127.0.0.1:1/db")
    with pytest.raises(ValueError, match="unsupported"):
        open_store("mysql://x")
    with open_store(f"sqlite:///{tmp_path / 'u.sqlite'}") as s:
        assert list(s.records()) == []


def test_records_are_filtered_and_paged_by_the_store(store: Store) -> None:
    store.replace_source(_source(), ["a", "b"], [_record(n) for n in range(5)])
    store.replace_source(_source("b.txt", "9"), ["a", "b"], [_record(0, "b.txt")])
    assert store.count() == 6 and store.count(file="a.txt") == 5 and store.count(kind="news") == 0
    assert [r.title for r in store.records(file="a.txt", limit=2, offset=1)] == ["t1", "t2"]
    wanted = [_record(3).id, _record(0, "b.txt").id]
    assert {r.id for r in store.records(ids=wanted)} == set(wanted)
    assert store.source("b.txt")["records"] == 1 and store.source("nope") is None


def test_every_write_changes_the_version_and_missing_records_raise_not_found(store: Store) -> None:
    from tiltaksbanken.store.base import IndexEntry

    v0 = store.version()
    store.replace_source(_source(), ["a", "b"], [_record(0)])
    v1 = store.version()
    store.put_index([IndexEntry(_record(0).id, {"terms": {}}, [])])
    assert len({v0, v1, store.version()}) == 3
    with pytest.raises(NotFound):
        store.record("no-such-id")


def test_driver_errors_come_out_as_store_errors(store: Store) -> None:
    clash = [_record(0), _record(0)]
    with pytest.raises(StoreError):
        store.replace_source(_source(), ["x", "y"], clash)


def test_each_thread_reads_the_store_on_its_own_connection(store: Store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store.replace_source(_source(), ["a", "b"], [_record(n) for n in range(3)])
    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(lambda _: store.count(file="a.txt"), range(16)))
    assert counts == [3] * 16


def test_a_converted_source_keeps_its_format_title_date_and_line_locators(store: Store) -> None:
    info = SourceInfo(name="r.pdf", path="/x/r.pdf", sha256="p", reader="plain", encoding=None,
                      line_count=3, format="pdf", title="Sluttrapport", date="2023-05-03",
                      language="nb", pages=2)
    store.replace_source(info, ["# Sluttrapport", "", "Tekst"], [_record(0, "r.pdf")],
                         locators=["page 1", None, "page 2"])
    row = store.source("r.pdf")
    assert row is not None
    assert (row["format"], row["title"], row["date"], row["language"], row["pages"]) == (
        "pdf", "Sluttrapport", "2023-05-03", "nb", 2)
    assert store.source_locators("r.pdf") == ["page 1", None, "page 2"]
    assert store.source_locators("r.pdf", 3, 3) == ["page 2"]
    with pytest.raises(ValueError):
        store.replace_source(info, ["a", "b"], [_record(0, "r.pdf")], locators=["page 1"])
    assert store.source_lines("r.pdf") == ["# Sluttrapport", "", "Tekst"], "unchanged"
    store.replace_source(_source(), ["a", "b"], [_record(0)])
    assert store.source_locators("a.txt") == [None, None]
    assert store.source("a.txt")["format"] == "text"  # type: ignore[index]


def test_sources_stored_before_formats_are_read_again_once(tmp_path: Path) -> None:
    import sqlite3

    from tiltaksbanken.store.sqlite import migrations

    path = tmp_path / "pre.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in migrations():
        if name.startswith("0005"):
            break
        db.executescript(sql)
        db.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (name,))
    db.execute("INSERT INTO sources (name, path, sha256, reader, encoding, line_count, ingested_at)"
               " VALUES ('a.txt', '/x/a.txt', 'abc', 'plain', 'utf-8', 1, 'then')")
    db.commit()
    db.close()
    with SQLiteStore(path) as s:
        assert s.source_state("/x/a.txt", "abc") == "changed"
