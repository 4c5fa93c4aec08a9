"""Reader for a blog post calling for cookbook examples, with its comment thread.

The post (the *call*) asks contributors for a short notice before one deadline
and a fuller text, guided by a list of questions, before the next. Contributors
answer in the comments. The transcript of such a page has this shape:

* the post's text, with numbered plan items ("  1. ... innen 1. mars")
  and bullet questions after a line announcing them;
* a line "N kommentarer til ..." opening the comments;
* top-level comments "  N. text" (marker indent 2) with body lines indented
  two more; nested replies are numbered lists indented further ("    1. " or
  "      1. "), their bodies again two deeper. A numbered line at a body's own
  indent is a list inside that body, unless its next line is indented deeper
  (then it is a reply with a body of its own);
* a line at indent 0 after the comments (e.g. "Legg igjen en kommentar").

A contributor's fuller answer is often nested under the *previous* top-level
comment rather than under its own notice, so every nested reply is assigned to
the top-level comment whose organisation it names or whose words it shares
most, falling back to its parent. Short thanks and questions are not answers:
they are kept apart as ``replies`` of the example they answer.

A post that asks its readers for nothing (no invitation, no deadline:
``support.comments.asks_for_contributions``) is no call, and this reader does not
bid on it. The reader yields one ``cookbook`` record for the call (role ``call``) and one
per contributing organisation (role ``example``), with line ranges for every
field. Person names found in the text go to the personal ``contact_name`` field
and never into titles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.language import language_fields, language_of
from tiltaksbanken.domain.privacy import EMAIL_RE, PHONE_RE
from tiltaksbanken.domain.records import LineRange, Record, merge_ranges
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.base import Reader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.support.comments import asks_for_contributions

_HEADING = re.compile(
    r"^\s*(?:\d+|én|en|ein|ett|eitt|one)\s+(?:kommentar(?:er|ar)?|svar|comments?|responses?|"
    r"thoughts?|replies)\s+(?:til|på|on|to)\b",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^( +)(\d+)\.\s+(\S.*)$")
_TOP_ITEM = re.compile(r"^ {1,3}\d+\.\s+\S")
_BULLET = re.compile(r"^\s*[•·▪◦*–-]\s+(\S.*)$")
_WEEKDAY = r"(?:(?:man|tirs|ons|tors|fre|lør|søn)dag(?:en)?\s+)?"
_DATE = r"\d{1,2}\.\s*[A-Za-zæøåÆØÅ]+\.?(?:\s+\d{4})?"
_DEADLINE = re.compile(
    rf"^(?P<what>.*?)[,\s]+(?:innen|senest|seinast|før)\s+{_WEEKDAY}(?P<date>{_DATE})",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\b(?:takk|takker|thanks|thank you)\b", re.IGNORECASE)
_GREETING = r"(?:Hei|Hallo|Heisann|Hei hei|God dag|Kjære alle)"
_PARTICIPATION = re.compile(
    r"\s*\b(?:vil|ønsker)\s+(?:gjerne\s+)?(?:å\s+)?(?:(?:være|bli)\s+)?med\b.*$", re.IGNORECASE
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[«\"“(–-]?[A-ZÆØÅ0-9])")

# A capitalised name: words starting with a capital, joined by spaces, " – " or " & ".
_CAP = r"[A-ZÆØÅ][\wÆØÅæøåéü'’-]*"
_NAME = rf"{_CAP}(?:(?:\s+|\s+[–&]\s+|\s+og\s+){_CAP}){{0,4}}"
_ORG_NOUNS = (
    r"(?:sosial\s?entreprenør\w*|sosialentreprenør\w*|organisasjon\w*|forening\w*|stiftelse\w*|"
    r"bedrift\w*|selskap\w*|virksomhet\w*|ideell\w*|aksjeselskap\w*|entreprenør\w*|"
    r"samvirke\w*|kooperativ\w*)"
)
_ORG_VERBS = (
    r"(?:har|gir|tilbyr|beveger|driver|jobber|arbeider|samarbeider|utvikler|er|holder|bygger|"
    r"hjelper|skaper|leverer|ansetter|lager|organiserer|startet|ble|vil|ønsker)"
)
# A name with lower-case words ("Ut på tur"), bounded by a strong context.
_LOOSE = r"[A-ZÆØÅ][^.!?,:;\n]{0,40}?"
_SENTENCE_START = r"(?:^|(?<=[.!?]\s))"
# (pattern, weight, most words of a loose name): stronger patterns name the
# organisation by their context; a loose pattern comes before its strict twin
_ORG_PATTERNS: tuple[tuple[re.Pattern[str], int, int | None], ...] = (
    (re.compile(r"\b[Vv]i i ([A-ZÆØÅ][^.,!?\n]{1,50}?)\s+(?:har|er|vil|ønsker|jobber|driver|"
                r"tilbyr|holder|arbeider)\b"), 6, 6),
    (re.compile(rf"^{_GREETING}[.!,]?\s+({_LOOSE})\s+(?:vil gjerne|ønsker å|ønsker gjerne)"), 5, 3),
    (re.compile(rf"^{_GREETING}[.!,]?\s+({_NAME})\b[^.!?\n]{{0,80}}?\b(?:vil gjerne|ønsker å|"
                r"ønsker gjerne)"), 5, None),
    (re.compile(rf"{_SENTENCE_START}({_LOOSE})\s+er\s+(?:en|et|ei)?\s*(?:[\wæøå-]+\s+){{0,2}}?"
                rf"{_ORG_NOUNS}"), 5, 4),
    (re.compile(rf"({_NAME})\s+er\s+(?:en|et|ei)?\s*(?:[\wæøå-]+\s+){{0,2}}?{_ORG_NOUNS}"), 5, None),
    (re.compile(rf"(?:oppfunnet|utviklet|laget|drevet|eid|startet|grunnlagt|etablert) av ({_NAME})"),
     4, None),
    (re.compile(rf"{_SENTENCE_START}({_NAME})\s+{_ORG_VERBS}\b"), 2, None),
    # a name of two or more words before any present-tense verb ("-er")
    (re.compile(rf"{_SENTENCE_START}({_CAP}(?:\s+(?:og\s+)?{_CAP})+)\s+[a-zæøå]{{2,}}er\b"), 2, None),
    # weakest: a short name opening a sentence before a verb
    (re.compile(rf"{_SENTENCE_START}({_LOOSE})\s+(?:{_ORG_VERBS}|[a-zæøå]{{2,}}er)\s"), 1, 3),
)
_GREETING_SENTENCE = re.compile(rf"^{_GREETING}[.!,]?\s+([A-ZÆØÅ][^.!?\n]{{1,60}})[.!]")
_NOT_NAMES = {  # capitalised words that start sentences but are never names
    w.casefold()
    for w in [
        "Vi", "Jeg", "Det", "Dette", "Denne", "Den", "De", "Dere", "Du", "Han", "Hun", "Man",
        "Her", "Da", "Nå", "Så", "Vår", "Vårt", "Våre", "Min", "Mitt", "Hei", "Hallo", "Takk",
        "Tusen", "Litt", "Kort", "Se", "Les", "I", "På", "Med", "For", "Om", "Og", "Men", "Som",
        "Alle", "Mange", "Noen", "Hva", "Hvem", "Hvordan", "Når", "Etter", "Siden", "Fra", "Til",
        "Ved", "Kommunen", "Kommunene", "Bydelen", "Målet", "Ideen", "Tiltaket", "Prosjektet",
        "Samarbeidet", "Arbeidet", "Selskapet", "Virksomheten", "Foreningen", "Organisasjonen",
        "Kontakt", "Hele", "Hver", "En", "Et", "Ei", "Samme", "Annen", "Egen", "Første", "Nye",
        "Ny", "Både", "Ikke", "Også",
    ]
}
_PERSON_ROLES = (
    r"(?:leder|daglig leder|prosjektleder|virksomhetsleder|enhetsleder|avdelingsleder|"
    r"samfunnsforsker|forsker|journalist|rådgiver|konsulent|tiltakskonsulent|koordinator|"
    r"gründer|grunnlegger|direktør|sjef|kontaktperson|kontakt|saksbehandler|veileder)"
)
_PERSON_TOKEN = r"(?:[A-ZÆØÅ][a-zæøåéüö]+(?:-[A-ZÆØÅ][a-zæøåéüö]+)?|[A-ZÆØÅ]\.)"
_PERSON = rf"{_PERSON_TOKEN}(?:\s+{_PERSON_TOKEN}){{1,5}}"
_PERSON_PATTERNS = (
    re.compile(rf"\bv/\s*(?:[a-zæøå-]+\s+){{0,2}}({_PERSON})"),
    re.compile(rf"\b[Gg]ründer(?:en)?(?:\s+[\wæøå]+){{0,3}},\s*({_PERSON})\s*,"),
    re.compile(rf"\b(?:sier|skriver|forteller|fortsetter|avslutter)\s+({_PERSON})"),
    re.compile(rf"({_PERSON})\s*\([^)]*(?:\[at\]|@)"),
    re.compile(rf"\b{_PERSON_ROLES}(?:\s+i\s+[A-ZÆØÅ][\wæøå-]+)?\s+({_PERSON})"),
    re.compile(rf"\b(?:ved|v\.)\s+({_PERSON})"),
    re.compile(rf"({_PERSON})\s+er\s+(?:{_PERSON_ROLES}|engasjert|ansatt)\b"),
    re.compile(rf"({_PERSON})\s+og\s+({_PERSON})"),
)
_WORD = re.compile(r"[A-Za-zÆØÅæøåéüö][\wÆØÅæøåéüö-]*")
_MUNI = re.compile(
    r"\b((?:[A-ZÆØÅ][\wæøå-]+,\s+)+[A-ZÆØÅ][\wæøå-]+\s+og\s+[A-ZÆØÅ][\wæøå-]+"
    r"|[A-ZÆØÅ][\wæøå-]+)\s+[Kk]omm?une\b"
)
_BYDEL = re.compile(r"\b[Bb]ydel\s+([A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+)?)")
_NAV = re.compile(r"\b(?:NAV|Nav)\s+([A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+)?)")

SHORT_REPLY = 300
TINY_REPLY = 150
MIN_RESEMBLANCE = 0.25
OPENING_CHARS = 400


# ---------------------------------------------------------------- the comment tree


@dataclass(eq=False)
class Item:
    """One comment or reply: its marker line, own body lines and nested replies."""

    indent: int
    number: int
    first: int
    own: list[int]
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)
    body_indent: int | None = None

    @property
    def top(self) -> Item:
        item = self
        while item.parent is not None:
            item = item.parent
        return item

    def descendants(self) -> Iterator[Item]:
        for child in self.children:
            yield child
            yield from child.descendants()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _next_filled(lines: list[str], n: int, end: int) -> int | None:
    """Line number of the first non-blank line after ``n`` (up to ``end``)."""
    for m in range(n + 1, end + 1):
        if lines[m - 1].strip():
            return m
    return None


def _starts_item(
    lines: list[str], n: int, number: int, stack: list[Item], top_indent: int | None, end: int
) -> bool:
    """Whether the numbered line ``n`` opens a comment/reply rather than a list in a body."""
    indent = _indent(lines[n - 1])
    if not stack or top_indent is None or indent <= top_indent:
        return True
    current = stack[-1]
    body = current.body_indent if current.body_indent is not None else current.indent + 2
    if indent < body:
        return True
    nxt = _next_filled(lines, n, end)
    if nxt is not None and _indent(lines[nxt - 1]) >= indent + 2:
        return True  # it has a body of its own, indented deeper
    # a one-paragraph reply stands alone between blank lines; a list inside a
    # body runs on from the line before it
    previous_blank = n > 1 and not lines[n - 2].strip()
    next_blank = n >= end or not lines[n].strip()
    return number == 1 and previous_blank and next_blank


def parse_comments(lines: list[str], start: int, end: int) -> list[Item]:
    """The top-level comments (with nested replies) of lines ``start``..``end``."""
    tops: list[Item] = []
    stack: list[Item] = []
    top_indent: int | None = None
    for n in range(start, end + 1):
        line = lines[n - 1]
        if not line.strip():
            if stack:
                stack[-1].own.append(n)
            continue
        indent = _indent(line)
        m = _ITEM.match(line)
        if m and _starts_item(lines, n, int(m.group(2)), stack, top_indent, end):
            if top_indent is None:
                top_indent = indent
            while stack and (stack[-1].indent >= indent or indent <= top_indent):
                stack.pop()
            item = Item(indent=indent, number=int(m.group(2)), first=n, own=[n])
            if stack:
                item.parent = stack[-1]
                stack[-1].children.append(item)
            else:
                tops.append(item)
            stack.append(item)
            continue
        if not stack:
            continue
        # a line dedented below the current reply's body returns to an ancestor's body
        while (
            len(stack) > 1
            and stack[-1].body_indent is not None
            and indent < stack[-1].body_indent
            and stack[-2].body_indent is not None
            and indent >= stack[-2].body_indent
        ):
            stack.pop()
        if stack[-1].body_indent is None:
            stack[-1].body_indent = indent
        stack[-1].own.append(n)
    return tops


def _runs(numbers: Iterable[int], lines: list[str]) -> list[LineRange]:
    """Runs of consecutive line numbers, trimmed of blank lines at both ends."""
    out: list[LineRange] = []
    run: list[int] = []
    for n in sorted(set(numbers)):
        if run and n != run[-1] + 1:
            out.extend(_trimmed(run, lines))
            run = []
        run.append(n)
    out.extend(_trimmed(run, lines))
    return out


def _trimmed(run: list[int], lines: list[str]) -> list[LineRange]:
    filled = [n for n in run if lines[n - 1].strip()]
    return [(filled[0], filled[-1])] if filled else []


def _lines_text(numbers: Iterable[int], lines: list[str], strip_marker: int | None = None) -> str:
    """The text of the given lines: stripped, the list marker removed, blank runs squeezed."""
    out: list[str] = []
    for n in sorted(set(numbers)):
        line = lines[n - 1]
        if n == strip_marker:
            line = _ITEM.sub(r"\3", line)
        line = line.strip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


@dataclass
class Part:
    """The text of one item (without its children) and where it is."""

    item: Item
    text: str
    ranges: list[LineRange]


def _part(item: Item, lines: list[str]) -> Part:
    return Part(item, _lines_text(item.own, lines, strip_marker=item.first), _runs(item.own, lines))


# ---------------------------------------------------------------- names and places


def _lower_words(text: str) -> set[str]:
    """Words written in lower case somewhere in the text (common words, not names)."""
    text = EMAIL_RE.sub(" ", re.sub(r"\S*(?:https?://|www\.)\S*", " ", text))
    return {w for w in _WORD.findall(text) if w[0].islower()}


def _clean_name(name: str) -> str:
    """A candidate name without leading/trailing function words and punctuation."""
    words = " ".join(name.split()).strip(" –&-,.").split()
    while words and words[0].casefold() in _NOT_NAMES:
        words.pop(0)
    while words and (words[-1].casefold() in _NOT_NAMES or words[-1] in "–&-"):
        words.pop()
    return " ".join(words)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _org_candidates(paragraphs: list[str], common: set[str]) -> list[tuple[int, int, str]]:
    """(weight, position, name) of every pattern that names an organisation."""
    found: list[tuple[int, int, str]] = []
    offset = 0
    for paragraph in paragraphs:
        for pattern, weight, most_words in _ORG_PATTERNS:
            for m in pattern.finditer(paragraph):
                name = _clean_name(m.group(1))
                words = name.split()
                if not words:
                    continue
                if most_words is not None and (
                    len(words) > most_words or not " ".join(m.group(1).split()).startswith(name)
                ):
                    continue  # a loose name must be short and start the sentence
                if weight <= 2 and len(words) == 1 and words[0].lower() in common:
                    continue  # a common noun at the start of a sentence
                found.append((weight, offset + m.start(1), name))
        m = _GREETING_SENTENCE.match(paragraph)
        if m:
            name = _clean_name(m.group(1))
            if 1 <= len(name.split()) <= 5 and name == " ".join(m.group(1).split()):
                found.append((5, offset + m.start(1), name))
        offset += len(paragraph) + 1
    return found


def guess_organisation(text: str, common: set[str]) -> tuple[str | None, int]:
    """The organisation a comment speaks for, and the weight of the pattern that named it.

    Patterns in the opening (where writers introduce themselves) win; only
    when the opening names none is the whole text searched, preferring the
    name mentioned most.
    """
    paragraphs = _paragraphs(text)
    opening: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if size >= OPENING_CHARS:
            break
        opening.append(paragraph)
        size += len(paragraph)
    found = _org_candidates(opening, common)
    if found:
        weight, _, name = max(found, key=lambda c: (c[0], -c[1]))
        return name, weight
    found = _org_candidates(paragraphs, common)
    if found:
        weight, _, name = max(found, key=lambda c: (c[0], _mentions(c[2], text), -c[1]))
        return name, weight
    return None, 0


def _person_names(text: str, common: set[str]) -> list[str]:
    found: list[str] = []
    for pattern in _PERSON_PATTERNS:
        for m in pattern.finditer(text):
            names = [_person(group, common) for group in m.groups()]
            if all(names):
                found += [n for n in names if n and n not in found]
    return found


def _person(candidate: str, common: set[str]) -> str | None:
    """The person name at the start of ``candidate``: capitalised words that are no common word."""
    words: list[str] = []
    for w in candidate.split():
        if w.lower() in common or w.casefold() in _NOT_NAMES:
            break
        words.append(w)
    while words and len(words[-1]) == 2 and words[-1].endswith("."):
        words.pop()  # an initial cannot end a name
    return " ".join(words) if len(words) >= 2 else None


def _places(text: str) -> list[str]:
    found: list[str] = []
    for m in _MUNI.finditer(text):
        group = m.group(1)
        names = re.split(r",\s+|\s+og\s+", group) if "," in group else [group]
        found += [f"{n} kommune" for n in names if fold(n) not in _NOT_NAMES]
    found += [f"Bydel {m.group(1)}" for m in _BYDEL.finditer(text)]
    found += [
        f"NAV {m.group(1)}" for m in _NAV.finditer(text) if fold(m.group(1).split()[0]) not in _NOT_NAMES
    ]
    return found


_Finder = Callable[[str], list[str]]


def _collect(
    ranges: list[LineRange], lines: list[str], finder: _Finder
) -> tuple[list[str], list[LineRange]]:
    """Values ``finder`` returns for each line of ``ranges``, deduplicated, with their lines."""
    values: list[str] = []
    seen: set[str] = set()
    sources: list[LineRange] = []
    for a, b in ranges:
        for n in range(a, b + 1):
            for value in finder(lines[n - 1]):
                key = fold(value)
                if key not in seen:
                    seen.add(key)
                    values.append(value)
                sources.append((n, n))
    return values, sources


def _mentions(name: str | None, text: str) -> int:
    if not name:
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(fold(name))}(?!\w)", fold(text)))


# ---------------------------------------------------------------- resemblance


def _tokens(text: str) -> list[str]:
    return [t for t in fold(text).split() if len(t) >= 4 and not t.isdigit()]


class _Resemblance:
    """TF-IDF cosine between texts, with the IDF of all comments of the document."""

    def __init__(self, texts: list[str]) -> None:
        df: Counter[str] = Counter()
        for t in texts:
            df.update(set(_tokens(t)))
        self.n = max(len(texts), 1)
        self.df = df

    def vector(self, text: str) -> dict[str, float]:
        tf = Counter(_tokens(text))
        vec = {t: math.sqrt(c) * math.log(1 + self.n / (1 + self.df[t])) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        return sum(v * b.get(t, 0.0) for t, v in a.items())


def _is_other(text: str, tiny_counts: bool = True) -> bool:
    """Thanks, questions (and, for replies, one-liners): not an organisation's example."""
    if tiny_counts and len(text) < TINY_REPLY:
        return True
    return len(text) < SHORT_REPLY and bool(_THANKS.search(text) or "?" in text)


