"""Evaluation reports transcribed from PDF: one ``evaluation`` record per numbered chapter.

Web sites that host PDF reports publish a text transcript of them: a few header
lines (the title, "Transkript"), then every PDF page as one long line that
starts with the PDF page number and the page furniture (a running header such
as "SLUTTRAPPORT" and the printed page number), and after the last page the
site's list of related documents. This reader finds the page lines by their
shape (a run of lines numbered 1, 2, 3 … and a running header most pages share),
removes the page furniture (``support.pages``), skips the table of contents and the front matter,
and cuts the text at numbered chapter headings ("3. ORGANISERING OG
FORANKRING"), with numbered sub-sections ("3.1 Organisering") inside each
chapter. The related-documents list after the pages is not part of the report
and is never read.

A report written as lines (the format layer's Markdown of a PDF or Word file, or a
pasted text) is recognised by its structure instead (``support.reports``): numbered
chapters in order, in sentence case or capitals, and at least one of a table of
contents, a foreword or summary, a commissioning client or an author organisation, in
any of Bokmål, Nynorsk, Swedish, Danish and English. Each chapter is a record with its
numbered sections; the report's own title (its first heading or the page title), its
client, organisation, summary, language and the municipalities it names go with each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.domain.language import language_fields
from tiltaksbanken.domain.offices import offices_in_text
from tiltaksbanken.domain.places import municipality_lines
from tiltaksbanken.domain.records import LineRange, Record
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.base import Reader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.support.pages import CAPS_WORD as _CAPS_WORD
from tiltaksbanken.sources.support.pages import LOWER_LETTERS as _LOWER_LETTER
from tiltaksbanken.sources.support.pages import UPPER_LETTERS as _UPPER_LETTER
from tiltaksbanken.sources.support.pages import PageLayout, find_pages
from tiltaksbanken.sources.support.reports import (
    MIN_CHAPTERS,
    ReportLayout,
    front_title,
    report_layout,
    vocabulary,
)
from tiltaksbanken.sources.support.structure import clean, document_language, headline

# a headline that calls the text a report («Rapport fra tilsyn med …», «Tilsynsrapport …»,
# «Utvärdering av …», «Evaluation of …»)
_REPORT_HEADLINE = re.compile(
    r"(?i)^\W*\w*(?:rapport|report|evaluering|utvärdering|evaluation|tilsyn|granskning)\w*\b")
_CAPITALISED = re.compile(rf"^[«\"(]?[{_UPPER_LETTER}][{_LOWER_LETTER}]")
_CHAPTER_START = re.compile(rf"(?<!\S)(\d{{1,2}})\.\s+(?=[{_UPPER_LETTER}]{{2}})")
_TRANSCRIPT_WORDS = ("transkript", "transcript")
# words before "N.M" that make it a reference, not a section heading
_REFERENCE_WORDS = frozenset(
    {"figur", "fig", "tabell", "tab", "kapittel", "kap", "avsnitt", "punkt", "se", "vedlegg",
     "jf", "jfr", "side", "s", "figure", "table", "chapter", "section"}
)
# upper-case words kept upper-case when a heading is re-cased (common Norwegian acronyms)
_ACRONYMS = frozenset(
    {"NAV", "KS", "KVP", "IPS", "ASSS", "KOSTRA", "SSB", "NEET", "FACT", "ROP", "TIO", "IKT",
     "FoU", "NOU", "EU", "PPT", "OT", "PPOT", "SLT", "DPS", "IMDi", "BUF", "BUP"}
)
_MAX_SECTION_HEADING_WORDS = 20


def _heading_words(text: str, start: int) -> tuple[list[str], int] | None:
    """Upper-case heading words from ``start``; the end offset of the heading."""
    words: list[tuple[str, int]] = []
    for m in re.finditer(r"\S+", text[start:]):
        w = m.group()
        if w[0].isdigit() or not _CAPS_WORD.match(w) or not re.search(f"[{_UPPER_LETTER}]", w):
            break
        words.append((w, start + m.end()))
        if len(words) > 15:
            return None
    if not words:
        return None
    rest = text[words[-1][1] :].lstrip()
    # a one-letter capital before a lower-case word starts the next sentence ("… FORANKRING I evalueringen")
    if len(words) > 1 and len(words[-1][0]) == 1 and rest[:1].islower():
        words.pop()
        rest = text[words[-1][1] :].lstrip()
    if rest[:1].islower():
        return None
    if sum(len(re.sub(f"[^{_UPPER_LETTER}]", "", w)) for w, _ in words) < 3:
        return None
    return [w for w, _ in words], words[-1][1]


def _chapter_headings(text: str, after: int) -> list[tuple[int, int, int, str]]:
    """Chapter headings ("N. UPPER CASE HEADING") numbered after ``after``, in order.

    Returns (number, start offset, end offset, heading as written)."""
    out = []
    current = after
    for m in _CHAPTER_START.finditer(text):
        n = int(m[1])
        if not current < n <= current + 2:
            continue
        found = _heading_words(text, m.end())
        if not found:
            continue
        words, end = found
        out.append((n, m.start(), end, " ".join(words).rstrip(":,")))
        current = n
    return out


def nice_case(text: str) -> str:
    """Re-case an upper-case heading as a sentence; mixed-case text is returned as is."""
    text = " ".join(text.split())
    if re.search(f"[{_LOWER_LETTER}]", text):
        return text
    words = []
    for w in text.split():
        core = w.strip(",.:;()«»")
        if any(c.isdigit() for c in w) or core in _ACRONYMS:
            words.append(w)
        else:
            words.append(w.lower())
    out = " ".join(words)
    return out[:1].upper() + out[1:]


@dataclass
class _Body:
    """A chapter's text built from page pieces, remembering which line each piece came from."""

    text: str = ""
    spans: list[tuple[int, int, int]] = field(default_factory=list)

    def add(self, piece: str, line: int) -> None:
        piece = piece.strip()
        if not piece:
            return
        if self.text:
            if re.search(f"[{_LOWER_LETTER}]-$", self.text) and piece[:1].islower():
                self.text = self.text[:-1]
            else:
                self.text += "\n"
        start = len(self.text)
        self.text += piece
        self.spans.append((start, len(self.text), line))

    def lines(self, start: int, end: int) -> list[LineRange]:
        return [(ln, ln) for a, b, ln in self.spans if a < end and b > start]


