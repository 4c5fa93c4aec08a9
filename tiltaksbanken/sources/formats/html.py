"""Saved web pages with ``trafilatura``: the main text and the page's metadata.

Menus, cookie banners, related-links boxes and footers are left out by trafilatura's
main-text extraction; what it keeps (headings ``<h1..h6>``, paragraphs, lists, tables,
comments) becomes lines, each located by its block's number. The title is the page's
own (``og:title`` or ``<title>`` as trafilatura reads it); when the main text does not
open with a heading, the title opens it as ``# title``.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml import etree

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.formats.base import PARAGRAPH, Converted, LineBuilder, locator

_HEAD_LEVEL = re.compile(r"h([1-6])")


def _text(node: Any) -> str:
    return " ".join("".join(node.itertext()).split())


class _Walker:
    def __init__(self) -> None:
        self.out = LineBuilder()
        self.number = 0

    def _where(self) -> str:
        self.number += 1
        return locator(PARAGRAPH, self.number)

    def walk(self, node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag == "head":
                m = _HEAD_LEVEL.fullmatch(child.get("rend", ""))
                self.out.heading(_text(child), int(m[1]) if m else 2, self._where())
            elif tag in ("p", "quote", "code"):
                self.out.paragraph(_text(child), self._where())
            elif tag == "list":
                where = self._where()
                items = [f"- {_text(item)}" for item in child if item.tag == "item" and _text(item)]
                self.out.paragraph("\n".join(items), where)
            elif tag == "table":
                rows = [[_text(cell) for cell in row if cell.tag == "cell"]
                        for row in child if row.tag == "row"]
                self.out.table(rows, self._where())
            elif len(child):  # main, comments, sections: their blocks in order
                self.walk(child)
            elif _text(child):
                self.out.paragraph(_text(child), self._where())


def convert_html(name: str, data: bytes, text: str) -> Converted:
    """The page ``text`` (decoded from ``data``) as main-text lines with its metadata."""
    extracted = trafilatura.extract(
        text, output_format="xml", include_tables=True, include_comments=True,
        include_formatting=False, with_metadata=True, favor_recall=True,
    )
    if not extracted:
        raise IngestError(name, "the web page has no main text to read")
    try:
        root = etree.fromstring(extracted.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise IngestError(name, f"the web page's text could not be read ({exc})") from None
    meta = trafilatura.extract_metadata(text)
    title = (meta.title if meta else None) or root.get("title")
    walker = _Walker()
    walker.walk(root)
    lines, locators = walker.out.lines, walker.out.locators
    opens_with_heading = next((line for line in lines if line), "").startswith("#")
    if title and not opens_with_heading:
        lines[:0], locators[:0] = [f"# {' '.join(title.split())}", ""], [locator(PARAGRAPH, 0), None]
    lang = re.search(rb"<html[^>]*\blang=[\"']?([A-Za-z-]+)", data[:4096], re.IGNORECASE)
    return walker.out.build(
        "html",
        title=" ".join(title.split()) if title else None,
        date=(meta.date if meta else None) or root.get("date"),
        author=(meta.author if meta else None) or root.get("author"),
        site=(meta.sitename if meta else None) or root.get("sitename"),
        language=lang[1].decode("ascii").lower() if lang else None,
    )
