"""Tiltaksbanken: a knowledge bank of Norwegian NAV/municipal development projects.

The flow is one way: source file → reader (``sources``) → records with
provenance → store (``store``) → search/web.
"""

from tiltaksbanken.errors import IngestError
from tiltaksbanken.ingest import FileResult, ingest_file, ingest_paths, read_document
from tiltaksbanken.ocr import repair_text
from tiltaksbanken.privacy import public_view
from tiltaksbanken.records import Record
from tiltaksbanken.search import search, similar
from tiltaksbanken.stats import compute_stats
from tiltaksbanken.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "FileResult",
    "IngestError",
    "Record",
    "Store",
    "compute_stats",
    "ingest_file",
    "ingest_paths",
    "open_store",
    "public_view",
    "read_document",
    "repair_text",
    "search",
    "similar",
]
