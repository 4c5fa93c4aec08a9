"""The portable SQL that feature modules (reports, grants, links) are written against."""

from __future__ import annotations

import pytest

from tiltaksbanken.store import Store, StoreError


def _table(store: Store) -> None:
    with store.writing(bump=False) as sql:
        sql.run("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")


def test_an_insert_gives_the_new_rows_id_and_reads_see_it(store: Store) -> None:
    _table(store)
    with store.writing() as sql:
        first = sql.insert("INSERT INTO notes (text) VALUES (?) RETURNING id", ("første",))
        second = sql.insert("INSERT INTO notes (text) VALUES (?) RETURNING id", ("andre",))
    assert first != second
    with store.reading() as sql:
        assert sql.row("SELECT text FROM notes WHERE id = ?", (second,)) == ("andre",)
        assert [r[0] for r in sql.rows("SELECT text FROM notes ORDER BY id")] == ["første", "andre"]


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    _table(store)
    before = store.version()
    with pytest.raises(StoreError), store.writing() as sql:
        sql.insert("INSERT INTO notes (text) VALUES (?) RETURNING id", ("halv",))
        sql.run("INSERT INTO notes (text) VALUES (NULL)")  # violates NOT NULL
    with store.reading() as sql:
        assert sql.rows("SELECT text FROM notes") == []
    assert store.version() == before


def test_a_write_that_changes_pages_bumps_the_version(store: Store) -> None:
    _table(store)
    before = store.version()
    with store.writing() as sql:
        assert sql.run("INSERT INTO notes (text) VALUES (?)", ("ny",)) == 1
    assert store.version() != before
