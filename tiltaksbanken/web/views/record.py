"""A record's page: its fields as its kind declares them (label, order, display type,
``domain/kinds.py``), each with its source lines, its themes and similar records."""

from __future__ import annotations

from typing import Any

from tiltaksbanken.domain.facets import value_label
from tiltaksbanken.domain.form import form_fields, law_paragraphs, lovdata_url
from tiltaksbanken.domain.kinds import FieldSpec
from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.privacy import People, Viewer, visible_record, visible_text
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search import Searcher
from tiltaksbanken.store import Store
from tiltaksbanken.web.urls import record_url, search_url, source_url
from tiltaksbanken.web.views.shared import hit_view, kind_label

MAX_SOURCE_LINES_PER_FIELD = 80
SIMILAR = 5  # similar records listed

# The facet a value of these display types links to (a county to the county's measures).
LINKED_FACET = {"county": "county", "office": "nav_office"}


def _form_keys() -> frozenset[str]:
    """The report form's questions: shown even when left unanswered («Ikke oppgitt»)."""
    return frozenset(f.key for f in form_fields())


def _law_titles() -> dict[str, str]:
    return {p["code"]: p["title"] for p in law_paragraphs()}


def _linked(spec: FieldSpec, name: str | None) -> dict[str, Any]:
    facet = LINKED_FACET[spec.display]
    return {"name": name, "url": search_url(filters={facet: name}) if name else None}


def display_value(spec: FieldSpec, fields: dict[str, Any]) -> Any:
    """The value of field ``spec`` as its display type shows it. Readers keep beside a field
    ``<key>_text`` (as written), ``<key>_date`` (a date read from it) and ``<key>_2024``
    (a county's successors from 2024)."""
    key = spec.key
    value = fields.get(key)
    if spec.display == "county":
        successors = [c for c in fields.get(f"{key}_2024") or [] if c != value]
        return {**_linked(spec, value),
                "successors": [_linked(spec, c) for c in successors],
                "text": fields.get(f"{key}_text")}
    if spec.display == "office":
        return _linked(spec, value)
    if spec.display == "date":
        return fields.get(f"{key}_date") or value
    if spec.display == "choice":
        return value_label(key, value) if value else fields.get(f"{key}_text")
    if spec.display == "law_paragraphs":
        titles = _law_titles()
        return [{"code": c, "title": titles.get(c, ""), "url": lovdata_url(c)} for c in value or []]
    if spec.display == "continuation":
        answer = (value or {}).get("answer")
        return {"answer": value_label(key, answer) if answer else None,
                "text": (value or {}).get("text")}
    return value


def shown_fields(record: Record, fields: dict[str, Any]) -> list[tuple[FieldSpec, Any]]:
    """The fields the page shows, in the kind's order, with their display values: a field
    is left out when one of its ``hidden_when`` fields has a value, or when it is empty and
    no question of the report form."""
    form = _form_keys()
    out = []
    for spec in kind_of(record.kind).shown_fields:
        if any(fields.get(other) for other in spec.hidden_when):
            continue
        if fields.get(spec.key) in (None, "", [], {}) and spec.key not in form:
            continue
        out.append((spec, display_value(spec, fields)))
    return out


def _source_rows(store: Store, record: Record, key: str, repaired_source: bool,
                 viewer: Viewer, people: People) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for first, last in record.field_sources.get(key, []):
        last = min(last, first + MAX_SOURCE_LINES_PER_FIELD - 1 - len(rows))
        if last < first:
            break
        original = store.source_lines(record.file, first, last)
        repaired = (store.source_lines(record.file, first, last, repaired=True)
                    if repaired_source else original)
        for n, (o, r) in enumerate(zip(original, repaired, strict=False), start=first):
            o, r = visible_text(o, viewer, people), visible_text(r, viewer, people)
            rows.append({"line": n, "original": o, "repaired": r, "changed": o != r})
    return rows


def _field_view(store: Store, record: Record, spec: FieldSpec, value: Any,
                public: dict[str, Any], repaired: bool, viewer: Viewer,
                people: People) -> dict[str, Any]:
    ranges = public["field_sources"].get(spec.key, [])
    fields = public["fields"]
    return {
        "key": spec.key,
        "label": spec.label,
        "display": spec.display,
        "value": value,
        "original": (fields.get("ocr_original") or {}).get(spec.key),
        "confidence": (fields.get("confidence") or {}).get(spec.key),
        "lines": ranges,
        "source_url": source_url(record.file, ranges[0][0], ranges[-1][1]) if ranges else None,
        "source_rows": (_source_rows(store, record, spec.key, repaired, viewer, people)
                        if ranges else []),
    }


def _themes(searcher: Searcher, record_id: str, viewer: Viewer) -> list[dict[str, Any]]:
    return [{"name": name, "label": value_label("theme", name),
             "why": visible_text(", ".join(why[:6]) if isinstance(why, list) else str(why), viewer),
             "url": search_url(filters={"theme": name})}
            for name, why in sorted(searcher.themes(record_id).items())]


def page(searcher: Searcher, record: Record, viewer: Viewer) -> dict[str, Any]:
    """One record: its fields under their labels (a measure's: the form's own questions),
    provenance, source lines, themes and similar records, as ``viewer`` may see them."""
    store = searcher.store
    public = visible_record(record, viewer)
    source = store.source(record.file)
    repaired = bool(source and source.get("ocr_repaired"))
    people = People.of([record])
    f = public["fields"]
    fields = [_field_view(store, record, spec, value, public, repaired, viewer, people)
              for spec, value in shown_fields(record, f)]
    sections = [{"number": s.get("number"), "heading": s.get("heading"), "text": s.get("text"),
                 "lines": s.get("lines") or []} for s in f.get("sections") or []]
    replies = [{"text": r.get("text") if isinstance(r, dict) else str(r)} for r in f.get("replies") or []]
    lines = record.lines
    return {
        "id": record.id,
        "kind": record.kind,
        "kind_label": kind_label(record.kind),
        "title": public["title"],
        "url": record_url(record),
        "file": record.file,
        "lines": public["source"]["lines"],
        "source_url": (source_url(record.file, lines[0][0], lines[-1][1]) if lines
                       else source_url(record.file)),
        "ocr_repaired": repaired,
        "fields": fields,
        "sections": sections,
        "replies": replies,
        "themes": _themes(searcher, record.id, viewer),
        "similar": [hit_view(h) for h in searcher.similar(record.id, SIMILAR)],
    }
