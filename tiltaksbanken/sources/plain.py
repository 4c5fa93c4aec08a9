"""Plain text fallback: any readable text becomes one ``document`` record.

Nothing a user adds is refused for its shape; this reader bids low so that a
specific reader wins whenever one fits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.document import SourceDocument

_TEXT_SUFFIXES = {".txt", ".md", ".text", ""}


class PlainTextReader:
    name: ClassVar[str] = "plain"

    def match(self, doc: SourceDocument) -> float:
        if doc.suffix not in _TEXT_SUFFIXES and doc.suffix not in (".csv", ".tsv"):
            return 0.0
        return 0.05 if doc.is_text() else 0.0

    def read(self, doc: SourceDocument) -> Iterator[Record]:
        lines = doc.lines
        filled = [i for i, line in enumerate(lines, 1) if line.strip()]
        title = next((lines[i - 1].strip() for i in filled), doc.name)[:200]
        first, last = filled[0], filled[-1]
        yield Record(
            kind="document",
            title=title,
            fields={"text": "\n".join(lines[first - 1 : last])},
            file=doc.name,
            field_sources={"text": [(first, last)]},
        )
