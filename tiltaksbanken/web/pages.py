"""The Norwegian web pages. Each route parses the request, asks its module in ``views``
for the page's data and renders it as HTML, or as JSON for ``?format=json`` or
``Accept: application/json`` (the same data either way). Templates build their links with
the Jinja global ``urls`` (``web/urls.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from tiltaksbanken.domain.kinds import Kind, kinds
from tiltaksbanken.search import Searcher
from tiltaksbanken.web import urls, views
from tiltaksbanken.web.cache import PageCache
from tiltaksbanken.web.viewer import viewer_of

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals["urls"] = urls


def wants_json(request: Request) -> bool:
    """JSON when asked for by ``?format=json`` or by an Accept header that prefers it."""
    fmt = request.query_params.get("format")
    if fmt in ("json", "html"):
        return fmt == "json"
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render(request: Request, template: str, data: dict[str, Any], status: int = 200,
           **extra: Any) -> Response:
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    return TEMPLATES.TemplateResponse(request, template, {"page": data, **extra},
                                      status_code=status)


def page_router(searcher: Searcher) -> APIRouter:
    """The HTML pages (and their JSON twins) over the searcher's store."""
    store = searcher.store
    router = APIRouter(include_in_schema=False)
    cache = PageCache(store)

    def variant(request: Request) -> str:
        """What a cached page depends on besides its address: the format and who looks."""
        return f"{'json' if wants_json(request) else 'html'}:{viewer_of(request).role}"

    @router.get(urls.SEARCH, response_class=HTMLResponse)
    def search_page(request: Request) -> Response:
        return cache.respond(request, variant(request), lambda: _search_page(request))

    def _search_page(request: Request) -> Response:
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        parsed, notices = views.search.parse_params(params)
        data = views.search.page(searcher, parsed)
        data["notices"] = notices
        title = f"{parsed.query} – søk" if parsed.query else "Søk i tiltak og erfaringer"
        return render(request, "search.html", data, title=title)

    def record_route(kind: Kind) -> Any:
        def record_page(request: Request, record_id: str) -> Response:
            return cache.respond(request, variant(request), lambda: _record_page(request, record_id))

        def _record_page(request: Request, record_id: str) -> Response:
            record = store.get(record_id)
            if record is None:
                raise HTTPException(404, "Fant ingen side med denne adressen.")
            if record.kind != kind.name:
                return RedirectResponse(urls.record_url(record), status_code=301)
            data = views.record.page(searcher, record, viewer_of(request))
            return render(request, "record.html", data, title=data["title"])

        return record_page

    for kind in kinds().values():
        router.add_api_route(urls.record_route(kind), record_route(kind), methods=["GET"],
                             response_class=HTMLResponse, name=f"record_{kind.name}")

    @router.get(urls.source_route(), response_class=HTMLResponse)
    def source_page(request: Request, name: str) -> Response:
        return cache.respond(request, variant(request), lambda: _source_page(request, name))

    def _source_page(request: Request, name: str) -> Response:
        highlight = views.source.parse_line_range(request.query_params.get(urls.LINES_PARAM))
        data = views.source.page(store, name, request.query_params.get(urls.VIEW_PARAM, ""),
                                 highlight, viewer_of(request))
        if data is None:
            raise HTTPException(404, "Fant ingen kilde med dette navnet.")
        return render(request, "source.html", data, title=f"Kilde: {name}")

    @router.get(urls.OVERVIEW, response_class=HTMLResponse)
    def overview_page(request: Request) -> Response:
        return cache.respond(request, variant(request), lambda: render(
            request, "overview.html", views.overview.page(searcher), title="Oversikt"))

    return router
