"""Snippets: the passage of an item that matches the query best, with the matched words
marked, cut from text whose personal data is already masked.

``Shown`` is what a hit shows of an item whatever the query (made once per index and kept
in ``ShownCache``); ``make_snippet`` cuts the window for one query.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from tiltaksbanken.domain.privacy import People, visible_text
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search.analysis import terms_of_word
from tiltaksbanken.search.index import SearchIndex
from tiltaksbanken.search.items import snippet_source
from tiltaksbanken.search.results import Hit
from tiltaksbanken.store.base import Store

SNIPPET_CHARS = 240
SHOWN_CACHE_ITEMS = 5_000  # items whose masked snippet text is kept (about 10 kB each)


class QueryPattern:
    """Where the query's words stand in a text: a text word holding one of their stems (of
    three letters or more; a compound holds its parts) is found, and kept when its own terms
    meet the query's, so *bananfly* marks no *flyktninger* although that begins with *fly*."""

    def __init__(self, terms: set[str]) -> None:
        self.terms = terms
        stems = sorted((t for t in terms if len(t) >= 3), key=len, reverse=True)
        self.regex = re.compile("|".join(re.escape(t) for t in stems)) if stems else None
        self._meets: dict[str, bool] = {}  # text word → whether its terms meet the query's

    def meets(self, word: str) -> bool:
        """Whether a text word that holds a stem of the query is one of its words."""
        known = self._meets.get(word)
        if known is None:
            known = self._meets[word] = not self.terms.isdisjoint(terms_of_word(word))
        return known


def query_pattern(query_words: list[str]) -> QueryPattern | None:
    """The pattern of the query's words (see ``QueryPattern``), or None if they have no terms."""
    pattern = QueryPattern({t for w in query_words for t in terms_of_word(w)})
    return pattern if pattern.regex is not None else None


_TEXT_WORD = re.compile(r"[^\W_]+")


class TextWords:
    """The distinct words of a (lower-case) text, each with where it stands, so that a query
    looks for its stems once in each word rather than along the whole text."""

    def __init__(self, folded: str) -> None:
        self.spans: dict[str, list[tuple[int, int]]] = {}
        for m in _TEXT_WORD.finditer(folded):
            self.spans.setdefault(m.group(0), []).append(m.span())
        self.words = list(self.spans)
        self.joined = "\n".join(self.words)
        self.offsets = list(itertools.accumulate((len(w) + 1 for w in self.words[:-1]), initial=0))

    def marked(self, pattern: QueryPattern) -> list[tuple[int, int]]:
        """The spans, in text order, of the words that hold one of the query's words."""
        if pattern.regex is None:
            return []
        found: set[int] = set()
        out: list[tuple[int, int]] = []
        for m in pattern.regex.finditer(self.joined):
            k = bisect.bisect_right(self.offsets, m.start()) - 1
            if k not in found:
                found.add(k)
                if pattern.meets(self.words[k]):
                    out.extend(self.spans[self.words[k]])
        return sorted(out)


def _fold(text: str) -> str:
    """Lower case, one character for one (so positions stay those of ``text``)."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class Shown:
    """What a hit shows of an item whatever the query: its hit (score 0, no snippet yet) and
    the text snippets are cut from, on one line with personal data already masked (so no
    snippet window can cut a name or an address in two and let half of it through)."""

    hit: Hit
    text: str
    folded: str

    @cached_property
    def analysed(self) -> TextWords:
        """The text's words (``TextWords``), found when first needed."""
        return TextWords(self.folded)

    @property
    def words(self) -> frozenset[str]:
        """The text's distinct (lower-case) words."""
        return frozenset(self.analysed.spans)

    @classmethod
    def of(cls, record: Record, index: SearchIndex, i: int) -> Shown:
        people = People([record.fields])
        fields = record.fields
        text = visible_text(" ".join(snippet_source(record).split()), people=people)
        hit = Hit(
            id=record.id,
            kind=record.kind,
            title=visible_text(record.title, people=people),
            score=0.0,
            file=record.file,
            lines=[list(r) for r in record.lines],
            snippet="",
            matched_fields=[],
            themes=sorted(index.themes[i]),
            nav_office=visible_text(fields.get("nav_office") or ", ".join(fields.get("nav_offices") or []),
                                    people=people) or None,
            county=fields.get("county"),
        )
        return cls(hit, text, _fold(text))


def make_snippet(text: str, pattern: QueryPattern | None, folded: str | None = None,
                 analysed: TextWords | None = None) -> str:
    """The passage of ``text`` (masked already, see ``Shown``) with the most words that meet
    ``pattern`` (see ``query_pattern``), HTML-escaped, each such word in <mark>. ``folded``
    is ``_fold(text)`` and ``analysed`` its ``TextWords``, when the caller has them."""
    if not text:
        return ""
    marks: list[tuple[int, int]] = []
    if pattern is not None:
        if analysed is None:
            analysed = TextWords(_fold(text) if folded is None else folded)
        marks = analysed.marked(pattern)
    start = 0
    if marks:
        at = np.array([a for a, _ in marks])
        density = np.searchsorted(at, at + SNIPPET_CHARS) - np.arange(len(at))
        best_start = marks[int(np.argmax(density))][0]  # the first of the densest
        start = max(0, text.rfind(" ", 0, max(0, best_start - 40)) + 1)
    end = start + SNIPPET_CHARS
    out, pos = [], start
    for a, b in marks:
        if a < pos or a >= end:
            continue
        b = min(b, end)
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out) + suffix


class ShownCache:
    """``Shown`` per item of one index, the most recently used kept (records do not change
    while the index stands: any ingest brings a new index and a new cache)."""

    def __init__(self, index: SearchIndex, size: int = SHOWN_CACHE_ITEMS) -> None:
        self.index = index
        self.size = size
        self._items: OrderedDict[int, Shown] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, store: Store, items: list[int]) -> dict[int, Shown]:
        with self._lock:
            out = {i: self._items[i] for i in items if i in self._items}
            for i in out:
                self._items.move_to_end(i)
        missing = [i for i in items if i not in out]
        if missing:
            records = store.get_many([self.index.ids[i] for i in missing])
            for i in missing:
                record = records.get(self.index.ids[i])
                if record is not None:
                    out[i] = Shown.of(record, self.index, i)
            with self._lock:
                for i in missing:
                    if i in out:
                        self._items[i] = out[i]
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return out
