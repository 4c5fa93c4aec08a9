"""The account pages: log in, log out, accept an invitation, and the administrator's page
of accounts. Every form carries the session's CSRF token (``web/sessions.py``); what a
viewer may do is asked of ``domain/privacy.py``; the account operations themselves are
``store/accounts.py``'s, the same the command line uses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tiltaksbanken.domain.accounts import ROLE_LABELS, AccountError, User
from tiltaksbanken.domain.privacy import may_manage_users
from tiltaksbanken.store import NotFound, Store
from tiltaksbanken.store import accounts as ops
from tiltaksbanken.web import urls, views
from tiltaksbanken.web.pages import TEMPLATES
from tiltaksbanken.web.sessions import CSRF_FIELD, check_csrf, csrf_token, password_mark
from tiltaksbanken.web.viewer import signed_in_user, viewer_of

LIMITED = "For mange mislykkede innloggingsforsøk. Vent et kvarter, og prøv igjen."
REFUSED = "Feil brukernavn eller passord, eller kontoen er deaktivert."
INVITATION_GONE = "Invitasjonen er brukt, utløpt eller ukjent. Be en administrator om en ny."


def _address(request: Request) -> str:
    return request.client.host if request.client else "ukjent"


def _page(request: Request, template: str, title: str, data: dict[str, Any],
          status: int = 200) -> Response:
    data = {**data, "csrf": csrf_token(request)}
    return TEMPLATES.TemplateResponse(request, template, {"page": data, "title": title},
                                      status_code=status)


async def _form(request: Request) -> dict[str, str]:
    """The posted form's text fields, after the CSRF check (400 without the right token)."""
    form = await request.form(max_files=0, max_fields=50)
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    check_csrf(request, fields.get(CSRF_FIELD))
    return fields


def _sign_in(request: Request, user: User) -> None:
    """A fresh session for ``user`` (nothing of the session before it is kept)."""
    request.session.clear()
    request.session.update({"uid": user.id, "pw": password_mark(user.password_hash)})
    csrf_token(request)


