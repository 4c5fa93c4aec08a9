"""The kokebok store: collections keep their examples in the editor's order, cards are
saved with their consent flag, and a published edition never changes after."""

from __future__ import annotations

from tiltaksbanken.domain.recipe import Card, Part
from tiltaksbanken.store import Store
from tiltaksbanken.store import kokebok as kb


def _card(n: int) -> Card:
    return Card(f"c{n:011x}", "cookbook", f"Eksempel {n}", "b.txt",
                [Part("ide", "Idé og behov", f"Tekst {n}", [(n, n + 1)])])


def test_examples_keep_the_order_the_editor_gives(store: Store) -> None:
    c = kb.create_collection(store, "Samarbeid med sosiale entreprenører", "red")
    ids = [kb.add_example(store, c.id, _card(n), "red").id for n in (1, 2, 3)]
    assert kb.add_example(store, c.id, _card(2), "red").id == ids[1]  # no duplicates
    kb.move_example(store, ids[2], -1)
    assert [e.id for e in kb.examples(store, c.id)] == [ids[0], ids[2], ids[1]]
    kb.move_example(store, ids[0], -1)  # already first
    kb.remove_example(store, ids[2], "red")
    got = kb.examples(store, c.id)
    assert [(e.id, e.position) for e in got] == [(ids[0], 1), (ids[1], 2)]
    assert got[0].card.parts[0].lines == [(1, 2)]


def test_slugs_are_unique_and_never_look_like_a_record_id(store: Store) -> None:
    a = kb.create_collection(store, "Bolig først", "red")
    b = kb.create_collection(store, "Bolig først", "red")
    assert a.slug == "bolig-forst" and b.slug == "bolig-forst-2"
    assert kb.collection_by_slug(store, b.slug) == b
    assert kb.slugify("cafe12345678") == "cafe12345678-kokebok"


def test_a_published_edition_is_frozen(store: Store) -> None:
    c = kb.create_collection(store, "Kokebok", "red")
    ex = kb.add_example(store, c.id, _card(1), "red")
    first = kb.publish(store, c.id, "red", {"title": "Kokebok", "examples": ["Eksempel 1"]}, "<p>1</p>")
    card = ex.card
    card.parts[0].text = "Endret"
    kb.save_card(store, ex.id, card, True, "red")
    kb.set_introduction(store, c.id, "Ny innledning", "red")
    second = kb.publish(store, c.id, "red", {"title": "Kokebok", "examples": ["Endret"]}, "<p>2</p>")
    assert (first.edition, second.edition) == (1, 2)
    again = kb.edition(store, c.id, 1)
    assert again is not None and again.snapshot["examples"] == ["Eksempel 1"] and again.html == "<p>1</p>"
    assert kb.edition(store, c.id).edition == 2
    assert kb.example(store, ex.id).contact_consent
    assert kb.collection(store, c.id).state == "publisert"
