"""Compounds stay whole: Norwegian writes them as one word, and the repair only splits a token
the OCR joined when the joined form reads as no word (``tjenesteomraderi`` = ``… i``)."""

from __future__ import annotations

import random
from functools import cache

import pytest

from tiltaksbanken.data import load_data
from tiltaksbanken.ocr import Repairer
from tiltaksbanken.ocr.freq import zipf
from tiltaksbanken.ocr.lexicon import lexicon
from tiltaksbanken.ocr.noise import Noise, compound_nouns, compounds
from tiltaksbanken.ocr.noise import damage as add_noise

ONLY_LETTERS = Noise(join=0.0, split=0.0)  # damage the letters, keep the words as they are
N = 200


@cache
def _nouns() -> tuple[str, ...]:
    return tuple(compound_nouns(lexicon()))


@cache
def _risky_nouns() -> tuple[str, ...]:
    """Nouns that are a function word and a word, the way a lost space leaves them
    (``økonomi`` = ``økonom i``, ``omsorg`` = ``om sorg``): the compounds most easily cut."""
    context = load_data("ocr_context.json")
    trie = lexicon()

    def word(part: str) -> bool:
        return len(part) >= 3 and part in trie and zipf(part) >= 2.0

    return tuple(n for n in _nouns()
                 if any(n.startswith(h) and word(n[len(h):]) for h in context["join_heads"])
                 or any(n.endswith(t) and word(n[:-len(t)]) for t in context["join_tails"]))


def _generated(seed: int) -> list[str]:
    rng = random.Random(seed)
    words = compounds(_nouns(), rng, N // 2)
    risky = _risky_nouns()
    for _ in range(N // 2):  # a risky noun as the head or as the tail of the compound
        head, tail = (rng.choice(_nouns()), rng.choice(risky))[::rng.choice((1, -1))]
        words.append(head + ("s" if head.endswith(("ing", "sjon", "het")) else "") + tail)
    return [w.capitalize() if i % 2 else w for i, w in enumerate(words)]  # titles and text


def _damaged_document(lines: list[str], rng: random.Random) -> str:
    lead = ("Målet med tiltaket er å gi familiene økonomisk rådgivning og tett oppfølging.\n"
            "Veilederen møter ungdommene på skolen og hjelper dem å søke jobb før sommeren.\n") * 4
    return add_noise(lead, rng, ONLY_LETTERS) + "\n\n" + "\n".join(lines)


@pytest.mark.parametrize("seed", [1, 2])
def test_clean_compounds_are_never_split_in_a_damaged_document(seed: int) -> None:
    words = _generated(seed)
    text = _damaged_document(words, random.Random(seed))
    repaired = Repairer(text).repair_text(text).text.split("\n")[-len(words):]
    split = [(w, r) for w, r in zip(words, repaired, strict=True) if " " in r]
    assert not split, split


@pytest.mark.parametrize("seed", [3, 4])
def test_damaged_compounds_are_repaired_whole(seed: int) -> None:
    rng = random.Random(seed)
    words = [w for w in _generated(seed) if any(c in "æøåÆØÅ" for c in w)]
    damaged = [add_noise(w, rng, ONLY_LETTERS) for w in words]
    text = _damaged_document(damaged, rng)
    repaired = Repairer(text).repair_text(text).text.split("\n")[-len(words):]
    split = [(w, d, r) for w, d, r in zip(words, damaged, repaired, strict=True) if " " in r]
    assert not split, split
    right = sum(r == w for w, r in zip(words, repaired, strict=True))
    assert right >= 0.7 * len(words), list(zip(words, repaired, strict=True))


def test_a_lost_space_after_a_function_word_is_still_found() -> None:
    """The guard keeps the repair that it guards: a word and a lost ``i`` are split."""
    lines = ["Samhandling mellom tjenesteomraderi kommunen er viktig."]
    text = _damaged_document(lines, random.Random(5))
    repaired = Repairer(text).repair_text(text).text.split("\n")[-1]
    assert "tjenesteområder i kommunen" in repaired
