"""PDF: the text layer with ``pypdf``; a PDF without one is a scan (``scan.py``).

Each page's text is read line by line; running headers, footers and page numbers are
taken out by repetition across pages (``furniture.py``); every line's locator is its page.
Encrypted (password-protected) and damaged PDFs are refused with a message that says so.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.formats.base import PAGE, Converted, LineBuilder, Progress, locator
from tiltaksbanken.sources.formats.furniture import furniture

MIN_PAGE_CHARS = 40  # a page with fewer letters in its text layer has none worth reading
SCAN_SHARE = 0.5  # a PDF is a scan when fewer than this share of its pages have text
ENCRYPTED = ("the PDF is encrypted (password-protected); save it without a password "
             "and read it in again")
_GENERATED_TITLE = re.compile(
    r"^(?:microsoft\s+\w+\s+-|untitled|uten\s+tittel|dokument\d*$|document\d*$)|"
    r"\.(?:docx?|odt|pdf|indd|rtf)$", re.IGNORECASE)

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are about the file, not us


def damaged(name: str, what: str, exc: Exception) -> IngestError:
    return IngestError(name, f"the {what} is damaged and cannot be read ({type(exc).__name__}"
                       f"{': ' + str(exc)[:120] if str(exc) else ''})")


def open_pdf(name: str, data: bytes) -> PdfReader:
    """The PDF's reader; ``IngestError`` when it is encrypted or damaged."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(name, ENCRYPTED)
        _ = len(reader.pages)
    except IngestError:
        raise
    except (FileNotDecryptedError, NotImplementedError):
        raise IngestError(name, ENCRYPTED) from None
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, AttributeError,
            OSError) as exc:
        raise damaged(name, "PDF", exc) from None
    return reader


def meta_title(value: object) -> str | None:
    """A title from a file's metadata, unless the writing program made it up."""
    text = " ".join(str(value or "").split())
    if len(text) < 3 or _GENERATED_TITLE.search(text):
        return None
    return text


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def page_texts(name: str, reader: PdfReader) -> list[str]:
    """The text layer of every page (empty for a page that has none)."""
    out = []
    for page in reader.pages:
        try:
            out.append(page.extract_text() or "")
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise damaged(name, "PDF", exc) from None
    return out


def is_scan(texts: list[str]) -> bool:
    """Whether the PDF is (mostly) images of pages rather than text."""
    with_text = sum(_letters(t) >= MIN_PAGE_CHARS for t in texts)
    return not texts or with_text < SCAN_SHARE * len(texts)


def convert_pdf(name: str, data: bytes, progress: Progress | None = None) -> Converted:
    """The PDF's text: its text layer, or (a scan) what Tesseract reads on its pages."""
    reader = open_pdf(name, data)
    texts = page_texts(name, reader)
    info = reader.metadata or {}
    meta = {
        "title": meta_title(info.get("/Title")),
        "author": meta_title(info.get("/Author")),
        "date": _pdf_date(info.get("/CreationDate")),
    }
    if is_scan(texts):
        from tiltaksbanken.sources.formats.scan import ocr_pdf

        return ocr_pdf(name, data, progress, **meta)
    pages = [t.replace("\r", "\n").split("\n") for t in texts]
    drop = furniture(pages)
    out = LineBuilder()
    for number, (lines, gone) in enumerate(zip(pages, drop, strict=True), 1):
        kept = [" ".join(line.split()) for i, line in enumerate(lines) if i not in gone]
        out.paragraph("\n".join(kept), locator(PAGE, number))
        if progress:
            progress(number, len(pages))
    return out.build("pdf", pages=len(pages), **meta)


def _pdf_date(value: object) -> str | None:
    """``D:20230503…`` as ``2023-05-03``."""
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(value or ""))
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None
