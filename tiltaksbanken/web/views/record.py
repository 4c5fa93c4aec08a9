"""A record's page: its fields as its kind declares them (label, order, display type,
``domain/kinds.py``), each with its source lines, its themes (and the words that gave
them) and similar records, and the way back to the search its reader came from."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from tiltaksbanken.domain.facets import value_label
from tiltaksbanken.domain.form import form_fields, law_paragraphs, lovdata_url
from tiltaksbanken.domain.kinds import FieldSpec
from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.privacy import (
    People,
    Viewer,
    visible_contacts,
    visible_record,
    visible_text,
)
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.themes import is_meaning_evidence
from tiltaksbanken.store import Store
from tiltaksbanken.web.urls import record_url, search_url, source_url, with_back
from tiltaksbanken.web.views.evidence import evidence_view
from tiltaksbanken.web.views.links import goals_and_results, timeline
from tiltaksbanken.web.views.report import apply_corrections, correction_form, history_view
from tiltaksbanken.web.views.shared import hit_view, lang_of, record_kind_label
from tiltaksbanken.web.views.source import summary

MAX_SOURCE_LINES_PER_FIELD = 80
SIMILAR = 5  # similar records listed
THEME_WORDS = 6  # words of the text shown as a theme's explanation
PROVENANCE_RANGES = 8  # line ranges linked in the page's «Kilde» line

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
    ``<key>_text`` (as written), ``<key>_date`` (a date read from it), ``<key>_2024``
    (a county's county from 2024, or its successors where ``<key>_2024_uncertain``) and
    ``<key>s`` (the canonical offices an office as written names)."""
    key = spec.key
    value = fields.get(key)
    if spec.display == "county":
        successors = [c for c in fields.get(f"{key}_2024") or [] if c != value]
        uncertain = bool(fields.get(f"{key}_2024_uncertain", len(successors) > 1))
        return {**_linked(spec, value),  # an uncertain successor's search lacks the measure
                "successors": [{"name": c, "url": None} if uncertain else _linked(spec, c)
                               for c in successors],
                "uncertain": uncertain, "text": fields.get(f"{key}_text")}
    if spec.display == "office":  # as written, leading to the canonical offices it names
        offices = fields.get(f"{key}s") or []
        return {"name": value, "offices": offices,
                "url": search_url(filters={LINKED_FACET["office"]: offices}) if offices
                else search_url(value) if value else None}
    if spec.display == "date":
        return fields.get(f"{key}_date") or value
    if spec.display == "choice":
        return value_label(key, value) if value else fields.get(f"{key}_text")
    if spec.display == "law_paragraphs":
        titles = _law_titles()
        return [{"code": c, "title": "" if titles.get(c) == c else titles.get(c, ""),
                 "url": lovdata_url(c)} for c in value or []]  # «Andre», not «Andre Andre»
    if spec.display == "continuation":
        answer = (value or {}).get("answer")
        label = value_label(key, answer) if answer else None
        if (value or {}).get("uncertain"):  # the reader could not tell, and says so
            likely = (value or {}).get("likely")
            label = (f"Usikkert svar (trolig «{value_label(key, likely)}»)" if likely
                     else "Usikkert svar")
        return {"answer": label, "text": (value or {}).get("text")}
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


def _placement_doubt(store: Store, record: Record, fields: dict[str, Any],
                     key: str) -> dict[str, Any] | None:
    """Where the reader doubts that a field's lines are all this record's (a calibrated
    probability below its threshold): the other measure they may belong to, with a link."""
    doubt = (fields.get("placement_doubt") or {}).get(key)
    if not doubt:
        return None
    other, url = doubt.get("other_row"), None
    if other:
        found = store.records(kind=record.kind, file=record.file, limit=1, offset=other - 1)
        if found and found[0].fields.get("row") == other:
            url = record_url(found[0])
    row = fields.get("row")
    where = None
    if isinstance(row, int) and other:
        where = ("raden over" if other == row - 1 else "raden under" if other == row + 1
                 else f"rad {other} i tabellen")
    confidence = doubt.get("confidence")
    return {"confidence": confidence, "title": doubt.get("other_title"), "url": url,
            "where": where,
            "percent": None if confidence is None else round(100 * float(confidence))}


def _field_view(store: Store, record: Record, spec: FieldSpec, value: Any,
                public: dict[str, Any], repaired: bool, viewer: Viewer,
                people: People) -> dict[str, Any]:
    ranges = public["field_sources"].get(spec.key, [])
    fields = public["fields"]
    text = value.get("text") if isinstance(value, dict) else value
    return {
        "key": spec.key,
        "label": spec.label,
        "question": spec.question if spec.question and spec.question != spec.label else None,
        "lang": lang_of(text) if isinstance(text, str) else None,
        "display": spec.display,
        "value": value,
        "original": (fields.get("ocr_original") or {}).get(spec.key),
        "confidence": (fields.get("confidence") or {}).get(spec.key),
        "doubt": _placement_doubt(store, record, fields, spec.key),
        "lines": ranges,
        "source_url": source_url(record.file, ranges[0][0], ranges[-1][1]) if ranges else None,
        "source_rows": (_source_rows(store, record, spec.key, repaired, viewer, people)
                        if ranges else []),
    }


