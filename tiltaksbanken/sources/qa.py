"""Reports written as questions and answers: a grantee's progress report, a status report.

A question is a line of its own that asks («Hva er målgruppen?»), a bold line
(«**Beskriv tiltaket**») or a line that is one of the annual report form's questions;
its answer is the lines after it up to the next question. A text most of which is
such pairs is a Q&A report: the questions are the field labels and the answers the
fields (``answers``: question and answer, each with its lines). Where at least three
questions match the 17-question form (``data/form_question_words.json``, then the
form's own wording), the report is a ``tiltak`` record with the form's fields, as a
yearly report would be; otherwise it is a ``document``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.form import (
    best_question,
    normalise_report_type,
    tiltak_fields,
    tiltak_title,
)
from tiltaksbanken.domain.language import language_fields
from tiltaksbanken.domain.offices import offices_in_text
from tiltaksbanken.domain.places import municipality_lines
from tiltaksbanken.domain.records import LineRange, Record
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.base import Reader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.support.structure import (
    BOLD,
    TABLE_ROW,
    TABLE_RULE,
    atx,
    clean,
    document_language,
    headline,
    is_furniture,
)

MIN_PAIRS = 4
MIN_SHARE = 0.6  # of the text's lines, in question–answer pairs
MIN_FORM_FIELDS = 3
FORM_MATCH = 0.8
_MAX_QUESTION_WORDS = 25
# «Statusrapport 2023 – Bustadsosialt tiltak i NAV Sunnfjord»: the kind of report and its year
# before the measure's name, in the Scandinavian languages and English
_REPORT_PREFIX = re.compile(r"^\S*(?:rapport|report)\S*(?:\s+(?:for\s+)?\d{4})?\s*[–—:-]\s*", re.I)


def _preamble_title(doc: SourceDocument, lines: list[str], first_question: int) -> tuple[str, int] | None:
    """The report's own heading: its headline, else the first line before the first
    question that is not page furniture."""
    head = headline(doc, lines)
    if head:
        return head
    for n, line in enumerate(lines[: first_question - 1], 1):
        if line.strip() and not is_furniture(line):
            return clean(line), n
    return None


def _from_title(title: str, title_line: int, lines: list[str]) -> dict[str, tuple[str, int]]:
    """What a report's heading says of the form's answers, each with its line: the report
    type («Statusrapport 2023 – …»), the measure's name after it, and the NAV office it
    names (else the first one the report's lines name)."""
    out: dict[str, tuple[str, int]] = {}
    prefix = _REPORT_PREFIX.match(title)
    if prefix and normalise_report_type(prefix[0]):
        out["report_type"] = (prefix[0].strip(" –—:-"), title_line)
    name = title[prefix.end():].strip() if prefix else title
    if name:
        out["name"] = (name, title_line)
    order = [title_line] + [n for n in range(1, len(lines) + 1) if n != title_line]
    office = next(((found[0][0], n) for n in order if (found := offices_in_text(lines[n - 1]))), None)
    if office:
        out["nav_office"] = office
    return out


@dataclass
class Pair:
    question: str
    line: int
    first: int  # the answer's lines
    last: int
    answer: str
    key: str | None = None


@cache
def _question_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((key, tuple(fold(w) for w in words))
                 for key, words in load_data("form_question_words.json")["fields"])


def form_key(question: str) -> str | None:
    """The form field a question asks for, or None."""
    folded = fold(question)
    for key, words in _question_words():
        if any(w in folded for w in words):
            return key
    key, score = best_question(question, min_words=2)
    return key if score >= FORM_MATCH else None


def _is_question(line: str) -> bool:
    text = clean(line)
    if not text or len(text.split()) > _MAX_QUESTION_WORDS or re.match(r"^\s*[•·▪◦*–-]\s", line):
        return False
    if text.endswith("?") or BOLD.match(line):
        return True
    _, score = best_question(text, min_words=2)
    return score >= 0.9


def _table_pairs(lines: list[str]) -> list[Pair]:
    """Rows of a two-column table whose first cell asks and whose second answers (a Word
    form's «Spørsmål | Svar» table): one pair a row, question and answer on its line."""
    out: list[Pair] = []
    for n, line in enumerate(lines, 1):
        if not TABLE_ROW.match(line) or TABLE_RULE.match(line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and all(cells) and _is_question(cells[0]):
            out.append(Pair(clean(cells[0]), n, n, n, cells[1]))
    return out


def pairs(lines: list[str]) -> list[Pair]:
    """The question–answer pairs of the text (lines that ask and the lines after them, or
    the rows of a question–answer table), in order."""
    out: list[Pair] = _table_pairs(lines)
    table = {p.line for p in out}
    questions = [n for n, line in enumerate(lines, 1)
                 if line.strip() and not atx(line) and not TABLE_ROW.match(line)
                 and _is_question(line)]
    for k, n in enumerate(questions):
        stop = questions[k + 1] - 1 if k + 1 < len(questions) else len(lines)
        body = [m for m in range(n + 1, stop + 1)
                if lines[m - 1].strip() and not atx(lines[m - 1]) and m not in table
                and not is_furniture(lines[m - 1])]
        if not body:
            continue
        answer = "\n".join(lines[m - 1].strip() for m in body)
        out.append(Pair(clean(lines[n - 1]), n, body[0], body[-1], answer))
    return sorted(out, key=lambda p: p.line)


class QAReportReader(Reader):
    """Reads a report written as questions and answers."""

    NAME = "qa"
    LABEL = "Rapport med spørsmål og svar"
    SCORE = 0.8

    def match(self, doc: SourceDocument) -> float:
        if not self.takes(doc) or len(doc.text) > 500_000:
            return 0.0
        lines = doc.lines
        found = pairs(lines)
        if len(found) < MIN_PAIRS:
            return 0.0
        filled = sum(1 for line in lines if line.strip() and not atx(line))
        held = sum((p.first > p.line) + p.last - p.first + 1 for p in found)
        return self.SCORE if held >= MIN_SHARE * filled else 0.0

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        lines = doc.lines
        found = pairs(lines)
        for p in found:
            p.key = form_key(p.question)
        head = headline(doc, lines)
        language = document_language(doc, doc.text)
        answers = [{"question": p.question, "answer": p.answer} for p in found]
        places = municipality_lines(lines, 1, language in ("sv", "da"))
        sources: dict[str, list[LineRange]] = {
            "answers": [(p.line, p.last) for p in found],
        }
        mapped: dict[str, Pair] = {}
        for p in found:
            if p.key and p.key not in mapped:
                mapped[p.key] = p
        if len(mapped) >= MIN_FORM_FIELDS:
            raw: dict[str, str | None] = {k: p.answer for k, p in mapped.items()}
            own = _preamble_title(doc, lines, found[0].line)
            if own:
                for k, (value, n) in _from_title(own[0], own[1], lines).items():
                    if not raw.get(k):
                        raw[k] = value
                        sources[k] = [(n, n)]
                head = head or own
            fields = tiltak_fields(raw)
            for k, p in mapped.items():
                sources[k] = [(p.first, p.last)]
            named = list(fields.get("municipalities") or [])
            fields["municipalities"] = list(dict.fromkeys(named + list(places)))
            kind = "tiltak"
            title = tiltak_title(fields) if fields.get("name") else (head[0] if head else doc.name)
        else:
            fields = {"text": "\n\n".join(f"{p.question}\n{p.answer}" for p in found),
                      "municipalities": list(places), "role": "qa"}
            sources["text"] = [(p.line, p.last) for p in found]
            kind = "document"
            title = head[0] if head else doc.name
        fields["answers"] = answers
        fields.update(language_fields(language))
        sources["municipalities"] = [r for ranges in places.values() for r in ranges]
        extra: dict[str, Any] = {}
        if head:
            extra["lines"] = [(head[1], head[1])]
        yield Record(kind=kind, title=title[:200], fields=fields, file=doc.name,
                     field_sources=sources)
