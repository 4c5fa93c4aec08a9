"""The reader interface: every document kind has one reader that bids on a file.

A reader answers ``match(doc)`` with a score in [0, 1] and turns a document
into records with ``read(doc)``. Readers never touch the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Protocol

from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.document import SourceDocument


class Reader(Protocol):
    name: ClassVar[str]

    def match(self, doc: SourceDocument) -> float:
        """How well this reader fits the document, 0 (not at all) to 1 (certain)."""
        ...

    def read(self, doc: SourceDocument) -> Iterator[Record]:
        """Yield the document's records; raise ``IngestError`` on bad input."""
        ...
