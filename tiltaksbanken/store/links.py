"""Links between records about the same measure, kept in ``record_links`` (migration 0010).

``refresh_links`` recomputes the suggested links of the records an ingest touched (the
scoring is ``domain/links.py``); an editor's decision (``decide``: confirmed or removed)
is never overwritten by a later refresh, so a removed link stays removed after re-ingest.
Written against the portable SQL of ``Store.reading``/``Store.writing`` only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from tiltaksbanken.domain.errors import NotFound
from tiltaksbanken.domain.links import Facts, Link, facts, link_all
from tiltaksbanken.store.base import Store

LinkState = Literal["suggested", "confirmed", "removed"]
LINKED_KINDS = ("tiltak", "news", "evaluation", "cookbook")


@dataclass(frozen=True)
class StoredLink:
    """A link as the store keeps it, seen from one of its records."""

    id: int
    a: str
    b: str
    kind: str
    confidence: float
    evidence: dict[str, Any]
    state: LinkState
    decided_by: str | None

    def other(self, record_id: str) -> str:
        """The record at the other end from ``record_id``."""
        return self.b if record_id == self.a else self.a


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def all_facts(store: Store) -> list[Facts]:
    """The linking facts of every record of a kind that links."""
    dates = {s["name"]: s.get("date") for s in store.sources()}
    return [facts(r, dates.get(r.file)) for kind in LINKED_KINDS for r in store.records(kind=kind)]


def refresh_links(store: Store, touched: Iterable[str] | None = None) -> int:
    """Recompute the suggested links of ``touched`` records (all records if None); the
    number of links they now have. Confirmed and removed links keep their state."""
    ids = set(touched) if touched is not None else None
    if ids is not None and not ids:
        return 0
    found = link_all(all_facts(store), ids)
    now = _now()
    with store.writing() as sql:
        if ids is None:
            sql.run("DELETE FROM record_links WHERE state = 'suggested'")
        else:
            for record_id in ids:
                sql.run("DELETE FROM record_links WHERE state = 'suggested' AND (a = ? OR b = ?)",
                        (record_id, record_id))
        for link in found:
            _upsert(sql, link, now)
    return len(found)


def _upsert(sql: Any, link: Link, now: str) -> None:
    sql.run(
        "INSERT INTO record_links (a, b, kind, confidence, evidence, state, updated_at)"
        " VALUES (?, ?, ?, ?, ?, 'suggested', ?)"
        " ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind,"
        " confidence = excluded.confidence, evidence = excluded.evidence,"
        " updated_at = excluded.updated_at",
        (link.a, link.b, link.kind, link.confidence, json.dumps(link.evidence, ensure_ascii=False), now),
    )


_COLUMNS = "id, a, b, kind, confidence, evidence, state, decided_by"


def _row(row: tuple[Any, ...]) -> StoredLink:
    return StoredLink(int(row[0]), row[1], row[2], row[3], float(row[4]), json.loads(row[5] or "{}"),
                      row[6], row[7])


def links_of(store: Store, record_id: str, include_removed: bool = False) -> list[StoredLink]:
    """The links of one record, most confident first (removed ones only if asked)."""
    with store.reading() as sql:
        rows = sql.rows(f"SELECT {_COLUMNS} FROM record_links WHERE a = ? OR b = ?"
                        " ORDER BY confidence DESC, id", (record_id, record_id))
    links = [_row(r) for r in rows]
    return [x for x in links if include_removed or x.state != "removed"]


def link(store: Store, link_id: int) -> StoredLink:
    """One link by id; ``NotFound`` if there is none."""
    with store.reading() as sql:
        row = sql.row(f"SELECT {_COLUMNS} FROM record_links WHERE id = ?", (link_id,))
    if row is None:
        raise NotFound(f"ingen kobling med id {link_id}")
    return _row(row)


def decide(store: Store, link_id: int, state: LinkState, actor: str) -> StoredLink:
    """An editor confirms or removes a link (the caller has asked ``may_curate``)."""
    if state not in ("confirmed", "removed", "suggested"):
        raise ValueError(f"unknown link state {state!r}")
    with store.writing() as sql:
        changed = sql.run("UPDATE record_links SET state = ?, decided_by = ?, decided_at = ?"
                          " WHERE id = ?", (state, actor, _now(), link_id))
    if not changed:
        raise NotFound(f"ingen kobling med id {link_id}")
    store.audit(actor, f"kobling {state}", str(link_id))
    return link(store, link_id)


def story(store: Store, record_id: str) -> list[StoredLink]:
    """The links of a record and of the records it links to (one step further), so a
    report's page shows the evaluation linked to the measure's other report too."""
    first = links_of(store, record_id)
    seen = {x.id for x in first}
    out = list(first)
    for x in first:
        for y in links_of(store, x.other(record_id)):
            if y.id not in seen and record_id not in (y.a, y.b):
                seen.add(y.id)
                out.append(y)
    return out
