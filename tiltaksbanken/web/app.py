"""The web application: Norwegian pages, their JSON twins and the JSON API, with security
headers, locally served design-system assets and friendly error pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from tiltaksbanken.search import Searcher
from tiltaksbanken.store import Store, default_location, open_store
from tiltaksbanken.web import urls
from tiltaksbanken.web.account_pages import account_router
from tiltaksbanken.web.api import api_router
from tiltaksbanken.web.assets import STATIC_DIR, design_system_css, font_dir, node_modules
from tiltaksbanken.web.grants_pages import grants_router
from tiltaksbanken.web.head import HeadAsGet
from tiltaksbanken.web.kokebok_pages import kokebok_router
from tiltaksbanken.web.lessons_pages import lessons_router
from tiltaksbanken.web.links_pages import links_router
from tiltaksbanken.web.pages import TEMPLATES, page_router, wants_json
from tiltaksbanken.web.report_pages import report_router
from tiltaksbanken.web.security import SecurityHeaders, security_headers
from tiltaksbanken.web.sessions import Sessions, session_secret
from tiltaksbanken.web.upload_pages import upload_router

log = logging.getLogger(__name__)

# the files of swagger-ui-dist the API page loads
SWAGGER_FILES = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript"}

# Every HTTP error a visitor can meet, in Norwegian: (heading, what to do).
ERROR_TEXT = {
    400: ("Noe var galt med forespørselen", "Sjekk adressen eller søket, og prøv igjen."),
    403: ("Ingen tilgang", "Du har ikke tilgang til denne siden."),
    404: ("Fant ikke siden", "Siden finnes ikke, eller den er flyttet."),
    405: ("Ikke tillatt", "Denne adressen kan ikke brukes slik."),
    406: ("Kan ikke vise siden i dette formatet", "Be om HTML eller JSON."),
    413: ("Forespørselen er for stor", "Send mindre om gangen."),
    414: ("Adressen er for lang", "Bruk færre ord eller filtre."),
    415: ("Ukjent innholdstype", "Send innholdet som JSON eller skjemadata."),
    422: ("Ugyldige parametere", "Sjekk verdiene i adressen, og prøv igjen."),
    429: ("For mange forespørsler", "Vent litt, og prøv igjen."),
    500: ("Noe gikk galt hos oss", "Feilen er logget. Prøv igjen om litt."),
    503: ("Tjenesten er ikke tilgjengelig akkurat nå", "Prøv igjen om litt."),
}

# What a parameter error (pydantic's ``type``) means, in Norwegian.
PARAMETER_ERRORS = {
    "missing": "mangler",
    "int_parsing": "må være et heltall",
    "int_type": "må være et heltall",
    "float_parsing": "må være et tall",
    "bool_parsing": "må være sann eller usann",
    "greater_than_equal": "må være minst {ge}",
    "greater_than": "må være større enn {gt}",
    "less_than_equal": "kan være høyst {le}",
    "less_than": "må være mindre enn {lt}",
    "string_too_long": "kan ha høyst {max_length} tegn",
    "string_too_short": "må ha minst {min_length} tegn",
    "literal_error": "må være en av: {expected}",
    "enum": "må være en av: {expected}",
}


def _texts(status: int) -> tuple[str, str]:
    return ERROR_TEXT.get(status) or ERROR_TEXT[400 if status < 500 else 500]


def parameter_errors(errors: list[Any]) -> list[dict[str, str]]:
    """Pydantic's validation errors as (parameter, Norwegian message) pairs."""
    out = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body", "header")]
        template = PARAMETER_ERRORS.get(e.get("type", ""), "har en ugyldig verdi")
        try:
            message = template.format(**(e.get("ctx") or {}))
        except (KeyError, IndexError):
            message = "har en ugyldig verdi"
        out.append({"parameter": ".".join(loc) or "?", "melding": message})
    return out


def _own_detail(status: int, detail: object) -> str | None:
    """The detail a route gave in Norwegian (None for the framework's English phrase)."""
    if not isinstance(detail, str) or not detail:
        return None
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return None if detail == phrase else detail


def _error(request: Request, status: int, detail: object = None,
           errors: list[dict[str, str]] | None = None) -> Response:
    heading, text = _texts(status)
    own = _own_detail(status, detail) if status < 500 else None
    if errors:
        own = "Ugyldig " + "; ".join(f"{e['parameter']}: {e['melding']}" for e in errors) + "."
    if request.url.path.startswith("/api") or wants_json(request):
        body: dict[str, Any] = {"detail": own or heading}
        if errors:
            body["feil"] = errors
        return JSONResponse(body, status_code=status)
    return TEMPLATES.TemplateResponse(
        request, "error.html",
        {"page": {"status": status, "heading": heading, "text": text, "detail": own},
         "title": heading},
        status_code=status,
    )


def create_app(db: str | None = None, store: Store | None = None, warm: bool = False) -> FastAPI:
    """The application over the store at ``db`` (or an open ``store``); with ``warm``, the
    search index and model are loaded before the first request is taken."""
    store = store or open_store(db)
    searcher = Searcher(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            await run_in_threadpool(searcher.warm_up)
        yield
        searcher.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Tiltaksbanken",
        description="Lokale utviklingstiltak i NAV-kontor og kommuner: søk, les og del.",
        version="0.1.0",
        docs_url=None,
        openapi_url=urls.OPENAPI,
        redoc_url=None,
    )
    app.add_middleware(Sessions, secret=session_secret(store))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        status = 422 if request.url.path.startswith("/api") else 400
        return _error(request, status, errors=parameter_errors(list(exc.errors())))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("Feil ved %s", request.url.path)
        response = _error(request, 500)
        # this handler answers outside the middleware stack: add the headers here
        response.headers.update(security_headers(request.url.path))
        return response

    @app.get(urls.API_DOCS, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        return TEMPLATES.TemplateResponse(request, "api_docs.html", {"page": {}, "title": "API"})

    @app.get("/static/vendor/ds.css", include_in_schema=False)
    def ds_css() -> Response:
        return PlainTextResponse(design_system_css(), media_type="text/css",
                                 headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static/vendor/fonts", StaticFiles(directory=font_dir(), check_dir=False),
              name="fonts")
    @app.get("/static/vendor/swagger-ui/{name}", include_in_schema=False)
    def swagger_file(name: str) -> Response:
        # only the two files the API page loads, not the package's whole folder
        media = SWAGGER_FILES.get(name)
        if media is None:
            raise StarletteHTTPException(404, "Fant ingen fil med dette navnet.")
        return FileResponse(node_modules() / "swagger-ui-dist" / name, media_type=media,
                            headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api_router(searcher))
    app.include_router(kokebok_router(searcher))  # before the pages: /kokebok/<slug>
    app.include_router(page_router(searcher))
    app.include_router(account_router(store))
    app.include_router(lessons_router(searcher))
    app.include_router(report_router(store))
    app.include_router(links_router(store))
    app.include_router(grants_router(store))
    app.include_router(upload_router(store))
    app.state.store = store
    app.state.searcher = searcher
    return app


def app_from_env() -> FastAPI:
    """The application over ``$TILTAKSBANKEN_DB`` (for ``uvicorn --factory`` workers)."""
    return create_app(default_location(), warm=True)
