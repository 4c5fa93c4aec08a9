"""The JSON API: records, search, statistics and source lines. Everything it returns has
been through ``domain/privacy.py`` for the request's viewer, so anonymous users never see
personal data. The search's facet parameters are those registered in ``domain/facets.py``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from tiltaksbanken.domain.facets import facets
from tiltaksbanken.domain.kinds import kinds
from tiltaksbanken.domain.privacy import People, visible_lines, visible_record
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.sorting import SortName
from tiltaksbanken.search.stats import compute_stats
from tiltaksbanken.web.urls import MAX_LINE
from tiltaksbanken.web.viewer import CurrentViewer
from tiltaksbanken.web.views.links import links_json, outcomes_json
from tiltaksbanken.web.views.search import parse_filters
from tiltaksbanken.web.views.shared import file_records
from tiltaksbanken.web.views.source import summary as source_summary


def facet_parameters() -> list[dict[str, Any]]:
    """The OpenAPI description of ``/api/search``'s facet parameters, one per registered
    facet (repeat a parameter for several values; they combine with «or»)."""
    return [{"name": name, "in": "query", "required": False,
             "description": f"{f.label} (filter og fasett; gjenta for flere verdier)",
             "schema": {"type": "array", "items": {"type": "string"}},
             "style": "form", "explode": True}
            for name, f in facets().items()]


def api_router(searcher: Searcher) -> APIRouter:
    """The ``/api`` routes over the searcher's store."""
    store = searcher.store
    router = APIRouter()
    kind_names = list(kinds())

    @router.get("/api", summary="Oversikt over API-et")
    def index() -> dict[str, Any]:
        return {
            "navn": "Tiltaksbanken",
            "endepunkter": [
                "/api/records",
                "/api/records/{id}",
                "/api/stats",
                "/api/sources",
                "/api/sources/{name}/lines",
            ],
        }

    @router.get("/api/records", summary="Poster, eventuelt av én type")
    def records(
        viewer: CurrentViewer,
        kind: str | None = Query(None, description=f"En av {', '.join(kind_names)}"),
        limit: int = Query(50, ge=1, le=500),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        if kind is not None and kind not in kind_names:
            raise HTTPException(400, f"Ukjent type {kind!r}")
        page = [visible_record(r, viewer) for r in store.records(kind, limit=limit, offset=offset)]
        return {"total": store.count(kind), "offset": offset, "items": page}

    @router.get("/api/records/{record_id}", summary="Én post med kildehenvisninger")
    def record(record_id: str, viewer: CurrentViewer) -> dict[str, Any]:
        found = store.get(record_id)
        if found is None:
            raise HTTPException(404, "Fant ingen post med denne id-en")
        return {**visible_record(found, viewer), "links": links_json(store, found, viewer),
                "outcomes": outcomes_json(found, viewer)}

    @router.get(
        "/api/search",
        summary="Søk (bokmål, nynorsk eller engelsk) med fasetter",
        description="Treff med kildehenvisning og markerte utdrag, antall per fasett og "
                    "stavehjelp. Hver fasett er en parameter: "
                    + ", ".join(f"`{name}` ({f.label.lower()})" for name, f in facets().items())
                    + ". Verdier av samme fasett kombineres med «eller», ulike fasetter med «og».",
        openapi_extra={"parameters": facet_parameters()},
    )
    def search_api(
        request: Request,
        q: str = Query("", max_length=10_000, description="Søketekst"),
        limit: int = Query(20, ge=1, le=200),
        offset: int = Query(0, ge=0),
        sort: SortName = Query(
            "relevance", description="Rekkefølge: relevans, nyeste først, NAV-kontor eller fylke"),
    ) -> dict[str, Any]:
        params = {name: request.query_params.getlist(name) for name in facets()}
        return searcher.search(q, parse_filters(params), limit=limit, offset=offset,
                               sort=sort).to_dict()

    @router.get("/api/records/{record_id}/similar", summary="Lignende poster")
    def similar_api(record_id: str, limit: int = Query(5, ge=1, le=50)) -> list[dict[str, Any]]:
        if store.get(record_id) is None:
            raise HTTPException(404, "Fant ingen post med denne id-en")
        return [h.to_dict() for h in searcher.similar(record_id, limit)]

    @router.get("/api/stats", summary="Antall per type, fylke og rapporttype")
    def stats() -> dict[str, Any]:
        return compute_stats(store.records())

    @router.get("/api/sources", summary="Kildefilene i banken, med tittel, type og dato")
    def sources(viewer: CurrentViewer) -> list[dict[str, Any]]:
        out = []
        for s in store.sources():
            about = source_summary(store, dict(s), viewer)
            out.append({**{k: v for k, v in s.items() if k != "path"},
                        **{k: about[k] for k in ("title", "subtitle", "date", "reader_label")}})
        return out

    @router.get(
        "/api/sources/{name}/lines", summary="Linjer fra en kildefil (personopplysninger skjult)"
    )
    def source_lines(
        name: str, viewer: CurrentViewer, first: int = Query(1, ge=1, le=MAX_LINE),
        last: int | None = Query(None, ge=1, le=MAX_LINE),
    ) -> dict[str, Any]:
        lines = store.source_lines(name, first, last)
        if not lines:
            raise HTTPException(404, "Fant ikke kilden eller linjene")
        people = People.of(file_records(store, name))
        # where each line stands in the original file («page 3»; null for a text file's lines)
        where = store.source_locators(name, first, first + len(lines) - 1)
        return {"file": name, "first": first, "lines": visible_lines(lines, viewer, people),
                "locators": where}

    return router
