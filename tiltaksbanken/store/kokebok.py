"""The editor's kokebok (migration 0013), in portable SQL: collections of examples in order,
each example's recipe card (``domain/recipe.py``) and contact consent, and the published
editions, frozen snapshots that are only ever added, never changed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tiltaksbanken.domain.errors import NotFound
from tiltaksbanken.domain.recipe import Card
from tiltaksbanken.domain.text import fold
from tiltaksbanken.store.base import SQL, Store

MAX_NAME = 200
MAX_INTRODUCTION = 20_000
_RECORD_ID = re.compile(r"[a-z][0-9a-f]{11}")  # what a record id looks like (domain/records.py)


@dataclass(frozen=True)
class Collection:
    id: int
    name: str
    slug: str
    introduction: str
    created_by: str
    created_at: str
    state: str  # utkast | publisert


@dataclass(frozen=True)
class Example:
    id: int
    collection_id: int
    record_id: str
    position: int
    card: Card
    contact_consent: bool


@dataclass(frozen=True)
class Edition:
    collection_id: int
    edition: int
    published_at: str
    published_by: str
    snapshot: dict[str, Any]
    html: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def slugify(name: str) -> str:
    """The address word of a name: folded words joined by hyphens (never a record id)."""
    slug = "-".join(fold(name).split())[:80].strip("-") or "kokebok"
    return f"{slug}-kokebok" if _RECORD_ID.fullmatch(slug) else slug


_COLS = "id, name, slug, introduction, created_by, created_at, state"


def _collection(row: tuple[Any, ...]) -> Collection:
    return Collection(*row)


def create_collection(store: Store, name: str, by: str, introduction: str = "") -> Collection:
    """A new draft collection; its slug is made unique with a number."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        raise ValueError("a collection needs a name")
    base = slugify(name)
    with store.writing(bump=True) as sql:  # the «Legg til i kokebok» forms list it
        taken = {r[0] for r in sql.rows("SELECT slug FROM kokebok_collections"
                                        " WHERE slug = ? OR slug LIKE ?", (base, f"{base}-%"))}
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        new_id = sql.insert("INSERT INTO kokebok_collections (name, slug, introduction,"
                            " created_by, created_at, state) VALUES (?, ?, ?, ?, ?, 'utkast')"
                            " RETURNING id", (name, slug, introduction[:MAX_INTRODUCTION], by, _now()))
    store.audit(by, "kokebok_create", f"{new_id}: {name}")
    return collection(store, new_id)


def collections(store: Store) -> list[Collection]:
    with store.reading() as sql:
        return [_collection(r) for r in sql.rows(f"SELECT {_COLS} FROM kokebok_collections"
                                                 " ORDER BY lower(name), id")]


def collection(store: Store, collection_id: int) -> Collection:
    with store.reading() as sql:
        row = sql.row(f"SELECT {_COLS} FROM kokebok_collections WHERE id = ?", (collection_id,))
    if row is None:
        raise NotFound(f"no kokebok collection {collection_id}")
    return _collection(row)


def collection_by_slug(store: Store, slug: str) -> Collection | None:
    with store.reading() as sql:
        row = sql.row(f"SELECT {_COLS} FROM kokebok_collections WHERE slug = ?", (slug,))
    return _collection(row) if row else None


def set_introduction(store: Store, collection_id: int, text: str, by: str) -> None:
    collection(store, collection_id)
    with store.writing(bump=False) as sql:
        sql.run("UPDATE kokebok_collections SET introduction = ? WHERE id = ?",
                (text.replace("\r\n", "\n")[:MAX_INTRODUCTION], collection_id))
    store.audit(by, "kokebok_introduction", str(collection_id))


_EX_COLS = "id, collection_id, record_id, position, card, contact_consent"


def _example(row: tuple[Any, ...]) -> Example:
    return Example(row[0], row[1], row[2], row[3], Card.from_dict(json.loads(row[4])), bool(row[5]))


def examples(store: Store, collection_id: int) -> list[Example]:
    """The examples of a collection, in their order."""
    with store.reading() as sql:
        rows = sql.rows(f"SELECT {_EX_COLS} FROM kokebok_examples WHERE collection_id = ?"
                        " ORDER BY position, id", (collection_id,))
    return [_example(r) for r in rows]


def example(store: Store, example_id: int) -> Example:
    with store.reading() as sql:
        row = sql.row(f"SELECT {_EX_COLS} FROM kokebok_examples WHERE id = ?", (example_id,))
    if row is None:
        raise NotFound(f"no kokebok example {example_id}")
    return _example(row)


