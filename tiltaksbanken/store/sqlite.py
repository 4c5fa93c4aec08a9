"""The embedded default store: SQLite, one file, named migrations from ``migrations/``.

Each thread gets its own connection (as a pool would give one per request); a write is
one transaction; every write bumps a change counter that ``version`` reports. Driver
errors never leave the store: a busy database becomes ``StoreBusy``, anything else
``StoreError``.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from tiltaksbanken.domain.accounts import AccountError, User
from tiltaksbanken.domain.errors import NameTaken, NotFound, StoreBusy, StoreError
from tiltaksbanken.domain.records import Record
from tiltaksbanken.store.base import (
    SQL,
    AuditEntry,
    IndexEntry,
    IngestOutcome,
    SourceInfo,
    SourceRow,
    SourceState,
    Store,
)

BUSY_TIMEOUT_MS = 10_000
BUSY_TIMEOUT_ENV = "TILTAKSBANKEN_BUSY_TIMEOUT_MS"  # how long a writer waits for another's lock


def busy_timeout_ms() -> int:
    """How long a connection waits for another writer's lock before the store is «busy»."""
    try:
        return max(0, int(os.environ.get(BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS
_F = TypeVar("_F", bound=Callable[..., Any])


def migrations() -> list[tuple[str, str]]:
    """(name, SQL script) of every migration, in the order they apply."""
    folder = resources.files("tiltaksbanken.store").joinpath("migrations")
    found = [(e.name.removesuffix(".sql"), e.read_text("utf-8"))
             for e in folder.iterdir() if e.name.endswith(".sql")]
    return sorted(found)


def _store_error(exc: sqlite3.Error) -> StoreError:
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return StoreBusy(f"lageret er opptatt av en annen skriver: {exc}")
    if isinstance(exc, sqlite3.IntegrityError) and "sources.name" in str(exc):
        return NameTaken(f"en annen kilde har allerede dette navnet: {exc}")
    return StoreError(f"lageret svarte med en feil: {exc}")


def _translated(method: _F) -> _F:
    """``method`` (or generator method) with sqlite3 errors raised as the store's own."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def generator(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from method(*args, **kwargs)
            except sqlite3.Error as exc:
                raise _store_error(exc) from exc
        return generator  # type: ignore[return-value]

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc
    return wrapper  # type: ignore[return-value]


class _SQLiteSQL:
    """The portable ``SQL`` of the store interface over one sqlite3 connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        try:
            return self._db.execute(sql, tuple(params)).fetchone()
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self._db.execute(sql, tuple(params)).rowcount
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        found = self.row(sql, params)
        if found is None:
            raise StoreError("an INSERT … RETURNING id gave no row")
        return int(found[0])


class SQLiteStore(Store):
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._memory = self.path == ":memory:"
        if not self._memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            self._migrate()
        except sqlite3.Error as exc:
            self.close()
            raise _store_error(exc) from exc

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (an in-memory store has one, shared)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._memory and self._connections:
                    conn = self._connections[0]
                else:
                    conn = sqlite3.connect(self.path, isolation_level=None,
                                           check_same_thread=False)
                    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
                    conn.execute("PRAGMA foreign_keys = ON")
                    if not self._memory:
                        conn.execute("PRAGMA journal_mode = WAL")
                    self._connections.append(conn)
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self, bump: bool = True) -> Iterator[sqlite3.Connection]:
        """A unit of work: everything in it is written, with the change counter bumped
        (unless ``bump`` is false: account writes change no page), or nothing is."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            if bump:
                db.execute("UPDATE store_changes SET counter = counter + 1 WHERE id = 1")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    @contextmanager
    def reading(self) -> Iterator[SQL]:
        yield _SQLiteSQL(self.db)

    @contextmanager
    def writing(self, bump: bool = True) -> Iterator[SQL]:
        try:
            with self.transaction(bump=bump) as db:
                yield _SQLiteSQL(db)
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def _migrate(self) -> None:
        db = self.db
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations"
                   " (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
        legacy = db.execute("PRAGMA user_version").fetchone()[0]  # stores made before names
        for name, sql in migrations():
            if name in applied:
                continue
            now = datetime.now(UTC).isoformat(timespec="seconds")
            if int(name.split("_", 1)[0]) <= legacy:
                db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, now))
                continue
            try:
                # executescript commits first and splits statements as SQLite parses them.
                db.executescript(f"BEGIN;\n{sql}\n;INSERT INTO schema_migrations VALUES"
                                 f" ('{name}', '{now}');\nCOMMIT;")
            except sqlite3.Error:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    @property
    def applied_migrations(self) -> list[str]:
        """Names of the migrations this store has had, in order."""
        return [r[0] for r in self.db.execute("SELECT name FROM schema_migrations ORDER BY name")]

    @_translated
    def source_state(self, path: str, sha256: str) -> SourceState:
        row = self.db.execute("SELECT sha256 FROM sources WHERE path = ?", (path,)).fetchone()
        if row is None:
            return "new"
        return "unchanged" if row[0] == sha256 else "changed"

    @_translated
    def replace_source(
        self,
        source: SourceInfo,
        lines: list[str],
        records: list[Record],
        repaired_lines: list[str] | None = None,
        index: list[IndexEntry] | None = None,
        locators: list[str | None] | None = None,
    ) -> IngestOutcome:
        if locators is not None and len(locators) != len(lines):
            raise ValueError("every line needs its locator")
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM sources WHERE name = ? AND path <> ? AND sha256 <> ?",
                          (source.name, source.path, source.sha256)).fetchone():
                raise NameTaken(f"en annen kilde har allerede navnet {source.name!r}")
            old = db.execute(
                "SELECT id FROM sources WHERE path = ? OR (sha256 = ? AND name = ?)",
                (source.path, source.sha256, source.name),
            ).fetchall()
            for (old_id,) in old:
                db.execute("DELETE FROM search_vectors WHERE source_id = ?", (old_id,))
                db.execute("DELETE FROM search_docs WHERE source_id = ?", (old_id,))
                db.execute("DELETE FROM records WHERE source_id = ?", (old_id,))
                db.execute("DELETE FROM source_lines WHERE source_id = ?", (old_id,))
                db.execute("DELETE FROM sources WHERE id = ?", (old_id,))
            cur = db.execute(
                "INSERT INTO sources (name, path, sha256, reader, encoding, line_count, ingested_at,"
                " ocr_repaired, format, title, date, language, pages)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    source.name,
                    source.path,
                    source.sha256,
                    source.reader,
                    source.encoding,
                    len(lines),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    int(repaired_lines is not None),
                    source.format,
                    source.title,
                    source.date,
                    source.language,
                    source.pages,
                ),
            )
            source_id = cur.fetchone()[0]
            fixed = repaired_lines or [None] * len(lines)
            where = locators or [None] * len(lines)
            db.executemany(
                "INSERT INTO source_lines (source_id, line_no, text, repaired, locator)"
                " VALUES (?, ?, ?, ?, ?)",
                ((source_id, i, text, fix, loc) for i, (text, fix, loc)
                 in enumerate(zip(lines, fixed, where, strict=True), 1)),
            )
            db.executemany(
                "INSERT INTO records (id, source_id, ordinal, kind, title, fields, field_sources,"
                " lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        r.id,
                        source_id,
                        r.ordinal,
                        r.kind,
                        r.title,
                        json.dumps(r.fields, ensure_ascii=False),
                        json.dumps(r.field_sources),
                        json.dumps(r.lines),
                    )
                    for r in records
                ),
            )
            for entry in index or []:
                db.execute(
                    "INSERT INTO search_docs (record_id, source_id, data) VALUES (?, ?, ?)",
                    (entry.record_id, source_id, json.dumps(entry.data, ensure_ascii=False)),
                )
                db.executemany(
                    "INSERT INTO search_vectors (record_id, source_id, chunk, field, vector)"
                    " VALUES (?, ?, ?, ?, ?)",
                    ((entry.record_id, source_id, k, f, v) for k, (f, v) in enumerate(entry.vectors)),
                )
        return IngestOutcome("replaced" if old else "added", len(records))

    @_translated
    def records_without_index(self, limit: int = 500) -> list[Record]:
        rows = self.db.execute(
            self._SELECT + " WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.record_id = r.id)"
            " ORDER BY s.name, r.ordinal LIMIT ?", (limit,)).fetchall()
        return [self._record(row) for row in rows]

    @_translated
    def put_index(self, entries: list[IndexEntry]) -> None:
        with self.transaction() as db:
            for entry in entries:
                row = db.execute("SELECT source_id FROM records WHERE id = ?", (entry.record_id,)).fetchone()
                if row is None:
                    continue  # the record was replaced meanwhile
                db.execute("DELETE FROM search_vectors WHERE record_id = ?", (entry.record_id,))
                db.execute("INSERT INTO search_docs (record_id, source_id, data) VALUES (?, ?, ?)"
                           " ON CONFLICT (record_id) DO UPDATE SET source_id = excluded.source_id,"
                           " data = excluded.data",
                           (entry.record_id, row[0], json.dumps(entry.data, ensure_ascii=False)))
                db.executemany(
                    "INSERT INTO search_vectors (record_id, source_id, chunk, field, vector) VALUES (?, ?, ?, ?, ?)",
                    ((entry.record_id, row[0], k, f, v) for k, (f, v) in enumerate(entry.vectors)))

    @_translated
    def index_entries(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for record_id, data in self.db.execute("SELECT record_id, data FROM search_docs"):
            yield record_id, json.loads(data)

    @_translated
    def index_vectors(self) -> Iterator[tuple[str, str, bytes]]:
        yield from self.db.execute(
            "SELECT record_id, field, vector FROM search_vectors ORDER BY record_id, chunk"
        )

    @_translated
    def version(self) -> str:
        row = self.db.execute("SELECT counter FROM store_changes WHERE id = 1").fetchone()
        return str(row[0])

    _NO_LIMIT: int | None = -1  # what ``LIMIT ?`` takes for "no limit"

    _SELECT = (
        "SELECT r.id, r.ordinal, r.kind, r.title, r.fields, r.field_sources, r.lines, s.name"
        " FROM records r JOIN sources s ON s.id = r.source_id"
    )

    @staticmethod
    def _record(row: tuple[Any, ...]) -> Record:
        rid, ordinal, kind, title, fields, field_sources, lines, name = row
        return Record(
            id=rid,
            ordinal=ordinal,
            kind=kind,
            title=title,
            fields=json.loads(fields),
            file=name,
            field_sources={k: [tuple(r) for r in v] for k, v in json.loads(field_sources).items()},
            lines=[tuple(r) for r in json.loads(lines)],
        )

    @staticmethod
    def _ids_clause(ids: Sequence[str]) -> tuple[str, Any]:
        return "r.id IN (SELECT value FROM json_each(?))", json.dumps(list(ids))

    @classmethod
    def _where(cls, kind: str | None, file: str | None,
               ids: Sequence[str] | None = None) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if kind:
            clauses.append("r.kind = ?")
            args.append(kind)
        if file is not None:
            clauses.append("s.name = ?")
            args.append(file)
        if ids is not None:
            clause, arg = cls._ids_clause(ids)
            clauses.append(clause)
            args.append(arg)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args

    @_translated
    def records(
        self,
        kind: str | None = None,
        file: str | None = None,
        ids: Sequence[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        where, args = self._where(kind, file, ids)
        sql = self._SELECT + where + " ORDER BY s.name, r.ordinal LIMIT ? OFFSET ?"
        rows = self.db.execute(sql, [*args, self._NO_LIMIT if limit is None else limit, offset])
        return [self._record(row) for row in rows]

    @_translated
    def count(self, kind: str | None = None, file: str | None = None) -> int:
        where, args = self._where(kind, file)
        sql = "SELECT COUNT(*) FROM records r JOIN sources s ON s.id = r.source_id" + where
        return self.db.execute(sql, args).fetchone()[0]

    @_translated
    def get(self, record_id: str) -> Record | None:
        row = self.db.execute(self._SELECT + " WHERE r.id = ?", (record_id,)).fetchone()
        return self._record(row) if row else None

    @_translated
    def source_lines(
        self, name: str, first: int = 1, last: int | None = None, repaired: bool = False
    ) -> list[str]:
        column = "COALESCE(l.repaired, l.text)" if repaired else "l.text"
        rows = self.db.execute(
            f"SELECT {column} FROM source_lines l JOIN sources s ON s.id = l.source_id"
            " WHERE s.name = ? AND l.line_no >= ? AND l.line_no <= ? ORDER BY l.line_no",
            (name, first, last if last is not None else 2**62),
        ).fetchall()
        return [r[0] for r in rows]

    @_translated
    def source_locators(self, name: str, first: int = 1,
                        last: int | None = None) -> list[str | None]:
        rows = self.db.execute(
            "SELECT l.locator FROM source_lines l JOIN sources s ON s.id = l.source_id"
            " WHERE s.name = ? AND l.line_no >= ? AND l.line_no <= ? ORDER BY l.line_no",
            (name, first, last if last is not None else 2**62),
        ).fetchall()
        return [r[0] for r in rows]

    _SOURCE = (
        "SELECT s.name, s.path, s.sha256, s.reader, s.encoding, s.line_count, s.ingested_at,"
        " s.ocr_repaired, (SELECT COUNT(*) FROM records r WHERE r.source_id = s.id),"
        " s.format, s.title, s.date, s.language, s.pages"
        " FROM sources s"
    )

    @staticmethod
    def _source(row: tuple[Any, ...]) -> SourceRow:
        (name, path, sha256, reader, encoding, lines, ingested_at, ocr_repaired, records,
         fmt, title, date, language, pages) = row
        return SourceRow(name=name, path=path, sha256=sha256, reader=reader, encoding=encoding,
                         lines=lines, ingested_at=ingested_at, ocr_repaired=bool(ocr_repaired),
                         records=records, format=fmt, title=title, date=date,
                         language=language, pages=pages)

    @_translated
    def sources(self) -> list[SourceRow]:
        return [self._source(row) for row in self.db.execute(self._SOURCE + " ORDER BY s.name")]

    @_translated
    def source(self, name: str) -> SourceRow | None:
        row = self.db.execute(self._SOURCE + " WHERE s.name = ? ORDER BY s.id LIMIT 1",
                              (name,)).fetchone()
        return self._source(row) if row else None

    # ------------------------------------------------------------ accounts

    _USER = ("SELECT id, username, display_name, role, offices, counties, disabled, created_at,"
             " password_hash FROM users")

    @staticmethod
    def _user(row: tuple[Any, ...] | None) -> User | None:
        if row is None:
            return None
        uid, username, name, role, offices, counties, disabled, created, pw = row
        return User(id=uid, username=username, display_name=name, role=role,
                    offices=tuple(json.loads(offices)), counties=tuple(json.loads(counties)),
                    disabled=bool(disabled), created_at=created, has_password=pw is not None,
                    password_hash=pw)

    @staticmethod
    def _at(when: datetime) -> str:
        return when.astimezone(UTC).isoformat(timespec="seconds")

    @_translated
    def add_user(self, username: str, display_name: str, role: str,
                 offices: tuple[str, ...] = (), counties: tuple[str, ...] = ()) -> User:
        try:
            with self.transaction(bump=False) as db:
                cur = db.execute(
                    "INSERT INTO users (username, display_name, role, offices, counties,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (username, display_name, role, json.dumps(list(offices), ensure_ascii=False),
                     json.dumps(list(counties), ensure_ascii=False),
                     self._at(datetime.now(UTC))))
                user_id = cur.fetchone()[0]
        except sqlite3.IntegrityError as exc:
            raise AccountError(f"brukernavnet {username!r} er allerede i bruk") from exc
        found = self.user(int(user_id or 0))
        assert found is not None
        return found

    @_translated
    def user(self, user_id: int) -> User | None:
        return self._user(self.db.execute(self._USER + " WHERE id = ?", (user_id,)).fetchone())

    @_translated
    def user_named(self, username: str) -> User | None:
        return self._user(self.db.execute(self._USER + " WHERE lower(username) = lower(?)",
                                          (username.strip(),)).fetchone())

    @_translated
    def users(self) -> list[User]:
        rows = self.db.execute(self._USER + " ORDER BY username").fetchall()
        return [u for u in map(self._user, rows) if u is not None]

    @_translated
    def update_user(self, user_id: int, *, role: str | None = None,
                    offices: tuple[str, ...] | None = None,
                    counties: tuple[str, ...] | None = None,
                    disabled: bool | None = None) -> User:
        changes: dict[str, Any] = {}
        if role is not None:
            changes["role"] = role
        if offices is not None:
            changes["offices"] = json.dumps(list(offices), ensure_ascii=False)
        if counties is not None:
            changes["counties"] = json.dumps(list(counties), ensure_ascii=False)
        if disabled is not None:
            changes["disabled"] = int(disabled)
        with self.transaction(bump=False) as db:
            if db.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
                raise NotFound(f"ingen bruker med id {user_id}")
            if changes:
                sets = ", ".join(f"{k} = ?" for k in changes)
                db.execute(f"UPDATE users SET {sets} WHERE id = ?", (*changes.values(), user_id))
            if disabled:
                db.execute("DELETE FROM invitations WHERE user_id = ? AND used_at IS NULL",
                           (user_id,))
        found = self.user(user_id)
        assert found is not None
        return found

    @_translated
    def add_invitation(self, user_id: int, token_hash: str, expires_at: datetime) -> None:
        with self.transaction(bump=False) as db:
            db.execute("INSERT INTO invitations (token_hash, user_id, created_at, expires_at)"
                       " VALUES (?, ?, ?, ?)",
                       (token_hash, user_id, self._at(datetime.now(UTC)), self._at(expires_at)))

    _VALID_INVITATION = (" FROM invitations i JOIN users u ON u.id = i.user_id"
                         " WHERE i.token_hash = ? AND i.used_at IS NULL AND i.expires_at > ?"
                         " AND u.disabled = 0")

    @_translated
    def invitation(self, token_hash: str, now: datetime) -> User | None:
        row = self.db.execute("SELECT u.id" + self._VALID_INVITATION,
                              (token_hash, self._at(now))).fetchone()
        return self.user(row[0]) if row else None

    @_translated
    def accept_invitation(self, token_hash: str, password_hash: str,
                          now: datetime) -> User | None:
        with self.transaction(bump=False) as db:
            row = db.execute("SELECT u.id" + self._VALID_INVITATION,
                             (token_hash, self._at(now))).fetchone()
            if row is None:
                return None
            db.execute("UPDATE invitations SET used_at = ? WHERE token_hash = ?",
                       (self._at(now), token_hash))
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, row[0]))
        return self.user(row[0])

    @_translated
    def add_login_attempt(self, username: str, address: str, ok: bool, at: datetime) -> None:
        with self.transaction(bump=False) as db:
            db.execute("INSERT INTO login_attempts (username, address, at, ok) VALUES (?, ?, ?, ?)",
                       (username.strip(), address, self._at(at), int(ok)))

    @_translated
    def failed_logins(self, username: str, address: str, since: datetime) -> tuple[int, int]:
        at = self._at(since)
        by_user = self.db.execute("SELECT COUNT(*) FROM login_attempts WHERE lower(username) = lower(?)"
                                  " AND at >= ? AND ok = 0", (username.strip(), at)).fetchone()[0]
        by_address = self.db.execute("SELECT COUNT(*) FROM login_attempts WHERE address = ?"
                                     " AND at >= ? AND ok = 0", (address, at)).fetchone()[0]
        return by_user, by_address

    @_translated
    def audit(self, actor: str, action: str, detail: str = "",
              at: datetime | None = None) -> None:
        with self.transaction(bump=False) as db:
            db.execute("INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                       (self._at(at or datetime.now(UTC)), actor, action, detail))

    @_translated
    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        rows = self.db.execute("SELECT at, actor, action, detail FROM audit_log"
                               " ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [AuditEntry(at=a, actor=b, action=c, detail=d) for a, b, c, d in rows]

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
