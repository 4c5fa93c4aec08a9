"""A document's own title and date, found once at ingest and stored with the source.

The title is the file's metadata title (PDF/DOCX/ODT properties, a web page's
``og:title``/``<title>``) when the writing program did not make it up, else the first
heading near the top, else the first line. The date is the one the document states in
its opening lines («Dato Desember 2010», «Publisert 3.5.2023», a cover page's «Juni
2023»), else the metadata's (a DOCX's «created» is the template's, never preferred).
"""

from __future__ import annotations

import re

from tiltaksbanken.sources.formats.base import Converted

DATE_LINES = 60  # the opening lines searched for the date the document states
TITLE_LINES = 40  # the opening lines searched for a heading
MAX_TITLE = 200

_MONTH = (r"(?:januar|februar|mars|april|mai|maj|juni|juli|august|augusti|september|"
          r"oktober|november|desember|december|january|february|march|may|june|july|october)")
_DATE = (rf"(\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{2,4}}|\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}}|"
         rf"{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")
_STATED_DATE = re.compile(
    rf"\b(?:Dato|Publisert|Oppdatert|Sist oppdatert|Sist endret|Skrevet|Date|Published)"
    rf"\s*:?\s*(?:den\s+)?{_DATE}", re.IGNORECASE)
# a cover page's date on a line of its own («Juni 2023»), or a place and a date as letters
# are dated («Oslo, 5. mai 2022», «Hamar kommune, den 3. mars 2023»)
_DATE_LINE = re.compile(rf"^\s*(?:[A-ZÆØÅ][\w\-]+(?: [A-ZÆØÅ]?[\w\-]+)?,\s*)?(?:den\s+)?{_DATE}\s*$",
                        re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s+(.+)$")


def stated_date(lines: list[str]) -> str | None:
    """The date a document states in its opening lines («Dato Desember 2010», «Publisert
    3.5.2023», a cover page's «Juni 2023» on a line of its own), as written."""
    for pattern in (_STATED_DATE, _DATE_LINE):
        for line in lines[:DATE_LINES]:
            m = pattern.search(line.lstrip("#* ").rstrip("* "))
            if m:
                date = " ".join(m[1].split())
                return date[:1].upper() + date[1:]
    return None


def document_title(lines: list[str], converted: Converted | None = None) -> str | None:
    """The document's own title: its metadata title, else its first heading, else its
    first line."""
    if converted is not None and converted.title:
        return converted.title[:MAX_TITLE]
    filled = [line.strip() for line in lines[:TITLE_LINES] if line.strip()]
    for line in filled:
        m = _HEADING.match(line)
        if m:
            return " ".join(m[1].split())[:MAX_TITLE]
    first = next((line.strip() for line in lines if line.strip()), None)
    return " ".join(first.split())[:MAX_TITLE] if first else None


def document_date(lines: list[str], converted: Converted | None = None) -> str | None:
    """The date the document states near its top, else the date its metadata gives."""
    return stated_date(lines) or (converted.date if converted is not None else None)