def _section_starts(text: str, chapter: int) -> list[tuple[int, int, int]]:
    """Sub-section numbers "chapter.M" in increasing order: (M, start, end of number)."""
    pattern = re.compile(
        rf"(?<![\w.,/-]){chapter}\.(\d{{1,2}})\.?\s+(?=[«\"(]?[{_UPPER_LETTER}])"
    )
    out = []
    last = 0
    for m in pattern.finditer(text):
        sub = int(m[1])
        if not last < sub <= last + 3:
            continue
        before = text[: m.start()].split()
        if before and before[-1].strip(".:").casefold() in _REFERENCE_WORDS:
            continue
        if text[m.end() - 1 : m.end()] == ":" or text[m.start() : m.end()].rstrip().endswith(":"):
            continue
        out.append((sub, m.start(), m.end()))
        last = sub
    return out


def _section_heading(text: str, start: int) -> tuple[str, int]:
    """The heading words after a section number: up to the next sentence's capitalised word."""
    words = list(re.finditer(r"\S+", text[start:]))
    if not words:
        return "", start
    end = 1
    while end < len(words) and end < _MAX_SECTION_HEADING_WORDS:
        if _CAPITALISED.match(words[end].group()):
            break
        end += 1
    if end >= _MAX_SECTION_HEADING_WORDS:
        end = 8
    heading = " ".join(w.group() for w in words[:end]).rstrip(":.,")
    return heading, start + words[end - 1].end()


def _first(pattern: str, text: str) -> str | None:
    m = re.search(pattern, text)
    return " ".join(m[1].split()).strip(" .,;:") if m else None


def _client(front: str) -> str | None:
    return _first(
        r"(?:Beregnet (?:til|for)|Utarbeidet for|Oppdragsgiver:?|På oppdrag (?:for|fra))\s+"
        rf"((?:\S+\s+){{0,5}}?\S+?)(?=\s+(?:Dokument|Dato|Type|Versjon|Utført|Rapport|Prosjekt)"
        rf"\b|\s+[{_UPPER_LETTER}]{{3,}}\b|[.;]|$)",
        front,
    )


def _organisation(front: str, body: str) -> str | None:
    word = rf"[{_UPPER_LETTER}][{_LOWER_LETTER}][\w&.-]*"
    short = _first(rf"({word}(?:\s+{word}){{0,3}})\s+(?:Postboks|Postbox|Postadresse|Pb\.)", front)
    if short is None:
        return None
    # the full name the report gives on first use: "X Management Consulting (heretter X)"
    full = re.search(rf"({word}(?:\s+{word}){{0,4}})\s+\(heretter\s+{re.escape(short)}\)", body)
    return " ".join(full[1].split()) if full else short


_TOC_LINE = re.compile(
    rf"(?<!\S)(\d{{1,2}})\.?\s+([{_UPPER_LETTER}][^\d]{{2,80}}?)\s*\.*\s*\d{{1,3}}(?=\s|$)"
)


