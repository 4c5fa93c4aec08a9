"""The lesson theme pages: ``/tema`` (every theme with its counts) and ``/tema/<slug>``
(what many measures and evaluations say about one lesson), each with its JSON twin."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from tiltaksbanken.search import Searcher
from tiltaksbanken.web import urls
from tiltaksbanken.web.pages import render
from tiltaksbanken.web.viewer import viewer_of
from tiltaksbanken.web.views.lessons import theme_list, theme_page


def lessons_router(searcher: Searcher) -> APIRouter:
    store = searcher.store
    router = APIRouter(include_in_schema=False)

    @router.get(urls.THEMES, response_class=HTMLResponse)
    def themes_page(request: Request) -> Response:
        searcher.index  # noqa: B018 - records not yet indexed are indexed first
        data = theme_list(store)
        return render(request, "lessons_themes.html", data, title=data["title"])

    @router.get(urls.THEMES + "/{slug}", response_class=HTMLResponse)
    def one_theme(request: Request, slug: str) -> Response:
        searcher.index  # noqa: B018 - records not yet indexed are indexed first
        data = theme_page(store, slug, viewer_of(request))
        if data is None:
            raise HTTPException(404, "Ukjent tema")
        return render(request, "lessons_theme.html", data, title=data["title"])

    return router
