"""The yearly report pages' data: the form built from the form's declaration
(``data/form.json`` via ``domain/form.py``) with each question's help text, answer and
error, the reporter's list of reports, a measure's versions and their differences, and an
editor's corrections laid over a record page's fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tiltaksbanken.domain.form import county_names, form_fields, law_paragraphs
from tiltaksbanken.domain.kinds import personal_fields
from tiltaksbanken.domain.places import county_period
from tiltaksbanken.domain.privacy import People, Viewer, may_curate, may_see_personal, visible_text
from tiltaksbanken.domain.records import Record
from tiltaksbanken.domain.report_form import LONG_MAX, SHORT_MAX, clean_answers, report_type_label
from tiltaksbanken.store import Store
from tiltaksbanken.store.reports import (
    Draft,
    Version,
    correctable_fields,
    corrections,
    diff,
    record_history,
)
from tiltaksbanken.web.urls import report_url, versions_url

STATE_LABELS = {"draft": "Utkast", "submitted": "Sendt inn", "superseded": "Erstattet av nyere versjon"}
ORIGIN_LABELS = {"submission": "Innsendt rapport", "correction": "Rettet av redaktør",
                 "document": "Lest fra dokument"}

HELP = {
    "name": "Tiltakets navn slik dere bruker det, for eksempel «Jobbspesialist for unge».",
    "nav_office": "Skriv NAV-kontoret slik det heter, for eksempel «NAV Bømlo». Du kan bare "
                  "rapportere for kontorene dine.",
    "contact_email": "Kopi av besvarelsen blir sendt til denne adressen. Adressen vises ikke "
                     "for besøkende.",
    "county": "Fylkene fra 2024. Har dere brukt et fylkesnavn fra 2020–2023, kan dere velge det.",
    "start": "Skriv datoen som dd.mm.åååå (for eksempel 01.04.2024) eller åååå-mm-dd.",
    "report_type": "Velg sluttrapportering hvis tiltaket ikke mottar flere tilskuddsmidler.",
    "law_paragraphs": "Lov om sosiale tjenester i arbeids- og velferdsforvaltningen. Flere valg mulig.",
    "continuation": "Svar ja eller nei, og forklar i feltet under.",
}


def _help(kind: str, key: str) -> str:
    if key in HELP:
        return HELP[key]
    return f"Skriv med egne ord, gjerne i avsnitt. Høyst {LONG_MAX} tegn." if kind == "long" \
        else f"Høyst {SHORT_MAX} tegn."


def _county_options(chosen: str) -> list[dict[str, Any]]:
    names = county_names()
    groups = [("Fylker fra 2024", [n for n in names if county_period(n) != "2020-2023"]),
              ("Fylker 2020–2023", [n for n in names if county_period(n) == "2020-2023"])]
    return [{"label": label, "options": [{"value": n, "label": n, "selected": n == chosen}
                                         for n in group]} for label, group in groups if group]


def form_view(answers: Mapping[str, Any], errors: Mapping[str, str]) -> list[dict[str, Any]]:
    """The 17 questions in the form's order, each with its input kind, help, answer, error."""
    a = clean_answers(answers)
    out = []
    for number, f in enumerate(form_fields(), 1):
        q: dict[str, Any] = {"number": number, "key": f.key, "question": f.question,
                             "label": f.label, "kind": f.kind, "help": _help(f.kind, f.key),
                             "value": a.get(f.key, ""), "error": errors.get(f.key),
                             "max": LONG_MAX if f.kind == "long" else SHORT_MAX}
        if f.key == "contact_email":
            q["question"] = "E-post til kontaktperson"
        if f.key == "county":
            q["groups"] = _county_options(a["county"])
        elif f.key == "report_type":
            q["kind"] = "radio"
            q["options"] = [{"value": c, "label": report_type_label(c), "checked": a[f.key] == c}
                            for c in ("status", "final")]
        elif f.kind == "multi":
            q["options"] = [{"value": p["code"], "checked": p["code"] in a[f.key],
                             "label": p["code"] if p["code"] == "Andre" else f"{p['code']} {p['title']}"}
                            for p in law_paragraphs()]
        elif f.kind == "continuation":
            q["options"] = [{"value": "yes", "label": "Ja", "checked": a[f.key] == "yes"},
                            {"value": "no", "label": "Nei", "checked": a[f.key] == "no"}]
            q["text"] = a["continuation_text"]
            q["text_error"] = errors.get("continuation_text")
        out.append(q)
    return out


