"""Each record kind is declared once; what other stages need is derived from it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tiltaksbanken.domain.facets import Facet, facets, record_facet_values, register, value_label
from tiltaksbanken.domain.kinds import KIND_NAMES, kind, kinds, personal_fields
from tiltaksbanken.domain.records import Record
from tiltaksbanken.store import open_store


def test_every_kind_is_declared_with_a_path_and_a_label() -> None:
    assert tuple(kinds()) == KIND_NAMES
    paths = [k.path for k in kinds().values()]
    assert len(set(paths)) == len(paths), "two kinds share a URL path"
    assert all(k.label and k.path.isascii() for k in kinds().values())


def test_search_weights_and_passages_come_from_the_declaration() -> None:
    from tiltaksbanken.search.items import FIELD_WEIGHTS, PASSAGES

    for name, k in kinds().items():
        assert FIELD_WEIGHTS[name] == k.weights
        assert PASSAGES[name] == k.passages
        assert not set(k.weights) & personal_fields(), "personal data is never searched"
    assert kind("tiltak").weights["name"] > kind("tiltak").weights["law_paragraphs_text"]


def test_contact_fields_are_personal_everywhere() -> None:
    assert {"contact_email", "contact_name"} <= personal_fields()
    for k in kinds().values():
        assert not any(f.personal for f in k.shown_fields)


def test_every_field_a_reader_writes_is_declared_in_its_kind(sample_db: str) -> None:
    """A field no declaration knows would be shown nowhere and searched never."""
    with open_store(sample_db) as store:
        undeclared = {(r.kind, key) for r in store.records() for key in r.fields
                      if kind(r.kind).field(key) is None}
    assert undeclared == set()


@pytest.fixture()
def extra_facet() -> Iterator[type[Facet]]:
    class RowFacet(Facet):
        name = "sheet_row_parity"
        label = "Radparitet"

        def values(self, record: Record) -> list[str]:
            row = record.fields.get("row")
            return ["partall" if row % 2 == 0 else "oddetall"] if isinstance(row, int) else []

    register(RowFacet)
    yield RowFacet
    from tiltaksbanken.domain import facets as registry

    registry._REGISTRY.pop(RowFacet.name)


def test_a_facet_is_one_class(extra_facet: type[Facet]) -> None:
    record = Record(kind="tiltak", title="t", fields={"row": 3, "county": "Viken",
                                                      "county_2024": ["Akershus", "Buskerud", "Østfold"]},
                    file="a.txt", field_sources={"row": [(1, 1)]})
    values = record_facet_values(record)
    assert values["sheet_row_parity"] == ["oddetall"]
    assert values["county"][0] == "Viken" and values["kind"] == ["tiltak"]
    assert "sheet_row_parity" in facets()
    assert value_label("kind", "cookbook") == kind("cookbook").label
