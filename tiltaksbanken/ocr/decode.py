"""Decoding one OCR token into the Norwegian words it may stand for.

A best-first search walks the token and the lexicon trie together: at each
position it keeps the letter or replaces an OCR reading by the letter it
stands for (``g`` → ``ø``), and where the trie holds a complete word it may
start the next part of a compound (with a linking ``s`` or ``e``). Every path
has a cost (the confusion model's) and ends in a lexicon word or compound.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import ClassVar

import marisa_trie

from tiltaksbanken.ocr.lexicon import has_prefix
from tiltaksbanken.ocr.model import ConfusionModel

MAX_COST = 3.5
MAX_PARTS = 3
MIN_PART = 3
COMPOUND_COST = 0.0  # the price of a compound is paid in its prior (see ``score``)
LINKS = ("s", "e")
MAX_STATES = 1500


@dataclass(frozen=True)
class Candidate:
    text: str  # lower-cased
    cost: float  # sum of reading costs (log10)
    parts: tuple[str, ...]
    edits: tuple[tuple[str, str], ...]  # (ocr, correct) pairs used


class PrefixIndex:
    """Remembers which strings start a lexicon word (the same prefixes come up again and again)."""

    # per trie (kept alive here, so its id stays its own), shared by every repairer of it
    _shared: ClassVar[dict[int, tuple[marisa_trie.Trie, dict[str, bool]]]] = {}

    def __init__(self, trie: marisa_trie.Trie) -> None:
        self.trie = trie
        self._known = self._shared.setdefault(id(trie), (trie, {}))[1]

    def __call__(self, prefix: str) -> bool:
        found = self._known.get(prefix)
        if found is None:
            found = self._known[prefix] = has_prefix(self.trie, prefix)
        return found


def decode(token: str, trie: marisa_trie.Trie, model: ConfusionModel,
           max_cost: float = MAX_COST, max_parts: int = MAX_PARTS,
           prefixes: PrefixIndex | None = None) -> list[Candidate]:
    """All lexicon words and compounds ``token`` (lower-cased) may stand for, cheapest first.

    A text may come more than once, split into parts in different ways.
    """
    n = len(token)
    index = prefixes or PrefixIndex(trie)
    known_prefixes = index._known
    readings_at = [[(r.cost, len(r.ocr), r.correct.lower(),
                     () if r.ocr.lower() == r.correct.lower() else ((r.ocr, r.correct.lower()),))
                    for r in model.readings_at(token, i)] for i in range(n)]
    dropped = [(r.cost, r.correct.lower()) for r in model.dropped] if n >= 3 else []
    # state: (cost, position, prefix, parts, edits, output, a letter dropped yet); states
    # of the cost being expanded wait on ``same`` (no heap needed), dearer ones on the heap
    State = tuple[float, int, str, tuple[str, ...], tuple[tuple[str, str], ...], str, bool]
    heap: list[State] = [(0.0, 0, "", (), (), "", False)]
    same: list[State] = []
    push, pop = heapq.heappush, heapq.heappop
    seen: dict[tuple[int, str, tuple[str, ...]], float] = {}
    found: dict[tuple[str, tuple[str, ...]], Candidate] = {}
    expanded = 0
    while (heap or same) and expanded < MAX_STATES:
        cost, i, prefix, parts, edits, out, dropped_one = same.pop() if same else pop(heap)
        key = (i, prefix, parts)
        if seen.get(key, 1e9) <= cost:
            continue
        seen[key] = cost
        expanded += 1
        complete = prefix in trie
        if i == n and complete and (not parts or len(prefix) >= MIN_PART):
            key_found = (out, (*parts, prefix))
            if key_found not in found:
                found[key_found] = Candidate(out, cost, (*parts, prefix), edits)
            continue
        # a compound boundary after a complete word, optionally with a linking letter
        if complete and len(prefix) >= MIN_PART and len(parts) + 1 < max_parts:
            same.append((cost, i, "", (*parts, prefix), edits, out, dropped_one))
            for link in LINKS:
                if token.startswith(link, i):
                    same.append((cost, i + 1, "", (*parts, prefix + link), edits, out + link,
                                 dropped_one))
        if i >= n:
            continue
        ch = token[i]
        step = prefix + ch
        if ch.isalpha():
            ok = known_prefixes.get(step)
            if ok is None:
                ok = index(step)
            if ok:
                same.append((cost, i + 1, step, parts, edits, out + ch, dropped_one))
        for r_cost, width, correct, edit in readings_at[i]:
            c = cost + r_cost
            if c > max_cost:
                continue
            nxt = prefix + correct
            ok = known_prefixes.get(nxt)
            if ok is None:
                ok = index(nxt)
            if ok:
                state = (c, i + width, nxt, parts, (*edits, *edit) if edit else edits,
                         out + correct, dropped_one)
                if c == cost:
                    same.append(state)
                else:
                    push(heap, state)
        if i > 0 and not dropped_one:
            for r_cost, correct in dropped:
                c = cost + r_cost
                if c <= max_cost and index(prefix + correct):
                    push(heap, (c, i, prefix + correct, parts, (*edits, ("", correct)),
                                out + correct, True))
    return sorted(found.values(), key=lambda c: c.cost)
