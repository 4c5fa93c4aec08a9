"""Back a bank up to one file and restore it: SQLite with its online backup API, PostgreSQL
with ``pg_dump -Fc`` / ``pg_restore`` (Debian's postgresql-client).

A restore goes into an empty target only, unless ``force`` is given (then the target's
bank is replaced).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from tiltaksbanken.domain.errors import StoreError
from tiltaksbanken.store.copying import TargetNotEmpty, occupied_tables

_PG = ("postgresql://", "postgres://")


def _sqlite_path(location: str) -> str:
    return location.removeprefix("sqlite:///")


def _schema(url: str) -> str | None:
    """The schema the URL's store lives in (None if it does not exist yet)."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT current_schema()").fetchone()
    return None if row is None or row[0] is None else str(row[0])


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise StoreError(f"{command[0]} mangler (installer postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StoreError(f"{command[0]} feilet: {done.stderr.strip()}")


def _dumped_schemas(file: str | Path) -> set[str]:
    """The schemas a ``pg_dump -Fc`` file creates (its table of contents)."""
    if shutil.which("pg_restore") is None:
        raise StoreError("pg_restore mangler (installer postgresql-client)")
    listed = subprocess.run(["pg_restore", "-l", str(file)], capture_output=True, text=True,
                            check=False)
    if listed.returncode != 0:
        raise StoreError(f"{file} er ingen PostgreSQL-sikkerhetskopi: {listed.stderr.strip()}")
    return set(re.findall(r"\bSCHEMA - (\S+)", listed.stdout))


def backup(location: str, file: str | Path) -> None:
    """Write the bank at ``location`` (path or URL) to ``file``."""
    if location.startswith(_PG):
        schema = _schema(location)
        if schema is None:
            raise StoreError("fant ikke skjemaet til PostgreSQL-lageret")
        _run(["pg_dump", "-Fc", "--no-owner", "-n", schema,
              "-f", str(file), "--dbname", location])
        return
    source = sqlite3.connect(_sqlite_path(location))
    target = sqlite3.connect(str(file))
    try:
        source.backup(target)  # a consistent copy even while others write
    finally:
        target.close()
        source.close()


def _pg_tables(url: str, schema: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = %s",
                            (schema,)).fetchone() is not None


def _ensure_empty(location: str) -> None:
    from tiltaksbanken.store import open_store

    with open_store(location) as store:
        occupied = occupied_tables(store)
    if occupied:
        raise TargetNotEmpty(f"målet er ikke tomt (har rader i {', '.join(occupied)});"
                             " bruk --force for å erstatte det")


def restore(file: str | Path, location: str, force: bool = False) -> None:
    """Restore the backup ``file`` into the store at ``location``: it must be empty (or have
    no tables yet) unless ``force``."""
    if not Path(file).is_file():
        raise StoreError(f"finner ikke sikkerhetskopien {file}")
    if location.startswith(_PG):
        import psycopg

        schema = _schema(location)
        dumped = _dumped_schemas(file)
        if schema is not None and dumped != {schema}:
            # pg_restore recreates the schema it was given: another one would be left as it is
            raise StoreError(f"sikkerhetskopien gjelder skjemaet {', '.join(sorted(dumped))},"
                             f" målet bruker {schema}")
        if schema is not None:
            if _pg_tables(location, schema) and not force:
                _ensure_empty(location)
            with psycopg.connect(location, autocommit=True) as conn:  # the dump creates it
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", location, str(file)])
        return
    path = Path(_sqlite_path(location))
    if path.exists() and path.stat().st_size and not force:
        _ensure_empty(location)
    source = sqlite3.connect(str(file))
    target = sqlite3.connect(str(path))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
