"""A measure's story on its page: the records linked to it (``store/links.py``) as a
timeline — funded → reports → evaluation → news → cookbook — each with its year, kind,
title, source lines, and the link's evidence and confidence in Norwegian; the same links
for the JSON API and the editor's page that confirms or removes them; and the numeric
goals and results (``domain/outcomes.py``) of the measure and its linked records, side
by side."""

from __future__ import annotations

from typing import Any

from tiltaksbanken.domain.links import LINK_LABELS, STAGE_LABELS, STAGES, describe, facts, stage_of
from tiltaksbanken.domain.outcomes import Outcome, outcomes
from tiltaksbanken.domain.privacy import (
    People,
    Viewer,
    may_decide_links,
    visible_record,
    visible_text,
)
from tiltaksbanken.domain.records import Record
from tiltaksbanken.store import Store
from tiltaksbanken.store.links import StoredLink, links_of, story
from tiltaksbanken.web.urls import record_url, source_url

STATE_LABELS = {"suggested": "foreslått", "confirmed": "bekreftet av redaktør", "removed": "fjernet"}
LINKS_PREFIX = "/koblinger"  # + /<record id>: the editor's page of a record's links


def links_url(record_id: str) -> str:
    return f"{LINKS_PREFIX}/{record_id}"


def _year(store: Store, record: Record) -> int | None:
    source = store.source(record.file)
    years = facts(record, source.get("date") if source else None).years
    return min(years) if years else None


def _evidence(link: StoredLink, viewer: Viewer, people: People) -> dict[str, Any]:
    """The evidence as ``viewer`` may see it (words that are a person's name masked)."""
    ev = dict(link.evidence)
    for key in ("content_words", "name_words"):
        ev[key] = [w for w in ev.get(key, []) if visible_text(w, viewer, people) == w]
    return ev


def _entry(store: Store, record: Record, viewer: Viewer, link: StoredLink | None,
           people: People, current: bool = False) -> dict[str, Any]:
    stage = stage_of(record)
    lines = record.lines
    entry: dict[str, Any] = {
        "id": record.id,
        "stage": stage,
        "stage_label": STAGE_LABELS[stage],
        "year": _year(store, record),
        "title": visible_record(record, viewer)["title"],
        "url": record_url(record),
        "file": record.file,
        "lines": [list(r) for r in lines],
        "source_url": source_url(record.file, lines[0][0], lines[-1][1]) if lines else source_url(record.file),
        "current": current,
    }
    if link is not None:
        evidence = _evidence(link, viewer, people)
        entry.update({
            "link_id": link.id,
            "link_kind": link.kind,
            "link_label": LINK_LABELS.get(link.kind, link.kind),
            "confidence": link.confidence,
            "percent": round(100 * link.confidence),
            "state": link.state,
            "state_label": STATE_LABELS[link.state],
            "evidence": evidence,
            "why": describe(evidence),
        })
    return entry


def timeline(store: Store, record: Record, viewer: Viewer) -> dict[str, Any]:
    """The record's story: itself and every record linked to it (and to those), in the
    order of a measure's life, then by year."""
    links = story(store, record.id)
    others = store.get_many(sorted({x.a for x in links} | {x.b for x in links} - {record.id}))
    people = People.of([record, *others.values()])
    best: dict[str, StoredLink] = {}
    for x in links:  # a record's entry shows its link to this record, else its best link
        for rid in (x.a, x.b):
            if rid != record.id and rid in others:
                mine = record.id in (x.a, x.b)
                if rid not in best or (mine and record.id not in (best[rid].a, best[rid].b)):
                    best[rid] = x
    entries = [_entry(store, record, viewer, None, people, current=True)]
    entries += [_entry(store, others[rid], viewer, link, people) for rid, link in best.items()]
    entries.sort(key=lambda e: (STAGES.index(e["stage"]), e["year"] or 9999, e["title"]))
    return {"entries": entries if len(entries) > 1 else [],
            "may_edit": may_decide_links(viewer), "edit_url": links_url(record.id)}


def links_json(store: Store, record: Record, viewer: Viewer) -> list[dict[str, Any]]:
    """The record's links for the JSON API (no personal data for those who may not see it)."""
    out = []
    others = store.get_many([x.other(record.id) for x in links_of(store, record.id)])
    people = People.of([record, *others.values()])
    for x in links_of(store, record.id):
        other = others.get(x.other(record.id))
        if other is None:
            continue
        evidence = _evidence(x, viewer, people)
        out.append({"id": x.id, "record": other.id, "kind": x.kind, "title": visible_record(other, viewer)["title"],
                    "url": record_url(other), "confidence": x.confidence, "state": x.state,
                    "evidence": evidence, "why": describe(evidence)})
    return out


def editor_page(store: Store, record: Record, viewer: Viewer) -> dict[str, Any]:
    """The editor's page of a record's links, removed ones included."""
    links = links_of(store, record.id, include_removed=True)
    others = store.get_many([x.other(record.id) for x in links])
    people = People.of([record, *others.values()])
    rows = [_entry(store, others[x.other(record.id)], viewer, x, people)
            for x in links if x.other(record.id) in others]
    return {"id": record.id, "title": visible_record(record, viewer)["title"], "url": record_url(record),
            "links": rows, "action_url": links_url(record.id)}


def _outcome_item(o: Outcome, record: Record, viewer: Viewer, people: People,
                  own: bool) -> dict[str, Any]:
    first, last = o.lines
    return {**o.to_dict(), "text": visible_text(o.text, viewer, people),
            "value_label": f"{o.value:g}".replace(".", ","),
            "record_title": None if own else visible_record(record, viewer)["title"],
            "record_url": record_url(record),
            "source_url": source_url(record.file, first, last) if first else source_url(record.file),
            "line_label": (f"{first}" if first == last else f"{first}–{last}") if first else ""}


def goals_and_results(store: Store, record: Record, viewer: Viewer) -> list[dict[str, Any]]:
    """The numeric goals and results of the record and of the records linked to it (an
    evaluation of the measure, its other reports), one row per unit, goals beside results."""
    linked = store.get_many([x.other(record.id) for x in links_of(store, record.id)])
    records = [record, *linked.values()]
    people = People.of(records)
    rows: dict[str, dict[str, Any]] = {}
    for r in records:
        for o in outcomes(r):
            key = "andel" if o.unit.startswith("av ") else o.unit
            row = rows.setdefault(key, {"unit": "andel (av)" if key == "andel" else key,
                                        "goals": [], "results": []})
            row["goals" if o.kind == "goal" else "results"].append(
                _outcome_item(o, r, viewer, people, r.id == record.id))
    return list(rows.values())


def outcomes_json(record: Record, viewer: Viewer) -> list[dict[str, Any]]:
    """The record's own numeric goals and results for the JSON API."""
    people = People.of([record])
    return [{**o.to_dict(), "text": visible_text(o.text, viewer, people)} for o in outcomes(record)]
