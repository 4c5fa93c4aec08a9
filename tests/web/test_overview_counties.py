"""The overview, the search's county filter and ``stats`` on generated measures across the
2024 county split: each measure once per county system, uncertain counties said so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.domain.test_facets import SPLIT, UNKNOWN_OFFICES, generated_measures
from tiltaksbanken import open_store
from tiltaksbanken.domain.offices import office
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.index import index_records
from tiltaksbanken.search.stats import compute_stats
from tiltaksbanken.store import SourceInfo, Store
from tiltaksbanken.web.views import overview


@pytest.fixture()
def bank(tmp_path: Path) -> Store:
    records = generated_measures()
    store = open_store(str(tmp_path / "s.sqlite"))
    store.replace_source(SourceInfo("gen.txt", str(tmp_path / "gen.txt"), "h", "test", "utf-8",
                                    len(records)),
                         [f"linje {i}" for i in range(len(records))], records,
                         index=index_records(records, embed=False))
    return store


def test_overview_counts_each_measure_once_per_county_system(bank: Store) -> None:
    n = len(list(bank.records("tiltak")))
    charts = {c["key"]: c for c in overview.page(Searcher(bank))["charts"]}
    form, from_2024 = charts["county"], charts["county_2024"]
    assert form["total"] == n and from_2024["total"] == n
    bars = {b["label"]: b for b in from_2024["items"]}
    assert not {"Viken", "Vestfold og Telemark", "Troms og Finnmark"} & set(bars)
    uncertain = [b for label, b in bars.items() if "usikkert" in label]
    assert sorted(b["count"] for b in uncertain) == [len(UNKNOWN_OFFICES)] * len(SPLIT)
    assert all(b["url"] is None for b in uncertain) and "usikkert" in from_2024["note"]
    assert bars["Akershus, Buskerud eller Østfold (usikkert)"]["count"] == len(UNKNOWN_OFFICES)


def test_filtering_on_a_2024_county_lists_only_its_offices(bank: Store) -> None:
    searcher = Searcher(bank)
    counts = searcher.facet_counts({"kind": ["tiltak"]})["county"]
    for old in SPLIT:
        every = searcher.search("", {"county": [old]}, limit=500)
        assert every.total == counts[old]  # an old URL (?county=Viken) lists all its measures
        listed = 0
        for new in [c for c in counts if c in ("Akershus", "Buskerud", "Østfold", "Vestfold",
                                               "Telemark", "Troms", "Finnmark")]:
            result = searcher.search("", {"county": [new]}, limit=500)
            assert result.total == counts[new]
            for record in bank.get_many([h.id for h in result.hits]).values():
                first = office(record.fields["nav_offices"][0])
                assert first and first.county_2024 == new, record.fields["nav_office"]
                listed += record.fields["county"] == old
        assert listed == counts[old] - len(UNKNOWN_OFFICES)


def test_stats_count_both_systems_with_labels(bank: Store) -> None:
    stats = compute_stats(bank.records())
    n = stats["kinds"]["tiltak"]
    assert sum(stats["counties"].values()) == n and sum(stats["counties_2024"].values()) == n
    tables = {t["title"]: dict(t["rows"]) for t in stats["tables"]}
    assert tables["Type"] == {"Tiltak": n}
    assert any("usikkert" in label for label in tables["Fylke fra 2024 (der NAV-kontoret ligger)"])
    assert set(tables["Rapporttype"]) == {"Ikke oppgitt"}
