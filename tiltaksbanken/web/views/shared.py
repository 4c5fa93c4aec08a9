"""What several pages use: how a hit is listed, a kind's label, a source
file's records and the language a text needs marked."""

from __future__ import annotations

import re
from typing import Any

from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.language import lang_attribute
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search.results import Hit
from tiltaksbanken.store import Store
from tiltaksbanken.web.urls import record_url

_TAG = re.compile(r"<[^>]*>")


def kind_label(kind: str, role: str | None = None) -> str:
    """The Norwegian name of a kind («Tiltak», «Nyhet», …), or of its ``role`` in it
    (the cookbook's call for examples is no example)."""
    return kind_of(kind).label_of(role)


def record_kind_label(record: Record) -> str:
    """The Norwegian name of what ``record`` is."""
    role = record.fields.get("role")
    return kind_label(record.kind, role if isinstance(role, str) else None)


def lang_of(*texts: str | None) -> str | None:
    """The ``lang`` attribute texts need on a Bokmål page (``nn``, ``en``; None: none)."""
    return lang_attribute(" ".join(_TAG.sub(" ", t) for t in texts if t))


def hit_view(hit: Hit) -> dict[str, Any]:
    """A hit as a list shows it: the search's (masked) hit, its page, its kind's label and
    the language of its title and snippet."""
    return {**hit.to_dict(), "url": record_url(hit), "kind_label": kind_label(hit.kind),
            "lang": lang_of(hit.title, hit.snippet)}


def file_records(store: Store, name: str) -> list[Record]:
    """The records read from the source file ``name``, in reading order."""
    return store.records(file=name)
