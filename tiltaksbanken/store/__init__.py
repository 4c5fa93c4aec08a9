"""Stores: where records live. ``open_store`` picks the backend from a path or URL."""

from __future__ import annotations

import os
from pathlib import Path

from tiltaksbanken.store.base import (
    IngestOutcome,
    IngestStatus,
    NotFound,
    SourceInfo,
    SourceRow,
    SourceState,
    Store,
    StoreBusy,
    StoreError,
)
from tiltaksbanken.store.sqlite import SQLiteStore

DEFAULT_DB = Path("data") / "tiltaksbanken.sqlite"
ENV_VAR = "TILTAKSBANKEN_DB"


def default_location() -> str:
    return os.environ.get(ENV_VAR) or str(DEFAULT_DB)


def open_store(location: str | None = None) -> Store:
    """Open the store at a path or URL (``sqlite:///path``, ``postgresql://…``); default ``$TILTAKSBANKEN_DB`` or ``data/``."""
    location = location or default_location()
    if location.startswith(("postgresql://", "postgres://")):
        from tiltaksbanken.store.postgres import PostgresStore  # psycopg only when asked for

        return PostgresStore(location)
    if location.startswith("sqlite:///"):
        location = location[len("sqlite:///") :]
    elif "://" in location:
        raise ValueError(f"unsupported store URL {location!r}: give a file path or sqlite:///path")
    return SQLiteStore(location)


__all__ = ["DEFAULT_DB", "IngestOutcome", "IngestStatus", "NotFound", "SQLiteStore", "SourceInfo",
           "SourceRow", "SourceState", "Store", "StoreBusy", "StoreError", "open_store"]
