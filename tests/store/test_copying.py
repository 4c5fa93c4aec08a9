"""Copying a bank between stores (any backend to any) and backing it up: nothing lost,
nothing changed, the same hits afterwards, and never over a bank that is already there."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PG_URL, fresh_postgres
from tests.sources.sheet_render import random_sheet
from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.cli import main
from tiltaksbanken.search import Searcher, index_records
from tiltaksbanken.store import Store, StoreError, accounts
from tiltaksbanken.store.backup import backup, restore
from tiltaksbanken.store.copying import TableCopy, TargetNotEmpty, copy_store, table_summary, tables

needs_server = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server (TILTAKSBANKEN_TEST_PG)")
QUERIES = ["arbeid", "oppfølging av unge", "bolig"]


def _fill(store: Store, folder: Path, seed: int = 5) -> None:
    """Two generated sheets ingested and indexed, and an invited user."""
    rng = random.Random(seed)
    folder.mkdir(exist_ok=True)
    for i in range(2):
        (folder / f"ark{i}.txt").write_text(random_sheet(rng, n=rng.randint(15, 20)).text, "utf-8")
    results = ingest_paths(store, [folder], indexer=index_records)
    assert all(r.ok for r in results), results
    accounts.invite(store, "kari@example.org", "Kari Nordmann", "administrator")


def _summary(store: Store) -> dict[str, TableCopy]:
    return {t: table_summary(store, t) for t in tables(store) if t != "schema_migrations"}


def _hits(store: Store) -> list[list[str]]:
    searcher = Searcher(store)
    return [[h.id for h in searcher.search(q, limit=20).hits] for q in QUERIES]


@pytest.fixture
def filled(tmp_path: Path) -> str:
    path = str(tmp_path / "kilde.sqlite")
    with open_store(path) as store:
        _fill(store, tmp_path / "docs")
    return path


def test_a_sqlite_copy_has_every_row_and_gives_the_same_hits(filled: str, tmp_path: Path) -> None:
    with open_store(filled) as src, open_store(str(tmp_path / "kopi.sqlite")) as dst:
        copied = copy_store(src, dst)
        assert {"sources", "source_lines", "records", "search_docs", "search_vectors", "users"} <= {c.table for c in copied}
        assert all(c.rows > 0 for c in copied if c.table in ("records", "source_lines", "search_docs", "users"))
        assert _summary(dst) == _summary(src)
        assert dst.version() == src.version()
        expected = _hits(src)
        assert any(expected)
        assert _hits(dst) == expected
        assert [u.username for u in dst.users()] == ["kari@example.org"]


def test_a_bank_is_never_copied_over_another(filled: str, tmp_path: Path) -> None:
    other = str(tmp_path / "annen.sqlite")
    with open_store(other) as store:
        _fill(store, tmp_path / "andre", seed=9)
        before = _summary(store)
    with open_store(filled) as src, open_store(other) as dst:
        with pytest.raises(TargetNotEmpty, match="ikke tomt"):
            copy_store(src, dst)
        assert _summary(dst) == before


def test_the_copy_command_prints_counts_and_verified(filled: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["copy", "--from", filled, "--to", str(tmp_path / "k.sqlite")])
    assert result.exit_code == 0, result.output
    assert "records" in result.output and "verified" in result.output
    again = CliRunner().invoke(main, ["copy", "--from", filled, "--to", str(tmp_path / "k.sqlite")])
    assert again.exit_code == 1


def test_a_sqlite_backup_restores_the_same_bank(filled: str, tmp_path: Path) -> None:
    file = tmp_path / "bank.backup"
    backup(filled, file)
    target = str(tmp_path / "gjenopprettet.sqlite")
    restore(file, target)
    with open_store(filled) as src, open_store(target) as dst:
        assert _summary(dst) == _summary(src)
        assert _hits(dst) == _hits(src)


def test_a_restore_refuses_a_bank_unless_forced(filled: str, tmp_path: Path) -> None:
    other = str(tmp_path / "annen.sqlite")
    with open_store(other) as store:
        _fill(store, tmp_path / "andre", seed=9)
        before = _summary(store)
    file = tmp_path / "bank.backup"
    backup(filled, file)
    with pytest.raises(TargetNotEmpty):
        restore(file, other)
    with open_store(other) as store:
        assert _summary(store) == before
    restore(file, other, force=True)
    with open_store(other) as dst, open_store(filled) as src:
        assert _summary(dst) == _summary(src)


@needs_server
def test_sqlite_to_postgresql_and_back_keeps_every_row(filled: str, tmp_path: Path) -> None:
    back = str(tmp_path / "tilbake.sqlite")
    with fresh_postgres() as url:
        with open_store(filled) as src, open_store(url) as pg:
            copy_store(src, pg)
            assert _summary(pg) == _summary(src)
            assert _hits(pg) == _hits(src)
            # ids keep counting above the copied ones
            accounts.invite(pg, "ola@example.org", "Ola Nordmann", "redaktør")
            assert len({u.id for u in pg.users()}) == 2
        with open_store(url) as pg, open_store(back) as lite:
            copy_store(pg, lite)
            assert _summary(lite) == _summary(pg)


@needs_server
def test_a_postgresql_backup_restores_the_same_bank(filled: str, tmp_path: Path) -> None:
    file = tmp_path / "bank.dump"
    with fresh_postgres() as url:
        with open_store(filled) as src, open_store(url) as pg:
            copy_store(src, pg)
            before = _summary(pg)
        backup(url, file)
        with pytest.raises(TargetNotEmpty):
            restore(file, url)
        restore(file, url, force=True)
        with open_store(url) as pg:
            assert _summary(pg) == before
        with fresh_postgres() as other, pytest.raises(StoreError, match="skjemaet"):
            restore(file, other)
