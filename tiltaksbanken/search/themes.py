"""Themes (bolig, økonomi/gjeld, …) assigned from a curated lexicon and by embedding
similarity, each with its evidence (the signal words, or how far the item's meaning stands
out towards the theme)."""

from __future__ import annotations

from functools import cache

import numpy as np

from tiltaksbanken.search.analysis import analyse
from tiltaksbanken.sources.form import load_data

STRONG_FIELDS = ("name", "title", "target_group", "heading", "organisation")
MIN_HITS = 3  # theme words anywhere in the item, when none is in a strong field …
MIN_DENSITY = 0.012  # … and at least this share of the item's terms


@cache
def theme_terms() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each theme's signal words, as analysed term sequences."""
    themes = load_data("themes.json")["themes"]
    return {name: tuple(tuple(analyse(w)) for w in words if analyse(w)) for name, words in themes.items()}


def _contains(terms: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in terms
    return any(tuple(terms[i : i + n]) == phrase for i in range(len(terms) - n + 1))


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
    out: dict[str, list[str]] = {}
    for theme, phrases in theme_terms().items():
        strong = [p for p in phrases for f in STRONG_FIELDS
                  if f in field_terms and _contains(field_terms[f], p)]
        hits = sum(
            sum(1 for i in range(len(t)) if tuple(t[i : i + len(p)]) == p)
            for p in phrases for t in field_terms.values()
        )
        total = sum(len(t) for t in field_terms.values()) or 1
        if strong or (hits >= MIN_HITS and hits / total >= MIN_DENSITY):
            found = {" ".join(p) for p in phrases if any(_contains(t, p) for t in field_terms.values())}
            out[theme] = sorted(found)
    return out
