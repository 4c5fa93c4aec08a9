"""Themes (bolig, økonomi/gjeld, …) assigned from a curated lexicon, each with its evidence."""

from __future__ import annotations

from functools import cache

from tiltaksbanken.search.analysis import analyse
from tiltaksbanken.sources.form import load_data

STRONG_FIELDS = ("name", "title", "target_group", "description", "heading", "organisation")
MIN_HITS = 3  # theme words anywhere in the item, when none is in a strong field


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
        if strong or hits >= MIN_HITS:
            found = {" ".join(p) for p in phrases if any(_contains(t, p) for t in field_terms.values())}
            out[theme] = sorted(found)
    return out
