"""Acceptance on the sample corpus: the two «Jobbsmak» rows of the OCR'd sheet (a status
and a final report) are one story, and the evaluation's chapters link as one project."""

from __future__ import annotations

from tiltaksbanken import open_store
from tiltaksbanken.store.links import links_of


def test_the_two_rows_of_one_measure_in_the_sheet_are_one_story(sample_db: str) -> None:
    with open_store(sample_db) as store:
        rows = [r for r in store.records(kind="tiltak") if r.fields.get("name") == "Jobbsmak"]
        assert len(rows) == 2
        found = links_of(store, rows[0].id)
        assert [x.other(rows[0].id) for x in found if x.kind == "same_measure"] == [rows[1].id]
        assert found[0].confidence >= 0.8
        assert "NAV Halden Aremark" in found[0].evidence["places"]


def test_evaluation_chapters_link_to_their_project(sample_db: str) -> None:
    with open_store(sample_db) as store:
        chapters = store.records(kind="evaluation")
        assert len(chapters) >= 2
        for chapter in chapters:
            others = {x.other(chapter.id) for x in links_of(store, chapter.id) if x.kind == "evaluation"}
            assert others == {c.id for c in chapters} - {chapter.id}
        evidence = links_of(store, chapters[0].id)[0].evidence
        assert evidence["same_report"] and evidence["name"] >= 0.95


def test_sample_links_are_few_and_confident(sample_db: str) -> None:
    """Precision over recall: the sheet's 145 rows do not all link to each other."""
    with open_store(sample_db) as store:
        with store.reading() as sql:
            rows = sql.rows("SELECT confidence FROM record_links")
        assert 0 < len(rows) < 40
        assert min(r[0] for r in rows) >= 0.72
