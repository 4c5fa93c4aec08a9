"""Copy a whole bank from one store into another, any backend to any backend, and verify it.

Tables are discovered from the target's own (migrated) schema, not listed here: every table
the migrations made is copied, row by row with its ids, parents before children (by their
foreign keys), in one write transaction on the target. The target must be empty. Afterwards
each table's row count and checksum (sha256 over its normalised rows in a fixed order) must
be equal on both sides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tiltaksbanken.domain.errors import StoreError
from tiltaksbanken.store.base import SQL, Store

# Bookkeeping every migrated store has rows in from the start: not part of "empty".
_BOOKKEEPING = ("schema_migrations", "store_changes")
MAX_PARAMS = 900  # values per INSERT: below every backend's limit


class TargetNotEmpty(StoreError):
    """The target store already holds data: copying or restoring into it would mix banks."""


@dataclass(frozen=True)
class TableCopy:
    """What one table looks like on both sides after a copy."""

    table: str
    rows: int
    checksum: str


def _is_postgres(store: Store) -> bool:
    return type(store).__name__ == "PostgresStore"


def tables(store: Store) -> list[str]:
    """The store's tables (its own schema only), parents before the tables that refer to them."""
    with store.reading() as sql:
        if _is_postgres(store):
            names = [r[0] for r in sql.rows(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")]
            edges = sql.rows(
                "SELECT tc.table_name, ccu.table_name FROM information_schema.table_constraints tc"
                " JOIN information_schema.constraint_column_usage ccu"
                " ON tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema"
                " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()")
        else:
            names = [r[0] for r in sql.rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            edges = [(n, r[0]) for n in names
                     for r in sql.rows("SELECT \"table\" FROM pragma_foreign_key_list(?)", (n,))]
    parents: dict[str, set[str]] = {n: set() for n in names}
    for child, parent in edges:
        if child in parents and parent != child:
            parents[child].add(parent)
    ordered: list[str] = []
    pending = sorted(names)
    while pending:
        ready = [n for n in pending if parents[n] <= set(ordered)] or pending[:1]
        ordered.append(ready[0])
        pending.remove(ready[0])
    return ordered


def columns(store: Store, table: str) -> list[str]:
    """The table's columns, in their declared order."""
    with store.reading() as sql:
        if _is_postgres(store):
            return [r[0] for r in sql.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                " current_schema() AND table_name = ? ORDER BY ordinal_position", (table,))]
        return [r[0] for r in sql.rows("SELECT name FROM pragma_table_info(?)", (table,))]


def _normalised(value: Any) -> tuple[str, Any]:
    if value is None:
        return ("n", "")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return ("b", bytes(value).hex())
    if isinstance(value, bool):
        return ("i", int(value))
    if isinstance(value, int):
        return ("i", value)
    if isinstance(value, float):
        return ("f", repr(value))
    return ("t", str(value))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select(table: str, cols: Sequence[str]) -> str:
    return f"SELECT {', '.join(map(_quoted, cols))} FROM {_quoted(table)}"


def table_summary(store: Store, table: str, cols: Sequence[str] | None = None) -> TableCopy:
    """The table's row count and checksum: sha256 over its normalised rows in sorted order
    (the same on every backend, whatever its collation)."""
    cols = list(cols or columns(store, table))
    with store.reading() as sql:
        rows = sorted(tuple(_normalised(v) for v in row) for row in sql.rows(_select(table, cols)))
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row).encode("utf-8"))
        digest.update(b"\n")
    return TableCopy(table, len(rows), digest.hexdigest())


def occupied_tables(store: Store) -> list[str]:
    """The tables (bookkeeping aside) that hold rows; empty for an empty store."""
    found = []
    with store.reading() as sql:
        for table in tables(store):
            if table not in _BOOKKEEPING and sql.row(f"SELECT 1 FROM {_quoted(table)} LIMIT 1"):
                found.append(table)
    return found


def _reset_identity(sql: SQL, table: str) -> None:
    """After explicit ids, PostgreSQL's identity sequence must continue above them."""
    if sql.row("SELECT pg_get_serial_sequence(?, 'id')", (table,)) in (None, (None,)):
        return
    sql.row(f"SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT max(id) FROM {_quoted(table)}))",
            (table,))


def _insert(sql: SQL, table: str, cols: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` as multi-row INSERTs of at most ``MAX_PARAMS`` values each."""
    per = max(1, MAX_PARAMS // max(1, len(cols)))
    one = f"({', '.join('?' for _ in cols)})"
    head = f"INSERT INTO {_quoted(table)} ({', '.join(map(_quoted, cols))}) VALUES "
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        sql.run(head + ", ".join(one for _ in chunk),
                [bytes(v) if isinstance(v, memoryview) else v for row in chunk for v in row])


def copy_store(source: Store, target: Store) -> list[TableCopy]:
    """Copy every table of ``source`` into the empty ``target`` in one transaction, then
    verify counts and checksums per table. ``TargetNotEmpty`` if the target has data (it is
    left unchanged); ``StoreError`` if a table differs after the copy."""
    occupied = occupied_tables(target)
    if occupied:
        raise TargetNotEmpty(f"målet er ikke tomt (har rader i {', '.join(occupied)})")
    names = [t for t in tables(target) if t != "schema_migrations"]
    missing = sorted(set(tables(source)) - set(names) - {"schema_migrations"})
    if missing:
        raise StoreError(f"målet mangler tabeller: {', '.join(missing)}")
    shared = {t: [c for c in columns(target, t) if c in set(columns(source, t))] for t in names}
    with target.writing(bump=False) as out:
        out.run("DELETE FROM store_changes")
        for table in names:
            cols = shared[table]
            with source.reading() as sql:
                rows = sql.rows(_select(table, cols))
            _insert(out, table, cols, rows)
            if _is_postgres(target) and "id" in cols:
                _reset_identity(out, table)
    return verify(source, target, {t: shared[t] for t in names})


def verify(source: Store, target: Store, shared: dict[str, list[str]]) -> list[TableCopy]:
    """Each table's count and checksum on the target; ``StoreError`` if one differs."""
    result = []
    for table, cols in shared.items():
        there, here = table_summary(source, table, cols), table_summary(target, table, cols)
        if there != here:
            raise StoreError(f"kopien av {table} avviker: {there.rows} rader i kilden,"
                             f" {here.rows} i målet")
        result.append(here)
    return result
