"""The embedded default store: SQLite, one file, schema migrations from ``migrations/``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from tiltaksbanken.domain.records import Record
from tiltaksbanken.store.base import IndexEntry, IngestOutcome, SourceInfo, Store


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("tiltaksbanken.store").joinpath("migrations")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text("utf-8")))
    return sorted(out)


class SQLiteStore(Store):
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, sql in _migrations():
            if number > version:
                self.db.execute("BEGIN")
                try:
                    for statement in sql.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {number}")
                    self.db.execute("COMMIT")
                except Exception:
                    self.db.execute("ROLLBACK")
                    raise

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def source_state(self, path: str, sha256: str) -> str:
        row = self.db.execute("SELECT sha256 FROM sources WHERE path = ?", (path,)).fetchone()
        if row is None:
            return "new"
        return "unchanged" if row[0] == sha256 else "changed"

    def replace_source(
        self,
        source: SourceInfo,
        lines: list[str],
        records: list[Record],
        repaired_lines: list[str] | None = None,
        index: list[IndexEntry] | None = None,
    ) -> IngestOutcome:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
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
                " ocr_repaired) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    source.name,
                    source.path,
                    source.sha256,
                    source.reader,
                    source.encoding,
                    len(lines),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    int(repaired_lines is not None),
                ),
            )
            source_id = cur.lastrowid
            fixed = repaired_lines or [None] * len(lines)
            db.executemany(
                "INSERT INTO source_lines (source_id, line_no, text, repaired) VALUES (?, ?, ?, ?)",
                ((source_id, i, text, fix) for i, (text, fix) in enumerate(zip(lines, fixed, strict=True), 1)),
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
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return IngestOutcome("replaced" if old else "added", len(records))

    def records_without_index(self, limit: int = 500) -> list[Record]:
        rows = self.db.execute(
            self._SELECT + " WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.record_id = r.id)"
            " ORDER BY s.name, r.ordinal LIMIT ?", (limit,)).fetchall()
        return [self._record(row) for row in rows]

    def put_index(self, entries: list[IndexEntry]) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for entry in entries:
                row = db.execute("SELECT source_id FROM records WHERE id = ?", (entry.record_id,)).fetchone()
                if row is None:
                    continue  # the record was replaced meanwhile
                db.execute("DELETE FROM search_vectors WHERE record_id = ?", (entry.record_id,))
                db.execute("INSERT OR REPLACE INTO search_docs (record_id, source_id, data) VALUES (?, ?, ?)",
                           (entry.record_id, row[0], json.dumps(entry.data, ensure_ascii=False)))
                db.executemany(
                    "INSERT INTO search_vectors (record_id, source_id, chunk, field, vector) VALUES (?, ?, ?, ?, ?)",
                    ((entry.record_id, row[0], k, f, v) for k, (f, v) in enumerate(entry.vectors)))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def index_entries(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for record_id, data in self.db.execute("SELECT record_id, data FROM search_docs"):
            yield record_id, json.loads(data)

    def index_vectors(self) -> Iterator[tuple[str, str, bytes]]:
        yield from self.db.execute(
            "SELECT record_id, field, vector FROM search_vectors ORDER BY record_id, chunk"
        )

    def version(self) -> str:
        row = self.db.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(ingested_at), '') FROM sources"
        ).fetchone()
        return ":".join(str(v) for v in row)

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

    def records(self, kind: str | None = None) -> Iterator[Record]:
        sql, args = self._SELECT, ()
        if kind:
            sql, args = sql + " WHERE r.kind = ?", (kind,)
        for row in self.db.execute(sql + " ORDER BY s.name, r.ordinal", args):
            yield self._record(row)

    def get(self, record_id: str) -> Record | None:
        row = self.db.execute(self._SELECT + " WHERE r.id = ?", (record_id,)).fetchone()
        return self._record(row) if row else None

    def get_many(self, record_ids: list[str]) -> dict[str, Record]:
        out: dict[str, Record] = {}
        for i in range(0, len(record_ids), 500):
            part = record_ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for row in self.db.execute(self._SELECT + f" WHERE r.id IN ({marks})", part):
                record = self._record(row)
                out[record.id] = record
        return out

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

    def sources(self) -> list[dict[str, Any]]:
        cur = self.db.execute(
            "SELECT s.name, s.path, s.sha256, s.reader, s.encoding, s.line_count, s.ingested_at,"
            " s.ocr_repaired, (SELECT COUNT(*) FROM records r WHERE r.source_id = s.id)"
            " FROM sources s ORDER BY s.name"
        )
        keys = ("name", "path", "sha256", "reader", "encoding", "lines", "ingested_at",
                "ocr_repaired", "records")
        return [{**dict(zip(keys, row, strict=True)), "ocr_repaired": bool(row[7])} for row in cur]

    def close(self) -> None:
        self.db.close()
