"""The format layer: PDF, scans, DOCX, ODT and web pages turned into lines for the readers.

``detect`` names a file's format from its first bytes (and, for a web page, its suffix);
``convert`` turns it into a ``Converted``: plain lines (headings as ``#``, tables as pipe
rows) with a locator per line and the file's metadata. The kind readers then read the
lines as they read any transcript, so a report reads the same whichever format it came in.
"""

from __future__ import annotations

import io
import zipfile

from tiltaksbanken.sources.formats.base import (
    PAGE,
    PARAGRAPH,
    Converted,
    Progress,
    locator,
    locator_parts,
)

__all__ = ["FORMAT_LABELS", "PAGE", "PARAGRAPH", "Converted", "Progress", "convert", "detect",
           "locator", "locator_parts"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_IMAGES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff",
           b"MM\x00*": "tiff"}
_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".png": "image", ".jpg": "image",
              ".jpeg": "image", ".tif": "image", ".tiff": "image"}
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"

FORMAT_LABELS = {
    "pdf": "PDF", "pdf-scan": "skannet PDF", "image": "bilde", "docx": "Word (DOCX)",
    "odt": "OpenDocument (ODT)", "html": "nettside (HTML)",
}
"""Each format as a person calls it (Norwegian, for the web)."""


def _zip_format(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and z.read("mimetype").strip().startswith(_ODF_TEXT):
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _looks_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<?xml") and b"<html" in data[:2048].lower())


def detect(name: str, data: bytes, suffix: str = "") -> str | None:
    """The format family of a file (``pdf``, ``image``, ``docx``, ``odt``, ``html``), or None
    for a file the text readers read as it is (text, CSV, a workbook)."""
    if data[:1024].lstrip().startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in data[:1024]):
        return "pdf"
    if any(data.startswith(sig) for sig in _IMAGES):
        return "image"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data) or ("docx" if suffix == ".docx" else
                                     "odt" if suffix == ".odt" else None)
    if data.startswith(b"\xd0\xcf\x11\xe0") and suffix in (".docx", ".doc"):
        return "docx"  # encrypted Word files are OLE containers; the converter says so
    if suffix in HTML_SUFFIXES or _looks_html(data):
        return "html"
    return _BY_SUFFIX.get(suffix)  # damaged: the converter says so


def convert(name: str, data: bytes, family: str, text: str | None = None,
            progress: Progress | None = None) -> Converted:
    """The file as lines; ``text`` is the decoded text of a web page. ``IngestError`` when
    the file is encrypted, damaged or has nothing to read."""
    if family == "pdf":
        from tiltaksbanken.sources.formats.pdf import convert_pdf

        return convert_pdf(name, data, progress)
    if family == "image":
        from tiltaksbanken.sources.formats.scan import ocr_image

        return ocr_image(name, data, progress)
    if family == "docx":
        from tiltaksbanken.sources.formats.docx import convert_docx

        return convert_docx(name, data)
    if family == "odt":
        from tiltaksbanken.sources.formats.odt import convert_odt

        return convert_odt(name, data)
    if family == "html":
        from tiltaksbanken.sources.formats.html import convert_html

        return convert_html(name, data, text if text is not None else data.decode("utf-8", "replace"))
    raise ValueError(f"unknown format {family!r}")
