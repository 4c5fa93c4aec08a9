"""Reports written in the bank: drafts of the reporter's own offices only, submitting makes
a new version (nothing overwritten) and a searchable record with provenance, versions can
be compared, a new year starts from the last answers, editors' corrections are versions."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from tests.report_answers import answers, office_with_county
from tiltaksbanken.domain.privacy import Viewer, viewer_for
from tiltaksbanken.search import Searcher
from tiltaksbanken.store import NotFound, Store
from tiltaksbanken.store.reports import (
    ReportError,
    ReportForbidden,
    correct,
    corrections,
    diff,
    draft,
    drafts_of,
    history,
    new_year_draft,
    record_history,
    save_draft,
    submit,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _reporter(store: Store, office: str, role: str = "rapportør") -> Viewer:
    user = store.add_user(f"u{len(store.users())}@nav.no", f"Bruker {len(store.users())}", role,
                          (office,) if role == "rapportør" else ())
    return viewer_for(user)


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    return random.Random(request.node.name)


def test_a_draft_is_saved_and_listed_for_its_office_only(store: Store, rng: random.Random) -> None:
    a = answers(rng)
    me = _reporter(store, a["nav_office"])
    saved = save_draft(store, me, a, 2025, now=NOW)
    assert saved.state == "draft" and saved.office == a["nav_office"] and saved.year == 2025
    assert draft(store, me, saved.id).answers["description"] == a["description"]
    assert [d.id for d in drafts_of(store, me)] == [saved.id]
    other_office, _ = office_with_county(rng)
    while other_office == a["nav_office"]:
        other_office, _ = office_with_county(rng)
    other = _reporter(store, other_office)
    assert drafts_of(store, other) == []
    with pytest.raises(NotFound):
        draft(store, other, saved.id)
    with pytest.raises(NotFound):
        save_draft(store, other, dict(a, nav_office=other_office), 2025, draft_id=saved.id)
    with pytest.raises(ReportForbidden):
        save_draft(store, other, a, 2025)  # a report for an office not theirs
    assert draft(store, me, saved.id).answers == saved.answers  # nothing changed


def test_an_incomplete_draft_is_kept_but_not_submitted(store: Store, rng: random.Random) -> None:
    a = answers(rng)
    me = _reporter(store, a["nav_office"])
    partial = {"name": a["name"], "nav_office": a["nav_office"], "contact_email": "ikke-en-adresse"}
    with pytest.raises(ReportError) as refused:
        save_draft(store, me, partial, 2025)
    assert set(refused.value.errors) == {"contact_email"}
    saved = save_draft(store, me, dict(partial, contact_email=""), 2025)
    with pytest.raises(ReportError) as missing:
        submit(store, me, saved.id)
    assert {"description", "county", "start", "contact_email"} <= set(missing.value.errors)
    assert draft(store, me, saved.id).state == "draft" and history(store, saved.measure_key) == []


def test_submitting_makes_versions_and_a_searchable_record(store: Store, rng: random.Random) -> None:
    a = answers(rng)
    a["description"] = "Vi prøver ut en familiekoordinatorordning med tett oppfølging."
    me = _reporter(store, a["nav_office"])
    first = submit(store, me, save_draft(store, me, a, 2025, now=NOW).id, now=NOW)
    assert (first.version, first.origin, first.year) == (1, "submission", 2025)
    record = store.record(first.record_id or "")
    assert record.kind == "tiltak" and record.fields["name"] == a["name"]
    assert record.fields["law_paragraphs"] == a["law_paragraphs"]
    # provenance: each answer's lines in the report's own source say what it answered
    (start, end), = record.field_sources["description"]
    assert store.source_lines(record.file, start, end) == [a["description"]]
    hits = Searcher(store).search("familiekoordinatorordning").hits
    assert [h.id for h in hits][:1] == [record.id]

    changed = dict(a, achievements="Flere har kommet i arbeid.")
    second = submit(store, me, save_draft(store, me, changed, 2025).id, now=NOW + timedelta(days=1))
    assert second.version == 2 and second.record_id == record.id
    versions = history(store, first.measure_key)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].fields["achievements"] == a["achievements"]  # nothing overwritten
    assert [c.key for c in diff(versions[0], versions[1])] == ["achievements"]
    states = sorted(d.state for d in drafts_of(store, me))
    assert states == ["submitted", "superseded"]
    assert store.record(record.id).fields["achievements"] == "Flere har kommet i arbeid."
    assert [v.version for v in record_history(store, store.record(record.id))] == [1, 2]
    log = [e["action"] for e in store.audit_log()]
    assert log.count("rapport sendt inn") == 2


def test_a_submitted_report_cannot_be_changed_or_submitted_again(store: Store, rng: random.Random) -> None:
    a = answers(rng)
    me = _reporter(store, a["nav_office"])
    saved = save_draft(store, me, a, 2025)
    submit(store, me, saved.id)
    with pytest.raises(ReportError):
        submit(store, me, saved.id)
    with pytest.raises(ReportError):
        save_draft(store, me, dict(a, name="Noe annet"), 2025, draft_id=saved.id)
    assert len(history(store, saved.measure_key)) == 1


def test_a_new_year_starts_from_the_last_submitted_answers(store: Store, rng: random.Random) -> None:
    a = answers(rng)
    me = _reporter(store, a["nav_office"])
    saved = save_draft(store, me, a, 2024)
    submit(store, me, saved.id)
    nxt = new_year_draft(store, me, saved.measure_key, 2025)
    assert nxt.id != saved.id and nxt.year == 2025 and nxt.state == "draft"
    assert nxt.answers["description"] == a["description"] and nxt.measure_key == saved.measure_key
    with pytest.raises(NotFound):
        new_year_draft(store, _reporter(store, "NAV Annet sted"), saved.measure_key, 2025)


def test_an_editors_correction_is_a_version_beside_the_reading(store: Store, rng: random.Random) -> None:
    a = answers(rng)
    me = _reporter(store, a["nav_office"])
    v = submit(store, me, save_draft(store, me, a, 2025).id)
    record_id = v.record_id or ""
    with pytest.raises(ReportForbidden):
        correct(store, me, record_id, "description", "Ny tekst", "Skrivefeil")
    editor = _reporter(store, "", "redaktør")
    with pytest.raises(ReportError):
        correct(store, editor, record_id, "description", "Ny tekst", "")
    fixed = correct(store, editor, record_id, "description", "Rettet beskrivelse.", "OCR-feil", now=NOW)
    assert (fixed.origin, fixed.version, fixed.field) == ("correction", 2, "description")
    assert corrections(store, record_id)["description"].value == "Rettet beskrivelse."
    record = store.record(record_id)
    assert record.fields["description"] == a["description"]  # the reading is kept
    assert [x.origin for x in record_history(store, record)] == ["submission", "correction"]
    assert "post rettet" in [e["action"] for e in store.audit_log()]


def test_a_submit_that_fails_leaves_the_draft_to_submit_again(store: Store, rng: random.Random,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    a = answers(rng)
    me = _reporter(store, a["nav_office"])
    saved = save_draft(store, me, a, 2025, now=NOW)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disken er full")

    monkeypatch.setattr(store, "replace_source", broken)
    with pytest.raises(RuntimeError):
        submit(store, me, saved.id, now=NOW)
    monkeypatch.undo()
    assert draft(store, me, saved.id).state == "draft"
    assert history(store, saved.measure_key) == []
    version = submit(store, me, saved.id, now=NOW)
    assert version.version == 1 and store.get(version.record_id) is not None
