"""A measure's evidence level as its page shows it: the bank's suggestion («forslag») with
the words and evaluations that led to it, the editor's level where set, and the scale."""

from __future__ import annotations

from typing import Any

from tiltaksbanken.domain.evidence import level, levels, scale_source, suggest
from tiltaksbanken.domain.privacy import Viewer, may_set_evidence
from tiltaksbanken.domain.records import Record
from tiltaksbanken.store import Store
from tiltaksbanken.store.evidence import editor_level, evaluations_naming
from tiltaksbanken.web.urls import evidence_url, record_url


def evidence_view(store: Store, record: Record) -> dict[str, Any] | None:
    """The evidence block of a measure's page (None for records of other kinds)."""
    if record.kind != "tiltak":
        return None
    suggestion = suggest(record.fields.get("measurement"), evaluations_naming(store, record))
    chosen = editor_level(store, record.id)
    chosen_level = level(chosen["level"]) if chosen else None
    return {
        "suggestion": {**suggestion.to_dict(), "explanation": suggestion.level.explanation},
        "editor": ({"level": chosen_level.code, "label": chosen_level.label,
                    "note": chosen["note"], "set_at": chosen["set_at"]}
                   if chosen and chosen_level else None),
        "scale": [{"code": lv.code, "label": lv.label, "explanation": lv.explanation,
                   "eif": lv.eif} for lv in levels().values()],
        "scale_source": scale_source(),
        "edit_url": evidence_url(record.id),
    }


def edit_page(store: Store, record: Record, viewer: Viewer) -> dict[str, Any] | None:
    """The editor's form for a measure's level (None when ``viewer`` may not set it)."""
    if not may_set_evidence(viewer):
        return None
    view = evidence_view(store, record)
    if view is None:
        return None
    return {**view, "id": record.id, "title": record.title, "record_url": record_url(record)}
