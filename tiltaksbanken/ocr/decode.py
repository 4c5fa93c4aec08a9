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

import marisa_trie

from tiltaksbanken.ocr.lexicon import has_prefix
from tiltaksbanken.ocr.model import ConfusionModel

MAX_COST = 3.5
MAX_PARTS = 3
MIN_PART = 3
COMPOUND_COST = 0.0  # the price of a compound is paid in its prior (see ``score``)
LINKS = ("s", "e")
MAX_STATES = 4000


@dataclass(frozen=True)
class Candidate:
    text: str  # lower-cased
    cost: float  # sum of reading costs (log10)
    parts: tuple[str, ...]
    edits: tuple[tuple[str, str], ...]  # (ocr, correct) pairs used


class PrefixIndex:
    """Remembers which strings start a lexicon word (the same prefixes come up again and again)."""

    def __init__(self, trie: marisa_trie.Trie) -> None:
        self.trie = trie
        self._known: dict[str, bool] = {}

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
    readings_at = [[(r, r.correct.lower(), r.ocr.lower() == r.correct.lower()) for r in
                    model.readings_at(token, i)] for i in range(n)]
    dropped = [(r, r.correct.lower()) for r in model.dropped] if n >= 3 else []

    def starts(prefix: str) -> bool:
        found = known_prefixes.get(prefix)
        return index(prefix) if found is None else found

    # state: (cost, position, prefix, parts, edits, output); states of the cost being
    # expanded wait on ``same`` (no heap needed), dearer ones on the heap
    State = tuple[float, int, str, tuple[str, ...], tuple[tuple[str, str], ...], str]
    heap: list[State] = [(0.0, 0, "", (), (), "")]
    same: list[State] = []
    push = heapq.heappush
    seen: dict[tuple[int, str, tuple[str, ...]], float] = {}
    found: dict[tuple[str, tuple[str, ...]], Candidate] = {}
    expanded = 0
    while (heap or same) and expanded < MAX_STATES:
        state = same.pop() if same else heapq.heappop(heap)
        cost, i, prefix, parts, edits, out = state
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
        if complete and prefix and len(parts) + 1 < max_parts and len(prefix) >= MIN_PART:
            same.append((cost, i, "", (*parts, prefix), edits, out))
            for link in LINKS:
                if token.startswith(link, i):
                    same.append((cost, i + 1, "", (*parts, prefix + link), edits, out + link))
        if i >= n:
            continue
        ch = token[i]
        step = prefix + ch
        if ch.isalpha() and starts(step):
            same.append((cost, i + 1, step, parts, edits, out + ch))
        for r, correct, plain in readings_at[i]:
            nxt = prefix + correct
            c = cost + r.cost
            if c <= max_cost and starts(nxt):
                state = (c, i + len(r.ocr), nxt, parts, edits if plain else (*edits, (r.ocr, correct)),
                         out + correct)
                if c == cost:
                    same.append(state)
                else:
                    push(heap, state)
        if i > 0 and dropped and not any(e[0] == "" for e in edits):
            for r, correct in dropped:
                c = cost + r.cost
                if c <= max_cost and starts(prefix + correct):
                    push(heap, (c, i, prefix + correct, parts, (*edits, ("", correct)),
                                out + correct))
    return sorted(found.values(), key=lambda c: c.cost)
