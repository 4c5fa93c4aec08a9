"""Ingest: source file → (format layer) → reader → records → store, one transaction per file.

A file is read completely before the store is touched, so a broken, encrypted or
damaged file leaves the store exactly as it was. Re-ingesting a file replaces its
records. A store locked by another writer for longer than its busy timeout fails the
file (``status == "error"``, nothing stored), and the caller goes on with the next. A PDF, scan, DOCX, ODT or web page is converted to lines first
(``sources.formats``); the lines' locators (page, paragraph) are stored beside them.
The document's own title and date are found here, once, and stored with the source.
Two different files with the same basename are kept apart: the second is named with
its folder («rapport.pdf (2023)»), so its records' provenance shows where it came from.

After a file is stored, the links of its records to records about the same measure
are recomputed (``store/links.py``).

Ingest does not know how records are indexed for search: the caller passes an
``indexer`` (``tiltaksbanken.search.index_records``), and the index entries are
stored in the same transaction as the records. Without one, records are stored
unindexed and the ``Searcher`` indexes them when it next loads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from tiltaksbanken.domain.errors import IngestError, NameTaken, StoreBusy, StoreError
from tiltaksbanken.domain.records import Record
from tiltaksbanken.ocr import Repairer, needs_repair
from tiltaksbanken.sources.base import TABLE_SUFFIXES
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.formats import Progress
from tiltaksbanken.sources.formats.meta import document_date, document_title
from tiltaksbanken.sources.registry import auction
from tiltaksbanken.store import SourceInfo, Store
from tiltaksbanken.store.base import IndexEntry, Indexer
from tiltaksbanken.store.links import refresh_links

BUSY_MESSAGE = ("ikke lest inn: lageret var låst av en annen skriver lenger enn ventetiden; prøv igjen"
                " (not ingested: the store was locked by another writer; try again)")


MAX_FILE_ENV = "TILTAKSBANKEN_MAX_FILE_MB"
DEFAULT_MAX_MB = {"text": 50.0, "paged": 200.0}  # text and tables; PDFs, scans, office files
_PAGED_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx", ".odt"})


def max_file_mb(path: Path, limit_mb: float | None = None) -> float:
    """The largest file ingest takes, in MB: ``limit_mb``, else ``$TILTAKSBANKEN_MAX_FILE_MB``,
    else a default per kind of file (text must be read whole into memory; a PDF is paged)."""
    if limit_mb is not None:
        return limit_mb
    try:
        return float(os.environ[MAX_FILE_ENV])
    except (KeyError, ValueError):
        kind = "paged" if path.suffix.lower() in _PAGED_SUFFIXES else "text"
        return DEFAULT_MAX_MB[kind]


def _check_size(path: Path, limit_mb: float | None) -> None:
    size = path.stat().st_size
    limit = max_file_mb(path, limit_mb)
    if size > limit * 1_000_000:
        raise IngestError(path.name, f"filen er for stor ({size / 1_000_000:.1f} MB; grensen er"
                                     f" {limit:g} MB, se --max-size / {MAX_FILE_ENV})"
                                     " (the file is too large)")


NAME_ATTEMPTS = 5  # how often a file's name is chosen again when others take it meanwhile


@dataclass(frozen=True)
class FileResult:
    file: str
    status: str  # added | replaced | unchanged | error
    records: int = 0
    reader: str | None = None
    error: str | None = None
    format: str | None = None  # the original file's format (pdf, docx, text …)
    bid: float | None = None  # what the reader bid for the file in the auction
    pages: int = 0  # pages read from a paged original (PDF, scan)
    notes: tuple[str, ...] = ()  # what the reader or ingest doubts or changed (Norwegian)

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
    locators: list[str | None] | None = None  # per line, where in the original it came from
    bid: float = 0.0
    notes: tuple[str, ...] = ()


def read_document(doc: SourceDocument) -> DocumentRead:
    """Convert a PDF/DOCX/… to lines, repair OCR damage if there is any, pick the reader
    for ``doc`` and read all its records (nothing is stored)."""
    repaired = repair_document(doc)
    reader, bid = auction(doc)
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
    if result.lines is not None:
        return DocumentRead(reader.name, records, result.lines, None, bid, tuple(result.notes))
    return DocumentRead(reader.name, records, doc.display_lines, doc.locators, bid,
                        tuple(result.notes))


def source_name(store: Store, path: Path, sha256: str) -> str:
    """The name a file's records cite: its basename, unless another file (other path,
    other content) already has that name; then the basename with as much of its folder
    as tells it apart («rapport.pdf (2023)», «rapport.pdf (arkiv › 2023)»)."""
    resolved = str(path.resolve())
    folders = path.resolve().parent.parts[1:]
    name = path.name
    for depth in range(len(folders) + 1):
        if depth:
            name = f"{path.name} ({' › '.join(folders[-depth:])})"
        other = store.source(name)
        if other is None or other["path"] == resolved or other["sha256"] == sha256:
            return name
    raise IngestError(path.name, "another file with this name and folder is already in the store")


def ingest_file(store: Store, path: str | Path, force: bool = False,
                indexer: Indexer | None = None, progress: Progress | None = None,
                max_mb: float | None = None) -> FileResult:
    """Ingest one file; errors are returned in the result, never half-stored.

    ``indexer`` makes the records' search index entries, stored with them; ``progress``
    hears (pages done, pages) while a PDF or scan is converted; a file larger than
    ``max_file_mb`` is refused before it is read.
    """
    p = Path(path)
    try:
        _check_size(p, max_mb)
        doc = SourceDocument.load(p, progress)
        resolved = str(p.resolve())
        if not force and store.source_state(resolved, doc.sha256) == "unchanged":
            return FileResult(source_name(store, p, doc.sha256), "unchanged")
        _name(doc, source_name(store, p, doc.sha256))
        read = read_document(doc)
        converted = doc.converted if doc.is_text() else None
        shown = doc.lines if doc.is_text() else read.lines
        info = SourceInfo(
            name=doc.name,
            path=resolved,
            sha256=doc.sha256,
            reader=read.reader,
            encoding=doc.encoding if doc.is_text() else None,
            line_count=len(read.lines),
            ocr_repaired=doc.repaired,
            format=doc.source_format,
            title=document_title(shown, converted),
            date=document_date(shown, converted),
            language=converted.language if converted else None,
            pages=converted.pages if converted else 0,
        )
        index = indexer(read.records) if indexer else None
        for attempt in range(NAME_ATTEMPTS):
            try:
                outcome = store.replace_source(
                    info, read.lines, read.records, doc.lines if doc.repaired else None,
                    index=index, locators=read.locators,
                )
                break
            except NameTaken:  # another file took the name meanwhile: choose it again
                if attempt == NAME_ATTEMPTS - 1:
                    raise
                info = replace(info, name=_name(doc, source_name(store, p, doc.sha256)))
                index = _renamed(read.records, doc.name, index, indexer)
        refresh_links(store, [r.id for r in read.records])  # the touched records' links
    except IngestError as exc:
        return FileResult(exc.file, "error", error=exc.reason)
    except StoreBusy:
        return FileResult(p.name, "error", error=BUSY_MESSAGE)
    except StoreError as exc:
        return FileResult(p.name, "error", error=f"ikke lest inn (not ingested): {exc}")
    return FileResult(doc.name, outcome.status, outcome.records, read.reader,
                      format=info.format, bid=round(read.bid, 3), pages=info.pages,
                      notes=(*doc.notes, *read.notes))


def _name(doc: SourceDocument, name: str) -> str:
    """Let ``doc`` be cited as ``name`` (an alias when it is not the basename)."""
    doc.alias = name if name != doc.path.name else None
    return name


def _renamed(records: list[Record], name: str, index: list[IndexEntry] | None,
             indexer: Indexer | None) -> list[IndexEntry] | None:
    """The records cited under another source name: new file, new ids, new index entries."""
    for record in records:
        record.file = name
        record.assign_id(name)
    return indexer(records) if indexer and index is not None else None


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
    progress: Progress | None = None,
) -> list[FileResult]:
    """Ingest files and folders; each file stands alone, so one broken file stops nothing."""
    results = []
    for file in collect_files(paths):
        result = ingest_file(store, file, force=force, indexer=indexer, progress=progress)
        results.append(result)
        if on_file:
            on_file(result)
    return results
