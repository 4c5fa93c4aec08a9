"""Themes (bolig, økonomi/gjeld, …) assigned from a curated lexicon and by embedding
similarity, each with its evidence: the words of the item's text that signal the theme,
as they stand there («videregående skole», not the stems «videregå skol»), or how far the
item's meaning stands out towards the theme."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import cache

import numpy as np

from tiltaksbanken.data import load_data
from tiltaksbanken.search.analysis import analyse, terms_of_word, words

STRONG_FIELDS = ("name", "title", "target_group", "heading", "organisation")
MIN_HITS = 3  # theme words anywhere in the item, when none is in a strong field …
MIN_DENSITY = 0.012  # … and at least this share of the item's terms


@cache
def theme_terms() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each theme's signal words, as analysed term sequences."""
    themes = load_data("themes.json")["themes"]
    return {name: tuple(tuple(analyse(w)) for w in words if analyse(w)) for name, words in themes.items()}


EMBEDDING_Z = 1.6  # how far above the corpus mean an item's similarity to a theme must be


def theme_queries() -> dict[str, str]:
    """A short description of each theme, to embed as a query."""
    themes = load_data("themes.json")["themes"]
    return {name: f"{name}: {', '.join(words[:8])}" for name, words in themes.items()}


def embedding_themes(item_sims: np.ndarray, names: list[str]) -> list[dict[str, list[str]]]:
    """Themes by meaning: (items × themes) best-passage similarities → per item, the themes
    whose similarity stands out from the corpus (z-score), with the score as explanation."""
    out: list[dict[str, list[str]]] = [{} for _ in range(item_sims.shape[0])]
    if item_sims.shape[0] < 10:
        return out  # too few items to know what stands out
    mean, std = item_sims.mean(axis=0), item_sims.std(axis=0) + 1e-6
    z = (item_sims - mean) / std
    for i, j in zip(*np.nonzero(z >= EMBEDDING_Z), strict=True):
        out[int(i)][names[int(j)]] = [f"{MEANING} (z={z[i, j]:.1f})"]
    return out


MEANING = "likhet med temaet"  # the evidence of a theme given by meaning, not by words
EVIDENCE_WORDS = 12  # surface words kept as a theme's evidence, most frequent first
_EDGE = re.compile(r"^[^\w§]+|[^\w]+$")


def is_meaning_evidence(why: list[str]) -> bool:
    """Whether a theme's evidence is its meaning (``embedding_themes``), not its words."""
    return bool(why) and all(w.startswith(MEANING) for w in why)


def surface_terms(text: str) -> list[tuple[str, str]]:
    """``analyse(text)`` with each term's word as written (case and all): a compound's
    parts carry the whole compound, the parts of a hyphenated word the hyphenated word."""
    out: list[tuple[str, str]] = []
    for chunk in text.split():
        written = _EDGE.sub("", chunk) or chunk
        for w in words(chunk):
            out.extend((term, written) for term in terms_of_word(w))
    return out


def assign_themes(field_terms: dict[str, list[str]],
                  texts: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """Theme → the signal words that put the item there (the explanation). With the
    fields' ``texts`` (whose ``analyse`` gave ``field_terms``) the words are those of the
    text as written, most frequent first; without, the matched terms."""
    themes = theme_terms()
    lengths = {len(p) for phrases in themes.values() for p in phrases}
    counts: Counter[tuple[str, ...]] = Counter()  # every run of terms a signal could be
    written: dict[tuple[str, ...], Counter[str]] = {}  # run → the words it stands for
    in_strong: set[tuple[str, ...]] = set()
    for name, terms in field_terms.items():
        text = (texts or {}).get(name)
        pairs = surface_terms(text) if text else [(term, term) for term in terms]
        if [term for term, _ in pairs] != list(terms):
            pairs = [(term, term) for term in terms]  # terms from elsewhere: no surface
        terms = [term for term, _ in pairs]
        runs = [(i, tuple(terms[i : i + n])) for n in lengths for i in range(len(terms) - n + 1)]
        counts.update(run for _, run in runs)
        for i, run in runs:
            surface = " ".join(dict.fromkeys(w for _, w in pairs[i : i + len(run)]))
            written.setdefault(run, Counter())[surface] += 1
        if name in STRONG_FIELDS:
            in_strong.update(run for _, run in runs)
    total = sum(len(t) for t in field_terms.values()) or 1
    out: dict[str, list[str]] = {}
    for theme, phrases in themes.items():
        strong = any(p in in_strong for p in phrases)
        hits = sum(counts[p] for p in phrases)
        if strong or (hits >= MIN_HITS and hits / total >= MIN_DENSITY):
            found: Counter[str] = Counter()
            for p in phrases:
                if counts[p]:
                    found.update(written[p])
            by_word: dict[str, tuple[int, str]] = {}  # one spelling per word, case aside
            for w, n in found.items():
                key = w.casefold()
                seen = by_word.get(key, (0, w))
                by_word[key] = (seen[0] + n, seen[1] if seen[0] >= n else w)
            ranked = sorted(by_word.values(), key=lambda nw: (-nw[0], nw[1].casefold()))
            out[theme] = [w for _, w in ranked[:EVIDENCE_WORDS]]
    return out
