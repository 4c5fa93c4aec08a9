"""The lessons of the bank's records (``domain/lessons.py``) as the search layer keeps them.

At indexing, a record's statements are extracted with the search analysis (lemmas and the
Norwegian stemmer) and stored with its index entry; the facets «Suksessfaktor» and
«Utfordring» take the themes of its statements of that class. The theme pages read the
statements of every record back from the index entries, once per store version.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tiltaksbanken.domain.evidence import effective_level, suggest
from tiltaksbanken.domain.lessons import LineReader, extract
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search.analysis import analyse
from tiltaksbanken.store import Store
from tiltaksbanken.store.evidence import editor_levels

FACET_OF_CLASS = {"suksessfaktor": "success_factor", "utfordring": "challenge"}
EVIDENCE_FACET = "evidence"


def record_statements(record: Record, read: LineReader | None = None) -> list[dict[str, Any]]:
    """The statements of ``record`` as the index keeps them."""
    return [s.to_dict() for s in extract(record, analyse, read)]


def lesson_facet_values(statements: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Facet name → the themes the record's success factors (or challenges) have."""
    out: dict[str, list[str]] = {}
    for s in statements:
        name = FACET_OF_CLASS.get(s["class"])
        if name:
            out.setdefault(name, [])
            out[name].extend(t for t in s["themes"] if t not in out[name])
    return {k: sorted(v) for k, v in out.items() if v}


def evidence_facet_values(record: Record) -> dict[str, list[str]]:
    """A measure's suggested evidence level (from its measurement answer) as a facet value."""
    if record.kind != "tiltak":
        return {}
    return {EVIDENCE_FACET: [suggest(record.fields.get("measurement")).level.code]}


def apply_editor_levels(store: Store, ids: list[str], facets: list[dict[str, list[str]]]) -> None:
    """Where an editor has set a record's evidence level, the facet (and sort) use it."""
    for i, record_id in enumerate(ids):
        chosen = editor_levels_cached(store).get(record_id)
        if chosen:
            code = effective_level(None, chosen["level"])
            if code:
                facets[i][EVIDENCE_FACET] = [code]


def editor_levels_cached(store: Store) -> dict[str, dict[str, str]]:
    cache = store.__dict__.setdefault("_evidence_levels", {})
    version = store.version()
    if version not in cache:
        cache.clear()
        cache[version] = editor_levels(store)
    return cache[version]


@dataclass
class LessonBank:
    """Every statement of the store's indexed records, by theme."""

    version: str
    by_theme: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    count: int = 0


_BANKS: dict[int, LessonBank] = {}
_LOCK = threading.Lock()


def lesson_bank(store: Store) -> LessonBank:
    """The statements of ``store`` (read from its index entries; cached per store version)."""
    version = store.version()
    with _LOCK:
        bank = _BANKS.get(id(store))
        if bank is not None and bank.version == version:
            return bank
    by_theme: dict[str, list[dict[str, Any]]] = defaultdict(list)
    count = 0
    for record_id, data in store.index_entries():
        for s in data.get("lessons") or []:
            count += 1
            for theme in s["themes"]:
                by_theme[theme].append({**s, "record_id": record_id})
    bank = LessonBank(version, dict(by_theme), count)
    with _LOCK:
        _BANKS[id(store)] = bank
    return bank
