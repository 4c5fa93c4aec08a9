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

from tiltaksbanken.domain.facets import facets
from tiltaksbanken.domain.kinds import Kind, kinds
from tiltaksbanken.domain.privacy import may_see_personal, menu_rights
from tiltaksbanken.search import Searcher
from tiltaksbanken.web import urls, views
from tiltaksbanken.web.cache import PageCache
from tiltaksbanken.web.sessions import csrf_token
from tiltaksbanken.web.viewer import viewer_of
from tiltaksbanken.web.wording import count

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals["urls"] = urls
TEMPLATES.env.globals["viewer_of"] = viewer_of
TEMPLATES.env.globals["menu_rights"] = menu_rights
TEMPLATES.env.globals["may_see_personal"] = may_see_personal
TEMPLATES.env.filters["antall"] = count


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


def _same_format(request: Request, url: str) -> str:
    """``url`` asking for the format ``request`` asked for with ``?format=``."""
    fmt = request.query_params.get("format")
    if fmt not in ("json", "html"):
        return url
    return f"{url}{'&' if '?' in url else '?'}format={fmt}"


def _int_param(request: Request, name: str) -> int | None:
    """A whole-number parameter within what any page can mean (else None)."""
    try:
        value = int(request.query_params.get(name, ""))
    except ValueError:
        return None
    return value if 0 < value <= urls.MAX_LINE else None


def page_router(searcher: Searcher) -> APIRouter:
    """The HTML pages (and their JSON twins) over the searcher's store."""
    store = searcher.store
    router = APIRouter(include_in_schema=False)
    cache = PageCache(store)
    # the query parameters each page reads (others do not make a page of their own)
    search_params = {urls.QUERY_PARAM, urls.PAGE_PARAM, urls.SORT_PARAM, "format", *facets()}
    record_params = {urls.BACK_PARAM, "format"}
    source_params = {urls.LINES_PARAM, urls.VIEW_PARAM, urls.WINDOW_PARAM, urls.PAGE_PARAM, "format"}

    def variant(request: Request) -> str:
        """What a cached page depends on besides its address: the format and who looks (a
        signed-in viewer's pages carry forms with their session's CSRF token)."""
        viewer = viewer_of(request)
        session = csrf_token(request) if viewer.signed_in else ""
        return f"{'json' if wants_json(request) else 'html'}:{viewer.role}:{session}"

    @router.get(urls.SEARCH, response_class=HTMLResponse)
    def search_page(request: Request) -> Response:
        return cache.respond(request, variant(request), lambda: _search_page(request),
                             search_params)

    def _search_page(request: Request) -> Response:
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        parsed, notices = views.search.parse_params(params)
        data = views.search.page(searcher, parsed)
        if data["beyond_end"]:  # «side=99» of 8 pages: the last page, not «Side 99 av 8»
            return RedirectResponse(_same_format(request, data["last_url"]), status_code=302)
        data["notices"] = notices
        title = f"{parsed.query} – søk" if parsed.query else "Søk i tiltak og erfaringer"
        return render(request, "search.html", data, title=title)

    @router.get(urls.SEARCH_CSV)
    def search_csv(request: Request) -> Response:
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        parsed, _ = views.search.parse_params(params)
        text = views.export.result_csv(searcher, parsed.query, parsed.filters, parsed.sort,
                                       base_url=str(request.base_url))
        # a BOM so that spreadsheet programs read the Norwegian letters as UTF-8
        return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="tiltaksbanken-treff.csv"'})

    def record_route(kind: Kind) -> Any:
        def record_page(request: Request, record_id: str) -> Response:
            return cache.respond(request, variant(request), lambda: _record_page(request, record_id),
                                 record_params)

        def _record_page(request: Request, record_id: str) -> Response:
            record = store.get(record_id)
            if record is None:
                raise HTTPException(404, "Fant ingen side med denne adressen.")
            if record.kind != kind.name:
                return RedirectResponse(urls.record_url(record), status_code=301)
            back = urls.back_search(request.query_params.get(urls.BACK_PARAM))
            data = views.record.page(searcher, record, viewer_of(request), back=back)
            return render(request, "record.html", data, title=data["title"])

        return record_page

    for kind in kinds().values():
        router.add_api_route(urls.record_route(kind), record_route(kind), methods=["GET"],
                             response_class=HTMLResponse, name=f"record_{kind.name}")

    @router.get(urls.source_route(), response_class=HTMLResponse)
    def source_page(request: Request, name: str) -> Response:
        return cache.respond(request, variant(request), lambda: _source_page(request, name),
                             source_params)

    def _source_page(request: Request, name: str) -> Response:
        query = request.query_params
        highlight = views.source.parse_line_range(query.get(urls.LINES_PARAM))
        window = views.source.parse_line_range(query.get(urls.WINDOW_PARAM))
        data = views.source.page(store, name, query.get(urls.VIEW_PARAM, ""), highlight,
                                 viewer_of(request), window=window,
                                 page=_int_param(request, urls.PAGE_PARAM))
        if data is None:
            raise HTTPException(404, "Fant ingen kilde med dette navnet.")
        return render(request, "source.html", data, title=f"Kilde: {data['title']}")

    @router.get(urls.OVERVIEW, response_class=HTMLResponse)
    def overview_page(request: Request) -> Response:
        return cache.respond(request, variant(request), lambda: _overview_page(request),
                             {"format"})

    def _overview_page(request: Request) -> Response:
        data = views.overview.page(searcher)
        # the sources as people name them: title, kind of document, date (views/source.py)
        data["sources"] = views.source.summaries(store, viewer_of(request))
        return render(request, "overview.html", data, title="Oversikt")

    return router
