"""The store interface every backend implements (SQLite now, PostgreSQL later).

Ingesting a source is one call, ``replace_source``, that runs in one
transaction: the source's earlier records and lines are replaced or nothing
changes at all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol, TypedDict

from tiltaksbanken.domain.accounts import User
from tiltaksbanken.domain.errors import NameTaken, NotFound, StoreBusy, StoreError
from tiltaksbanken.domain.records import Record

IngestStatus = Literal["added", "replaced", "unchanged"]
SourceState = Literal["new", "changed", "unchanged"]

__all__ = ["SQL", "AuditEntry", "IndexEntry", "Indexer", "IngestOutcome", "IngestStatus", "NameTaken", "NotFound", "SourceInfo",
           "SourceRow", "SourceState", "Store", "StoreBusy", "StoreError"]


class SQL(Protocol):
    """Portable SQL for the feature modules of the store (reports, grants, links …).

    Statements use ``?`` placeholders and the SQL that SQLite and PostgreSQL share:
    ``id INTEGER PRIMARY KEY`` (an identity column on PostgreSQL), TEXT/INTEGER/REAL/BLOB,
    timestamps as ISO text given from Python, booleans as 0/1, ``ON CONFLICT … DO``
    instead of ``INSERT OR …``, ``RETURNING id`` instead of ``lastrowid``.
    """

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row the statement gives."""

    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row the statement gives, or None."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; how many rows it changed."""

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an ``INSERT … RETURNING id``; the new row's id."""


@dataclass(frozen=True)
class SourceInfo:
    name: str  # as records cite it: the basename, with its folder when another file has it
    path: str  # resolved path, identifies the source
    sha256: str
    reader: str
    encoding: str | None
    line_count: int
    ocr_repaired: bool = False
    format: str = "text"  # the original file's format: text, csv, xlsx, pdf, pdf-scan, docx …
    title: str | None = None  # the document's own title (metadata, else its first heading)
    date: str | None = None  # the date the document states or its metadata gives
    language: str | None = None  # as the file declares it (``nb``, ``sv``), if it does
    pages: int = 0  # pages of a paged original (PDF, scan)


class SourceRow(TypedDict):
    """A stored source as ``Store.sources``/``Store.source`` give it."""

    name: str
    path: str
    sha256: str
    reader: str
    encoding: str | None
    lines: int
    ingested_at: str
    ocr_repaired: bool
    records: int
    format: str
    title: str | None
    date: str | None
    language: str | None
    pages: int


@dataclass
class IndexEntry:
    """What the search index keeps of one record (see ``tiltaksbanken.search.index``)."""

    record_id: str
    data: dict[str, Any]  # analysed terms per field, facet values, themes
    vectors: list[tuple[str, bytes]]  # (field, float32 vector) per passage


Indexer = Callable[[list[Record]], list[IndexEntry]]
"""Makes the search index entries of records (``tiltaksbanken.search.index_records``)."""


class AuditEntry(TypedDict):
    """One line of the audit log: who did what, when."""

    at: str
    actor: str
    action: str
    detail: str


@dataclass(frozen=True)
class IngestOutcome:
    status: IngestStatus
    records: int


