"""«Rapportering» and «Tilskudd»: a grant administrator's pages (their counties) and an
administrator's (every county). The status table of a year's funded measures, the missing
reports and the year's reports as CSV/XLSX, adding and importing grants, and confirming or
changing which grant a report belongs to. Who may is asked of ``domain/privacy.py``;
every form carries the session's CSRF token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from tiltaksbanken.domain.privacy import may_follow_reporting, may_manage_grant, reporting_counties
from tiltaksbanken.sources.form_export import table_cells
from tiltaksbanken.store import NotFound, Store
from tiltaksbanken.store import grants as ops
from tiltaksbanken.web import urls
from tiltaksbanken.web.pages import TEMPLATES
from tiltaksbanken.web.sessions import CSRF_FIELD, check_csrf, csrf_token
from tiltaksbanken.web.viewer import signed_in_user, viewer_of
from tiltaksbanken.web.views import grants as views

REPORTING = urls.REPORTING
GRANTS = urls.GRANTS
MAX_UPLOAD = 5 * 1024 * 1024
REFUSED = "Bare tilskuddsforvaltere og administratorer kan se rapporteringen."
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
PATHS = {"reporting": REPORTING, "grants": GRANTS}


def _year(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) == 4 else None


def _page(request: Request, template: str, title: str, data: dict[str, Any], status: int = 200) -> Response:
    data = {**data, "csrf": csrf_token(request), "paths": PATHS}
    return TEMPLATES.TemplateResponse(request, template, {"page": data, "title": title}, status_code=status)


def _download(rows_data: bytes, name: str, fmt: str) -> Response:
    return Response(rows_data, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def grants_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def _allowed(request: Request, target: str) -> Response | None:
        """None if the viewer may follow reporting; a login redirect or 403 otherwise."""
        if signed_in_user(request) is None:
            return RedirectResponse(urls.login_url(target), status_code=303)
        if not may_follow_reporting(viewer_of(request)):
            raise HTTPException(403, REFUSED)
        return None

    async def _form(request: Request) -> tuple[dict[str, str], UploadFile | None]:
        form = await request.form(max_files=1, max_fields=50)
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        check_csrf(request, fields.get(CSRF_FIELD))
        upload = form.get("fil")
        return fields, upload if isinstance(upload, UploadFile) else None

    @router.get(REPORTING, response_class=HTMLResponse)
    def reporting(request: Request, ar: str = "", fylke: str = "", status: str = "") -> Response:
        if (refused := _allowed(request, REPORTING)) is not None:
            return refused
        data = views.page(store, viewer_of(request), _year(ar), fylke[:100], status[:30])
        return _page(request, "grants_reporting.html", "Rapportering", data)

    @router.get(REPORTING + "/{what}.{fmt}")
    def download(request: Request, what: str, fmt: str, ar: str = "", fylke: str = "") -> Response:
        if (refused := _allowed(request, REPORTING)) is not None:
            return refused
        year = _year(ar)
        if what not in ("mangler", "rapporter") or fmt not in MEDIA or year is None:
            raise HTTPException(404, "Fant ingen slik nedlasting.")
        viewer = viewer_of(request)
        rows = (views.missing_rows if what == "mangler" else views.report_rows)(store, viewer, year, fylke[:100])
        name = f"{'manglende-rapporter' if what == 'mangler' else 'rapporter'}-{year}"
        data = views.as_csv(rows) if fmt == "csv" else views.as_xlsx(rows, name)
        return _download(data, name, fmt)

    @router.post(REPORTING + "/kobling", response_class=HTMLResponse)
    async def decide(request: Request) -> Response:
        if (refused := _allowed(request, REPORTING)) is not None:
            return refused
        form, _ = await _form(request)
        viewer = viewer_of(request)
        report = form.get("rapport", "")[:100]
        target = _year_id(form.get("tilskudd"))
        try:
            for gid in {lk.grant_id for lk in ops.links(store) if lk.report == report} | ({target} if target else set()):
                if not may_manage_grant(viewer, ops.grant(store, gid).county):
                    raise HTTPException(403, "Tilskuddet hører til et fylke du ikke følger.")
            ops.decide_link(store, report, target, viewer.name or "forvalter")
        except NotFound as exc:
            raise HTTPException(404, "Fant ikke tilskuddet.") from exc
        return RedirectResponse(f"{REPORTING}?ar={form.get('ar', '')}", status_code=303)

    @router.post(REPORTING + "/forslag", response_class=HTMLResponse)
    async def suggest(request: Request) -> Response:
        if (refused := _allowed(request, REPORTING)) is not None:
            return refused
        form, _ = await _form(request)
        ops.suggest_links(store, _year(form.get("ar")))
        return RedirectResponse(f"{REPORTING}?ar={form.get('ar', '')}", status_code=303)

    @router.get(GRANTS, response_class=HTMLResponse)
    def grants_page(request: Request, ar: str = "") -> Response:
        if (refused := _allowed(request, GRANTS)) is not None:
            return refused
        return _page(request, "grants_register.html", "Tilskudd",
                     views.grants_page(store, viewer_of(request), _year(ar)))

    @router.post(GRANTS, response_class=HTMLResponse)
    async def add(request: Request) -> Response:
        if (refused := _allowed(request, GRANTS)) is not None:
            return refused
        form, upload = await _form(request)
        viewer = viewer_of(request)
        counties = reporting_counties(viewer)
        page = views.grants_page(store, viewer, None)
        if upload is not None and upload.filename:
            data = await upload.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                return _page(request, "grants_register.html", "Tilskudd", {**page, "errors": ["Filen er for stor."]}, 400)
            try:
                rows = table_cells(upload.filename, data)
            except Exception as exc:  # any unreadable upload is the user's error
                result = ops.ImportResult(errors=[f"kunne ikke lese filen: {type(exc).__name__}"])
            else:
                result = ops.import_grants(store, rows, viewer.name, counties)
            if result.errors:
                return _page(request, "grants_register.html", "Tilskudd", {**page, "errors": result.errors}, 400)
            return _page(request, "grants_register.html", "Tilskudd",
                         {**views.grants_page(store, viewer, None), "added": result.added})
        values = {k: form.get(k, "") for k in ("year", "office", "county", "measure", "amount", "positions", "note")}
        try:
            ops.check_row(values, counties)
            ops.add_grant(store, values, viewer.name)
        except ValueError as exc:
            return _page(request, "grants_register.html", "Tilskudd",
                         {**page, "errors": [f"Tilskuddet ble ikke lagt til: {exc}."], "form": values}, 400)
        return RedirectResponse(GRANTS, status_code=303)

    def _editable(request: Request, grant_id: int) -> ops.Grant:
        try:
            grant = ops.grant(store, grant_id)
        except NotFound as exc:
            raise HTTPException(404, "Fant ikke tilskuddet.") from exc
        if not may_manage_grant(viewer_of(request), grant.county):
            raise HTTPException(403, "Tilskuddet hører til et fylke du ikke følger.")
        return grant

    @router.get(GRANTS + "/{grant_id}", response_class=HTMLResponse)
    def edit_page(request: Request, grant_id: int) -> Response:
        if (refused := _allowed(request, GRANTS)) is not None:
            return refused
        g = _editable(request, grant_id)
        values = {"year": str(g.year), "office": g.office, "county": g.county, "measure": g.measure,
                  "amount": "" if g.amount is None else str(g.amount),
                  "positions": "" if g.positions is None else f"{g.positions:g}".replace(".", ","), "note": g.note}
        return _page(request, "grants_register.html", "Endre tilskudd",
                     {**views.grants_page(store, viewer_of(request), g.year), "form": values, "edit": g.id})

    @router.post(GRANTS + "/{grant_id}", response_class=HTMLResponse)
    async def edit(request: Request, grant_id: int) -> Response:
        if (refused := _allowed(request, GRANTS)) is not None:
            return refused
        form, _ = await _form(request)
        g = _editable(request, grant_id)
        viewer = viewer_of(request)
        values = {k: form.get(k, "") for k in ("year", "office", "county", "measure", "amount", "positions", "note")}
        try:
            ops.check_row(values, reporting_counties(viewer))
            ops.edit_grant(store, g.id, values)
        except ValueError as exc:
            return _page(request, "grants_register.html", "Endre tilskudd",
                         {**views.grants_page(store, viewer, g.year), "form": values, "edit": g.id,
                          "errors": [f"Tilskuddet ble ikke endret: {exc}."]}, 400)
        return RedirectResponse(f"{GRANTS}?ar={values['year']}", status_code=303)

    return router


def _year_id(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None
