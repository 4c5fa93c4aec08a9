"""Ingest: source file → reader → records → store, one transaction per file.

A file is read completely before the store is touched, so a broken file
leaves the store exactly as it was. Re-ingesting a file replaces its records.

Ingest does not know how records are indexed for search: the caller passes an
``indexer`` (``tiltaksbanken.search.index_records``), and the index entries are
stored in the same transaction as the records. Without one, records are stored
unindexed and the ``Searcher`` indexes them when it next loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.domain.records import Record
from tiltaksbanken.ocr import Repairer, needs_repair
from tiltaksbanken.sources.base import TABLE_SUFFIXES
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.registry import pick_reader
from tiltaksbanken.store import SourceInfo, Store
from tiltaksbanken.store.base import Indexer


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


def repair_document(doc: SourceDocument) -> bool:
    """Repair OCR damage in a text document that reads as OCR-damaged Norwegian
    (``ocr.needs_repair``: a share of its words are no words as written but common words
    once the OCR's misreadings are undone). Clean text, English and other languages,
    and tables are left as they are."""
    if doc.suffix in TABLE_SUFFIXES or not doc.is_text() or not needs_repair(doc.text):
        return False
    doc.apply_repair(Repairer(doc.text).repair_text(doc.text).text)
    return True


def _keep_originals(doc: SourceDocument, records: list[Record]) -> None:
    """Beside each field the repair changed, keep its source lines as the OCR wrote them."""
    for record in records:
        originals: dict[str, str] = {}
        for key, ranges in record.field_sources.items():
            before = [doc.original_lines[n - 1] for a, b in ranges for n in range(a, b + 1)]
            after = [doc.lines[n - 1] for a, b in ranges for n in range(a, b + 1)]
            if before != after:
                originals[key] = "\n".join(before)
        if originals:
            record.fields["ocr_original"] = originals


@dataclass(frozen=True)
class DocumentRead:
    """A file read completely, ready to be stored: its reader, records and lines."""

    reader: str
    records: list[Record]
    lines: list[str]  # the lines as written, which the records' line ranges refer to


def read_document(doc: SourceDocument) -> DocumentRead:
    """Repair OCR damage if there is any, pick the reader for ``doc`` and read all its
    records (nothing is stored)."""
    repaired = repair_document(doc)
    reader = pick_reader(doc)
    result = reader.read(doc)
    records = result.records
    if repaired:
        _keep_originals(doc, records)
    if not records:
        raise IngestError(doc.name, f"the {reader.name} reader found no records in the file")
    for record in records:
        record.assign_id(doc.name)
    if len({r.id for r in records}) != len(records):
        raise IngestError(doc.name, "the reader gave two records the same position")
    lines = result.lines if result.lines is not None else doc.display_lines
    return DocumentRead(reader.name, records, lines)


def ingest_file(store: Store, path: str | Path, force: bool = False,
                indexer: Indexer | None = None) -> FileResult:
    """Ingest one file; errors are returned in the result, never half-stored.

    ``indexer`` makes the records' search index entries, stored with them.
    """
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
        read = read_document(doc)
        info = SourceInfo(
            name=doc.name,
            path=resolved,
            sha256=doc.sha256,
            reader=read.reader,
            encoding=doc.encoding if doc.is_text() else None,
            line_count=len(read.lines),
            ocr_repaired=doc.repaired,
        )
        outcome = store.replace_source(
            info, read.lines, read.records, doc.lines if doc.repaired else None,
            index=indexer(read.records) if indexer else None,
        )
    except IngestError as exc:
        return FileResult(exc.file, "error", error=exc.reason)
    return FileResult(doc.name, outcome.status, outcome.records, read.reader)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the files under folders (sorted, hidden ones skipped)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(
                sorted(
                    f
                    for f in path.rglob("*")
                    if f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(path).parts)
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
    indexer: Indexer | None = None,
) -> list[FileResult]:
    """Ingest files and folders; each file stands alone, so one broken file stops nothing."""
    results = []
    for file in collect_files(paths):
        result = ingest_file(store, file, force=force, indexer=indexer)
        results.append(result)
        if on_file:
            on_file(result)
    return results
