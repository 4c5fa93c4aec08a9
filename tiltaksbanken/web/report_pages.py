"""The yearly report pages: «Mine rapporter», the 17-question form (works without
JavaScript: «Lagre utkast» and «Send inn» are two submit buttons), a record's versions and
their differences, and an editor's correction of one field. Every form carries the
session's CSRF token; what a viewer may do is asked of ``domain/privacy.py`` (through
``store/reports.py``, which refuses what is not allowed)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tiltaksbanken.domain.kinds import kind_by_path
from tiltaksbanken.domain.privacy import Viewer, may_curate, may_edit_report
from tiltaksbanken.domain.records import Record
from tiltaksbanken.domain.report_form import ANSWER_KEYS
from tiltaksbanken.store import NotFound, Store
from tiltaksbanken.store import reports as ops
from tiltaksbanken.web import urls
from tiltaksbanken.web.pages import TEMPLATES
from tiltaksbanken.web.sessions import CSRF_FIELD, check_csrf, csrf_token
from tiltaksbanken.web.viewer import viewer_of
from tiltaksbanken.web.views import report as view

REPORTS = urls.REPORTS
NOT_YOURS = "Fant ingen slik rapport blant rapportene til NAV-kontorene dine."
ONLY_REPORTERS = "Bare rapportører for et NAV-kontor kan skrive årsrapporter."
SAVED = "Utkastet er lagret."
SUBMITTED = "Rapporten er sendt inn og er nå søkbar i Tiltaksbanken."
NOT_SAVED = "Rapporten ble ikke lagret. Rett feilene som er merket under, og prøv igjen."
NOT_SUBMITTED = "Rapporten ble ikke sendt inn. Rett feilene som er merket under, og prøv igjen."


def _page(request: Request, template: str, title: str, data: dict[str, Any],
          status: int = 200) -> Response:
    data = {**data, "csrf": csrf_token(request)}
    return TEMPLATES.TemplateResponse(request, template, {"page": data, "title": title},
                                      status_code=status)


async def _form(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The posted form (single values and lists) after the CSRF check."""
    form = await request.form(max_files=0, max_fields=200)
    items = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    single = dict(items)
    check_csrf(request, single.get(CSRF_FIELD))
    lists: dict[str, list[str]] = {}
    for k, v in items:
        lists.setdefault(k, []).append(v)
    return single, lists