def _redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def account_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get(urls.LOGIN, response_class=HTMLResponse)
    def login_page(request: Request) -> Response:
        next_page = urls.local_page(request.query_params.get(urls.NEXT_PARAM))
        return _page(request, "login.html", "Logg inn", {"next": next_page, "username": ""})

    @router.post(urls.LOGIN, response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        form = await _form(request)
        next_page = urls.local_page(form.get(urls.NEXT_PARAM))
        username = form.get("brukernavn", "")[:200]
        result = ops.log_in(store, username, form.get("passord", ""), _address(request))
        if result.user is None:
            status, error = (429, LIMITED) if result.outcome == "limited" else (400, REFUSED)
            return _page(request, "login.html", "Logg inn",
                         {"next": next_page, "username": username, "error": error}, status)
        _sign_in(request, result.user)
        return _redirect(next_page or urls.SEARCH)

    @router.get(urls.LOGOUT, response_class=HTMLResponse)
    def logout_page(request: Request) -> Response:
        if signed_in_user(request) is None:
            return _redirect(urls.SEARCH)
        return _page(request, "logout.html", "Logg ut", {"name": viewer_of(request).name})

    @router.post(urls.LOGOUT)
    async def logout(request: Request) -> Response:
        await _form(request)
        user = signed_in_user(request)
        if user is not None:
            store.audit(user.username, "utlogging", _address(request))
        request.session.clear()
        return _redirect(urls.SEARCH)

    @router.get(urls.invitation_route(), response_class=HTMLResponse)
    def invitation_page(request: Request, token: str) -> Response:
        user = ops.invited_user(store, token[:200])
        if user is None:
            raise HTTPException(404, INVITATION_GONE)
        return _page(request, "invitation.html", "Velg passord",
                     {"name": user.display_name, "username": user.username,
                      "action": f"{urls.INVITATION_PREFIX}/{token}"})

    @router.post(urls.invitation_route(), response_class=HTMLResponse)
    async def accept(request: Request, token: str) -> Response:
        form = await _form(request)
        user = ops.invited_user(store, token[:200])
        if user is None:
            raise HTTPException(404, INVITATION_GONE)
        try:
            user = ops.accept_invitation(store, token, form.get("passord", ""),
                                         form.get("passord2", ""))
        except AccountError as exc:
            return _page(request, "invitation.html", "Velg passord",
                         {"name": user.display_name, "username": user.username,
                          "action": f"{urls.INVITATION_PREFIX}/{token}",
                          "error": f"Passordet ble ikke satt: {exc}."}, 400)
        _sign_in(request, user)
        return _redirect(urls.SEARCH)

    def _admin(request: Request) -> User | Response:
        """The signed-in administrator; anonymous visitors are sent to log in, others 403."""
        user = signed_in_user(request)
        if user is None:
            return _redirect(urls.login_url(urls.ADMIN_USERS))
        if not may_manage_users(viewer_of(request)):
            raise HTTPException(403, "Bare administratorer kan se og endre brukere.")
        return user

    def _admin_page(request: Request, status: int = 200, **extra: Any) -> Response:
        return _page(request, "admin_users.html", "Brukere",
                     {**views.accounts.admin_page(store), **extra}, status)

    @router.get(urls.ADMIN_USERS, response_class=HTMLResponse)
    def admin_users(request: Request) -> Response:
        admin = _admin(request)
        if isinstance(admin, Response):
            return admin
        return _admin_page(request)

    @router.post(urls.ADMIN_USERS, response_class=HTMLResponse)
    async def add_user(request: Request) -> Response:
        admin = _admin(request)
        if isinstance(admin, Response):
            return admin
        form = await _form(request)
        try:
            user, token = ops.invite(store, form.get("brukernavn", ""), form.get("navn", ""),
                                     form.get("rolle", ""), form.get("kontor", ""),
                                     form.get("fylke", ""), actor=admin.username)
        except AccountError as exc:
            return _admin_page(request, 400, error=f"Brukeren ble ikke lagt til: {exc}.",
                               form=form)
        link = ops.invitation_link(str(request.base_url), token)
        return _admin_page(request, invited={"username": user.username, "link": link,
                                             "role": ROLE_LABELS[user.role]})

    @router.post(urls.ADMIN_USERS + "/{user_id}/rolle", response_class=HTMLResponse)
    async def change_role(request: Request, user_id: int) -> Response:
        admin = _admin(request)
        if isinstance(admin, Response):
            return admin
        form = await _form(request)
        if user_id == admin.id and form.get("rolle") != "administrator":
            return _admin_page(request, 400, error="Du kan ikke ta fra deg selv administratorrollen.")
        try:
            ops.set_role(store, user_id, form.get("rolle", ""), form.get("kontor", ""),
                         form.get("fylke", ""), actor=admin.username)
        except NotFound as exc:
            raise HTTPException(404, "Fant ingen slik bruker.") from exc
        except AccountError as exc:
            return _admin_page(request, 400, error=f"Rollen ble ikke endret: {exc}.")
        return _redirect(urls.ADMIN_USERS)

    @router.post(urls.ADMIN_USERS + "/{user_id}/aktiv", response_class=HTMLResponse)
    async def set_active(request: Request, user_id: int) -> Response:
        admin = _admin(request)
        if isinstance(admin, Response):
            return admin
        form = await _form(request)
        if user_id == admin.id:
            return _admin_page(request, 400, error="Du kan ikke deaktivere deg selv.")
        try:
            ops.set_disabled(store, user_id, form.get("aktiv") != "ja", actor=admin.username)
        except NotFound as exc:
            raise HTTPException(404, "Fant ingen slik bruker.") from exc
        return _redirect(urls.ADMIN_USERS)

    return router