def draft_view(d: Draft) -> dict[str, Any]:
    return {"id": d.id, "measure": d.measure, "office": d.office, "year": d.year,
            "report_type": report_type_label(d.report_type), "state": d.state,
            "state_label": STATE_LABELS.get(d.state, d.state), "updated": d.updated_at[:10],
            "url": report_url(d.id)}


# ---------------------------------------------------------------- versions


def _masked(value: Any, viewer: Viewer, people: People) -> Any:
    if isinstance(value, str):
        return visible_text(value, viewer, people)
    if isinstance(value, list):
        return ", ".join(str(_masked(v, viewer, people)) for v in value)
    return value


def _author(v: Version, viewer: Viewer) -> str:
    """Who made a version: their name for viewers who may see personal data, else their role."""
    if may_see_personal(viewer):
        return v.author
    return "NAV-kontoret" if v.origin == "submission" else "redaktør" if v.origin == "correction" else ""


def version_view(v: Version, viewer: Viewer) -> dict[str, Any]:
    return {"version": v.version, "origin": ORIGIN_LABELS.get(v.origin, v.origin),
            "year": v.year, "report_type": report_type_label(v.report_type) if v.report_type else None,
            "author": _author(v, viewer), "reason": visible_text(v.reason, viewer), "at": v.created_at.replace("T", " ")[:16],
            "field": v.field}


def history_view(store: Store, record: Record, viewer: Viewer) -> list[dict[str, Any]]:
    """The record's versions, oldest first, each linked to its differences from the one before."""
    versions = record_history(store, record)
    out = []
    for i, v in enumerate(versions):
        view = version_view(v, viewer)
        if i:
            view["diff_url"] = versions_url(record, versions[i - 1].version, v.version)
        out.append(view)
    return out


def diff_view(store: Store, record: Record, viewer: Viewer, first: int | None,
              second: int | None) -> dict[str, Any] | None:
    """Two versions of the record's measure and the answers that differ (personal data as the
    viewer may see it); None if either version is not the record's."""
    versions = {v.version: v for v in record_history(store, record)}
    if first not in versions or second not in versions:
        return None
    a, b = versions[first], versions[second]  # type: ignore[index]
    people = People([a.fields, b.fields, record.fields])
    hidden = personal_fields() if not may_see_personal(viewer) else frozenset()
    changes = [{"key": c.key, "label": c.label, "before": _masked(c.before, viewer, people),
                "after": _masked(c.after, viewer, people)}
               for c in diff(a, b) if c.key not in hidden]
    return {"before": version_view(a, viewer), "after": version_view(b, viewer), "changes": changes}


# ---------------------------------------------------------------- corrections


def apply_corrections(store: Store, record: Record, fields: list[dict[str, Any]],
                      viewer: Viewer, people: People) -> None:
    """Show each corrected text field's corrected value, keeping the reading beside it
    (the field's source lines stay the original reading)."""
    found = corrections(store, record.id)
    for view in fields:
        c = found.get(view["key"])
        if c is None or view.get("display") != "text":
            continue
        view["reading"] = view["value"]
        view["value"] = visible_text(str(c.value), viewer, people)
        author = c.author if may_see_personal(viewer) else "redaktør"
        view["correction"] = {"author": author, "reason": visible_text(c.reason, viewer, people),
                              "at": c.at.replace("T", " ")[:16], "version": c.version}


def correction_form(record: Record, viewer: Viewer) -> list[dict[str, str]]:
    """The fields an editor may correct ([] for anyone else)."""
    if not may_curate(viewer):
        return []
    return [{"key": k, "label": label} for k, label in correctable_fields(record)]
