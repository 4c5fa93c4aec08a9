"""The reader interface: every document kind has one reader that bids on a file.

A reader declares what it takes (``SUFFIXES``, ``MEDIA_TYPES``, whether it
needs decoded text; a text reader also reads the converted text of a PDF, scan, DOCX,
ODT or web page, ``sources.formats``) and how sure it is when the file is of that type
(``SCORE``). The default ``match`` bids ``SCORE`` on every file it takes; a
reader that recognises its format by structure refines the bid from its own
knowledge only (never by knowing what another reader reads: the auction in
``registry`` settles overlaps). ``read`` returns a ``ReadResult``; readers
never touch the store or change the document.

A new reader: subclass ``Reader``, declare the class attributes, write
``records`` (and ``match`` if the suffix alone does not say it), and add the
class to ``registry.READERS``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.document import SourceDocument

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ""})
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm"})


@dataclass
class ReadResult:
    """What a reader made of a file: its records and the lines provenance refers to.

    ``lines`` is None when the records point into the document's own lines; a
    reader that renders its input as lines (a spreadsheet, one line per row)
    gives them here, and the records' line ranges refer to them.
    """

    records: list[Record]
    lines: list[str] | None = None
    notes: list[str] = field(default_factory=list)  # what the reader doubts (Norwegian)


class Reader(ABC):
    """A reader of one document kind (see the module docstring)."""

    NAME: ClassVar[str]
    LABEL: ClassVar[str]  # what it reads, as a person calls it (Norwegian)
    SUFFIXES: ClassVar[frozenset[str]] = TEXT_SUFFIXES
    MEDIA_TYPES: ClassVar[frozenset[str]] = frozenset({"text/plain"})
    NEEDS_TEXT: ClassVar[bool] = True  # reads the decoded text, not the bytes
    SCORE: ClassVar[float] = 0.5

    @property
    def name(self) -> str:
        return self.NAME

    def takes(self, doc: SourceDocument) -> bool:
        """Whether the file is of a type this reader reads (by suffix or media type); a text
        reader reads every file the format layer converts (PDF, DOCX, a web page …)."""
        if self.NEEDS_TEXT and doc.format is not None:
            return doc.is_text()
        if doc.suffix not in self.SUFFIXES and doc.media_type not in self.MEDIA_TYPES:
            return False
        return doc.is_text() if self.NEEDS_TEXT else True

    def match(self, doc: SourceDocument) -> float:
        """How well this reader fits the document, 0 (not at all) to 1 (certain)."""
        return self.SCORE if self.takes(doc) else 0.0

    def read(self, doc: SourceDocument) -> ReadResult:
        """The document's records; raises ``IngestError`` on bad input."""
        return ReadResult(list(self.records(doc)))

    @abstractmethod
    def records(self, doc: SourceDocument) -> Iterator[Record]:
        """Yield the document's records, in document order."""
