"""The editor's page of a record's links (``/koblinger/<id>``): every link with its
evidence and confidence, and a form per link to confirm or remove it (POST with the
session's CSRF token). Who may do it is ``domain/privacy.may_decide_links``; the decision
is ``store/links.decide``, which a later ingest does not undo."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tiltaksbanken.domain.privacy import may_decide_links
from tiltaksbanken.store import NotFound, Store
from tiltaksbanken.store.links import decide, link
from tiltaksbanken.web import urls
from tiltaksbanken.web.pages import TEMPLATES
from tiltaksbanken.web.sessions import CSRF_FIELD, check_csrf, csrf_token
from tiltaksbanken.web.viewer import signed_in_user, viewer_of
from tiltaksbanken.web.views.links import LINKS_PREFIX, editor_page

ACTIONS = {"bekreft": "confirmed", "fjern": "removed", "angre": "suggested"}


def links_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def _editor(request: Request, record_id: str) -> Response | None:
        if signed_in_user(request) is None:
            return RedirectResponse(urls.login_url(f"{LINKS_PREFIX}/{record_id}"), status_code=303)
        if not may_decide_links(viewer_of(request)):
            raise HTTPException(403, "Bare redaktører kan bekrefte eller fjerne koblinger.")
        return None

    @router.get(LINKS_PREFIX + "/{record_id}", response_class=HTMLResponse)
    def links_page(request: Request, record_id: str) -> Response:
        refused = _editor(request, record_id)
        if refused is not None:
            return refused
        record = store.get(record_id)
        if record is None:
            raise HTTPException(404, "Fant ingen post med denne id-en.")
        data = {**editor_page(store, record, viewer_of(request)), "csrf": csrf_token(request)}
        return TEMPLATES.TemplateResponse(request, "links_edit.html",
                                          {"page": data, "title": f"Koblinger: {data['title']}"})

    @router.post(LINKS_PREFIX + "/{record_id}")
    async def decide_link(request: Request, record_id: str) -> Response:
        refused = _editor(request, record_id)
        if refused is not None:
            return refused
        form = await request.form(max_files=0, max_fields=10)
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        check_csrf(request, fields.get(CSRF_FIELD))
        state = ACTIONS.get(fields.get("handling", ""))
        link_id = fields.get("kobling", "")
        if state is None or not link_id.isdigit():
            raise HTTPException(400, "Ukjent handling eller kobling.")
        try:
            found = link(store, int(link_id))
            if record_id not in (found.a, found.b):
                raise HTTPException(400, "Koblingen hører ikke til denne posten.")
            decide(store, found.id, state, viewer_of(request).name or "redaktør")  # type: ignore[arg-type]
        except NotFound as exc:
            raise HTTPException(404, "Fant ingen kobling med denne id-en.") from exc
        return RedirectResponse(f"{LINKS_PREFIX}/{record_id}", status_code=303)

    return router
