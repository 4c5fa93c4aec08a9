"""DOCX (Word) with ``python-docx``: heading styles become headings, tables pipe rows.

The body is read in order, paragraphs and tables alike; a paragraph is a heading when
its style is a heading style (by name in the languages Word speaks here, or by the
outline level the style gives it); a Title style is the top heading, chapters below it. Every line's locator is its block's number.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.formats.base import PARAGRAPH, Converted, LineBuilder, locator
from tiltaksbanken.sources.formats.pdf import damaged, meta_title

# heading style names: Heading 2, Overskrift 2 (nb), Rubrik 2 (sv), Overskrift 2 (da)
_HEADING = re.compile(r"^(?:heading|overskrift|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:title|tittel|titel|rubrik)$", re.IGNORECASE)
_LIST = re.compile(r"^(?:list|liste|punktliste|nummerert liste)\b", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ENCRYPTED = ("the Word document is encrypted (password-protected); save it without a "
             "password and read it in again")


def heading_level(paragraph: Paragraph) -> int | None:
    """The paragraph's heading level (0 for the document's title), or None for body text."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").strip()
        if _TITLE.match(name):
            return 0
        m = _HEADING.match(name)
        if m:
            return int(m[1])
        level = style.element.find(f"{_W}pPr/{_W}outlineLvl")
        if level is not None and level.get(f"{_W}val", "9").isdigit():
            value = int(level.get(f"{_W}val", "9"))
            if value < 9:
                return value + 1
        style = style.base_style
    return None




def _is_list_item(paragraph: Paragraph) -> bool:
    """Whether the paragraph is a list item (numbering, or a list style such as «List Bullet»)."""
    if paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
        return True
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return bool(_LIST.match(name))


def convert_docx(name: str, data: bytes) -> Converted:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: encrypted DOCX, or old .doc
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise IngestError(name, ENCRYPTED)
        raise IngestError(name, "this is an old Word file (.doc), which is not read; save it "
                                "as DOCX and read it in again")
    try:
        document = Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        raise damaged(name, "Word document", exc) from None
    levels = [None if isinstance(b, Table) else heading_level(b) for b in blocks]
    shift = 1 if 0 in levels else 0  # a Title above Heading 1: the title is «#», chapters «##»
    out = LineBuilder()
    for number, (block, level) in enumerate(zip(blocks, levels, strict=True), 1):
        where = locator(PARAGRAPH, number)
        if isinstance(block, Table):
            out.table(([cell.text for cell in row.cells] for row in block.rows), where)
        elif level is not None:
            out.heading(block.text, max(1, level + shift), where)
        elif block.text.strip() and _is_list_item(block):
            out.item(block.text, where)
        else:
            out.paragraph(block.text, where)
    props = document.core_properties
    return out.build(
        "docx",
        title=meta_title(props.title),
        author=meta_title(props.author),
        date=props.created.date().isoformat() if props.created else None,
        language=(props.language or None),
    )