def _is_toc_page(text: str) -> bool:
    """A page that opens with a table-of-contents word in any of the five languages."""
    head = fold(text[:60])
    return any(head == w or head.startswith(w + " ") for w in vocabulary()["toc"])


def _listed_chapters(
    toc: list[str], content: list[tuple[int, str]]
) -> list[tuple[int, int, int, int, str]]:
    """The chapters a table of contents lists («1 Inledning 3 2 Metod och material 8 …»),
    found in order on the content pages as «1. Inledning» or «1 Inledning»:
    (number, page index, start, end, heading)."""
    listed: list[tuple[int, str]] = []
    for text in toc:
        for m in _TOC_LINE.finditer(text):
            n = int(m[1])
            if n == (listed[-1][0] + 1 if listed else 1):
                listed.append((n, " ".join(m[2].split())))
    out: list[tuple[int, int, int, int, str]] = []
    k = 0
    for page, text in content:
        pos = 0
        while k < len(listed):
            n, heading = listed[k]
            words = r"\s+".join(map(re.escape, heading.split()))
            m = re.compile(rf"(?i)(?<!\S){n}\.?\s+{words}(?!\w)").search(text, pos)
            if not m:
                break
            out.append((n, page, m.start(), m.end(), heading))
            pos = m.end()
            k += 1
    return out if len(out) >= MIN_CHAPTERS else []


def _starts_chapter(text: str) -> bool:
    return bool(_chapter_headings(text, 0))


def chapter_title(report: str, number: str, heading: str) -> str:
    """A chapter's record title: «Report – 2. Heading» (without a report title, the chapter)."""
    return f"{report} – {number}. {heading}" if report else f"{number}. {heading}"


