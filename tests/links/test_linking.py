"""Linking records about the same measure: generated pairs (precision over recall), the
store's links after ingest and the editor's decisions that outlive a re-ingest."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.links.generate import Measure, labelled_set, news, report
from tiltaksbanken import ingest_paths
from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.domain.links import describe, facts, link_all, score
from tiltaksbanken.domain.privacy import ANONYMOUS, Viewer, may_decide_links
from tiltaksbanken.store import Store
from tiltaksbanken.store.links import decide, links_of, refresh_links


def _pr(seed: int) -> tuple[float, float]:
    records, positives = labelled_set(seed)
    found = {frozenset({x.a, x.b}) for x in link_all([facts(r) for r in records])}
    tp = len(found & positives)
    return (tp / len(found) if found else 1.0), tp / len(positives)


def test_generated_pairs_precision_over_recall() -> None:
    for seed in (1, 2, 3):
        precision, recall = _pr(seed)
        assert precision >= 0.98, (seed, precision)
        assert recall >= 0.85, (seed, recall)


FREDRIKSTAD = Measure("Fyrlykta for unge voksne", "NAV Fredrikstad", ["Fredrikstad"], 2022,
                      "jobbspesialist individuell jobbstøtte arbeidsgivere praksisplass lønnstilskudd")


def test_two_years_and_news_are_one_story_with_evidence() -> None:
    status = report(FREDRIKSTAD, 2023, 1, file="a.txt")
    final = report(FREDRIKSTAD, 2024, 1, file="b.txt", ocr=True, kind="final")
    item = news(FREDRIKSTAD, 3)
    found = link_all([facts(status), facts(final), facts(item)])
    pairs = {frozenset({x.a, x.b}): x for x in found}
    assert frozenset({status.id, final.id}) in pairs
    assert frozenset({status.id, item.id}) in pairs
    same = pairs[frozenset({status.id, final.id})]
    assert same.kind == "same_measure" and same.confidence >= 0.8
    text = describe(same.evidence)
    assert "NAV Fredrikstad" in text and "% likt" in text
    assert pairs[frozenset({status.id, item.id})].kind == "news"


def test_similar_names_of_different_measures_are_not_linked() -> None:
    other_name = Measure("Fyrtårnet for barnefamilier", "NAV Fredrikstad", ["Fredrikstad"], 2022,
                         FREDRIKSTAD.topic)
    other_place = Measure(FREDRIKSTAD.name, "NAV Tromsø", ["Tromsø"], 2022, FREDRIKSTAD.topic)
    base = facts(report(FREDRIKSTAD, 2023, 1, file="a.txt"))
    assert score(base, facts(report(other_name, 2023, 2, file="a.txt"))) is None
    assert score(base, facts(report(other_place, 2023, 3, file="a.txt"))) is None
    assert score(base, facts(news(other_place, 4))) is None


def test_only_editors_decide_links() -> None:
    assert may_decide_links(Viewer("redaktør"))
    assert may_decide_links(Viewer("administrator"))
    assert not may_decide_links(ANONYMOUS)
    assert not may_decide_links(Viewer("rapportør", offices=("NAV Fredrikstad",)))


def _write_reports(folder: Path, measure: Measure) -> None:
    """Two yearly survey exports (CSV, the form's questions as headers), one per year."""
    questions = {f.key: f.question for f in form_fields()}
    for year in (2022, 2023):
        row = {"name": measure.name, "nav_office": measure.office,
               "start": f"01.03.{measure.start}", "report_type":
               "Statusrapportering" if year == 2022 else "Sluttrapportering",
               "description": f"Tiltaket gir {measure.topic} i {measure.municipalities[0]}."}
        with (folder / f"rapport-{year}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([questions[k] for k in row])
            writer.writerow(list(row.values()))


def test_ingest_links_and_removed_link_stays_removed(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _write_reports(folder, FREDRIKSTAD)
    results = ingest_paths(store, [folder])
    assert all(r.ok for r in results), results
    measures = store.records(kind="tiltak")
    assert len(measures) == 2, [r.title for r in store.records()]
    found = links_of(store, measures[0].id)
    assert len(found) == 1 and found[0].other(measures[0].id) == measures[1].id
    decide(store, found[0].id, "removed", "redaktør")
    ingest_paths(store, [folder], force=True)
    refresh_links(store)
    assert links_of(store, measures[0].id) == []
    assert links_of(store, measures[0].id, include_removed=True)[0].state == "removed"
    decide(store, found[0].id, "confirmed", "redaktør")
    assert links_of(store, measures[1].id)[0].state == "confirmed"
