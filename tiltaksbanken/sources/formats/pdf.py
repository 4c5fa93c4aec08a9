"""PDF: the text layer with ``pypdf``; a PDF without one is a scan (``scan.py``).

Each page's text is read line by line with each line's font size; running headers,
footers and page numbers are taken out by repetition across pages (``furniture.py``);
lines set clearly larger than the body text become headings (the largest size ``#``);
a word hyphenated across a line break is joined;
every line's locator is its page. A page without text that holds an image (a page
scanned into a PDF with text) is read by Tesseract.
Encrypted (password-protected) and damaged PDFs are refused with a message that says so.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass

from pypdf import PageObject, PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.formats.base import (
    PAGE,
    Converted,
    LineBuilder,
    Progress,
    join_broken_words,
    locator,
)
from tiltaksbanken.sources.formats.furniture import furniture

MIN_PAGE_CHARS = 40  # a page with fewer letters in its text layer has none worth reading
SCAN_SHARE = 0.5  # a PDF is a scan when fewer than this share of its pages have text
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
MAX_LEVELS = 3  # heading levels told apart by size
MAX_HEADING = 150  # characters a heading line has at most
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


@dataclass
class PageText:
    """One page's text layer: its lines and each line's font size (0 when unknown)."""

    lines: list[str]
    sizes: list[float]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _page_text(page: PageObject) -> PageText:
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text:
            scale = (abs(tm[3]) if tm and tm[3] else 1.0) * (abs(cm[3]) if cm and cm[3] else 1.0)
            pieces.append((text, float(size or 0) * scale))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(t for t, _ in pieces).strip() != text.strip():
        return PageText(text.split("\n"), [0.0] * (text.count("\n") + 1))
    lines, sizes, current, weights = [], [], "", Counter[float]()
    for piece, size in pieces:
        for i, part in enumerate(piece.split("\n")):
            if i:
                lines.append(current)
                sizes.append(weights.most_common(1)[0][0] if weights else 0.0)
                current, weights = "", Counter()
            current += part
            weights[round(size, 1)] += len(part.strip())
    lines.append(current)
    sizes.append(weights.most_common(1)[0][0] if weights else 0.0)
    return PageText(lines, sizes)


def page_texts(name: str, reader: PdfReader) -> list[PageText]:
    """The text layer of every page (no lines for a page that has none)."""
    out = []
    for page in reader.pages:
        try:
            out.append(_page_text(page))
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise damaged(name, "PDF", exc) from None
    return out


def heading_levels(pages: list[PageText]) -> dict[float, int]:
    """Font size → heading level: sizes clearly above the body text's (the size most of the
    letters have) that only short lines use, the largest level 1."""
    body: Counter[float] = Counter()
    for page in pages:
        for line, size in zip(page.lines, page.sizes, strict=True):
            body[size] += len(line.strip())
    if not body:
        return {}
    base = body.most_common(1)[0][0]
    if base <= 0:
        return {}
    larger = sorted({size for size in body if size >= HEADING_RATIO * base}, reverse=True)
    return {size: level for level, size in enumerate(larger[:MAX_LEVELS], 1)}


def _has_images(page: PageObject) -> bool:
    """Whether the page draws an image (its resources name an image XObject)."""
    try:
        objects = page.get("/Resources", {}).get_object().get("/XObject", {}).get_object()
        return any(obj.get_object().get("/Subtype") == "/Image" for obj in objects.values())
    except (AttributeError, KeyError, TypeError, ValueError, PyPdfError):
        return False


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
    if is_scan([t.text for t in texts]):
        from tiltaksbanken.sources.formats.scan import ocr_pdf

        return ocr_pdf(name, data, progress, **meta)
    scanned = [i for i, (t, page) in enumerate(zip(texts, reader.pages, strict=True))
               if _letters(t.text) < MIN_PAGE_CHARS and _has_images(page)]
    if scanned:  # a page or two scanned into a PDF with text (a signed page, an appendix)
        from tiltaksbanken.sources.formats.scan import ocr_pdf_pages

        for i, text in zip(scanned, ocr_pdf_pages(name, data, scanned), strict=True):
            lines = text.split("\n")
            texts[i] = PageText(lines, [0.0] * len(lines))
    drop = furniture([t.lines for t in texts])
    levels = heading_levels(texts)
    out = LineBuilder()
    for number, (page, gone) in enumerate(zip(texts, drop, strict=True), 1):
        where = locator(PAGE, number)
        body: list[str] = []
        for i, (line, size) in enumerate(zip(join_broken_words(page.lines), page.sizes,
                                             strict=True)):
            line = " ".join(line.split())
            if i in gone or not line:
                continue
            level = levels.get(size)
            if level and len(line) <= MAX_HEADING and not line.endswith((".", ",", ";")):
                out.paragraph("\n".join(body), where)
                body = []
                out.heading(line, level, where)
            else:
                body.append(line)
        out.paragraph("\n".join(body), where)
        if progress:
            progress(number, len(texts))
    return out.build("pdf", pages=len(texts), ocr=bool(scanned), **meta)


def _pdf_date(value: object) -> str | None:
    """``D:20230503…`` as ``2023-05-03``."""
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(value or ""))
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None