class EvaluationReader(Reader):
    """Reads a PDF report transcript into one record per numbered chapter."""

    NAME = "evaluation"
    LABEL = "Evalueringsrapport"
    SCORE = 0.9

    def match(self, doc: SourceDocument) -> float:
        if not self.takes(doc):
            return 0.0
        return self._transcript_bid(doc) or self._structure_bid(doc)

    def _transcript_bid(self, doc: SourceDocument) -> float:
        """A page transcript: numbered page lines with a running header or long pages."""
        layout = find_pages(doc.lines, _starts_chapter)
        if layout is None:
            return 0.0
        head = fold(" ".join(doc.lines[: layout.first_line]))
        marker = any(w in head.split() for w in _TRANSCRIPT_WORDS) or bool(layout.toc_pages)
        if layout.header:
            return self.SCORE if marker else self.SCORE - 0.05
        long_pages = sum(len(p.text) >= 200 for p in layout.pages)
        if long_pages >= max(3, len(layout.pages) * 2 // 3):
            return 0.8 if marker else 0.6
        return 0.0

    @staticmethod
    def _structure_bid(doc: SourceDocument) -> float:
        """A report written as lines: numbered chapters and front matter."""
        if len(doc.text) > 3_000_000:
            return 0.0
        report = report_layout(doc.lines)
        if len(report.chapters) < MIN_CHAPTERS:
            return 0.0
        # a headline calling the text a report is as good as a front-matter feature
        head = headline(doc, doc.lines)
        evidence = report.evidence + bool(head and _REPORT_HEADLINE.match(head[0]))
        if evidence >= 2 or report.toc is not None:
            return 0.85
        return 0.75 if evidence == 1 else 0.0

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        layout = find_pages(doc.lines, _starts_chapter)
        if layout is None or not self._transcript_bid(doc):
            report = report_layout(doc.lines)
            if len(report.chapters) >= MIN_CHAPTERS:
                yield from self._structured(doc, report)
                return
        if layout is None:
            raise IngestError(
                doc.name,
                "this does not look like a report: no run of numbered page lines "
                "(\"1 …\", \"2 …\", \"3 …\") and no numbered chapters were found",
            )
        pages = layout.pages
        if not layout.toc_pages:  # a table of contents in Swedish, Danish, Nynorsk …
            layout.toc_pages = {i for i, p in enumerate(pages) if _is_toc_page(p.text)}
        content = [i for i in range(len(pages)) if i not in layout.toc_pages]
        first_content = max(layout.toc_pages) + 1 if layout.toc_pages else 0

        # chapter headings, in order, on the pages after the table of contents
        starts: list[tuple[int, int, int, int, str]] = []  # (number, page idx, start, end, heading)
        current = 0
        for i in content:
            if i < first_content:
                continue
            for n, s, e, heading in _chapter_headings(pages[i].text, current):
                starts.append((n, i, s, e, heading))
                current = n
        if not starts:  # sentence-case headings: the chapters the table of contents lists
            starts = _listed_chapters([pages[i].text for i in sorted(layout.toc_pages)],
                                      [(i, pages[i].text) for i in content if i >= first_content])
        first_page = starts[0][1] if starts else len(pages)
        front = " ".join(pages[i].text for i in range(len(pages)) if i < first_page)
        all_body = " ".join(pages[i].text for i in content)

        report_title = self._report_title(doc, layout)
        client = _client(front)
        organisation = _organisation(front, all_body)
        short_title = self._short_title(report_title, layout.header)
        shared: dict[str, Any] = {"report_title": report_title,
                                  **language_fields(document_language(doc, doc.text))}
        shared_sources: dict[str, list[LineRange]] = {}
        if report_title:
            shared_sources["report_title"] = self._line_of(doc, report_title, layout)
        for key, value in (("client", client), ("organisation", organisation)):
            shared[key] = value
            if value:
                shared_sources[key] = [
                    (p.line, p.line) for p in pages if value in p.text
                ][:1] or []

        if not starts:
            yield self._whole_report(doc, layout, content, short_title, shared, shared_sources)
            return

        for ordinal, (n, page_idx, _start, end, heading) in enumerate(starts):
            if ordinal + 1 < len(starts):
                _, stop_page, stop_at, _, _ = starts[ordinal + 1]
            else:
                stop_page, stop_at = content[-1], len(pages[content[-1]].text)
            body = _Body()
            for i in content:
                if i < page_idx or i > stop_page:
                    continue
                text = pages[i].text
                a = end if i == page_idx else 0
                b = stop_at if i == stop_page else len(text)
                body.add(text[a:b], pages[i].line)
            yield self._chapter_record(
                doc, ordinal, n, heading, pages[page_idx].line, body, short_title, shared,
                shared_sources,
            )

    def _chapter_record(
        self,
        doc: SourceDocument,
        ordinal: int,
        number: int,
        raw_heading: str,
        heading_line: int,
        body: _Body,
        short_title: str,
        shared: dict[str, Any],
        shared_sources: dict[str, list[LineRange]],
    ) -> Record:
        heading = nice_case(raw_heading)
        text = body.text
        starts = _section_starts(text, number)
        sections = []
        for k, (sub, s, e) in enumerate(starts):
            stop = starts[k + 1][1] if k + 1 < len(starts) else len(text)
            sec_heading, heading_end = _section_heading(text, e)
            sections.append(
                {
                    "number": f"{number}.{sub}",
                    "heading": sec_heading,
                    "text": text[heading_end:stop].strip(),
                    "lines": [list(r) for r in body.lines(s, stop)],
                }
            )
        intro_end = starts[0][1] if starts else len(text)
        intro = text[:intro_end].strip()
        chapter_lines = body.lines(0, len(text)) or [(heading_line, heading_line)]
        fields: dict[str, Any] = {
            "chapter": str(number),
            "heading": heading,
            "text": text,
            "intro": intro or None,
            "sections": sections,
            **shared,
        }
        sources: dict[str, list[LineRange]] = {
            "chapter": [(heading_line, heading_line)],
            "heading": [(heading_line, heading_line)],
            "text": chapter_lines,
            "intro": body.lines(0, intro_end) if intro else [],
            "sections": body.lines(starts[0][1], len(text)) if starts else [],
            **shared_sources,
        }
        title = chapter_title(short_title, number, heading)
        return Record(
            kind="evaluation",
            title=title[:200],
            fields=fields,
            file=doc.name,
            field_sources=sources,
            lines=[(heading_line, heading_line), *chapter_lines],
            ordinal=ordinal,
        )

    def _whole_report(
        self,
        doc: SourceDocument,
        layout: PageLayout,
        content: list[int],
        short_title: str,
        shared: dict[str, Any],
        shared_sources: dict[str, list[LineRange]],
    ) -> Record:
        """No numbered chapters: the report's pages as one record, so nothing is lost."""
        body = _Body()
        for i in content:
            body.add(layout.pages[i].text, layout.pages[i].line)
        lines = body.lines(0, len(body.text)) or [(layout.first_line, layout.last_line)]
        return Record(
            kind="evaluation",
            title=(short_title or doc.name)[:200],
            fields={"chapter": None, "heading": None, "text": body.text, "intro": None,
                    "sections": [], **shared},
            file=doc.name,
            field_sources={"text": lines, **shared_sources},
            lines=lines,
            ordinal=0,
        )

    @staticmethod
    def _report_title(doc: SourceDocument, layout: PageLayout) -> str | None:
        """The first line of the transcript's web header, else the running header."""
        for line in doc.lines[: layout.first_line - 1]:
            text = line.strip()
            if not text:
                continue
            if ":" in text or fold(text) in _TRANSCRIPT_WORDS or text.lower().startswith("download"):
                break
            return text
        return layout.header

    @staticmethod
    def _line_of(doc: SourceDocument, text: str, layout: PageLayout) -> list[LineRange]:
        for i, line in enumerate(doc.lines[: layout.last_line], 1):
            if text in line:
                return [(i, i)]
        return []

    @staticmethod
    def _short_title(report_title: str | None, header: str | None) -> str:
        """The report's title for record titles, without a trailing running header word."""
        if not report_title:
            return ""
        title = report_title.strip()
        if header and title.upper().endswith(" " + header.upper()) and len(title) > len(header) + 3:
            title = title[: -len(header)].strip(" -–:,")
        return nice_case(title)

    # ------------------------------------------------------------ reports as lines

    def _structured(self, doc: SourceDocument, report: ReportLayout) -> Iterator[Record]:
        lines = doc.lines
        head = headline(doc, lines) or front_title(lines, report)
        title = head[0] if head else None
        language = document_language(doc, doc.text)
        strict = language in ("sv", "da")

        def span(first: int, last: int) -> str:
            return "\n".join(clean(ln) if ln.lstrip().startswith("#") else ln.rstrip()
                             for ln in lines[first - 1 : last]).strip()

        shared: dict[str, Any] = {"report_title": title, **language_fields(language)}
        sources: dict[str, list[LineRange]] = {}
        if head:
            sources["report_title"] = [(head[1], head[1])]
        for key, found in (("client", report.client), ("organisation", report.author)):
            shared[key] = found[0] if found else None
            if found:
                sources[key] = [(found[1], found[1])]
        if "summary" in report.parts:
            a, b = report.parts["summary"]
            shared["summary"] = span(a + 1, b) or None
            sources["summary"] = [(a + 1, b)] if b > a else []
        front_last = report.chapters[0].line - 1
        front_places = municipality_lines(lines[:front_last], 1, strict)
        for ordinal, chapter in enumerate(report.chapters):
            yield self._structured_chapter(doc, ordinal, chapter, title, shared, sources,
                                           front_places, strict, span)

    def _structured_chapter(
        self,
        doc: SourceDocument,
        ordinal: int,
        chapter: Any,
        title: str | None,
        shared: dict[str, Any],
        shared_sources: dict[str, list[LineRange]],
        front_places: dict[str, list[LineRange]],
        strict: bool,
        span: Any,
    ) -> Record:
        body_first = chapter.line + 1
        intro_last = chapter.sections[0].line - 1 if chapter.sections else chapter.last
        sections = [
            {"number": s.number, "heading": nice_case(s.heading),
             "text": span(s.line + 1, s.last), "lines": [[s.line, s.last]]}
            for s in chapter.sections
        ]
        places = municipality_lines(doc.lines[chapter.line - 1 : chapter.last], chapter.line,
                                    strict)
        for name, ranges in front_places.items():
            places.setdefault(name, ranges)
        heading = nice_case(chapter.heading)
        intro = span(body_first, intro_last)
        fields: dict[str, Any] = {
            "chapter": chapter.number,
            "heading": heading,
            "text": span(body_first, chapter.last),
            "intro": intro or None,
            "sections": sections,
            "municipalities": list(places),
            "nav_offices": list(dict.fromkeys(
                name for name, _, _ in offices_in_text(span(chapter.line, chapter.last)))),
            **shared,
        }
        sources: dict[str, list[LineRange]] = {
            "chapter": [(chapter.line, chapter.line)],
            "heading": [(chapter.line, chapter.line)],
            "text": [(body_first, chapter.last)] if chapter.last >= body_first else [],
            "intro": [(body_first, intro_last)] if intro else [],
            "sections": [(chapter.sections[0].line, chapter.last)] if sections else [],
            "municipalities": [r for ranges in places.values() for r in ranges],
            "nav_offices": [
                (n, n) for n in range(chapter.line, chapter.last + 1)
                if offices_in_text(doc.lines[n - 1])
            ],
            **shared_sources,
        }
        short = nice_case(title) if title else ""
        name = chapter_title(short, chapter.number, heading)
        return Record(
            kind="evaluation",
            title=name[:200],
            fields=fields,
            file=doc.name,
            field_sources=sources,
            lines=[(chapter.line, chapter.last)],
            ordinal=ordinal,
        )