# ---------------------------------------------------------------- the call


def _deadlines(lines: list[str], last: int) -> tuple[list[dict[str, str]], list[LineRange]]:
    months = load_data("months.json")["months"]
    out: list[dict[str, str]] = []
    sources: list[LineRange] = []
    for n in range(1, last + 1):
        m = _ITEM.match(lines[n - 1])
        if not m:
            continue
        d = _DEADLINE.match(m.group(3).strip())
        if not d:
            continue
        month = re.sub(r"[\d.\s]", "", d.group("date")).casefold()
        if month not in months:
            continue
        date = " ".join(d.group("date").split())
        out.append({"date": date, "what": d.group("what").strip(" ,:–-")})
        sources.append((n, n))
    return out, sources


def _guiding_questions(lines: list[str], last: int) -> tuple[list[str], list[LineRange]]:
    """The bullet list that follows a line announcing questions (or the most questioning one)."""
    blocks: list[list[int]] = []
    for n in range(1, last + 1):
        if _BULLET.match(lines[n - 1]):
            if blocks and all(not lines[k - 1].strip() for k in range(blocks[-1][-1] + 1, n)):
                blocks[-1].append(n)
            else:
                blocks.append([n])
    if not blocks:
        return [], []

    def announced(block: list[int]) -> bool:
        before = _next_filled_back(lines, block[0])
        return before is not None and "spørsmål" in lines[before - 1].casefold()

    def questions(block: list[int]) -> int:
        return sum("?" in lines[n - 1] for n in block)

    chosen = next((b for b in blocks if announced(b)), None)
    if chosen is None:
        chosen = max(blocks, key=questions)
        if questions(chosen) * 2 < len(chosen):
            return [], []
    items = [" ".join(_BULLET.sub(r"\1", lines[n - 1]).split()) for n in chosen]
    return items, [(n, n) for n in chosen]


