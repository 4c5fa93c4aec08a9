"""The search page: hits, facets (from the registry in ``domain/facets.py``), spelling
hints and paging."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tiltaksbanken.domain.facets import facets, value_label
from tiltaksbanken.domain.kinds import field_hints
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.sorting import SORTS, sort_name
from tiltaksbanken.web.urls import (
    PAGE_PARAM,
    QUERY_PARAM,
    SEARCH_CSV,
    SORT_PARAM,
    facet_url,
    search_url,
    with_back,
)
from tiltaksbanken.web.views.shared import hit_view

PAGE_SIZE = 20
MAX_QUERY_CHARS = 500
MAX_FILTER_VALUES = 50  # values per facet taken from one request
FACET_SHOWN = 8  # values shown before «Vis alle»


def clean_query(text: str) -> tuple[str, str | None]:
    """The query without control characters, cut to a sensible length, and a notice."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c
                   for c in text)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS], (
            f"Søket var langt, så bare de første {MAX_QUERY_CHARS} tegnene ble brukt.")
    return text, None


def parse_filters(params: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The values asked for of each registered facet (each facet is a parameter of its own
    name), cleaned, without repeats, in the registry's order."""
    filters = {}
    for name in facets():
        values = [clean_query(v)[0] for v in params.get(name, [])]
        values = list(dict.fromkeys(v for v in values if v))[:MAX_FILTER_VALUES]
        if values:
            filters[name] = values
    return filters


@dataclass
class SearchParams:
    query: str
    filters: dict[str, list[str]]
    page: int
    sort: str = "relevance"


def parse_params(params: Mapping[str, Sequence[str]]) -> tuple[SearchParams, list[str]]:
    """Search state from the query string (any shape), and notices for the visitor."""
    notices: list[str] = []
    query, notice = clean_query(" ".join(params.get(QUERY_PARAM, [])))
    if notice:
        notices.append(notice)
    try:
        page = int((params.get(PAGE_PARAM) or ["1"])[0])
    except ValueError:
        page = 1
    sort = sort_name((params.get(SORT_PARAM) or [""])[0])
    return SearchParams(query, parse_filters(params), max(1, min(page, 10_000)), sort), notices


def _option(params: SearchParams, name: str, value: str, count: int, selected: bool) -> dict[str, Any]:
    return {"value": value, "label": value_label(name, value), "count": count,
            "selected": selected, "toggle_url": facet_url(params.query, params.filters, name, value, params.sort)}


def _facet_groups(searcher: Searcher, params: SearchParams,
                  counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Facets with counts; a facet the visitor filters on counts as if it were not filtered,
    so more of its values can be added (values of one facet combine with "or")."""
    groups = []
    for name, facet in facets().items():
        selected = params.filters.get(name, [])
        values = counts.get(name, {})
        if selected:
            others = {k: v for k, v in params.filters.items() if k != name}
            values = searcher.search(params.query, others, limit=0).facets.get(name, {})
        chosen = {s.casefold() for s in selected}
        options = [_option(params, name, value, count, value.casefold() in chosen)
                   for value, count in values.items()]
        known = {o["value"].casefold() for o in options}
        for value in selected:
            if value.casefold() not in known:
                options.insert(0, _option(params, name, value, 0, True))
        if options:
            options.sort(key=lambda o: (not o["selected"], -o["count"], o["label"]))
            groups.append({"name": name, "label": facet.label, "options": options,
                           "shown": max(FACET_SHOWN, sum(o["selected"] for o in options))})
    return groups


def _matched_labels(fields: list[str]) -> list[str]:
    """The fields a hit matched in, as «Treff i: …» names them (from the kind declarations)."""
    hints = field_hints()
    out = []
    for f in fields:
        label = hints.get(f.removesuffix("_text").removesuffix("_ocr")) or hints.get(f)
        if label and label not in out:
            out.append(label)
    return out


def _page_window(page: int, pages: int) -> list[int]:
    return list(range(max(1, page - 3), min(pages, page + 3) + 1))


def page(searcher: Searcher, params: SearchParams) -> dict[str, Any]:
    """Hits, facets, spelling hints and paging for the search page (hit titles and snippets
    are masked by the search itself, see ``search/snippets.py``)."""
    offset = (params.page - 1) * PAGE_SIZE
    result = searcher.search(params.query, params.filters, limit=PAGE_SIZE, offset=offset,
                             sort=params.sort)
    here = search_url(params.query, params.filters, page=params.page if params.page > 1 else None,
                      sort=params.sort)  # where a hit's page leads back to
    hits = []
    for hit in result.hits:
        view = hit_view(hit)
        hits.append({**view, "matched_labels": _matched_labels(hit.matched_fields),
                     "link": with_back(view["url"], here)})
    pages = max(1, -(-result.total // PAGE_SIZE))
    registry = facets()
    active = [{"facet": registry[k].label, "label": value_label(k, v),
               "remove_url": facet_url(params.query, params.filters, k, v, params.sort)}
              for k, vs in params.filters.items() for v in vs]

    def at(p: int) -> str:
        return search_url(params.query, params.filters, page=p, sort=params.sort)

    return {
        "query": params.query,
        "filters": params.filters,
        "page": params.page,
        "pages": pages,
        "page_size": PAGE_SIZE,
        "total": result.total,
        "hits": hits,
        "facets": _facet_groups(searcher, params, result.facets),
        "active_filters": active,
        "also_searched": result.also_searched,
        "prev_url": at(params.page - 1) if params.page > 1 else None,
        "next_url": at(params.page + 1) if params.page < pages else None,
        "page_urls": [{"page": p, "url": at(p)} for p in _page_window(params.page, pages)],
        "beyond_end": params.page > pages,  # the page asked for is past the last one
        "last_url": at(pages) if pages > 1 else search_url(params.query, params.filters,
                                                           sort=params.sort),
        "sort": params.sort,
        "sorts": [{"name": s.name, "label": s.label, "selected": s.name == params.sort}
                  for s in SORTS.values()],
        "csv_url": search_url(params.query, params.filters, sort=params.sort, path=SEARCH_CSV)
        if result.total else None,
    }