class Store(ABC):
    """Where records, their sources and the sources' lines live."""

    @abstractmethod
    def source_state(self, path: str, sha256: str) -> SourceState:
        """``new`` (never seen), ``changed`` (path or content known, differs) or ``unchanged``."""

    @abstractmethod
    def replace_source(
        self,
        source: SourceInfo,
        lines: list[str],
        records: list[Record],
        repaired_lines: list[str] | None = None,
        index: list[IndexEntry] | None = None,
        locators: list[str | None] | None = None,
    ) -> IngestOutcome:
        """Store a source with its lines (as written, and OCR-repaired if it was), where in
        the original file each line came from (``locators``, e.g. ``page 3``), records and
        their search index, replacing what it had, atomically. The name is checked inside
        the write transaction (and backed by a unique constraint): if another source (other
        path, other content) has it, nothing is written and ``NameTaken`` is raised."""

    @abstractmethod
    def records_without_index(self, limit: int = 500) -> list[Record]:
        """Up to ``limit`` records that have no search index entry yet."""

    @abstractmethod
    def put_index(self, entries: list[IndexEntry]) -> None:
        """Store (or replace) the index entries of records already in the store."""

    @abstractmethod
    def index_entries(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(record id, index data) of every indexed record."""

    @abstractmethod
    def index_vectors(self) -> Iterator[tuple[str, str, bytes]]:
        """(record id, field, vector) of every indexed passage."""

    @abstractmethod
    def version(self) -> str:
        """Changes whenever any source is added, replaced or removed (for caches)."""

    @abstractmethod
    def records(
        self,
        kind: str | None = None,
        file: str | None = None,
        ids: Sequence[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        """Records in source and reading order, of one kind, one source file and/or some ids,
        ``limit`` of them from ``offset`` (the backend does the filtering)."""

    @abstractmethod
    def count(self, kind: str | None = None, file: str | None = None) -> int:
        """How many records ``records(kind=, file=)`` would give."""

    @abstractmethod
    def get(self, record_id: str) -> Record | None:
        """The record ``record_id``, or None."""

    def record(self, record_id: str) -> Record:
        """The record ``record_id``; ``NotFound`` if there is none."""
        found = self.get(record_id)
        if found is None:
            raise NotFound(f"ingen post med id {record_id!r}")
        return found

    def get_many(self, record_ids: list[str]) -> dict[str, Record]:
        """Records by id (those that exist)."""
        return {r.id: r for r in self.records(ids=record_ids)}

    @abstractmethod
    def source_lines(
        self, name: str, first: int = 1, last: int | None = None, repaired: bool = False
    ) -> list[str]:
        """Lines ``first..last`` (1-based, inclusive) of the source named ``name``, as written
        or (``repaired``) as the OCR repair left them."""

    @abstractmethod
    def source_locators(self, name: str, first: int = 1,
                        last: int | None = None) -> list[str | None]:
        """Where lines ``first..last`` of the source ``name`` came from in the original file
        (``page 3``, ``paragraph 12``; None for a text file's lines)."""

    @abstractmethod
    def sources(self) -> list[SourceRow]:
        """Every source, by name."""

    @abstractmethod
    def source(self, name: str) -> SourceRow | None:
        """The source named ``name`` (as records cite it), or None."""

    # ------------------------------------------------------------ portable SQL
    # Feature modules (store/reports.py, store/grants.py …) are written once against
    # these two and so run on every backend.

    @abstractmethod
    def reading(self) -> AbstractContextManager[SQL]:
        """Portable SQL for reads (no transaction is held open)."""

    @abstractmethod
    def writing(self, bump: bool = True) -> AbstractContextManager[SQL]:
        """Portable SQL in one write transaction: all of it is written or none. ``bump``
        (the default) bumps ``version``, so caches and indexes of pages see the change;
        writes that change no page (accounts, audit) pass False."""

    # ------------------------------------------------------------ accounts
    # Account writes do not change ``version``: they change no page a cache keeps.

    @abstractmethod
    def add_user(self, username: str, display_name: str, role: str,
                 offices: tuple[str, ...] = (), counties: tuple[str, ...] = ()) -> User:
        """A new account without a password; ``AccountError`` if the username is taken."""

    @abstractmethod
    def user(self, user_id: int) -> User | None:
        """The account ``user_id`` (with its password hash), or None."""

    @abstractmethod
    def user_named(self, username: str) -> User | None:
        """The account with ``username`` (case-insensitive), or None."""

    @abstractmethod
    def users(self) -> list[User]:
        """Every account, by username."""

    @abstractmethod
    def update_user(self, user_id: int, *, role: str | None = None,
                    offices: tuple[str, ...] | None = None,
                    counties: tuple[str, ...] | None = None,
                    disabled: bool | None = None) -> User:
        """The account with what is given changed; ``NotFound`` if there is none. Disabling
        an account also voids its open invitations."""

    @abstractmethod
    def add_invitation(self, user_id: int, token_hash: str, expires_at: datetime) -> None:
        """A one-time invitation for ``user_id``, known by its token's hash."""

    @abstractmethod
    def invitation(self, token_hash: str, now: datetime) -> User | None:
        """The account an unused, unexpired invitation is for (None if none, or disabled)."""

    @abstractmethod
    def accept_invitation(self, token_hash: str, password_hash: str,
                          now: datetime) -> User | None:
        """Use the invitation once: set the account's password and mark the invitation used,
        atomically; None (nothing changed) if it is used, expired, unknown or disabled."""

    @abstractmethod
    def add_login_attempt(self, username: str, address: str, ok: bool, at: datetime) -> None:
        """Remember a login attempt for the rate limit."""

    @abstractmethod
    def failed_logins(self, username: str, address: str, since: datetime) -> tuple[int, int]:
        """Failed login attempts since ``since``: (for the account, from the address)."""

    @abstractmethod
    def audit(self, actor: str, action: str, detail: str = "",
              at: datetime | None = None) -> None:
        """Add a line to the audit log."""

    @abstractmethod
    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        """The newest ``limit`` lines of the audit log, newest first."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
