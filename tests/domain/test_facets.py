"""County and NAV-office facets on generated measures across the 2024 county split: each
measure counts once per county system, and once under each office it names."""

from __future__ import annotations

import random
from collections import Counter

from tiltaksbanken.domain.facets import facet, value_label
from tiltaksbanken.domain.form import tiltak_fields, tiltak_title
from tiltaksbanken.domain.offices import Office, offices
from tiltaksbanken.domain.places import county_period, county_successors
from tiltaksbanken.domain.records import Record

SPLIT = ("Viken", "Vestfold og Telemark", "Troms og Finnmark")
UNKNOWN_OFFICES = ("NAV Blåbærli", "Nav Kvernhusbakken", "Prosjektleder i NAV Solsikkeli")


def _place(office: Office) -> str:
    return office.name.removeprefix("NAV ").split(" (")[0]


def generated_measures(seed: int = 7, per_county: int = 12) -> list[Record]:
    """Measures of offices in the counties split in 2024 (written as authors write them),
    measures with an office no gazetteer knows, and measures in counties not split."""
    rng = random.Random(seed)
    writings = [lambda p: f"NAV {p}", lambda p: f"Nav {p}", lambda p: p, lambda p: f"NAV {p}".upper()]
    rows: list[dict[str, str | None]] = []
    for county in SPLIT:
        pool = [o for o in offices() if o.kind in ("municipal", "intermunicipal") and o.county == county]
        for office in rng.sample(pool, per_county):
            rows.append({"nav_office": rng.choice(writings)(_place(office)), "county": county})
        for text in UNKNOWN_OFFICES:
            rows.append({"nav_office": text, "county": county})
    whole = [o for o in offices() if o.kind != "intermunicipal" and o.county not in SPLIT]
    for office in rng.sample(whole, per_county):
        rows.append({"nav_office": f"NAV {_place(office)}", "county": office.county})
    a, b, c, d = rng.sample([o for o in offices() if o.kind == "municipal" and o.county == "Viken"], 4)
    rows.append({"nav_office": f"NAV {_place(a)}, NAV {_place(b)}, NAV {_place(c)} og NAV {_place(d)}",
                 "county": "Viken"})
    records = []
    for i, raw in enumerate(rows):
        fields = tiltak_fields({"name": f"Tiltak {i}", **raw})
        record = Record(kind="tiltak", title=tiltak_title(fields), fields=fields, file="gen.txt",
                        field_sources={"name": [(i + 1, i + 1)]}, ordinal=i)
        record.assign_id("gen.txt")
        records.append(record)
    return records


def _county_counts(records: list[Record]) -> Counter[str]:
    county = facet("county")
    assert county
    return Counter(v for r in records for v in county.values(r))


def test_each_measure_counts_once_per_county_system() -> None:
    records = generated_measures()
    county = facet("county")
    assert county
    for r in records:
        values = county.values(r)
        form = [v for v in values if county_period(v) in ("2020-2023", "both")]
        from_2024 = [v for v in values if county_period(v) in ("2024-", "both")]
        assert len(form) == 1 and form == [r.fields["county"]]
        assert len(from_2024) <= 1
        assert len(values) == len(set(values))
        if r.fields["county_2024_uncertain"]:
            assert from_2024 == [] and r.fields["county_2024"] == county_successors(r.fields["county"])
    counts = _county_counts(records)
    n = len(records)
    # the 2020–2023 system counts every measure once
    assert sum(c for v, c in counts.items() if county_period(v) in ("2020-2023", "both")) == n
    # the 2024 system counts every measure whose office tells it once, the others nowhere
    certain = sum(not r.fields["county_2024_uncertain"] for r in records)
    assert sum(c for v, c in counts.items() if county_period(v) in ("2024-", "both")) == certain
    assert n - certain == len(SPLIT) * len(UNKNOWN_OFFICES)


def test_a_2024_county_holds_only_measures_whose_office_lies_in_it() -> None:
    records = generated_measures()
    county = facet("county")
    assert county
    by_municipality = {o.name: o.county_2024 for o in offices()}
    for r in records:
        for value in county.values(r):
            if county_period(value) == "2024-":
                first = r.fields["nav_offices"][0]
                assert by_municipality[first] == value, (r.fields["nav_office"], value)
    counts = _county_counts(records)
    # the split counties' measures are shared among their successors, not copied into each
    for old in SPLIT:
        parts = county_successors(old)
        assert sum(counts[p] for p in parts) + len(UNKNOWN_OFFICES) == counts[old]


def test_county_values_say_which_system_they_belong_to() -> None:
    assert value_label("county", "Viken") == "Viken (2020–2023)"
    assert value_label("county", "Akershus") == "Akershus (fra 2024)"
    assert value_label("county", "Oslo") == "Oslo"


def test_a_measure_counts_once_under_each_office_it_names() -> None:
    records = generated_measures()
    office = facet("nav_office")
    assert office
    four = records[-1]
    assert len(office.values(four)) == 4 and len(four.fields["municipalities"]) == 4
    counts = Counter(v for r in records for v in office.values(r))
    known = {o.name for o in offices()}
    unknown = {v for v in counts if v not in known}
    # an office no gazetteer knows is one cleaned value however it is written, never a sentence
    assert unknown == {"NAV Blåbærli", "NAV Kvernhusbakken", "NAV Solsikkeli"}
    assert all(counts[u] == len(SPLIT) for u in unknown)
    assert all(v.startswith("NAV ") for v in counts)


def test_news_items_count_under_the_offices_the_gazetteer_knows() -> None:
    news = Record(kind="news", title="t", fields={"nav_offices": ["NAV Bærum", "Nav Øygarden",
                                                                   "NAV Fylke"]}, file="n.txt")
    office = facet("nav_office")
    assert office and office.values(news) == ["NAV Bærum", "NAV Øygarden"]
