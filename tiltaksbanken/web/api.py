"""The JSON API: records, search, statistics and source lines. Anonymous users never see
personal data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query

from tiltaksbanken.domain.privacy import mask_personal, public_view
from tiltaksbanken.domain.records import KINDS
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.stats import compute_stats


def api_router(searcher: Searcher) -> APIRouter:
    """The ``/api`` routes over the searcher's store."""
    store = searcher.store
    router = APIRouter()

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
        kind: str | None = Query(None, description=f"En av {', '.join(KINDS)}"),
        limit: int = Query(50, ge=1, le=500),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        if kind is not None and kind not in KINDS:
            raise HTTPException(400, f"Ukjent type {kind!r}")
        items = list(store.records(kind))
        page = [public_view(r.to_dict()) for r in items[offset : offset + limit]]
        return {"total": len(items), "offset": offset, "items": page}

    @router.get("/api/records/{record_id}", summary="Én post med kildehenvisninger")
    def record(record_id: str) -> dict[str, Any]:
        found = store.get(record_id)
        if found is None:
            raise HTTPException(404, "Fant ingen post med denne id-en")
        return public_view(found.to_dict())

    @router.get("/api/search", summary="Søk (bokmål, nynorsk eller engelsk) med fasetter")
    def search_api(
        q: str = Query("", max_length=10_000, description="Søketekst"),
        kind: list[str] = Query(default=[]),
        county: list[str] = Query(default=[]),
        nav_office: list[str] = Query(default=[]),
        report_type: list[str] = Query(default=[]),
        law_paragraph: list[str] = Query(default=[]),
        theme: list[str] = Query(default=[]),
        start_year: list[str] = Query(default=[]),
        continuation: list[str] = Query(default=[]),
        limit: int = Query(20, ge=1, le=200),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        filters = {
            "kind": kind, "county": county, "nav_office": nav_office, "report_type": report_type,
            "law_paragraph": law_paragraph, "theme": theme, "start_year": start_year,
            "continuation": continuation,
        }
        return searcher.search(q, {k: v for k, v in filters.items() if v}, limit=limit,
                      offset=offset).to_dict()

    @router.get("/api/records/{record_id}/similar", summary="Lignende poster")
    def similar_api(record_id: str, limit: int = Query(5, ge=1, le=50)) -> list[dict[str, Any]]:
        if store.get(record_id) is None:
            raise HTTPException(404, "Fant ingen post med denne id-en")
        return [h.to_dict() for h in searcher.similar(record_id, limit)]

    @router.get("/api/stats", summary="Antall per type, fylke og rapporttype")
    def stats() -> dict[str, Any]:
        return compute_stats(store.records())

    @router.get("/api/sources", summary="Kildefilene i banken")
    def sources() -> list[dict[str, Any]]:
        return [{k: v for k, v in s.items() if k != "path"} for s in store.sources()]

    @router.get(
        "/api/sources/{name}/lines", summary="Linjer fra en kildefil (personopplysninger skjult)"
    )
    def source_lines(
        name: str, first: int = Query(1, ge=1), last: int | None = Query(None, ge=1)
    ) -> dict[str, Any]:
        lines = store.source_lines(name, first, last)
        if not lines:
            raise HTTPException(404, "Fant ikke kilden eller linjene")
        names = [n for r in store.records() if r.file == name for n in r.fields.get("contact_name") or []]
        people = {"contact_name": names}
        return {"file": name, "first": first, "lines": [mask_personal(t, people) for t in lines]}

    return router
