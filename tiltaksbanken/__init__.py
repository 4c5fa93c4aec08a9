"""Tiltaksbanken: a knowledge bank of Norwegian NAV/municipal development projects.

The flow is one way: source file → reader (``sources``) → records with
provenance → store (``store``) → index and search (``search``) → web.
"""

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.domain.privacy import ANONYMOUS, Viewer, visible_record
from tiltaksbanken.domain.records import Record
from tiltaksbanken.ingest import DocumentRead, FileResult, ingest_file, ingest_paths, read_document
from tiltaksbanken.ocr import repair_text
from tiltaksbanken.search import Searcher, index_records
from tiltaksbanken.search.stats import compute_stats
from tiltaksbanken.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "ANONYMOUS",
    "DocumentRead",
    "FileResult",
    "IngestError",
    "Record",
    "Searcher",
    "Store",
    "Viewer",
    "compute_stats",
    "index_records",
    "ingest_file",
    "ingest_paths",
    "open_store",
    "read_document",
    "repair_text",
    "visible_record",
]
