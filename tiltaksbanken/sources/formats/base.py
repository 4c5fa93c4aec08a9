"""What every format converter returns: plain lines with a locator per line, and metadata.

Converted text is plain lines the text readers read as they read a transcript: headings
as Markdown ATX headings (``# Title``, ``## 1 Innledning``), tables as Markdown pipe rows
(``| a | b |``), paragraphs separated by a blank line. Each line has a locator that says
where in the original file it came from (``page 3`` for a PDF or a scan, ``paragraph 12``
for a DOCX/ODT/HTML block), kept in the store beside the line for provenance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Progress = Callable[[int, int], None]
"""Told (pages done, pages in all) as a converter works through a paged document."""

PAGE, PARAGRAPH = "page", "paragraph"  # the kinds of locator


def locator(kind: str, number: int) -> str:
    """A line's locator: ``page 3``, ``paragraph 12``."""
    return f"{kind} {number}"


def locator_parts(value: str | None) -> tuple[str, int] | None:
    """(kind, number) of a locator made by ``locator``, or None."""
    if not value or " " not in value:
        return None
    kind, _, number = value.rpartition(" ")
    return (kind, int(number)) if number.isdigit() else None


@dataclass
class Converted:
    """A file turned into lines: ``lines[i]`` came from ``locators[i]``."""

    format: str  # pdf | pdf-scan | image | docx | odt | html
    lines: list[str]
    locators: list[str | None]
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    pages: int = 0  # pages read (PDF, scan, image)
    ocr: bool = False  # the text was read from images by Tesseract

    def __post_init__(self) -> None:
        if len(self.lines) != len(self.locators):
            raise ValueError("every line needs its locator")

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def clean(text: str) -> str:
    """``text`` on one line, its runs of white space as one space."""
    return " ".join(text.split())


def pipe_row(cells: Iterable[str]) -> str:
    """A table row as a Markdown pipe row (``|`` inside a cell escaped)."""
    return "| " + " | ".join(clean(c).replace("|", "\\|") for c in cells) + " |"


_BROKEN_WORD = re.compile(r"(?<=[a-zæøåäöüé])-$")
_CONTINUATION = re.compile(r"^([a-zæøåäöüé]+)([.,;:!?)»”]*)(?:\s+|$)")
# a hyphen before these is a shared ending («helse- og omsorg»), not a broken word
_SUSPENDED = frozenset({"og", "eller", "samt", "and", "or", "och"})


def join_broken_words(lines: list[str]) -> list[str]:
    """Lines with a word hyphenated across a line break joined on the first line
    («arbeids-» + «markedet er …» → «arbeidsmarkedet» + «er …»); as many lines as before."""
    out = list(lines)
    for i in range(len(out) - 1):
        if not _BROKEN_WORD.search(out[i]):
            continue
        m = _CONTINUATION.match(out[i + 1])
        if not m or m[1] in _SUSPENDED:
            continue
        out[i] = out[i][:-1] + m[1] + m[2]
        out[i + 1] = out[i + 1][m.end():]
    return out


@dataclass
class LineBuilder:
    """Builds a ``Converted``'s lines block by block, a blank line between blocks."""

    lines: list[str] = field(default_factory=list)
    locators: list[str | None] = field(default_factory=list)

    def _gap(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.locators.append(None)

    def add(self, line: str, where: str | None) -> None:
        """One line as it is, in the current block."""
        self.lines.append(line)
        self.locators.append(where)

    def heading(self, text: str, level: int, where: str | None) -> None:
        text = clean(text)
        if text:
            self._gap()
            self.add("#" * max(1, min(level, 6)) + " " + text, where)

    def paragraph(self, text: str, where: str | None) -> None:
        """A paragraph block; its own line breaks are kept, empty lines dropped."""
        parts = [clean(p) for p in text.replace("\r", "\n").split("\n")]
        parts = [p for p in parts if p]
        if parts:
            self._gap()
            for p in parts:
                self.add(p, where)

    def item(self, text: str, where: str | None) -> None:
        """A list item (``- text``); a list's items stay together, apart from what is around."""
        text = clean(text)
        if text:
            if not (self.lines and self.lines[-1].startswith("- ")):
                self._gap()
            self.add(f"- {text}", where)

    def table(self, rows: Iterable[Iterable[str]], where: str | None) -> None:
        body = [list(r) for r in rows]
        body = [r for r in body if any(clean(c) for c in r)]
        if not body:
            return
        self._gap()
        width = max(len(r) for r in body)
        for i, row in enumerate(body):
            self.add(pipe_row(row + [""] * (width - len(row))), where)
            if i == 0 and len(body) > 1:
                self.add(pipe_row(["---"] * width), where)

    def build(self, fmt: str, **meta: object) -> Converted:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
            self.locators.pop()
        return Converted(fmt, self.lines, self.locators, **meta)  # type: ignore[arg-type]
