"""How a result list can be ordered: by relevance (the ranking's own order), newest first,
by NAV office or by county.

The keys come from the items' facet values in the index (start year, canonical NAV
office, county), so sorting needs no trip to the store. Items without the value keep
their relevance order after those that have it; ties keep relevance order too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from tiltaksbanken.search.index import SearchIndex

SortName = Literal["relevance", "newest", "office", "county", "evidence"]


@dataclass(frozen=True)
class Sort:
    name: str
    label: str  # Norwegian, as the sort menu shows it
    facet: str | None  # the facet whose value is the key (None: relevance)
    descending: bool = False


SORTS: dict[str, Sort] = {s.name: s for s in (
    Sort("relevance", "Mest relevant", None),
    Sort("newest", "Nyeste først", "start_year", descending=True),
    Sort("office", "NAV-kontor (A–Å)", "nav_office"),
    Sort("county", "Fylke (A–Å)", "county"),
    # the level codes («4-effekt», «2-egne-data») sort by strength
    Sort("evidence", "Sterkest evidens først", "evidence", descending=True),
)}
DEFAULT_SORT = "relevance"
assert tuple(SORTS) == get_args(SortName), "every sort is named in SortName"

# Norwegian alphabetical order: æ, ø, å after z (casefolded text compared by these keys).
_NORWEGIAN = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def collation_key(text: str) -> str:
    """A key that orders Norwegian words as a Norwegian dictionary does (Å last)."""
    return text.casefold().translate(_NORWEGIAN)


def sort_name(value: str | None) -> str:
    """The sort asked for, or the default for an unknown or missing one."""
    return value if value in SORTS else DEFAULT_SORT


def _item_keys(index: SearchIndex, facet: str, descending: bool) -> list[str | None]:
    """Per item, the value the list is sorted by (the first in collation order, or the
    largest for a descending sort), None where the item has none."""
    cached = index.__dict__.setdefault("_sort_keys", {})  # built once per index and sort
    if (facet, descending) in cached:
        return cached[(facet, descending)]
    keys: list[str | None] = []
    for values in index.facets:
        found = [collation_key(v) for v in values.get(facet, ())]
        keys.append((max(found) if descending else min(found)) if found else None)
    cached[(facet, descending)] = keys
    return keys


def sort_order(index: SearchIndex, order: np.ndarray, sort: str) -> np.ndarray:
    """``order`` (item positions, best first) reordered by ``sort``; stable, so items
    with the same key stay in relevance order."""
    chosen = SORTS[sort_name(sort)]
    if chosen.facet is None or len(order) == 0:
        return order
    keys = _item_keys(index, chosen.facet, chosen.descending)
    with_key = [int(i) for i in order if keys[i] is not None]
    without = [int(i) for i in order if keys[i] is None]
    # reverse=True keeps items of equal key in their given (relevance) order
    with_key.sort(key=lambda i: keys[i] or "", reverse=chosen.descending)
    return np.array(with_key + without, dtype=np.int64)