def _themes(searcher: Searcher, record_id: str, viewer: Viewer,
            people: People) -> list[dict[str, Any]]:
    """The record's themes, each with why it has it: the words of its text that signal the
    theme (as written there), or that its content is like the theme's."""
    out = []
    for name, why in sorted(searcher.themes(record_id).items()):
        evidence = why if isinstance(why, list) else [str(why)]
        by_meaning = is_meaning_evidence(evidence)
        words = [] if by_meaning else [visible_text(w, viewer, people)
                                       for w in evidence[:THEME_WORDS]]
        out.append({"name": name, "label": value_label("theme", name),
                    "words": words, "by_meaning": by_meaning,
                    "why": ("innholdet ligner på temaet" if by_meaning
                            else "ordene " + ", ".join(f"«{w}»" for w in words)),
                    "url": search_url(filters={"theme": name})})
    return out


def _back(back: str | None, kind: str, label: str) -> dict[str, str]:
    """The breadcrumb's way back: the search the reader came from, or the kind's list."""
    if not back:
        return {"url": search_url(filters={"kind": kind}), "label": label}
    query = parse_qs(urlsplit(back).query)
    q = " ".join(query.get("q", [])).strip()
    text = f"Treff for «{q}»" if q else "Treffene"
    page = (query.get("side") or [""])[0]
    if page.isdigit() and int(page) > 1:
        text += f", side {page}"
    return {"url": back, "label": text}


def _ranges(record: Record) -> list[dict[str, Any]]:
    """The record's line ranges, each linked to its excerpt of the source."""
    return [{"first": a, "last": b, "label": f"{a}" if a == b else f"{a}–{b}",
             "url": source_url(record.file, a, b)}
            for a, b in record.lines[:PROVENANCE_RANGES]]


def page(searcher: Searcher, record: Record, viewer: Viewer,
         back: str | None = None) -> dict[str, Any]:
    """One record: its fields under their labels (a measure's: short labels over the form's
    own questions), provenance, source lines, themes and similar records, as ``viewer`` may
    see them; ``back`` is the (checked, local) search the reader came from."""
    store = searcher.store
    public = visible_record(record, viewer)
    source = store.source(record.file)
    repaired = bool(source and source.get("ocr_repaired"))
    people = People.of([record])
    f = public["fields"]
    fields = [_field_view(store, record, spec, value, public, repaired, viewer, people)
              for spec, value in shown_fields(record, f)]
    apply_corrections(store, record, fields, viewer, people)
    sections = [{"number": s.get("number"), "heading": s.get("heading"), "text": s.get("text"),
                 "lines": s.get("lines") or [], "lang": lang_of(s.get("text"))}
                for s in f.get("sections") or []]
    replies = [{"text": text, "lang": lang_of(text)}
               for r in f.get("replies") or []
               for text in [r.get("text") if isinstance(r, dict) else str(r)]]
    lines = record.lines
    label = record_kind_label(record)
    about = summary(store, dict(source), viewer) if source else None
    return {
        "id": record.id,
        "kind": record.kind,
        "kind_label": label,
        "title": public["title"],
        "lang": lang_of(public["title"]),
        "url": record_url(record),
        "file": record.file,
        "source_title": about["title"] if about else record.file,
        "source_date": about["date"] if about else None,
        "lines": public["source"]["lines"],
        "line_ranges": _ranges(record),
        "source_url": (source_url(record.file, lines[0][0], lines[0][1]) if lines
                       else source_url(record.file)),
        "back": _back(back, record.kind, kind_of(record.kind).plural_label),
        "ocr_repaired": repaired,
        "fields": fields,
        "contacts": visible_contacts(record, viewer),  # only for roles that may see them
        "sections": sections,
        "replies": replies,
        "themes": _themes(searcher, record.id, viewer, people),
        "evidence": evidence_view(store, record),
        "history": history_view(store, record, viewer),
        "correctable": bool(correction_form(record, viewer)),
        "timeline": timeline(store, record, viewer),  # the measure's story across documents
        "outcomes": goals_and_results(store, record, viewer),  # numeric goals beside results
        "similar": [{**view, "link": with_back(view["url"], back)}
                    for view in (hit_view(h) for h in searcher.similar(record.id, SIMILAR))],
    }
