"""Ingest: source file → reader → records → store, one transaction per file.

A file is read completely before the store is touched, so a broken file
leaves the store exactly as it was. Re-ingesting a file replaces its records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tiltaksbanken.errors import IngestError
from tiltaksbanken.records import Record
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.registry import pick_reader
from tiltaksbanken.store import SourceInfo, Store


@dataclass(frozen=True)
class FileResult:
    file: str
    status: str  # added | replaced | unchanged | error
    records: int = 0
    reader: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "error"


def read_document(doc: SourceDocument) -> tuple[str, list[Record]]:
    """Pick the reader for ``doc`` and read all its records (nothing is stored)."""
    reader = pick_reader(doc)
    records = list(reader.read(doc))
    if not records:
        raise IngestError(doc.name, f"the {reader.name} reader found no records in the file")
    for record in records:
        record.assign_id(doc.name)
    if len({r.id for r in records}) != len(records):
        raise IngestError(doc.name, "the reader gave two records the same position")
    return reader.name, records


def ingest_file(store: Store, path: str | Path, force: bool = False) -> FileResult:
    """Ingest one file; errors are returned in the result, never half-stored."""
    p = Path(path)
    try:
        doc = SourceDocument.load(p)
        resolved = str(p.resolve())
        if not force and store.source_state(resolved, doc.sha256) == "unchanged":
            return FileResult(doc.name, "unchanged")
        clash = next(
            (
                s
                for s in store.sources()
                if s["name"] == doc.name and s["path"] != resolved and s["sha256"] != doc.sha256
            ),
            None,
        )
        if clash:
            raise IngestError(
                doc.name, f"another file with this name is already in the store ({clash['path']})"
            )
        reader, records = read_document(doc)
        info = SourceInfo(
            name=doc.name,
            path=resolved,
            sha256=doc.sha256,
            reader=reader,
            encoding=doc.encoding if doc.is_text() else None,
            line_count=len(doc.display_lines),
        )
        outcome = store.replace_source(info, doc.display_lines, records)
    except IngestError as exc:
        return FileResult(exc.file, "error", error=exc.reason)
    return FileResult(doc.name, outcome.status, outcome.records, reader)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the files under folders (sorted, hidden ones skipped)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(
                sorted(
                    f
                    for f in path.rglob("*")
                    if f.is_file() and not any(part.startswith(".") for part in f.parts)
                )
            )
        else:
            out.append(path)
    return out


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    force: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest files and folders; each file stands alone, so one broken file stops nothing."""
    results = []
    for file in collect_files(paths):
        result = ingest_file(store, file, force=force)
        results.append(result)
        if on_file:
            on_file(result)
    return results
