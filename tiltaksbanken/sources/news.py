"""Network news items: one ``news`` record per municipality paragraph, or per article.

News from network programmes (e.g. a programme whose name ends in "-løftet")
is short prose. Either one paragraph per municipality ("X kommune/NAV X har
etablert …", "I Y kommune har NAV-kontoret …"), often after an introduction
that names them all, or one article about one place, with quotes ("- …, sier
NAV-leder i X, Name.") and bullet lists.

Places are the gazetteer's municipalities where the sentence makes the name a
place (``domain.places.place_mentions``: «En kommune som …» names none, a city
district counts as its city), NAV offices those the office gazetteer knows. A
paragraph that names several of the places the other paragraphs are about is an
introduction: it becomes the ``context`` of every item, not an item of its own.
Consecutive paragraphs about the same place are one item. When the whole text is
about one place it is one item. A sub-heading that asks a question («Hva var
målet?») is part of the text, never an item's heading or title.

The document's own title (its first heading or the page title, never a
sub-question, a bullet or page furniture such as «Nyhetsbrev») is the headline:
the title of a one-article text, the start of every item's title otherwise
(«Headline – Place»), and part of the items' context. A funding announcement that
lists funded offices and projects (``support.funding``) gives the announcement and
one item per funded project (office, project, positions and amount where stated).

Person names found in quotes ("sier <role>, <Name Name>") go to
``contact_name`` (personal data, hidden from anonymous users) and are kept out
of titles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tiltaksbanken.domain.language import language_fields
from tiltaksbanken.domain.offices import offices_in_text
from tiltaksbanken.domain.places import municipality_of, place_mentions
from tiltaksbanken.domain.records import LineRange, Record
from tiltaksbanken.sources.base import Reader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.support.funding import FundedItem, funded_items
from tiltaksbanken.sources.support.paragraphs import Paragraph as BaseParagraph
from tiltaksbanken.sources.support.paragraphs import paragraphs as split_paragraphs
from tiltaksbanken.sources.support.persons import SPEECH_VERBS, person_names
from tiltaksbanken.sources.support.places import LOWER, UPPER, pattern_places
from tiltaksbanken.sources.support.structure import (
    clean,
    document_language,
    headline,
    is_furniture,
)

# a quoted name right after these words names a network or programme, not a local initiative
_NETWORK_BEFORE = re.compile(r"(?:nettverk\w*|program\w*|løftet)\s*$", re.IGNORECASE)
_GUILLEMETS = re.compile(r"«([^»]{2,120})»")
_PROGRAMME = re.compile(rf"\b([{UPPER}][{LOWER}]+løftet)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[-–«\"]?\s?[" + UPPER + r"0-9])")
_TITLE_MAX = 90


@dataclass
class Paragraph(BaseParagraph):
    """A paragraph of the news text and the places it names and is about."""

    places: list[str] = field(default_factory=list)  # in order of first mention
    subject: str | None = None
    intro: bool = False

    @property
    def text(self) -> str:
        return "\n".join(clean(line) if line.lstrip().startswith("#") else line.rstrip()
                         for line in self.lines).strip()

    @property
    def flat(self) -> str:
        return " ".join(clean(line) for line in self.lines)

    @property
    def is_quote(self) -> bool:
        t = self.flat.lstrip()
        return bool(re.match(r"^[-–—]\s", t)) and bool(re.search(SPEECH_VERBS, t))


def paragraphs(lines: list[str]) -> list[Paragraph]:
    return split_paragraphs(lines, Paragraph)



def _mentions(text: str, place: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(place)}(?![\w])", text)]


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


@dataclass
class _Item:
    subject: str | None
    paras: list[Paragraph] = field(default_factory=list)
    heading: Paragraph | None = None




class NewsReader(Reader):
    """Reads short network news into one record per municipality paragraph or article."""

    NAME = "news"
    LABEL = "Nyhetsartikkel"
    SCORE = 0.7

    def match(self, doc: SourceDocument) -> float:
        if not self.takes(doc):
            return 0.0
        text = doc.text
        if len(text) > 60_000 or max((len(line) for line in doc.lines), default=0) > 4_000:
            return 0.0
        paras = paragraphs(doc.lines)
        numbered = sum(bool(re.match(r"^\s+\d{1,3}\.\s", p.lines[0])) for p in paras)
        if numbered >= 3:  # a numbered list of comments or answers, not news prose
            return 0.0
        prose = [p for p in paras if len(p.flat) >= 80 and re.search(r"[.!?]", p.flat)]
        if not prose:
            return 0.0
        places = place_mentions(text) or [p for p in pattern_places(text) if municipality_of(p)]
        if not places:
            return 0.15 if re.search(r"\b(?:NAV|Nav|kommune)\b", text) else 0.0
        return self.SCORE if len(prose) >= 2 else self.SCORE - 0.15

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        lines = doc.lines
        head = headline(doc, lines)
        paras = [
            p for p in paragraphs(lines)
            if not all(is_furniture(line) for line in p.lines)
            and not (head and p.first == p.last == head[1])
        ]
        if not paras:
            return
        language = document_language(doc, doc.text)
        strict = language in ("sv", "da")
        mentions = place_mentions("\n".join(p.flat for p in paras), strict)
        known = list(dict.fromkeys(m.written for m in mentions))
        for p in paras:
            self._locate(p, known)
        subjects = {p.subject for p in paras if p.subject}
        for p in paras:
            # a paragraph naming several places that other paragraphs are about introduces them
            p.intro = p.subject is None and len(set(p.places) & subjects) >= 2
        programmes = Counter(m[1] for p in paras for m in _PROGRAMME.finditer(p.flat))
        funded = funded_items(lines)
        if len(funded) >= 2:
            yield from self._announcement(doc, head, paras, funded, known, programmes, language)
            return
        if len(subjects) >= 2:
            items, context = self._per_place(paras)
        else:
            items, context = [_Item(next(iter(subjects), None), list(paras))], []
        for ordinal, item in enumerate(items):
            record = self._record(doc, ordinal, item, context, programmes, paras, known)
            if head:
                self._headline(record, head, len(items) == 1, item.subject)
            record.fields.update(language_fields(language))
            yield record

    @staticmethod
    def _headline(record: Record, head: tuple[str, int], alone: bool, place: str | None) -> None:
        """The document's own title: the title of a one-article text, else the start of
        each item's («Headline – Place»), and part of the context."""
        text, line = head
        record.title = text if alone or not place else f"{text} – {place}"
        record.fields["context"] = "\n\n".join(
            x for x in (text, record.fields.get("context")) if x
        )
        record.field_sources["context"] = [(line, line), *record.field_sources.get("context", [])]

    def _announcement(
        self,
        doc: SourceDocument,
        head: tuple[str, int] | None,
        paras: list[Paragraph],
        funded: list[FundedItem],
        known: list[str],
        programmes: Counter[str],
        language: str | None,
    ) -> Iterator[Record]:
        """A funding announcement: the announcement itself, then one item per funded project."""
        listed = {f.line for f in funded}
        body = [p for p in paras if not set(range(p.first, p.last + 1)) <= listed]
        announcement = self._record(doc, 0, _Item(None, list(paras)), [], programmes, paras, known)
        title = head[0] if head else announcement.title
        announcement.title = title[:200]
        announcement.fields.update(language_fields(language))
        announcement.fields["role"] = "announcement"
        yield announcement
        context = "\n\n".join(p.text for p in body if not any(f.line == p.first for f in funded))
        context_lines = [(p.first, p.last) for p in body]
        if head:
            context = f"{head[0]}\n\n{context}"
            context_lines.insert(0, (head[1], head[1]))
        for ordinal, item in enumerate(funded, 1):
            line = [(item.line, item.line)]
            office_name = item.written or item.offices[0]
            name = item.project or office_name
            fields: dict[str, Any] = {
                "text": clean(item.text),
                "municipalities": item.municipalities,
                "nav_offices": item.offices,
                "programme": None,
                "initiatives": [item.project] if item.project else [],
                "positions": item.positions,
                "amount": item.amount,
                "context": context,
                "contact_name": [],
                **language_fields(language),
                "role": "funded",
            }
            sources = {k: line for k in ("text", "municipalities", "nav_offices", "initiatives",
                                          "positions", "amount") if fields.get(k)}
            sources["context"] = context_lines
            yield Record(
                kind="news",
                title=f"{office_name}: {name}"[:200] if item.project else name[:200],
                fields=fields,
                file=doc.name,
                field_sources=sources,
                lines=line,
                ordinal=ordinal,
            )

    @staticmethod
    def _locate(p: Paragraph, known: list[str]) -> None:
        text = p.flat
        positions: dict[str, int] = {}
        for place in known:
            hits = _mentions(text, place)
            if hits:
                positions[place] = hits[0]
        p.places = sorted(positions, key=positions.__getitem__)
        first = _first_sentence(text)
        in_first = [pl for pl in p.places if _mentions(first, pl)]
        if len(in_first) == 1:
            p.subject = in_first[0]
        elif not in_first and len(p.places) == 1:
            p.subject = p.places[0]
        elif not in_first and p.places:
            counts = Counter({pl: len(_mentions(text, pl)) for pl in p.places})
            (top, n), *rest = counts.most_common()
            if not rest or rest[0][1] < n:
                p.subject = top

    @staticmethod
    def _per_place(paras: list[Paragraph]) -> tuple[list[_Item], list[Paragraph]]:
        items: list[_Item] = []
        context: list[Paragraph] = []
        pending_heading: Paragraph | None = None
        for p in paras:
            if p.intro:
                context.append(p)
                continue
            if p.is_heading and not p.subject:
                pending_heading = p
                continue
            current = items[-1] if items else None
            if p.subject and (
                current is None or current.subject != p.subject or pending_heading is not None
            ):
                items.append(_Item(p.subject, [p], pending_heading))
            elif current is None:
                if p.places:  # names several places, not an introduction: an item of its own
                    items.append(_Item(p.places[0], [p], pending_heading))
                else:
                    context.append(p)
            else:
                if pending_heading is not None:
                    current.paras.append(pending_heading)
                current.paras.append(p)
            pending_heading = None
        return items, context

    def _record(
        self,
        doc: SourceDocument,
        ordinal: int,
        item: _Item,
        context: list[Paragraph],
        doc_programmes: Counter[str],
        all_paras: list[Paragraph],
        known: list[str],
    ) -> Record:
        paras = ([item.heading] if item.heading else []) + item.paras
        text = "\n\n".join(p.text for p in paras)
        flat = " ".join(p.flat for p in paras)
        spans: list[LineRange] = [(p.first, p.last) for p in paras]

        def where(pattern: str) -> list[LineRange]:
            out = []
            for p in paras:
                for i, line in enumerate(p.lines, p.first):
                    if re.search(pattern, line):
                        out.append((i, i))
            return out

        written: list[str] = []
        if item.subject:
            written.append(item.subject)
        for p in item.paras:
            for place in p.places:
                if place not in written:
                    written.append(place)
        # a city district is in its city (Bergenhus → Bergen)
        municipalities = list(dict.fromkeys(municipality_of(w) or w for w in written))
        office_mentions = offices_in_text(flat)
        offices = list(dict.fromkeys(name for name, _, _ in office_mentions))
        written_offices = list(dict.fromkeys(flat[a:b] for _, a, b in office_mentions))
        initiatives = list(dict.fromkeys(m.group(1).strip() for m in _GUILLEMETS.finditer(flat)))
        local_initiatives = [
            m.group(1).strip()
            for m in _GUILLEMETS.finditer(flat)
            if not _NETWORK_BEFORE.search(flat[: m.start()])
        ]
        names = person_names(flat, set(known))

        programme_sources: list[LineRange] = []
        local = Counter(m[1] for m in _PROGRAMME.finditer(flat))
        programme: str | None = None
        if local:
            programme = local.most_common(1)[0][0]
            programme_sources = where(re.escape(programme))
        elif len(doc_programmes) == 1:
            # the document names one programme; an item that does not repeat it belongs to it
            programme = next(iter(doc_programmes))
            programme_sources = [
                (i, i)
                for p in all_paras
                for i, line in enumerate(p.lines, p.first)
                if programme in line
            ][:1]

        fields: dict[str, Any] = {
            "text": text,
            "municipalities": municipalities,
            "nav_offices": offices,
            "programme": programme,
            "initiatives": initiatives,
            "contact_name": names,
        }
        sources: dict[str, list[LineRange]] = {
            "text": spans,
            "municipalities": [
                r for place in written for r in where(rf"(?<![\w-]){re.escape(place)}\b")
            ],
            # the lines that write the office («NAV Nesbyen» for the canonical NAV Hallingdal)
            "nav_offices": [
                r for w in written_offices
                for r in where(r"\s+".join(map(re.escape, w.split())) + r"\b")
            ],
            "programme": programme_sources,
            "initiatives": [r for name in initiatives for r in where(re.escape(f"«{name}"))],
            "contact_name": [r for name in names for r in where(re.escape(name))],
        }
        if context:
            fields["context"] = "\n\n".join(p.text for p in context)
            sources["context"] = [(p.first, p.last) for p in context]
        return Record(
            kind="news",
            title=self._title(item, local_initiatives, names),
            fields=fields,
            file=doc.name,
            field_sources=sources,
            lines=spans,
            ordinal=ordinal,
        )

    @staticmethod
    def _title(item: _Item, initiatives: list[str], names: list[str]) -> str:
        place = item.subject
        if item.heading is not None:
            lead = item.heading.flat.strip()
        elif initiatives:
            lead = initiatives[0]
        else:
            body = [p for p in item.paras if not p.is_heading and not p.is_quote]
            source = body[0] if body else item.paras[0]
            lead = _first_sentence(source.flat.strip().lstrip("-–—•* "))
            for name in names:
                lead = re.sub(rf",?\s*{re.escape(name)}", "", lead)
        if not place:
            return _shorten(lead, _TITLE_MAX + 20)
        if item.heading is not None or initiatives:
            return f"{place}: {_shorten(lead, _TITLE_MAX)}"
        return f"{place} – {_shorten(lead, _TITLE_MAX)}"
