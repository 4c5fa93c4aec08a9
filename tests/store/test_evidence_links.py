"""The evidence suggestion of a measure counts the evaluations linked to it, not only those
that name it: a confirmed link between a measure and an evaluation is evaluation evidence."""

from __future__ import annotations

from tiltaksbanken.domain.records import Record
from tiltaksbanken.store import SourceInfo, Store
from tiltaksbanken.store.evidence import evaluations_naming


def _stored(store: Store, name: str, kind: str, title: str, fields: dict[str, str]) -> Record:
    r = Record(kind=kind, title=title, fields=fields, file=name,
               field_sources={k: [(1, 1)] for k in fields}, ordinal=0)
    r.assign_id(name)
    store.replace_source(SourceInfo(name=name, path=f"/x/{name}", sha256=name, reader="plain",
                                    encoding="utf-8", line_count=1), ["x"], [r])
    return r


def test_a_linked_evaluation_counts_though_it_does_not_name_the_measure(store: Store) -> None:
    measure = _stored(store, "tiltak.txt", "tiltak", "Boligveileder for unge",
                      {"name": "Boligveileder for unge", "measurement": "Vi har ikke målt."})
    evaluation = _stored(store, "eval.txt", "evaluation", "Følgeevaluering av boligsatsingen",
                         {"text": "Prosjektet i kommunen ga flere unge egen bolig."})
    assert evaluations_naming(store, measure) == []
    with store.writing() as sql:
        sql.run("INSERT INTO record_links (a, b, kind, confidence, evidence, state, updated_at)"
                " VALUES (?, ?, 'evaluation', 0.9, '{}', 'confirmed', '2026-01-01')",
                (measure.id, evaluation.id))
    assert [e.record_id for e in evaluations_naming(store, measure)] == [evaluation.id]
    with store.writing() as sql:
        sql.run("UPDATE record_links SET state = 'removed'")
    assert evaluations_naming(store, measure) == []
