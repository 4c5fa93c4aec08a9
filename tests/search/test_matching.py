"""What makes an item a hit, on generated measures: the query's words (in any written
standard, English, misspelt or OCR-damaged), never chance similarity, never the law
paragraph checklist alone, never a compound's short part."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken import open_store
from tiltaksbanken.data import load_data
from tiltaksbanken.domain.form import tiltak_fields, tiltak_title
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.index import index_records
from tiltaksbanken.search.ranking import lexical_scores, plan_query
from tiltaksbanken.search.snippets import make_snippet, query_pattern
from tiltaksbanken.store import SourceInfo, Store

# Topics a measure can be about, each with its Bokmål wording (written into the measure)
# and a Bokmål, a Nynorsk and an English query a practitioner might type for it.
TOPICS = [
    {"name": "Boveileder for bostedsløse", "target": "Bostedsløse og vanskeligstilte på boligmarkedet",
     "text": "En boveileder hjelper bostedsløse å finne en varig bolig.",
     "queries": ["bolig til bostedsløse", "bustad til bustadlause", "housing for homeless people"]},
    {"name": "Gjeldsrådgivning for unge", "target": "Unge voksne med betalingsproblemer",
     "text": "Unge får gjeldsrådgivning og hjelp til å søke gjeldsordning.",
     "queries": ["gjeldsrådgivning", "gjeldsrådgjeving for unge", "debt counselling"]},
    {"name": "Flyktninger i arbeid", "target": "Bosatte flyktninger etter introduksjonsprogrammet",
     "text": "Flyktninger får språkpraksis og arbeidstrening hos lokale arbeidsgivere.",
     "queries": ["flyktninger i arbeid", "flyktningar i arbeid", "refugees into work"]},
    {"name": "Skolemestring", "target": "Elever som står i fare for frafall i videregående skole",
     "text": "Veiledere følger opp elever med skolevegring og hindrer frafall.",
     "queries": ["frafall i videregående skole", "fråfall i vidaregåande skule",
                 "dropout from upper secondary school"]},
]
FILLER = ["Tett oppfølging av deltakerne i kommunen.", "Samarbeid med frivillige lag og foreninger.",
          "Kurs og samlinger for ansatte ved kontoret.", "Kartlegging av behov og ressurser."]
OFFICES = ["NAV Ålesund", "NAV Bergen", "NAV Asker", "NAV Tromsø", "NAV Bodø", "NAV Skien"]
LAW = load_data("law_paragraphs.json")["paragraphs"]


def _checklist(rng: random.Random) -> str:
    """The law paragraph question answered as reports do: most paragraphs ticked."""
    ticked = [p for p in LAW if rng.random() < 0.8] or LAW[:3]
    return " / ".join(f"{p['code']} - {p['title']}" for p in ticked)


def _measure(i: int, raw: dict[str, str | None]) -> Record:
    fields = tiltak_fields(raw)
    return Record(kind="tiltak", title=tiltak_title(fields), fields=fields, file="gen.txt",
                  field_sources={k: [(i + 1, i + 1)] for k, v in raw.items() if v}, ordinal=i)


def _store(tmp_path: Path, records: list[Record]) -> Store:
    for r in records:
        r.assign_id("gen.txt")
    store = open_store(str(tmp_path / "s.sqlite"))
    store.replace_source(SourceInfo("gen.txt", str(tmp_path / "gen.txt"), "h", "test", "utf-8", len(records)),
                         [f"linje {i}" for i in range(len(records))], records, index=index_records(records))
    return store


def _measures(seed: int, place: str | None = None, mention: set[int] | frozenset[int] = frozenset(),
              damaged: set[int] | frozenset[int] = frozenset()) -> list[Record]:
    """Generated measures: one per topic, then fillers; measure ``i`` in ``mention`` names
    ``place`` in its description (written with the OCR's «@» for «Ø» when in ``damaged``)."""
    rng = random.Random(seed)
    records = []
    for i in range(12):
        topic = TOPICS[i] if i < len(TOPICS) else None
        text = topic["text"] if topic else " ".join(rng.sample(FILLER, 2))
        if place and i in mention:
            written = place.replace("Ø", "@") if i in damaged else place
            text += f" Tiltaket er et samarbeid med {written} kommune."
        raw = {"name": topic["name"] if topic else f"Utviklingstiltak {i}",
               "nav_office": OFFICES[i % len(OFFICES)],
               "target_group": topic["target"] if topic else "Innbyggere som mottar sosiale tjenester",
               "description": text, "law_paragraphs": _checklist(rng)}
        records.append(_measure(i, raw))
    return records


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return _store(tmp_path_factory.mktemp("bank"), _measures(seed=7))


def _titles(store: Store, query: str) -> list[str]:
    return [h.title for h in Searcher(store).search(query, limit=50).hits]


def _nonsense(rng: random.Random) -> str:
    """A string of consonants: no word of any language."""
    return "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(6, 9)))


def test_a_query_that_means_nothing_finds_nothing(bank: Store) -> None:
    rng = random.Random(11)
    for _ in range(8):
        query = _nonsense(rng)
        result = Searcher(bank).search(query)
        assert (result.total, result.hits) == (0, []), query


@pytest.mark.parametrize("language", [0, 1, 2], ids=["bokmål", "nynorsk", "english"])
def test_each_measure_is_found_in_bokmaal_nynorsk_and_english(bank: Store, language: int) -> None:
    for topic in TOPICS:
        query = topic["queries"][language]
        assert topic["name"] in _titles(bank, query)[:2], query


def test_a_query_finds_only_items_that_hold_its_words(bank: Store) -> None:
    # every hit of a topic's Bokmål query holds one of its words; fillers never do
    for topic in TOPICS:
        titles = _titles(bank, topic["queries"][0])
        assert not [t for t in titles if t.startswith("Utviklingstiltak")], topic["queries"][0]


def test_the_law_paragraph_checklist_alone_makes_no_hit(bank: Store) -> None:
    # nearly every measure ticks these paragraphs; only what a measure says of itself counts
    for paragraph in ("Kvalifiseringsprogram", "Økonomisk stønad til livsopphold", "Formålsparagrafen"):
        assert Searcher(bank).search(paragraph).total == 0, paragraph
    assert _titles(bank, "Boliger til vanskeligstilte") == ["Boveileder for bostedsløse"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_place_finds_only_the_items_that_name_it(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    place = rng.choice(["Øygarden", "Ørland", "Østre Toten", "Øvre Eiker"])
    mention = set(rng.sample(range(12), 3))
    damaged = {min(mention)}
    store = _store(tmp_path, _measures(seed, place, mention, damaged))
    result = Searcher(store).search(place, limit=50)
    found = {int(store.get_many([h.id])[h.id].ordinal) for h in result.hits}
    assert found == mention, (place, sorted(found), sorted(mention))


def test_a_compound_query_does_not_match_through_a_short_part(tmp_path: Path) -> None:
    records = [_measure(0, {"name": "Arbeid for flyktninger", "nav_office": "NAV Bergen",
                            "description": "Flyktninger og flyktningefamilier får arbeidstrening."}),
               _measure(1, {"name": "Fritid for barn", "nav_office": "NAV Asker",
                            "description": "Barna får fritidsaktiviteter og leksehjelp."})]
    store = _store(tmp_path, records)
    result = Searcher(store).search("bananfly")
    assert result.total == 0
    pattern = query_pattern(["bananfly"])
    snippet = make_snippet("Flyktninger får arbeidstrening.", pattern)
    assert "<mark>" not in snippet
    # a query compound is met by all of its parts together
    assert Searcher(store).search("fritidsleksehjelp").total == 1


def test_a_typo_is_found_and_offered_as_a_hint(bank: Store) -> None:
    result = Searcher(bank).search("gjeldsradgivning")
    assert result.hits and result.hits[0].title == "Gjeldsrådgivning for unge"
    result = Searcher(bank).search("bostedslse")
    assert result.also_searched == ["bostedsløse"] and result.hits[0].title == "Boveileder for bostedsløse"


def test_a_misspelt_compound_scores_its_parts_as_its_correct_spelling(tmp_path: Path) -> None:
    # a measure that holds one part of the query compound («rådgivning» of «gjeldsrådgivning»)
    # scores above one that holds neither, for the misspelt query as for the correct one
    raws = [{"name": f"Tiltak for unge {n}", "nav_office": "NAV Asker", "target_group": "Unge voksne",
             "description": text}
            for n, text in enumerate(["Unge får rådgivning om skole og arbeid.",
                                      "Unge får tett oppfølging i hverdagen.",
                                      "Unge får gjeldsrådgivning og hjelp med budsjett."])]
    records = _measures(seed=7) + [_measure(12 + i, raw) for i, raw in enumerate(raws)]
    store = _store(tmp_path, records)
    index = Searcher(store).index
    order = [index.position[r.id] for r in records[12:]]
    for query in ("gjeldsrådgivning for unge", "gjeldsradgivning for unge"):
        scores = lexical_scores(plan_query(query, index), index)[order]
        assert scores[2] > scores[0] > scores[1] > 0, query
