"""Themes: from the curated lexicon with the words as evidence, and by meaning with a score."""

from __future__ import annotations

import numpy as np

from tiltaksbanken.search.analysis import analyse
from tiltaksbanken.search.themes import assign_themes, embedding_themes


def test_lexicon_themes_come_with_their_evidence() -> None:
    themes = assign_themes({"name": analyse("Boveileder for bostedsløse"),
                            "description": analyse("Vi hjelper folk inn i egen bolig.")})
    assert themes.get("bolig")
    assert "digitalt" not in themes


def test_a_passing_mention_in_a_long_text_is_no_theme() -> None:
    long_text = analyse("Prosjektet handler om arbeid og kvalifisering. " * 40 + "Vi har en app.")
    assert "digitalt" not in assign_themes({"description": long_text})


def test_embedding_themes_pick_items_that_stand_out() -> None:
    rng = np.random.default_rng(1)
    sims = rng.normal(0.8, 0.01, size=(40, 2)).astype(np.float32)
    sims[7, 1] = 0.9  # item 7 is far closer to theme "b" than the rest
    found = embedding_themes(sims, ["a", "b"])
    assert "b" in found[7] and found[7]["b"][0].startswith("likhet med temaet")
    assert sum("b" in f for f in found) <= 3


def test_theme_evidence_is_the_words_as_written_not_their_stems() -> None:
    texts = {"name": "Tilbake til Videregående skole",
             "description": "Ungdom med skolevegring får IPS-støtte og jobb."}
    themes = assign_themes({k: analyse(v) for k, v in texts.items()}, texts)
    words = {w for ws in themes.values() for w in ws}
    assert {"Videregående", "skole", "skolevegring", "Ungdom"} <= set(themes["ungdom/skole"])
    assert not words & {"videregå", "skol", "ung"}, "no stems"
    assert all(w in texts["name"] + " " + texts["description"] for w in words)
    # the same themes with or without the texts: the words only explain them
    assert set(themes) == set(assign_themes({k: analyse(v) for k, v in texts.items()}))
