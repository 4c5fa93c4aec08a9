"""ODT (OpenDocument text) with ``odfpy``: headings (``text:h``) keep their outline level,
tables become pipe rows, lists one line per item. Every line's locator is its block's number.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from typing import Any
from xml.parsers.expat import ExpatError
from xml.sax import SAXException

from odf import teletype
from odf.namespaces import TABLENS, TEXTNS
from odf.opendocument import load

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.formats.base import PARAGRAPH, Converted, LineBuilder, locator
from tiltaksbanken.sources.formats.pdf import damaged, meta_title

ENCRYPTED = ("the OpenDocument file is encrypted (password-protected); save it without a "
             "password and read it in again")


def _children(node: Any) -> list[Any]:
    return [c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE]


def _cells(row: Any) -> list[str]:
    cells = []
    for cell in _children(row):
        if cell.qname == (TABLENS, "table-cell"):
            repeat = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
            cells.extend([teletype.extractText(cell)] * min(repeat, 50))
    return cells


def _rows(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for child in _children(table):
        if child.qname == (TABLENS, "table-row"):
            rows.append(_cells(child))
        elif child.qname in ((TABLENS, "table-header-rows"), (TABLENS, "table-rows")):
            rows.extend(_rows(child))
    return rows


class _Walker:
    def __init__(self) -> None:
        self.out = LineBuilder()
        self.number = 0

    def walk(self, node: Any) -> None:
        for child in _children(node):
            name = child.qname
            if name == (TEXTNS, "h"):
                self.number += 1
                level = int(child.getAttrNS(TEXTNS, "outline-level") or 1)
                self.out.heading(teletype.extractText(child), level,
                                 locator(PARAGRAPH, self.number))
            elif name == (TEXTNS, "p"):
                self.number += 1
                self.out.paragraph(teletype.extractText(child), locator(PARAGRAPH, self.number))
            elif name == (TABLENS, "table"):
                self.number += 1
                self.out.table(_rows(child), locator(PARAGRAPH, self.number))
            elif name == (TEXTNS, "list-item"):
                self.number += 1
                text = " ".join(teletype.extractText(p) for p in _children(child)
                                if p.qname in ((TEXTNS, "p"), (TEXTNS, "h")))
                self.out.paragraph("- " + text if text.strip() else "",
                                   locator(PARAGRAPH, self.number))
                for sub in _children(child):
                    if sub.qname == (TEXTNS, "list"):
                        self.walk(sub)
            else:
                self.walk(child)  # sections, lists, frames: their paragraphs in order


def _meta(document: Any, what: str) -> str | None:
    from odf.namespaces import DCNS

    for node in document.meta.childNodes:
        if getattr(node, "qname", None) == (DCNS, what):
            return teletype.extractText(node)
    return None


def convert_odt(name: str, data: bytes) -> Converted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in z.namelist() else b""
        if b"encryption-data" in manifest:
            raise IngestError(name, ENCRYPTED)
        # odfpy prints a part it cannot parse to stdout and goes on: catch it, and say so
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            document = load(io.BytesIO(data))
        if "FAILED TO PARSE" in printed.getvalue():
            raise IngestError(name, "the OpenDocument file is damaged and cannot be read "
                                    "(its XML is broken)")
    except IngestError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError, TypeError, SAXException,
            ExpatError) as exc:  # odfpy raises the XML parser's own errors
        raise damaged(name, "OpenDocument file", exc) from None
    walker = _Walker()
    walker.walk(document.text)
    date = _meta(document, "date")
    return walker.out.build(
        "odt",
        title=meta_title(_meta(document, "title")),
        author=meta_title(_meta(document, "creator")),
        date=date[:10] if date else None,
        language=_meta(document, "language"),
    )
