"""Network news items: one ``news`` record per municipality paragraph, or per article.

News from network programmes (e.g. a programme whose name ends in "-løftet")
is short prose. Either one paragraph per municipality ("X kommune/NAV X har
etablert …", "I Y kommune har NAV-kontoret …"), often after an introduction
that names them all, or one article about one place, with quotes ("- …, sier
NAV-leder i X, Name.") and bullet lists.

Places are found by pattern, never from a list of towns: capitalised words
before "kommune", after "NAV"/"Nav" and "Bydel", and after a role such as
"NAV-leder i". A paragraph that names several of the places the other
paragraphs are about is an introduction: it becomes the ``context`` of every
item, not an item of its own. Consecutive paragraphs about the same place are
one item. When the whole text is about one place it is one item.

Person names found in quotes ("sier <role>, <Name Name>") go to
``contact_name`` (personal data, hidden from anonymous users) and are kept out
of titles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.records import LineRange, Record
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.evaluation import find_pages

_UP = "A-ZÆØÅÄÖÜÉ"
_LOW = "a-zæøåäöüé"
_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+)*"
_NAME = rf"{_WORD}(?:\s{_WORD}){{0,2}}"
_KOMMUNE = re.compile(rf"\b({_NAME})\s+kommunes?\b")
_NAV = re.compile(rf"\b(?:NAV|Nav)\s({_NAME})")
_BYDEL = re.compile(rf"\bBydel\s({_NAME})")
# municipal roles and the NAV office "in X": "NAV-leder i X", "ordføreren i X"
_ROLE_IN = re.compile(
    rf"\b(?:(?:NAV|Nav)-(?:leder|sjef|kontor)\w*|ordfører(?:en)?|rådmann(?:en)?"
    rf"|kommunedirektør(?:en)?)\s+i\s+({_WORD})"
)
# a quoted name right after these words names a network or programme, not a local initiative
_NETWORK_BEFORE = re.compile(r"(?:nettverk\w*|program\w*|løftet)\s*$", re.IGNORECASE)
_GUILLEMETS = re.compile(r"«([^»]{2,120})»")
_PROGRAMME = re.compile(rf"\b([{_UP}][{_LOW}]+løftet)\b")
_SPEECH_VERBS = r"(?:sier|sa|forteller|fortalte|mener|understreker|påpeker|uttaler|legger til)"
_NAME_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_PERSON = rf"{_NAME_WORD}(?:\s{_NAME_WORD}){{1,3}}"
_QUOTE_ROLE_NAME = re.compile(rf"\b{_SPEECH_VERBS}\s+[^.,;!?]{{2,80}}?,\s+({_PERSON})\s*[.!?]")
_QUOTE_NAME = re.compile(rf"\b{_SPEECH_VERBS}\s+({_NAME_WORD}(?:\s{_NAME_WORD}){{0,3}})\s*[.!?]")
_BULLET = re.compile(r"^\s*(?:[•·▪◦*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[-–«\"]?\s?[" + _UP + r"0-9])")
_FORM_QUESTIONS = ("navn pa tiltaket", "navn pa nav kontoret", "beskriv malgruppen")
_COMMENT_MARKERS = ("kommentarer til", "legg igjen en kommentar", "svar pa kommentar")
# capitalised words that start sentences or name NAV units, not places
_NOT_PLACES = frozenset(load_data("not_places.json")["words"])
_TITLE_MAX = 90


@cache
def _counties() -> frozenset[str]:
    data = load_data("counties.json")
    names = set()
    for c in data["counties"]:
        names.add(c["name"])
        names.update(c.get("successors", []))
    return frozenset(names)


def _clean_place(name: str) -> str | None:
    words = name.split()
    while words and words[0] in _NOT_PLACES:
        words.pop(0)
    if not words or any(w in _NOT_PLACES for w in words):
        return None
    return " ".join(words)


@dataclass
class Paragraph:
    """A block of non-blank lines: its 1-based first and last line and its text."""

    first: int
    last: int
    lines: list[str]
    places: list[str] = field(default_factory=list)  # in order of first mention
    subject: str | None = None
    intro: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines).strip()

    @property
    def flat(self) -> str:
        return " ".join(line.strip() for line in self.lines)

    @property
    def is_heading(self) -> bool:
        t = self.flat.strip()
        return (
            len(self.lines) == 1
            and 0 < len(t) <= 80
            and len(t.split()) <= 10
            and not re.search(r"[.!?:;,]$", t)
            and not _BULLET.match(self.lines[0])
        )

    @property
    def is_quote(self) -> bool:
        t = self.flat.lstrip()
        return bool(re.match(r"^[-–—]\s", t)) and bool(re.search(_SPEECH_VERBS, t))


def paragraphs(lines: list[str]) -> list[Paragraph]:
    """Blocks of consecutive non-blank lines."""
    out: list[Paragraph] = []
    block: list[str] = []
    start = 0
    for i, line in enumerate([*lines, ""], 1):
        if line.strip():
            if not block:
                start = i
            block.append(line)
        elif block:
            out.append(Paragraph(start, i - 1, block))
            block = []
    return out


def pattern_places(text: str) -> list[str]:
    """Places named by pattern ("X kommune", "NAV X", "Bydel X", "NAV-leder i X"), in order."""
    found: list[tuple[int, str]] = []
    for regex in (_KOMMUNE, _NAV, _BYDEL, _ROLE_IN):
        for m in regex.finditer(text):
            place = _clean_place(m[1])
            if place and place not in _counties():
                found.append((m.start(1), place))
    out: list[str] = []
    for _, place in sorted(found):
        if place not in out:
            out.append(place)
    return out


def nav_offices(text: str) -> list[str]:
    """NAV offices named in the text, as "NAV X"."""
    out: list[str] = []
    for m in _NAV.finditer(text):
        place = _clean_place(m[1])
        if place and f"NAV {place}" not in out:
            out.append(f"NAV {place}")
    return out


def person_names(text: str, places: set[str]) -> list[str]:
    """Names of people quoted ("…, sier NAV-leder i X, Kari Nordmann."), full names first."""
    full: list[str] = []
    for m in _QUOTE_ROLE_NAME.finditer(text):
        if m[1] not in full and m[1] not in places:
            full.append(m[1])
    short: list[str] = []
    for m in _QUOTE_NAME.finditer(text):
        name = m[1]
        if name in places or name.split()[0] in _NOT_PLACES:
            continue
        if any(name in f.split() or name == f for f in full) or name in short:
            continue
        short.append(name)
    return full + short


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


_TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm"})


class NewsReader:
    """Reads short network news into one record per municipality paragraph or article."""

    name: ClassVar[str] = "news"

    def match(self, doc: SourceDocument) -> float:
        if doc.suffix in _TABLE_SUFFIXES or not doc.is_text():
            return 0.0
        text = doc.text
        if len(text) > 60_000 or max((len(line) for line in doc.lines), default=0) > 4_000:
            return 0.0
        folded = fold(text[:20_000])
        if any(q in folded for q in _FORM_QUESTIONS):
            return 0.0
        if any(c in folded for c in _COMMENT_MARKERS):
            return 0.0
        if find_pages(doc.lines) is not None:
            return 0.0
        paras = paragraphs(doc.lines)
        numbered = sum(bool(re.match(r"^\s+\d{1,3}\.\s", p.lines[0])) for p in paras)
        if numbered >= 3:  # a numbered list of comments or answers, not news prose
            return 0.0
        prose = [p for p in paras if len(p.flat) >= 80 and re.search(r"[.!?]", p.flat)]
        if not prose:
            return 0.0
        places = pattern_places(text)
        if not places:
            return 0.15 if re.search(r"\b(?:NAV|Nav|kommune)\b", text) else 0.0
        return 0.7 if len(prose) >= 2 else 0.55

    def read(self, doc: SourceDocument) -> Iterator[Record]:
        paras = paragraphs(doc.lines)
        if not paras:
            return
        known: list[str] = []
        for p in paras:
            for place in pattern_places(p.flat):
                if place not in known:
                    known.append(place)
        for p in paras:
            self._locate(p, known)
        subjects = {p.subject for p in paras if p.subject}
        for p in paras:
            # a paragraph naming several places that other paragraphs are about introduces them
            p.intro = p.subject is None and len(set(p.places) & subjects) >= 2
        if len(subjects) >= 2:
            items, context = self._per_place(paras)
        else:
            items, context = [_Item(next(iter(subjects), None), list(paras))], []
        programmes = Counter(m[1] for p in paras for m in _PROGRAMME.finditer(p.flat))
        for ordinal, item in enumerate(items):
            yield self._record(doc, ordinal, item, context, programmes, paras, known)

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

        municipalities: list[str] = []
        if item.subject:
            municipalities.append(item.subject)
        for p in item.paras:
            for place in p.places:
                if place not in municipalities:
                    municipalities.append(place)
        offices = nav_offices(flat)
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
                r for place in municipalities for r in where(rf"(?<![\w-]){re.escape(place)}\b")
            ],
            "nav_offices": [
                r for o in offices
                for r in where(rf"\b(?:NAV|Nav)\s{re.escape(o.split(' ', 1)[1])}\b")
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
