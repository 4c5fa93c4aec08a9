"""The structure of a report written as lines: its table of contents, front matter and
numbered chapters with their sections.

A report comes from the format layer (Markdown: ``# Title``, ``## 2 Metode``) or as a
plain transcript (``2 Metode`` or ``2. METODE`` alone on a line). It is recognised by
structure, in any of Bokmål, Nynorsk, Swedish, Danish and English
(``data/report_vocabulary.json``): numbered chapters in order (1, 2, 3 …, sentence case
or capitals), sections numbered inside them (2.1, 2.2 …), a table of contents
(«Innhold», «Innehåll», «Indholdsfortegnelse», «Contents» …) whose entries are not
chapters, a foreword or summary («Forord», «Sammendrag», «Samandrag», «Sammanfattning»,
«Resumé», «Summary») and the labels of a title page for the commissioning client and the
author organisation («Oppdragsgiver:», «Uppdragsgivare:», «Udarbejdet af:», «Prepared by»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.support.structure import (
    Heading,
    clean,
    heading_shaped,
    headings,
    is_furniture,
)

_NUMBER = re.compile(r"^(\d{1,2})((?:\.\d{1,2}){0,2})\.?\s+(\S.*)$")
_TOC_ENTRY = re.compile(r"(?:\.{2,}|…|\s{2,}|\t)\s*\d{1,3}\s*$|\s\d{1,3}$")
_LABEL_VALUE = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(\S.{1,150})$")
MIN_CHAPTERS = 3


@cache
def vocabulary() -> dict[str, frozenset[str]]:
    """Per part of a report (toc, foreword, summary, client, author …) its words, folded,
    in all five languages."""
    data = load_data("report_vocabulary.json")
    return {key: frozenset(fold(w) for words in langs.values() for w in words)
            for key, langs in data.items() if not key.startswith("_")}


def part_of(text: str) -> str | None:
    """Which front-matter part a heading names (``toc``, ``foreword``, ``summary``), if any."""
    folded = fold(clean(text)).strip(" .:")
    folded = _NUMBER.sub(r"\3", folded) if _NUMBER.match(folded) else folded
    for key in ("toc", "foreword", "summary"):
        if folded in vocabulary()[key]:
            return key
    return None


@dataclass
class Section:
    number: str
    heading: str
    line: int
    last: int = 0


@dataclass
class Chapter:
    number: str
    heading: str
    line: int
    last: int = 0
    sections: list[Section] = field(default_factory=list)


@dataclass
class ReportLayout:
    """What the lines of a report hold: where its parts are (1-based lines)."""

    chapters: list[Chapter]
    toc: tuple[int, int] | None = None
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)  # foreword, summary
    client: tuple[str, int] | None = None
    author: tuple[str, int] | None = None

    @property
    def evidence(self) -> int:
        """How many report features besides its chapters the text shows."""
        return (self.toc is not None) + len(self.parts) + (self.client is not None) + (
            self.author is not None)


def _toc_span(lines: list[str]) -> tuple[int, int] | None:
    """The table of contents: its heading line and the entries after it."""
    for n, line in enumerate(lines, 1):
        if part_of(line) != "toc":
            continue
        last = n
        for m in range(n + 1, min(len(lines), n + 200) + 1):
            text = lines[m - 1].strip()
            if not text:
                continue
            if _TOC_ENTRY.search(clean(text)) or (_NUMBER.match(clean(text)) and len(text) < 90
                                                   and m - last <= 2 and _entry_follows(lines, m)):
                last = m
                continue
            break
        return n, last
    return None


def _entry_follows(lines: list[str], n: int) -> bool:
    nxt = next((ln for ln in lines[n:] if ln.strip()), "")
    return bool(_TOC_ENTRY.search(clean(nxt)) or _NUMBER.match(clean(nxt)))


def _label(lines: list[str], key: str, stop: int) -> tuple[str, int] | None:
    words = vocabulary()[key]
    for n, line in enumerate(lines[:stop], 1):
        text = clean(line)
        m = _LABEL_VALUE.match(text)
        if m and fold(m[1]) in words:
            return m[2].strip(" ."), n
        for w in words:  # «Utført av Proba samfunnsanalyse»
            if len(w.split()) > 1 and fold(text).startswith(w + " ") and len(text) < 150:
                return text[len(w):].strip(" :."), n
    return None


def _numbered(h: Heading) -> tuple[str, str, str] | None:
    m = _NUMBER.match(h.text)
    if not m or not re.match(r"[«\"(A-ZÆØÅÄÖÜÉa-zæøåäöü]", m[3]) or m[3].rstrip()[-1:] in ".,;":
        return None
    return m[1], m[2], m[3]


def _toc_titles(lines: list[str], toc: tuple[int, int]) -> set[str]:
    """The titles the table of contents lists (page numbers and leaders left off), folded."""
    titles = set()
    for line in lines[toc[0]:toc[1]]:
        title = _TOC_ENTRY.sub("", clean(line)).strip(" .…")
        if title:
            titles.add(fold(title))
    return titles


def _toc_echoes(lines: list[str], toc: tuple[int, int], known: set[int]) -> list[Heading]:
    """Lines after the table of contents that repeat one of its titles: headings by
    structure, even where a transcript has no blank lines around them."""
    titles = _toc_titles(lines, toc)
    out = []
    for n in range(toc[1] + 1, len(lines) + 1):
        text = clean(lines[n - 1])
        if n not in known and text and len(text) <= 140 and fold(text.rstrip(" .")) in titles:
            out.append(Heading(n, 2, text, False))
    return out


def report_layout(lines: list[str]) -> ReportLayout:
    """The report's chapters (numbered in order, outside the table of contents) with their
    sections, its table of contents, foreword and summary, client and author. Besides the
    headings a document marks or sets apart, a line that repeats a title of the table of
    contents is a heading (page transcripts often lose the blank lines around headings)."""
    toc = _toc_span(lines)
    found = [h for h in headings(lines) if not (toc and toc[0] <= h.line <= toc[1])]
    if toc:
        found = sorted(found + _toc_echoes(lines, toc, {h.line for h in found}),
                       key=lambda h: h.line)
    chapters: list[Chapter] = []
    parts: dict[str, tuple[int, int]] = {}
    boundaries: list[int] = []
    for h in found:
        part = part_of(h.text)
        numbered = _numbered(h)
        if part in ("foreword", "summary") and part not in parts and not numbered:
            parts[part] = (h.line, h.line)
            boundaries.append(h.line)
            continue
        if not numbered:
            continue
        top, sub, text = numbered
        number = int(top)
        if not sub:
            expected = int(chapters[-1].number) + 1 if chapters else 1
            if number in (expected, expected + 1) or (not chapters and number <= 2):
                chapters.append(Chapter(top, text.strip(), h.line))
                boundaries.append(h.line)
        elif chapters and top == chapters[-1].number:
            chapters[-1].sections.append(Section(f"{top}{sub}", text.strip(), h.line))
    end = _end(lines)
    for key, (first, _) in list(parts.items()):
        parts[key] = (first, _next(boundaries, first, end))
    for c in chapters:
        c.last = _next(boundaries, c.line, end)
        for k, s in enumerate(c.sections):
            s.last = c.sections[k + 1].line - 1 if k + 1 < len(c.sections) else c.last
    stop = chapters[0].line if chapters else min(len(lines), 60)
    return ReportLayout(chapters, toc, parts, _label(lines, "client", stop),
                        _label(lines, "author", stop))


def front_title(lines: list[str], report: ReportLayout) -> tuple[str, int] | None:
    """The report's title where no heading marks it: the first heading-shaped line before
    its front matter (client and author lines, table of contents, first chapter) that is
    neither page furniture nor a «label: value» line."""
    marks = [found[1] for found in (report.client, report.author) if found]
    marks += [report.toc[0]] if report.toc else []
    marks += [report.chapters[0].line] if report.chapters else []
    stop = min(marks, default=min(len(lines), 20))
    for n, line in enumerate(lines[: stop - 1], 1):
        text = clean(line)
        if text and not is_furniture(line) and not _LABEL_VALUE.match(text) and heading_shaped(text):
            return text, n
    return None


def _end(lines: list[str]) -> int:
    n = len(lines)
    while n > 0 and (not lines[n - 1].strip() or is_furniture(lines[n - 1])):
        n -= 1
    return n


def _next(boundaries: list[int], line: int, end: int) -> int:
    later = [b for b in boundaries if b > line]
    return (min(later) - 1) if later else end
