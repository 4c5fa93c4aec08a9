"""Sorting a result list: newest first, by NAV office, by county — on generated measures."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken import open_store
from tiltaksbanken.domain.form import tiltak_fields, tiltak_title
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.index import index_records
from tiltaksbanken.search.sorting import SORTS, collation_key, sort_name
from tiltaksbanken.store import SourceInfo, Store

OFFICES = ["NAV Ålesund", "NAV Bergen", "NAV Øygarden", "NAV Asker", "NAV Tromsø", "NAV Ærøy"]
COUNTIES = ["Møre og Romsdal", "Vestland", "Vestland", "Viken", "Troms og Finnmark", "Agder"]


def _measures(n: int, seed: int) -> list[Record]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        k = rng.randrange(len(OFFICES))
        raw = {"name": f"Boligtiltak nummer {i}", "nav_office": OFFICES[k], "county": COUNTIES[k],
               "start": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2024)}"
               if rng.random() < 0.8 else None,
               "description": "Midlertidig bolig og tett oppfølging av familier."}
        fields = tiltak_fields(raw)
        records.append(Record(kind="tiltak", title=tiltak_title(fields), fields=fields, file="gen.txt",
                              field_sources={k: [(i + 1, i + 1)] for k, v in raw.items() if v}, ordinal=i))
    for r in records:
        r.assign_id("gen.txt")
    return records


@pytest.fixture()
def bank(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "s.sqlite"))
    records = _measures(40, seed=3)
    store.replace_source(SourceInfo("gen.txt", str(tmp_path / "gen.txt"), "h", "test", "utf-8", 40),
                         [f"linje {i}" for i in range(40)], records,
                         index=index_records(records, embed=False))
    return store


def _all(store: Store, sort: str, query: str = "") -> list[Record]:
    result = Searcher(store).search(query, {"kind": ["tiltak"]}, limit=100, sort=sort)
    got = store.get_many([h.id for h in result.hits])
    return [got[h.id] for h in result.hits]


def test_newest_first_puts_later_starts_first_and_undated_last(bank: Store) -> None:
    records = _all(bank, "newest")
    years = [r.fields["start_date"][:4] if r.fields.get("start_date") else None for r in records]
    dated = [y for y in years if y]
    assert dated == sorted(dated, reverse=True) and len(dated) >= 20
    assert all(y is None for y in years[len(dated):]), "undated measures come after the dated ones"


def test_office_sort_is_norwegian_alphabetical(bank: Store) -> None:
    offices = [r.fields["nav_office"] for r in _all(bank, "office")]
    assert offices == sorted(offices, key=collation_key)
    assert offices[-1] == "NAV Ålesund"  # Å comes last, after Æ and Ø
    assert offices.index("NAV Øygarden") > offices.index("NAV Tromsø")


def test_every_sort_returns_the_same_hits_as_relevance(bank: Store) -> None:
    relevance = {r.id for r in _all(bank, "relevance", "bolig")}
    for name in SORTS:
        assert {r.id for r in _all(bank, name, "bolig")} == relevance, name


def test_unknown_sort_falls_back_to_relevance() -> None:
    assert sort_name("random") == "relevance"
    assert sort_name(None) == "relevance"
