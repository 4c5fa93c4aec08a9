"""End to end: a query in one form finds an item written in another; facets, filters, snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiltaksbanken import open_store
from tiltaksbanken.ingest import ingest_file
from tiltaksbanken.search import Searcher
from tiltaksbanken.store import Store


@pytest.fixture()
def bank(tmp_path: Path) -> Store:
    """A small bank of invented reports in both written standards."""
    texts = {
        "bolig.txt": "Midlertidig bolig for barnefamilier\n\nKommunen skaffer midlertidige boliger "
                     "og en boveileder følger familiene tett.",
        "bustad.txt": "Bustad for ungdomar\n\nTiltaket hjelper ungdomar utan fast bustad med å "
                      "finne ein heim og kome i arbeid.",
        "gjeld.txt": "Gjeldsrådgivning for unge voksne\n\nUnge med betalingsproblemer får "
                     "økonomisk rådgivning og hjelp til å søke gjeldsordning.",
        "jobb.txt": "Jobbspesialist for flyktninger\n\nEn jobbspesialist gir individuell jobbstøtte "
                    "(IPS) til flyktninger i introduksjonsprogrammet.",
    }
    return _bank_of(tmp_path, texts)


def _bank_of(folder: Path, texts: dict[str, str]) -> Store:
    """A store holding each text as a file of its own."""
    store = open_store(str(folder / "s.sqlite"))
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
        assert ingest_file(store, folder / name).ok
    return store


def _titles(store: Store, query: str, **kw: object) -> list[str]:
    return [h.title for h in Searcher(store).search(query, **kw).hits]  # type: ignore[arg-type]


def test_nynorsk_query_finds_bokmaal_text(bank: Store) -> None:
    assert _titles(bank, "midlertidig bustad")[0] == "Midlertidig bolig for barnefamilier"


def test_bokmaal_query_finds_nynorsk_text(bank: Store) -> None:
    assert "Bustad for ungdomar" in _titles(bank, "bolig for ungdom")[:2]


def test_compound_query_finds_its_parts_and_back(bank: Store) -> None:
    assert _titles(bank, "gjeld")[0] == "Gjeldsrådgivning for unge voksne"
    assert _titles(bank, "rådgivning om gjeld")[0] == "Gjeldsrådgivning for unge voksne"


def test_synonyms_and_typos(bank: Store) -> None:
    assert _titles(bank, "individuell jobbstøtte")[0] == "Jobbspesialist for flyktninger"
    result = Searcher(bank).search("jobbspesialst")
    assert result.hits[0].title == "Jobbspesialist for flyktninger"
    assert result.also_searched == ["jobbspesialist"]


def test_english_query_finds_norwegian_text(bank: Store) -> None:
    assert _titles(bank, "debt counselling for young adults")[0] == "Gjeldsrådgivning for unge voksne"


def test_hits_carry_provenance_snippet_and_facets(bank: Store) -> None:
    result = Searcher(bank).search("boveileder")
    hit = result.hits[0]
    assert hit.file == "bolig.txt" and hit.lines == [[1, 3]]
    assert "<mark>boveileder</mark>" in hit.snippet
    assert result.facets["kind"] == {"document": result.total}
    assert Searcher(bank).search("boveileder", filters={"kind": ["tiltak"]}).hits == []


def test_hostile_queries_return_results_or_nothing(bank: Store) -> None:
    for q in ['"', "*", "NEAR(", ")))", "a" * 10_000, "\x00\x01", "<script>alert(1)</script>"]:
        Searcher(bank).search(q)


def test_similar_items(bank: Store) -> None:
    first = Searcher(bank).search("bolig").hits[0]
    assert Searcher(bank).similar(first.id, limit=2)


def test_ocr_damage_left_in_a_document_still_matches(tmp_path: Path) -> None:
    store = _bank_of(tmp_path, {
        "notat.txt": "Kurs for unge\n\nVi gir gkonomisk radgivning til unge voksne.",
        "annet.txt": "Kurs for unge\n\nVi gir leksehjelp og fritidstilbud til unge.",
    })
    hit = Searcher(store).search("økonomisk").hits[0]
    assert hit.file == "notat.txt" and "ocr_fold" in hit.matched_fields


def test_meaning_weighs_more_for_an_english_query(bank: Store) -> None:
    from tiltaksbanken.search.ranking import plan_query, semantic_weight

    index = Searcher(bank).index
    english = semantic_weight(plan_query("debt counselling for young adults", index))
    norwegian = semantic_weight(plan_query("gjeldsrådgivning for unge voksne", index))
    assert english > norwegian


@pytest.mark.parametrize(("query", "close", "apart"), [
    # query words near each other, in either order, beat the same words apart
    ("innvandrere og flyktninger",
     "Arbeid for nye landsmenn\n\nTiltaket gir flyktninger og innvandrere arbeidstrening og "
     "språkpraksis i kommunen.",
     "Arbeid for nye landsmenn\n\nFlyktninger får arbeidstrening, og unge innvandrere får språkpraksis."),
    # project names are often made of function words («Klart jeg kan», «Ung i jobb»), which
    # carry no index terms: the query's wording itself counts
    ("Klart jeg kan kurs",
     "Evaluering av prosjektet\n\nDeltakerne fullførte kurset Klart jeg kan, og flere fikk jobb etterpå.",
     "Nytt fra kommunen\n\nDet er klart at mange kan delta, sier jeg til deltakerne på kurset, og "
     "flere fikk jobb."),
])
def test_the_query_said_as_written_ranks_first(tmp_path: Path, query: str, close: str, apart: str) -> None:
    store = _bank_of(tmp_path, {"close.txt": close, "apart.txt": apart})
    assert Searcher(store).search(query).hits[0].file == "close.txt"


def test_wording_runs_hold_a_function_word() -> None:
    from tiltaksbanken.search.ranking import wording_runs

    assert wording_runs("Klart jeg kan kurs")[:2] == ["klart jeg kan kurs", "klart jeg kan"]
    assert wording_runs("midlertidig bolig") == []
    assert wording_runs("tjenestedesign innsiktsarbeid kommune") == []  # content words: phrase bonus
