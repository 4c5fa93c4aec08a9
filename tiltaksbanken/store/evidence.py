"""The editor's evidence levels (migration 0011), in portable SQL, and the evaluation
records that name a measure (what the evidence suggestion reads when no links are made)."""

from __future__ import annotations

from datetime import UTC, datetime

from tiltaksbanken.domain.errors import NotFound
from tiltaksbanken.domain.evidence import EvaluationRef, level
from tiltaksbanken.domain.records import Record
from tiltaksbanken.domain.text import fold
from tiltaksbanken.store.base import Store
from tiltaksbanken.store.links import links_of

MIN_NAME = 5  # a measure's name shorter than this names too much to be looked for


def editor_levels(store: Store) -> dict[str, dict[str, str]]:
    """Record id → the editor's level, note, editor and time, for every record that has one."""
    with store.reading() as sql:
        rows = sql.rows("SELECT record_id, level, note, editor, set_at FROM evidence_levels")
    return {r[0]: {"level": r[1], "note": r[2], "editor": r[3], "set_at": r[4]} for r in rows}


def editor_level(store: Store, record_id: str) -> dict[str, str] | None:
    return editor_levels_of(store, [record_id]).get(record_id)


def editor_levels_of(store: Store, record_ids: list[str]) -> dict[str, dict[str, str]]:
    if not record_ids:
        return {}
    marks = ", ".join("?" for _ in record_ids)
    with store.reading() as sql:
        rows = sql.rows("SELECT record_id, level, note, editor, set_at FROM evidence_levels"
                        f" WHERE record_id IN ({marks})", record_ids)
    return {r[0]: {"level": r[1], "note": r[2], "editor": r[3], "set_at": r[4]} for r in rows}


def set_editor_level(store: Store, record_id: str, code: str, editor: str, note: str = "") -> None:
    """Set (or, with an empty ``code``, clear) the editor's level of ``record_id``; audited.
    ``ValueError`` for a code the scale does not know, ``NotFound`` for an unknown record."""
    if store.get(record_id) is None:
        raise NotFound(f"no record {record_id!r}")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.writing(bump=True) as sql:
        if not code:
            sql.run("DELETE FROM evidence_levels WHERE record_id = ?", (record_id,))
        elif level(code) is None:
            raise ValueError(f"unknown evidence level {code!r}")
        else:
            sql.run("INSERT INTO evidence_levels (record_id, level, note, editor, set_at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET"
                    " level = excluded.level, note = excluded.note, editor = excluded.editor,"
                    " set_at = excluded.set_at", (record_id, code, note[:1000], editor, now))
    store.audit(editor, "evidence_level", f"{record_id}: {code or 'fjernet'}")


def _reference(e: Record) -> EvaluationRef:
    return EvaluationRef(e.id, e.title, str(e.fields.get("organisation") or ""))


def evaluations_naming(store: Store, record: Record) -> list[EvaluationRef]:
    """The evaluations of the measure ``record``: those linked to it (``store/links.py``,
    not removed by an editor) and evaluation records whose title or text names it (its
    name, folded, as a whole phrase)."""
    linked = [other for x in links_of(store, record.id)
              if (other := store.get(x.other(record.id))) is not None and other.kind == "evaluation"]
    out = {e.id: _reference(e) for e in linked}
    name = fold(str(record.fields.get("name") or record.title)).strip()
    if len(name) < MIN_NAME:
        return list(out.values())
    for e in store.records(kind="evaluation"):
        text = fold(" ".join(str(e.fields.get(k) or "") for k in ("report_title", "text")) + " " + e.title)
        if e.id not in out and f" {name} " in f" {' '.join(text.split())} ":
            out[e.id] = _reference(e)
    return list(out.values())
