"""Snippets: the passage of an item that matches the query best, with the matched words
marked, cut from text whose personal data is already masked.

``Shown`` is what a hit shows of an item whatever the query (made once per index and kept
in ``ShownCache``); ``make_snippet`` cuts the window for one query.
"""

from __future__ import annotations

import html
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
    """The query's terms (of three letters or more) that mark a text word: a word is marked
    when its own terms (``terms_of_word``: stem, compound parts, Bokmål of a Nynorsk word)
    meet them, so *bananfly* marks no *flyktninger* although that begins with *fly*, and
    *boligkontoret* is marked for *bolig*."""

    def __init__(self, terms: set[str]) -> None:
        self.terms = {t for t in terms if len(t) >= 3}


def query_pattern(query_words: list[str]) -> QueryPattern | None:
    """The pattern of the query's words (see ``QueryPattern``), or None if they have no terms."""
    pattern = QueryPattern({t for w in query_words for t in terms_of_word(w)})
    return pattern if pattern.terms else None


_TEXT_WORD = re.compile(r"[^\W_]+")


def _analysed(folded: str) -> tuple[frozenset[str], dict[str, list[tuple[int, int]]]]:
    by_word: dict[str, list[tuple[int, int]]] = {}
    for m in _TEXT_WORD.finditer(folded):
        by_word.setdefault(m.group(0), []).append(m.span())
    out: dict[str, list[tuple[int, int]]] = {}
    for word, spans in by_word.items():
        for t in terms_of_word(word):
            out.setdefault(t, []).extend(spans)
    return frozenset(by_word), out


def term_spans(folded: str) -> dict[str, list[tuple[int, int]]]:
    """Term → the spans of the words of ``folded`` (lower-case text) that hold it: the text's
    words analysed once, so that finding a query's words in it is a look-up per query term."""
    return _analysed(folded)[1]


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
    def _analysis(self) -> tuple[frozenset[str], dict[str, list[tuple[int, int]]]]:
        return _analysed(self.folded)

    @property
    def spans(self) -> dict[str, list[tuple[int, int]]]:
        """``term_spans`` of the text, made when it is first needed."""
        return self._analysis[1]

    @property
    def words(self) -> frozenset[str]:
        """The text's distinct (lower-case) words."""
        return self._analysis[0]

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
                 spans: dict[str, list[tuple[int, int]]] | None = None) -> str:
    """The passage of ``text`` (masked already, see ``Shown``) with the most words that meet
    ``pattern`` (see ``query_pattern``), HTML-escaped, each such word in <mark>. ``folded``
    is ``_fold(text)`` and ``spans`` its ``term_spans``, when the caller has them."""
    if not text:
        return ""
    marks: list[tuple[int, int]] = []
    if pattern is not None:
        if spans is None:
            spans = term_spans(_fold(text) if folded is None else folded)
        marks = sorted({span for t in pattern.terms for span in spans.get(t, ())})
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
