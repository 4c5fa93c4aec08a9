"""Plain text fallback: any readable text becomes one ``document`` record.

Nothing a user adds is refused for its shape; this reader bids low so that a
specific reader wins whenever one fits. Its title is the first line, without the
Markdown heading marks a converted document's headings carry (``# Tittel``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.base import TEXT_SUFFIXES, Reader
from tiltaksbanken.sources.document import SourceDocument

_HEADING_MARKS = re.compile(r"^#{1,6}\s+")


class PlainTextReader(Reader):
    NAME = "plain"
    LABEL = "Tekstdokument"
    SUFFIXES = TEXT_SUFFIXES | {".csv", ".tsv"}
    SCORE = 0.05

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        lines = doc.lines
        filled = [i for i, line in enumerate(lines, 1) if line.strip()]
        first_line = next((lines[i - 1].strip() for i in filled), doc.name)
        title = _HEADING_MARKS.sub("", first_line)[:200] or doc.name
        first, last = filled[0], filled[-1]
        yield Record(
            kind="document",
            title=title,
            fields={"text": "\n".join(lines[first - 1 : last])},
            file=doc.name,
            field_sources={"text": [(first, last)]},
        )