def add_example(store: Store, collection_id: int, card: Card, by: str) -> Example:
    """Add ``card``'s record last in the collection (a record already in it stays where it is)."""
    collection(store, collection_id)
    with store.writing(bump=False) as sql:
        row = sql.row("SELECT id FROM kokebok_examples WHERE collection_id = ? AND record_id = ?",
                      (collection_id, card.record_id))
        if row is not None:
            return example(store, row[0])
        last = sql.row("SELECT max(position) FROM kokebok_examples WHERE collection_id = ?",
                       (collection_id,))
        new_id = sql.insert("INSERT INTO kokebok_examples (collection_id, record_id, position,"
                            " card, contact_consent) VALUES (?, ?, ?, ?, 0) RETURNING id",
                            (collection_id, card.record_id, ((last and last[0]) or 0) + 1,
                             json.dumps(card.to_dict(), ensure_ascii=False)))
    store.audit(by, "kokebok_add", f"{collection_id}: {card.record_id}")
    return example(store, new_id)


def _renumber(sql: SQL, collection_id: int, ordered: list[int]) -> None:
    for position, example_id in enumerate(ordered, start=1):
        sql.run("UPDATE kokebok_examples SET position = ? WHERE id = ?", (position, example_id))


def move_example(store: Store, example_id: int, step: int) -> None:
    """Move an example ``step`` places (−1 up, +1 down) within its collection."""
    ex = example(store, example_id)
    with store.writing(bump=False) as sql:
        ordered = [r[0] for r in sql.rows("SELECT id FROM kokebok_examples WHERE collection_id = ?"
                                          " ORDER BY position, id", (ex.collection_id,))]
        i = ordered.index(example_id)
        j = max(0, min(len(ordered) - 1, i + step))
        ordered.insert(j, ordered.pop(i))
        _renumber(sql, ex.collection_id, ordered)


def remove_example(store: Store, example_id: int, by: str) -> None:
    ex = example(store, example_id)
    with store.writing(bump=False) as sql:
        sql.run("DELETE FROM kokebok_examples WHERE id = ?", (example_id,))
        ordered = [r[0] for r in sql.rows("SELECT id FROM kokebok_examples WHERE collection_id = ?"
                                          " ORDER BY position, id", (ex.collection_id,))]
        _renumber(sql, ex.collection_id, ordered)
    store.audit(by, "kokebok_remove", f"{ex.collection_id}: {ex.record_id}")


def save_card(store: Store, example_id: int, card: Card, contact_consent: bool, by: str) -> None:
    example(store, example_id)
    with store.writing(bump=False) as sql:
        sql.run("UPDATE kokebok_examples SET card = ?, contact_consent = ? WHERE id = ?",
                (json.dumps(card.to_dict(), ensure_ascii=False), int(contact_consent), example_id))
    store.audit(by, "kokebok_card", str(example_id))


def publish(store: Store, collection_id: int, by: str, snapshot: dict[str, Any], html: str) -> Edition:
    """Freeze ``snapshot`` (and its HTML) as the collection's next edition."""
    collection(store, collection_id)
    now = _now()
    with store.writing(bump=True) as sql:
        last = sql.row("SELECT max(edition) FROM kokebok_editions WHERE collection_id = ?",
                       (collection_id,))
        number = ((last and last[0]) or 0) + 1
        frozen = {**snapshot, "edition": number, "published_at": now}
        sql.insert("INSERT INTO kokebok_editions (collection_id, edition, published_at,"
                   " published_by, snapshot, html) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                   (collection_id, number, now, by, json.dumps(frozen, ensure_ascii=False), html))
        sql.run("UPDATE kokebok_collections SET state = 'publisert' WHERE id = ?", (collection_id,))
    store.audit(by, "kokebok_publish", f"{collection_id}: utgave {number}")
    found = edition(store, collection_id, number)
    assert found is not None
    return found


def _edition(row: tuple[Any, ...]) -> Edition:
    return Edition(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5])


def editions(store: Store, collection_id: int) -> list[Edition]:
    with store.reading() as sql:
        rows = sql.rows("SELECT collection_id, edition, published_at, published_by, snapshot, html"
                        " FROM kokebok_editions WHERE collection_id = ? ORDER BY edition",
                        (collection_id,))
    return [_edition(r) for r in rows]


def edition(store: Store, collection_id: int, number: int | None = None) -> Edition | None:
    """Edition ``number`` of the collection (the newest when None), or None."""
    found = editions(store, collection_id)
    if number is None:
        return found[-1] if found else None
    return next((e for e in found if e.edition == number), None)
