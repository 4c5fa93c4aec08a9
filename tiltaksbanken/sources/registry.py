"""The auction: every reader bids on a file and the best one reads it."""

from __future__ import annotations

from functools import cache

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.base import Reader
from tiltaksbanken.sources.blog import BlogPostReader
from tiltaksbanken.sources.cookbook import CookbookReader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.evaluation import EvaluationReader
from tiltaksbanken.sources.form_export import FormExportReader
from tiltaksbanken.sources.news import NewsReader
from tiltaksbanken.sources.ocr_sheet import ColumnSheetReader
from tiltaksbanken.sources.plain import PlainTextReader
from tiltaksbanken.sources.qa import QAReportReader

# on equal bids the reader listed first wins
READERS: tuple[type[Reader], ...] = (
    ColumnSheetReader,
    FormExportReader,
    NewsReader,
    EvaluationReader,
    CookbookReader,
    BlogPostReader,
    QAReportReader,
    PlainTextReader,
)


@cache
def readers() -> tuple[Reader, ...]:
    """One instance of every reader, in ``READERS`` order."""
    return tuple(cls() for cls in READERS)


def reader_label(name: str) -> str:
    """The Norwegian name of what the reader ``name`` reads (the name itself if unknown)."""
    return next((r.LABEL for r in READERS if name == r.NAME), name)


def auction(doc: SourceDocument) -> tuple[Reader, float]:
    """The reader that bids highest for ``doc`` and its bid; ``IngestError`` when none bids."""
    bids = [(reader.match(doc), i, reader) for i, reader in enumerate(readers())]
    score, _, reader = max(bids, key=lambda b: (b[0], -b[1]))
    if score <= 0:
        _ = doc.text  # raises a precise IngestError for empty, binary or undecodable text
        raise IngestError(doc.name, f"no reader recognises this kind of file ({doc.media_type})")
    return reader, score


def pick_reader(doc: SourceDocument) -> Reader:
    """The reader that bids highest for ``doc``; ``IngestError`` when none bids."""
    return auction(doc)[0]