def _answers(single: dict[str, str], lists: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {k: single.get(k, "") for k in ANSWER_KEYS if k != "law_paragraphs"}
    out["law_paragraphs"] = lists.get("law_paragraphs", [])
    return out


def _year(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        return 0


def _redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def _reporter(request: Request) -> Viewer | Response:
    """The signed-in reporter; anonymous visitors are sent to log in, others get 403."""
    viewer = viewer_of(request)
    if not viewer.signed_in:
        return _redirect(urls.login_url(request.url.path))
    if viewer.role != "rapportør":
        raise HTTPException(403, ONLY_REPORTERS)
    return viewer


def _record(store: Store, path: str, record_id: str) -> Record:
    kind = kind_by_path(path)
    record = store.get(record_id[:100])
    if kind is None or record is None or record.kind != kind.name:
        raise HTTPException(404, "Fant ingen slik post.")
    return record


def report_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def form_page(request: Request, viewer: Viewer, answers: dict[str, Any], year: int,
                  draft: ops.Draft | None = None, errors: dict[str, str] | None = None,
                  notice: str | None = None, error: str | None = None,
                  status: int = 200) -> Response:
        errors = errors or {}
        data = {"questions": view.form_view(answers, errors), "year": year,
                "year_error": errors.get("year"), "draft": view.draft_view(draft) if draft else None,
                "action": urls.report_url(draft.id) if draft else urls.REPORT_NEW,
                "notice": notice, "error": error or errors.get("state"),
                "offices": viewer.offices,
                "error_list": [{"key": k, "text": v} for k, v in errors.items()
                               if k not in ("state",)]}
        title = f"Rapport: {draft.measure}" if draft and draft.measure else "Ny årsrapport"
        return _page(request, "report_form.html", title, data, status)

    @router.get(REPORTS, response_class=HTMLResponse)
    def my_reports(request: Request) -> Response:
        viewer = _reporter(request)
        if isinstance(viewer, Response):
            return viewer
        drafts = [view.draft_view(d) for d in ops.drafts_of(store, viewer)]
        return _page(request, "report_list.html", "Mine rapporter",
                     {"drafts": drafts, "offices": viewer.offices,
                      "next_year": datetime.now(UTC).year})

    @router.get(urls.REPORT_NEW, response_class=HTMLResponse)
    def new_report(request: Request) -> Response:
        viewer = _reporter(request)
        if isinstance(viewer, Response):
            return viewer
        office = viewer.offices[0] if len(viewer.offices) == 1 else ""
        return form_page(request, viewer, {"nav_office": office}, datetime.now(UTC).year - 1)

    async def save(request: Request, viewer: Viewer, draft: ops.Draft | None) -> Response:
        single, lists = await _form(request)
        answers, year = _answers(single, lists), _year(single.get("year"))
        sending = single.get("handling") == "send"
        try:
            saved = ops.save_draft(store, viewer, answers, year,
                                   draft_id=draft.id if draft else None)
        except ops.ReportError as exc:
            return form_page(request, viewer, answers, year, draft, exc.errors,
                             error=NOT_SUBMITTED if sending else NOT_SAVED, status=400)
        except ops.ReportForbidden:
            errors = {"nav_office": "Du kan bare rapportere for NAV-kontorene dine: "
                                    + ", ".join(viewer.offices) + "."}
            return form_page(request, viewer, answers, year, draft, errors,
                             error=NOT_SAVED, status=403)
        if not sending:
            return _redirect(urls.report_url(saved.id) + "?lagret=1")
        try:
            version = ops.submit(store, viewer, saved.id)
        except ops.ReportError as exc:
            return form_page(request, viewer, answers, year, saved, exc.errors,
                             error=NOT_SUBMITTED, status=400)
        return _redirect(urls.report_url(saved.id) + f"?sendt={version.version}")

    @router.post(urls.REPORT_NEW, response_class=HTMLResponse)
    async def create(request: Request) -> Response:
        viewer = _reporter(request)
        if isinstance(viewer, Response):
            return viewer
        return await save(request, viewer, None)

    def _draft(viewer: Viewer, draft_id: int) -> ops.Draft:
        try:
            return ops.draft(store, viewer, draft_id)
        except NotFound as exc:
            raise HTTPException(404, NOT_YOURS) from exc

    @router.get(REPORTS + "/{draft_id}", response_class=HTMLResponse)
    def show(request: Request, draft_id: int) -> Response:
        viewer = _reporter(request)
        if isinstance(viewer, Response):
            return viewer
        d = _draft(viewer, draft_id)
        notice = (SUBMITTED if request.query_params.get("sendt")
                  else SAVED if request.query_params.get("lagret") else None)
        if d.state != "draft":
            record_id = ops.report_record(d, ops.source_name(d.measure_key, d.year,
                                                             d.report_type))[0].id
            return _page(request, "report_done.html", f"Rapport: {d.measure}",
                         {"draft": view.draft_view(d), "notice": notice,
                          "record_url": urls.record_url(record_id, "tiltak"),
                          "next_year": d.year + 1})
        return form_page(request, viewer, d.answers, d.year, d, notice=notice)

    @router.post(REPORTS + "/{draft_id}", response_class=HTMLResponse)
    async def update(request: Request, draft_id: int) -> Response:
        viewer = _reporter(request)
        if isinstance(viewer, Response):
            return viewer
        d = _draft(viewer, draft_id)
        if not may_edit_report(viewer, d.office):
            raise HTTPException(404, NOT_YOURS)
        return await save(request, viewer, d)

    @router.post(REPORTS + "/{draft_id}/nytt-ar", response_class=HTMLResponse)
    async def next_year(request: Request, draft_id: int) -> Response:
        viewer = _reporter(request)
        if isinstance(viewer, Response):
            return viewer
        single, _ = await _form(request)
        d = _draft(viewer, draft_id)
        try:
            new = ops.new_year_draft(store, viewer, d.measure_key, _year(single.get("year")))
        except ops.ReportError as exc:
            raise HTTPException(400, "; ".join(exc.errors.values())) from exc
        except NotFound as exc:
            raise HTTPException(404, NOT_YOURS) from exc
        return _redirect(urls.report_url(new.id))

    # ------------------------------------------------------------ versions, corrections

    # the record pages' own addresses (urls.versions_url, urls.correction_url) under any kind
    @router.get("/{path}/{record_id}/versjoner", response_class=HTMLResponse)
    def versions(request: Request, path: str, record_id: str) -> Response:
        record = _record(store, path, record_id)
        viewer = viewer_of(request)
        base = urls.record_url(record)
        first, second = _year(request.query_params.get("fra")), _year(request.query_params.get("til"))
        history = view.history_view(store, record, viewer)
        compared = view.diff_view(store, record, viewer, first, second) if first or second else None
        if (first or second) and compared is None:
            raise HTTPException(404, "Fant ikke begge versjonene av denne posten.")
        return _page(request, "report_versions.html", f"Versjoner: {record.title}",
                     {"title": record.title, "record_url": base, "history": history,
                      "compared": compared})

    def _editor(request: Request, record: Record) -> Viewer | Response:
        viewer = viewer_of(request)
        if not viewer.signed_in:
            return _redirect(urls.login_url(request.url.path))
        if not may_curate(viewer):
            raise HTTPException(403, "Bare redaktører kan rette poster.")
        return viewer

    def correction_page(request: Request, record: Record, viewer: Viewer,
                        form: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                        status: int = 200) -> Response:
        return _page(request, "report_correct.html", f"Rett: {record.title}",
                     {"title": record.title, "record_url": urls.record_url(record),
                      "correction_url": urls.correction_url(record),
                      "fields": view.correction_form(record, viewer),
                      "values": {k: v for k, v in record.fields.items() if isinstance(v, str)},
                      "form": form or {}, "errors": errors or {},
                      "error": "Rettelsen ble ikke lagret. Se feilene under." if errors else None},
                     status)

    @router.get("/{path}/{record_id}/rett", response_class=HTMLResponse)
    def correction(request: Request, path: str, record_id: str) -> Response:
        record = _record(store, path, record_id)
        viewer = _editor(request, record)
        if isinstance(viewer, Response):
            return viewer
        return correction_page(request, record, viewer, {"field": request.query_params.get("felt", "")})

    @router.post("/{path}/{record_id}/rett", response_class=HTMLResponse)
    async def correct(request: Request, path: str, record_id: str) -> Response:
        record = _record(store, path, record_id)
        viewer = _editor(request, record)
        if isinstance(viewer, Response):
            return viewer
        single, _ = await _form(request)
        try:
            ops.correct(store, viewer, record.id, single.get("field", ""), single.get("value", ""),
                        single.get("reason", ""))
        except ops.ReportError as exc:
            return correction_page(request, record, viewer, single, exc.errors, 400)
        return _redirect(urls.record_url(record) + "#historikk")

    return router