def _next_filled_back(lines: list[str], n: int) -> int | None:
    for m in range(n - 1, 0, -1):
        if lines[m - 1].strip():
            return m
    return None


# ---------------------------------------------------------------- the reader


def comments_start(lines: list[str]) -> tuple[int | None, int | None]:
    """(heading line, first comment line) of the comment thread, or (None, None)."""
    for n, line in enumerate(lines, 1):
        if _HEADING.match(line):
            first = next(
                (m for m in range(n + 1, len(lines) + 1) if _TOP_ITEM.match(lines[m - 1])), None
            )
            return n, first
    tops = [n for n, line in enumerate(lines, 1) if re.match(r"^ {1,3}1\.\s+\S", line)]
    return (None, tops[-1]) if tops else (None, None)


def comments_end(lines: list[str], first: int) -> int:
    for n in range(first + 1, len(lines) + 1):
        line = lines[n - 1]
        if line.strip() and _indent(line) == 0:
            return n - 1
    return len(lines)


def _sentences(text: str) -> list[str]:
    return [
        s.strip() for p in _paragraphs(text) for s in _SENTENCE_SPLIT.split(p) if s.strip()
    ]


def _summary(text: str, organisation: str | None, names: list[str]) -> str:
    """A short sentence for the title: no greeting, no personal data, about the organisation."""
    candidates: list[str] = []
    for sentence in _sentences(text):
        sentence = re.sub(rf"^{_GREETING}[.!,]?\s+", "", sentence)
        sentence = _PARTICIPATION.sub("", sentence).strip()
        if len(sentence.split()) < 5:
            continue
        if EMAIL_RE.search(sentence) or PHONE_RE.search(sentence) or "http" in sentence:
            continue
        if any(name in sentence for name in names):
            continue
        candidates.append(sentence)
    if not candidates:
        return ""
    if organisation:
        starting = [s for s in candidates if fold(s).startswith(fold(organisation))]
        naming = [s for s in candidates if _mentions(organisation, s)]
        return _shorten((starting or naming or candidates)[0], 110)
    return _shorten(candidates[0], 110)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text.rstrip(".")
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + " …"


