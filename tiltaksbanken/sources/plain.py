"""Plain text fallback: any readable text becomes one ``document`` record.

Nothing a user adds is refused for its shape; this reader bids low so that a
specific reader wins whenever one fits. The title is the document's own (the page
title or first heading, ``support.structure.headline``), else its first line that is
not page furniture («Meny», «No results found», «Nyhetsbrev»); the record also keeps
the document's language and the municipalities and NAV offices it names, each with
its lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from tiltaksbanken.domain.language import language_fields
from tiltaksbanken.domain.offices import offices_in_text
from tiltaksbanken.domain.places import municipality_lines
from tiltaksbanken.domain.records import LineRange, Record
from tiltaksbanken.sources.base import TEXT_SUFFIXES, Reader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.support.structure import (
    clean,
    document_language,
    headline,
    is_furniture,
)

_TITLE_MAX = 200


class PlainTextReader(Reader):
    NAME = "plain"
    LABEL = "Tekstdokument"
    SUFFIXES = TEXT_SUFFIXES | {".csv", ".tsv"}
    SCORE = 0.05

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        lines = doc.lines
        filled = [i for i, line in enumerate(lines, 1) if line.strip()]
        head = headline(doc, lines)
        if head:
            title, title_line = head
        else:
            title_line = next((i for i in filled if not is_furniture(lines[i - 1])),
                              filled[0] if filled else 0)
            title = clean(lines[title_line - 1]) if title_line else doc.name
        first, last = filled[0], filled[-1]
        text = "\n".join(lines[first - 1 : last])
        language = document_language(doc, doc.text)
        places = municipality_lines(lines, 1, language in ("sv", "da"))
        offices: dict[str, list[LineRange]] = {}
        for n in filled:
            for name, _, _ in offices_in_text(lines[n - 1]):
                offices.setdefault(name, []).append((n, n))
        yield Record(
            kind="document",
            title=(title or doc.name)[:_TITLE_MAX],
            fields={"text": text, **language_fields(language), "municipalities": list(places),
                    "nav_offices": list(offices)},
            file=doc.name,
            field_sources={
                "text": [(first, last)],
                "municipalities": [r for ranges in places.values() for r in ranges],
                "nav_offices": [r for ranges in offices.values() for r in ranges],
            },
        )
