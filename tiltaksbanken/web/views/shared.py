"""What several pages use: how a hit is listed, a kind's label, a source file's records."""

from __future__ import annotations

from typing import Any

from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search.results import Hit
from tiltaksbanken.store import Store
from tiltaksbanken.web.urls import record_url


def kind_label(kind: str) -> str:
    """The Norwegian name of a kind («Tiltak», «Nyhet», …)."""
    return kind_of(kind).label


def hit_view(hit: Hit) -> dict[str, Any]:
    """A hit as a list shows it: the search's (masked) hit, its page and its kind's label."""
    return {**hit.to_dict(), "url": record_url(hit), "kind_label": kind_label(hit.kind)}


def file_records(store: Store, name: str) -> list[Record]:
    """The records read from the source file ``name``, in reading order."""
    return store.records(file=name)