@dataclass
class _Example:
    top: Item
    notice: Part
    organisation: str | None
    weight: int
    answers: list[Part] = field(default_factory=list)
    replies: list[Part] = field(default_factory=list)


class CookbookReader(Reader):
    """A call for cookbook examples (blog post) and the examples sent in its comments."""

    NAME = "cookbook"
    LABEL = "Blogginnlegg med kommentarer"
    SCORE = 0.85

    def match(self, doc: SourceDocument) -> float:
        if not self.takes(doc):
            return 0.0
        lines = doc.lines
        heading = any(_HEADING.match(line) for line in lines)
        tops = sum(1 for line in lines if _TOP_ITEM.match(line))
        folded = fold(doc.text)
        vocabulary = "kokebok" in folded or "eksempel" in folded or "eksempl" in folded
        start, _ = comments_start(lines)
        if not asks_for_contributions("\n".join(lines[: (start or len(lines) + 1) - 1])):
            return 0.0  # a post that asks for nothing is no call for examples
        if heading and tops >= 2:
            return self.SCORE if vocabulary else 0.5
        # no comment heading: only many indented numbered comments and the call's words
        return 0.3 if tops >= 8 and vocabulary else 0.0

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        # indentation is structure: tabs and no-break spaces count as spaces
        lines = [line.replace("\xa0", " ").expandtabs(4) for line in doc.lines]
        heading, first = comments_start(lines)
        call_last = (heading or first or len(lines) + 1) - 1
        common = _lower_words(doc.text)
        examples, call_replies = self._examples(lines, first, common)
        organisations = {fold(e.organisation) for e in examples if e.organisation}

        def people(text: str) -> list[str]:
            return [
                name for name in _person_names(text, common)
                if not any(fold(name) in org or org in fold(name) for org in organisations)
            ]

        language = language_of(doc.text)
        records = [self._call_record(doc, lines, call_last, people, call_replies)]
        records += [self._example_record(doc, lines, example, people, ordinal)
                    for ordinal, example in enumerate(examples, 1)]
        for record in records:
            record.fields.update(language_fields(language))
            yield record

    # -------------------------------------------------------- grouping

    def _examples(
        self, lines: list[str], first: int | None, common: set[str]
    ) -> tuple[list[_Example], list[Part]]:
        if first is None:
            return [], []
        tops = parse_comments(lines, first, comments_end(lines, first))
        examples: list[_Example] = []
        call_replies: list[Part] = []
        by_top: dict[int, _Example] = {}
        for top in tops:
            part = _part(top, lines)
            organisation, weight = guess_organisation(part.text, common)
            same = next(
                (e for e in examples if organisation and e.organisation
                 and fold(e.organisation) == fold(organisation)),
                None,
            )
            if same is not None:
                same.answers.append(part)  # a second comment from the same organisation
                by_top[id(top)] = same
            elif organisation is None and _is_other(part.text, tiny_counts=False):
                call_replies.append(part)
            else:
                example = _Example(top, part, organisation, weight)
                examples.append(example)
                by_top[id(top)] = example
        self._assign_replies(lines, tops, examples, by_top, call_replies)
        for example in examples:
            if example.organisation is None:
                for answer in example.answers:
                    organisation, weight = guess_organisation(answer.text, common)
                    if organisation:
                        example.organisation, example.weight = organisation, weight
                        break
        return examples, call_replies

    def _assign_replies(
        self,
        lines: list[str],
        tops: list[Item],
        examples: list[_Example],
        by_top: dict[int, _Example],
        call_replies: list[Part],
    ) -> None:
        replies = [_part(r, lines) for top in tops for r in top.descendants()]
        resemblance = _Resemblance([e.notice.text for e in examples] + [r.text for r in replies])
        notice_vectors = [resemblance.vector(e.notice.text) for e in examples]
        placed: dict[int, _Example | None] = {}
        for reply in replies:  # parents come before their children
            parent = reply.item.parent
            home = placed[id(parent)] if id(parent) in placed else by_top.get(id(reply.item.top))
            if _is_other(reply.text):
                placed[id(reply.item)] = home
                (home.replies if home else call_replies).append(reply)
                continue
            vector = resemblance.vector(reply.text)
            best, best_score = home, MIN_RESEMBLANCE
            for example, notice_vector in zip(examples, notice_vectors, strict=True):
                score = min(_mentions(example.organisation, reply.text), 3) / 3 * 1.5
                score += resemblance.cosine(vector, notice_vector)
                if example is by_top.get(id(reply.item.top)):
                    score += 0.1
                if score > best_score:
                    best, best_score = example, score
            placed[id(reply.item)] = best
            if best is None:
                call_replies.append(reply)
            else:
                best.answers.append(reply)

    # -------------------------------------------------------- records

    def _call_record(
        self, doc: SourceDocument, lines: list[str], last: int, people: _Finder,
        replies: list[Part],
    ) -> Record:
        filled = [n for n in range(1, last + 1) if lines[n - 1].strip()]
        text_range = [(filled[0], filled[-1])] if filled else []
        text = _lines_text(range(filled[0], filled[-1] + 1), lines) if filled else ""
        deadlines, deadline_sources = _deadlines(lines, last)
        questions, question_sources = _guiding_questions(lines, last)
        names, name_sources = _collect(text_range, lines, people)
        title = " ".join(lines[filled[0] - 1].split()) if filled else doc.name
        fields: dict[str, Any] = {
            "role": "call",
            "text": text,
            "deadlines": deadlines,
            "guiding_questions": questions,
            "contact_name": names,
            "replies": [_reply_dict(r) for r in replies],
        }
        sources = {
            "role": text_range,
            "text": text_range,
            "deadlines": deadline_sources,
            "guiding_questions": question_sources,
            "contact_name": name_sources,
            "replies": [r for p in replies for r in p.ranges],
        }
        return Record(
            kind="cookbook", title=title[:200], fields=fields, file=doc.name,
            field_sources=sources, ordinal=0,
        )

    def _example_record(
        self, doc: SourceDocument, lines: list[str], example: _Example, people: _Finder,
        ordinal: int,
    ) -> Record:
        notice = example.notice
        answers = sorted(example.answers, key=lambda p: p.item.first)
        answer_text = "\n\n".join(a.text for a in answers) or None
        answer_ranges = [r for a in answers for r in a.ranges]
        replies = sorted(example.replies, key=lambda p: p.item.first)
        text = notice.text + (f"\n\n{answer_text}" if answer_text else "")
        content_ranges = notice.ranges + answer_ranges
        places, place_sources = _collect(content_ranges, lines, _places)
        all_ranges = content_ranges + [r for p in replies for r in p.ranges]
        names, name_sources = _collect(all_ranges, lines, people)
        organisation = example.organisation
        org_sources = _name_lines(organisation, notice.ranges + answer_ranges, lines)
        fields: dict[str, Any] = {
            "role": "example",
            "organisation": organisation,
            "notice": notice.text,
            "answer": answer_text,
            "text": text,
            "municipalities": places,
            "contact_name": names,
            "replies": [_reply_dict(r) for r in replies],
        }
        sources = {
            "role": notice.ranges,
            "organisation": org_sources,
            "notice": notice.ranges,
            "answer": answer_ranges,
            "text": content_ranges,
            "municipalities": place_sources,
            "contact_name": name_sources,
            "replies": [r for p in replies for r in p.ranges],
        }
        summary = _summary(notice.text, organisation, names) or _summary(
            answer_text or "", organisation, names
        )
        if organisation and summary and not _mentions(organisation, summary):
            title = f"{organisation}: {summary}"
        else:
            title = summary or organisation or f"Eksempel {ordinal}"
        for name in names:
            title = title.replace(name, "…")
        return Record(
            kind="cookbook", title=title[:200], fields=fields, file=doc.name,
            field_sources=sources, ordinal=ordinal,
        )


def _reply_dict(part: Part) -> dict[str, Any]:
    return {"text": part.text, "lines": [list(r) for r in merge_ranges(part.ranges)]}


def _name_lines(name: str | None, ranges: list[LineRange], lines: list[str]) -> list[LineRange]:
    """The first line among ``ranges`` that names ``name``."""
    if not name:
        return []
    for a, b in ranges:
        for n in range(a, b + 1):
            if _mentions(name, lines[n - 1]):
                return [(n, n)]
    return []
