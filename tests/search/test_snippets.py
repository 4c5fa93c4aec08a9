"""Snippets and the phrase finder: what a hit shows of an item, and which query words stand
together in it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from tiltaksbanken import open_store
from tiltaksbanken.domain.records import Record
from tiltaksbanken.ingest import ingest_file
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.analysis import analyse
from tiltaksbanken.search.snippets import SNIPPET_CHARS, Shown, make_snippet, query_pattern


def _shown(description: str, contact: str = "Kari Nordmann") -> Shown:
    record = Record(kind="tiltak", title="Bolig først", file="rapport.txt",
                    fields={"name": "Bolig først", "description": description, "contact_name": contact})
    return Shown.of(record, SimpleNamespace(themes=[set()]), 0)  # type: ignore[arg-type]


def test_snippet_is_the_passage_with_most_query_words_marked_and_escaped() -> None:
    text = ("Kommunen har mange tilbud. " * 12 + "Familier får midlertidig bolig <raskt> og en "
            "boligkontoret hjelper dem videre til egen bolig. " + "Andre tiltak følger. " * 12)
    shown = _shown(text)
    snippet = make_snippet(shown.text, query_pattern(["midlertidig", "bolig"]), shown.folded)
    assert "<mark>midlertidig</mark> <mark>bolig</mark>" in snippet
    assert "<mark>boligkontoret</mark>" in snippet  # the compound holds the stem
    assert "&lt;raskt&gt;" in snippet and "<raskt>" not in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet) < SNIPPET_CHARS + 200


def test_snippet_never_shows_part_of_a_contact_name_wherever_the_window_cuts() -> None:
    pattern = query_pattern(["bolig"])
    seen_cut = False
    for gap in range(20, 40):  # moves the name across the end of the snippet window
        text = "Tiltaket gir bolig til familier " + "og mer " * gap + "Kari Nordmann svarer på spørsmål."
        shown = _shown(text)
        snippet = make_snippet(shown.text, pattern, shown.folded)
        assert "<mark>bolig</mark>" in snippet
        assert "Kari" not in snippet and "Nordmann" not in snippet
        seen_cut |= "[navn" in snippet and not snippet.rstrip(" …").endswith("spørsmål.")
    assert seen_cut  # some window did end inside the masked name


def test_snippet_masks_addresses_and_phone_numbers() -> None:
    shown = _shown("Kontakt bolig@kommune.no eller ring 987 65 432 om bolig.")
    snippet = make_snippet(shown.text, query_pattern(["bolig"]), shown.folded)
    assert "kommune.no" not in snippet and "987" not in snippet
    assert "[e-post skjult]" in snippet and "[telefon skjult]" in snippet


def test_near_pairs_are_a_few_terms_apart_at_most(tmp_path: Path) -> None:
    texts = {
        "b.txt": "Kurs\n\nFlyktninger og innvandrere lærer norsk.",
        "c.txt": "Kurs\n\nFlyktninger lærer norsk, snekring, maling, matlaging og til slutt innvandrere.",
    }
    store = open_store(str(tmp_path / "s.sqlite"))
    for name, text in texts.items():
        (tmp_path / name).write_text(text, "utf-8")
        assert ingest_file(store, tmp_path / name).ok
    index = Searcher(store).index
    flykt, innv = analyse("flyktninger")[0], analyse("innvandrere")[0]
    found = index.near_pairs(list(range(len(index))), [(flykt, innv), (innv, flykt)])
    files = {index.ids[i]: i for i in range(len(index))}
    by_file = {store.get(rid).file: found.get(i, set()) for rid, i in files.items()}
    assert by_file["b.txt"] == {(flykt, innv)}
    assert by_file["c.txt"] == set()
