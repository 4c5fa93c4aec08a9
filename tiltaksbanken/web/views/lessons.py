"""The theme pages: every lesson theme with how many measures speak of it, and one theme's
statements (success factors, challenges, results) grouped by class, each with its record
and source lines. Statement text passes the privacy masking like every text shown."""

from __future__ import annotations

from typing import Any

from tiltaksbanken.domain.lessons import class_label, classes, themes
from tiltaksbanken.domain.privacy import People, Viewer, visible_text
from tiltaksbanken.search.lessons import FACET_OF_CLASS, lesson_bank
from tiltaksbanken.store import Store
from tiltaksbanken.web.urls import record_url, search_url, source_url, theme_url
from tiltaksbanken.web.views.shared import record_kind_label

MAX_STATEMENTS = 200  # statements listed per class on one theme page


def theme_list(store: Store) -> dict[str, Any]:
    """Every theme with its count of statements and of records."""
    bank = lesson_bank(store)
    rows = []
    for slug, theme in themes().items():
        found = bank.by_theme.get(slug, [])
        rows.append({"slug": slug, "label": theme.label, "explanation": theme.explanation,
                     "url": theme_url(slug), "statements": len(found),
                     "records": len({s["record_id"] for s in found}),
                     "by_class": {c: sum(s["class"] == c for s in found) for c in classes()}})
    rows.sort(key=lambda r: (-r["records"], r["label"]))
    return {"title": "Temaer: hva virket og hva var vanskelig", "themes": rows,
            "class_labels": {c: class_label(c, plural=True) for c in classes()}}


def theme_page(store: Store, slug: str, viewer: Viewer) -> dict[str, Any] | None:
    """One theme's page (None for an unknown theme)."""
    theme = themes().get(slug)
    if theme is None:
        return None
    found = lesson_bank(store).by_theme.get(slug, [])
    records = store.get_many(list(dict.fromkeys(s["record_id"] for s in found)))
    people = People.of(records.values())
    groups = []
    for cls in classes():
        items = []
        for s in (s for s in found if s["class"] == cls):
            record = records.get(s["record_id"])
            if record is None:
                continue
            first, last = s["lines"][0][0], s["lines"][-1][1]
            items.append({
                "text": visible_text(s["text"], viewer, people),
                "record": {"id": record.id, "title": visible_text(record.title, viewer, people),
                           "kind_label": record_kind_label(record), "url": record_url(record)},
                "lines": s["lines"], "source_url": source_url(record.file, first, last),
                "cues": s["themes"].get(slug, []),
            })
        facet = FACET_OF_CLASS.get(cls)
        groups.append({"class": cls, "label": class_label(cls, plural=True), "count": len(items),
                       "records": len({i["record"]["id"] for i in items}),
                       "statements": items[:MAX_STATEMENTS],
                       "search_url": search_url(filters={facet: [slug]}) if facet else None})
    return {"title": f"Tema: {theme.label}", "slug": slug, "label": theme.label,
            "explanation": theme.explanation, "cues": list(theme.cues),
            "records": len(records), "statements": sum(g["count"] for g in groups),
            "groups": groups}
