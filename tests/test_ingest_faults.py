"""Ingest under faults: a store locked by another writer, and two same-named files at once."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from tiltaksbanken import ingest_file, ingest_paths, open_store
from tiltaksbanken.cli import main
from tiltaksbanken.ingest import FileResult
from tiltaksbanken.store import StoreError
from tiltaksbanken.store.sqlite import BUSY_TIMEOUT_ENV


@contextmanager
def held_lock(db: str) -> Iterator[sqlite3.Connection]:
    """Another writer holding the store's write lock (``BEGIN IMMEDIATE``) until released."""
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def _two_notes(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Første notat\n\nOm bolig til unge.\n", encoding="utf-8")
    b.write_text("Andre notat\n\nOm gjeldsrådgivning.\n", encoding="utf-8")
    return a, b


def test_a_locked_store_fails_one_file_clearly_and_ingest_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "200")
    db = str(tmp_path / "locked.sqlite")
    open_store(db).close()
    a, b = _two_notes(tmp_path)
    with held_lock(db) as other, open_store(db) as store:
        def release_after_first(result: FileResult) -> None:
            if other.in_transaction:
                other.execute("ROLLBACK")

        results = ingest_paths(store, [a, b], on_file=release_after_first)
        assert [r.status for r in results] == ["error", "added"]
        assert "locked" in (results[0].error or "") and results[0].file == "a.txt"
        assert [r.file for r in store.records()] == ["b.txt"]


def test_ingest_command_on_a_locked_store_exits_2_without_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "200")
    db = str(tmp_path / "locked.sqlite")
    open_store(db).close()
    a, b = _two_notes(tmp_path)
    with held_lock(db):
        result = CliRunner().invoke(main, ["ingest", "--db", db, "--json", str(a), str(b)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    rows = json.loads(result.stdout)
    assert [(r["file"], r["status"]) for r in rows] == [("a.txt", "error"), ("b.txt", "error")]
    assert all("lageret" in r["error"] for r in rows)


def test_two_same_named_files_ingested_at_once_get_distinct_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {}
    paths = []
    for year in ("2022", "2023"):
        folder = tmp_path / year
        folder.mkdir()
        path = folder / "rapport.txt"
        texts[year] = [f"Rapport for {year}", "", f"Tiltaket i {year} ga bolig til unge."]
        path.write_text("\n".join(texts[year]) + "\n", encoding="utf-8")
        paths.append(path)
    store = open_store(str(tmp_path / "race.sqlite"))
    # Both threads choose their name before either writes: the race the check must survive.
    both_named = threading.Barrier(2, timeout=10)
    first_call = threading.local()
    replace = store.replace_source

    def replace_after_both_named(*args: object, **kwargs: object) -> object:
        if not getattr(first_call, "done", False):
            first_call.done = True
            both_named.wait()
        return replace(*args, **kwargs)

    monkeypatch.setattr(store, "replace_source", replace_after_both_named)
    results: dict[str, FileResult] = {}

    def run(path: Path) -> None:
        results[path.parent.name] = ingest_file(store, path)

    threads = [threading.Thread(target=run, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert [results[y].status for y in ("2022", "2023")] == ["added", "added"], results
    names = sorted(s["name"] for s in store.sources())
    assert len(set(names)) == 2 and "rapport.txt" in names, names
    for source in store.sources():
        lines = store.source_lines(source["name"])[:3]
        assert lines in (texts["2022"], texts["2023"]), lines  # never interleaved
        records = store.records(file=source["name"])
        assert records and all(r.file == source["name"] for r in records)
    store.close()


def test_the_store_refuses_a_second_source_with_a_taken_name(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "u.sqlite")) as store:
        with store.writing() as sql:
            sql.run("INSERT INTO sources (name, path, sha256, reader, line_count, ingested_at)"
                    " VALUES ('r.txt', '/a/r.txt', 'x', 'plain', 0, '2026-01-01')")
        with pytest.raises(StoreError), store.writing() as sql:
            sql.run("INSERT INTO sources (name, path, sha256, reader, line_count, ingested_at)"
                    " VALUES ('r.txt', '/b/r.txt', 'y', 'plain', 0, '2026-01-01')")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "stor.txt"
    big.write_text("Bolig til unge\n\n" + "Tiltaket gir hjelp. " * 60_000, encoding="utf-8")
    small = tmp_path / "liten.txt"
    small.write_text("Et notat\n\nOm bolig.\n", encoding="utf-8")
    db = str(tmp_path / "size.sqlite")
    result = CliRunner().invoke(main, ["ingest", "--db", db, "--json", "--max-size", "1",
                                       str(big), str(small)])
    assert result.exit_code == 2
    rows = {r["file"]: r for r in json.loads(result.stdout)}
    assert rows["stor.txt"]["status"] == "error" and "for stor" in rows["stor.txt"]["error"]
    assert rows["liten.txt"]["status"] == "added"
    monkeypatch.setenv("TILTAKSBANKEN_MAX_FILE_MB", "0.5")
    with open_store(db) as store:
        assert ingest_file(store, big).status == "error"
        assert [s["name"] for s in store.sources()] == ["liten.txt"]
