"""The lesson theme pages: ``/tema`` (every theme with its counts) and ``/tema/<slug>``
(what many measures and evaluations say about one lesson), each with its JSON twin; and
``/evidens/<record id>``, where an editor sets a measure's evidence level (a form with
the session's CSRF token; the change is audit-logged by ``store/evidence.py``)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tiltaksbanken.domain.evidence import level
from tiltaksbanken.domain.privacy import may_set_evidence
from tiltaksbanken.search import Searcher
from tiltaksbanken.store.evidence import set_editor_level
from tiltaksbanken.web import urls
from tiltaksbanken.web.pages import TEMPLATES, render
from tiltaksbanken.web.sessions import CSRF_FIELD, check_csrf, csrf_token
from tiltaksbanken.web.viewer import signed_in_user, viewer_of
from tiltaksbanken.web.views.evidence import edit_page
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

    def _editable(request: Request, record_id: str) -> dict | Response:
        viewer = viewer_of(request)
        if not viewer.signed_in:
            return RedirectResponse(urls.login_url(urls.evidence_url(record_id)), status_code=303)
        if not may_set_evidence(viewer):
            raise HTTPException(403, "Bare redaktører kan sette evidensnivå.")
        record = store.get(record_id)
        data = edit_page(store, record, viewer) if record else None
        if data is None:
            raise HTTPException(404, "Fant ikke tiltaket")
        return data

    @router.get(urls.EVIDENCE_PREFIX + "/{record_id}", response_class=HTMLResponse)
    def evidence_form(request: Request, record_id: str) -> Response:
        data = _editable(request, record_id)
        if isinstance(data, Response):
            return data
        data = {**data, "csrf": csrf_token(request)}
        return TEMPLATES.TemplateResponse(request, "lessons_evidence_edit.html",
                                          {"page": data, "title": f"Evidensnivå: {data['title']}"})

    @router.post(urls.EVIDENCE_PREFIX + "/{record_id}", response_class=HTMLResponse)
    async def set_evidence(request: Request, record_id: str) -> Response:
        form = await request.form(max_files=0, max_fields=10)
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        check_csrf(request, fields.get(CSRF_FIELD))
        data = _editable(request, record_id)
        if isinstance(data, Response):
            return data
        code = fields.get("niva", "")
        if code and level(code) is None:
            raise HTTPException(400, "Ukjent evidensnivå")
        user = signed_in_user(request)
        set_editor_level(store, record_id, code, user.username if user else "ukjent",
                         fields.get("notat", "")[:1000])
        return RedirectResponse(data["record_url"], status_code=303)

    return router
