"""Ingest under faults: a store locked by another writer, and two same-named files at once."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.cli import main
from tiltaksbanken.ingest import FileResult
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
