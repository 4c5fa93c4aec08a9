"""Themes (bolig, økonomi/gjeld, …) assigned from a curated lexicon and by embedding
similarity, each with its evidence (the signal words, or how far the item's meaning stands
out towards the theme)."""

from __future__ import annotations

from collections import Counter
from functools import cache

import numpy as np

from tiltaksbanken.data import load_data
from tiltaksbanken.search.analysis import analyse

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
        out[int(i)][names[int(j)]] = [f"likhet med temaet (z={z[i, j]:.1f})"]
    return out


def assign_themes(field_terms: dict[str, list[str]]) -> dict[str, list[str]]:
    """Theme → the signal words that put the item there (the explanation)."""
    themes = theme_terms()
    lengths = {len(p) for phrases in themes.values() for p in phrases}
    counts: Counter[tuple[str, ...]] = Counter()  # every run of terms a signal could be
    in_strong: set[tuple[str, ...]] = set()
    for name, terms in field_terms.items():
        runs = [tuple(terms[i : i + n]) for n in lengths for i in range(len(terms) - n + 1)]
        counts.update(runs)
        if name in STRONG_FIELDS:
            in_strong.update(runs)
    total = sum(len(t) for t in field_terms.values()) or 1
    out: dict[str, list[str]] = {}
    for theme, phrases in themes.items():
        strong = any(p in in_strong for p in phrases)
        hits = sum(counts[p] for p in phrases)
        if strong or (hits >= MIN_HITS and hits / total >= MIN_DENSITY):
            out[theme] = sorted({" ".join(p) for p in phrases if counts[p]})
    return out
