"""The editor's kokebok (issue 17, item 5): «Legg til i kokebok» on record pages and search
results, the collection page (order the examples, write the introduction, publish), a
card's edit form, and the public editions ``/kokebok/<slug>[/<edition>]`` with their PDF
and DOCX. Editing is for those ``may_edit_kokebok`` lets; every form posts the session's
CSRF token and works without JavaScript. Published editions are frozen snapshots."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.convertors import Convertor, register_url_convertor

from tiltaksbanken.domain.errors import NotFound
from tiltaksbanken.domain.privacy import may_edit_kokebok
from tiltaksbanken.domain.recipe import card_from_record, edit_part
from tiltaksbanken.search import Searcher
from tiltaksbanken.store import kokebok as kb
from tiltaksbanken.web import urls
from tiltaksbanken.web.pages import TEMPLATES, render
from tiltaksbanken.web.sessions import CSRF_FIELD, check_csrf, csrf_token
from tiltaksbanken.web.viewer import signed_in_user, viewer_of
from tiltaksbanken.web.views.kokebok import (
    EDIT_PREFIX,
    PREFIX,
    card_page,
    collection_page,
    collection_url,
    docx_bytes,
    edition_url,
    pdf_bytes,
    snapshot,
)


class SlugConvertor(Convertor[str]):
    """A collection's slug: never a record id (``/kokebok/<record id>`` is a cookbook record)."""

    regex = r"(?![a-z][0-9a-f]{11}(?:/|$))[a-z0-9]+(?:-[a-z0-9]+)*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("kokebokslug", SlugConvertor())


def add_form(request: Request, record_id: str) -> dict[str, Any] | None:
    """The «Legg til i kokebok» form of a record, for those who may use it (else None)."""
    if not may_edit_kokebok(viewer_of(request)):
        return None
    store = request.app.state.store
    return {"action": f"{EDIT_PREFIX}/legg-til", "record_id": record_id, "csrf": csrf_token(request),
            "collections": [{"id": c.id, "name": c.name} for c in kb.collections(store)],
            "back": request.url.path + (f"?{request.url.query}" if request.url.query else "")}


TEMPLATES.env.globals["kokebok_add_form"] = add_form
TEMPLATES.env.globals["may_edit_kokebok"] = may_edit_kokebok


def _editor(request: Request) -> str | Response:
    viewer = viewer_of(request)
    if not viewer.signed_in:
        return RedirectResponse(urls.login_url(request.url.path), status_code=303)
    if not may_edit_kokebok(viewer):
        raise HTTPException(403, "Bare redaktører kan lage kokebøker.")
    user = signed_in_user(request)
    return user.username if user else "ukjent"


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=40)
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    check_csrf(request, fields.get(CSRF_FIELD))
    return fields


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise HTTPException(400, "Ugyldig verdi") from None


def kokebok_router(searcher: Searcher) -> APIRouter:
    store = searcher.store
    router = APIRouter(include_in_schema=False)

    def _collection(collection_id: int) -> kb.Collection:
        try:
            return kb.collection(store, collection_id)
        except NotFound:
            raise HTTPException(404, "Fant ikke kokeboken") from None

    def _example(example_id: int) -> kb.Example:
        try:
            return kb.example(store, example_id)
        except NotFound:
            raise HTTPException(404, "Fant ikke eksempelet") from None

    @router.get(EDIT_PREFIX, response_class=HTMLResponse)
    def list_page(request: Request) -> Response:
        who = _editor(request)
        if isinstance(who, Response):
            return who
        data = {"title": "Kokebøker", "action": EDIT_PREFIX, "csrf": csrf_token(request),
                "collections": [{"name": c.name, "url": collection_url(c), "state": c.state}
                                for c in kb.collections(store)]}
        return render(request, "kokebok_list.html", data, title=data["title"])

    @router.post(EDIT_PREFIX, response_class=HTMLResponse)
    async def create(request: Request) -> Response:
        fields = await _form(request)
        who = _editor(request)
        if isinstance(who, Response):
            return who
        if not fields.get("navn", "").strip():
            raise HTTPException(400, "Kokeboken må ha et navn.")
        c = kb.create_collection(store, fields["navn"], who)
        return RedirectResponse(collection_url(c), status_code=303)

    @router.post(EDIT_PREFIX + "/legg-til", response_class=HTMLResponse)
    async def add(request: Request) -> Response:
        fields = await _form(request)
        who = _editor(request)
        if isinstance(who, Response):
            return who
        record = store.get(fields.get("record_id", ""))
        if record is None:
            raise HTTPException(404, "Fant ikke posten")
        if fields.get("ny", "").strip():
            c = kb.create_collection(store, fields["ny"], who)
        elif fields.get("samling"):
            c = _collection(_int(fields.get("samling")))
        else:
            raise HTTPException(400, "Velg en kokebok eller skriv navnet på en ny.")
        kb.add_example(store, c.id, card_from_record(
            record, lambda a, b: store.source_lines(record.file, a, b)), who)
        return RedirectResponse(collection_url(c), status_code=303)

    @router.get(EDIT_PREFIX + "/{collection_id:int}", response_class=HTMLResponse)
    def edit_collection(request: Request, collection_id: int) -> Response:
        who = _editor(request)
        if isinstance(who, Response):
            return who
        data = {**collection_page(store, _collection(collection_id)), "csrf": csrf_token(request)}
        return render(request, "kokebok_collection.html", data, title=data["title"])

    @router.post(EDIT_PREFIX + "/{collection_id:int}", response_class=HTMLResponse)
    async def change_collection(request: Request, collection_id: int) -> Response:
        fields = await _form(request)
        who = _editor(request)
        if isinstance(who, Response):
            return who
        c = _collection(collection_id)
        action = fields.get("handling", "")
        if action == "innledning":
            kb.set_introduction(store, c.id, fields.get("innledning", ""), who)
        elif action in ("opp", "ned", "fjern"):
            ex = _example(_int(fields.get("eksempel")))
            if ex.collection_id != c.id:
                raise HTTPException(404, "Fant ikke eksempelet")
            if action == "fjern":
                kb.remove_example(store, ex.id, who)
            else:
                kb.move_example(store, ex.id, -1 if action == "opp" else 1)
        elif action == "publiser":
            snap = snapshot(store, c)
            snap_html = TEMPLATES.get_template("kokebok_print.html").render(
                {"page": {**snap, "edition": len(kb.editions(store, c.id)) + 1}})
            edition = kb.publish(store, c.id, who, snap, snap_html)
            return RedirectResponse(edition_url(c.slug, edition.edition), status_code=303)
        else:
            raise HTTPException(400, "Ukjent handling")
        return RedirectResponse(collection_url(c), status_code=303)

    @router.get(EDIT_PREFIX + "/eksempel/{example_id:int}", response_class=HTMLResponse)
    def edit_card(request: Request, example_id: int) -> Response:
        who = _editor(request)
        if isinstance(who, Response):
            return who
        data = {**card_page(store, _example(example_id)), "csrf": csrf_token(request)}
        return render(request, "kokebok_card.html", data, title=data["title"])

    @router.post(EDIT_PREFIX + "/eksempel/{example_id:int}", response_class=HTMLResponse)
    async def save_card(request: Request, example_id: int) -> Response:
        fields = await _form(request)
        who = _editor(request)
        if isinstance(who, Response):
            return who
        ex = _example(example_id)
        card = ex.card
        for part in list(card.parts):
            if f"del-{part.key}" in fields:
                edit_part(card, part.key, fields[f"del-{part.key}"])
        kb.save_card(store, ex.id, card, fields.get("samtykke") == "ja", who)
        return RedirectResponse(collection_url(kb.collection(store, ex.collection_id)), status_code=303)

    def _edition(slug: str, number: int | None) -> kb.Edition:
        c = kb.collection_by_slug(store, slug)
        found = kb.edition(store, c.id, number) if c else None
        if found is None:
            raise HTTPException(404, "Fant ingen publisert kokebok her")
        return found

    def _show(request: Request, slug: str, number: int | None) -> Response:
        e = _edition(slug, number)
        data = {**e.snapshot, "pdf_url": edition_url(slug, e.edition, "pdf"),
                "docx_url": edition_url(slug, e.edition, "docx"),
                "editions": [{"edition": x.edition, "url": edition_url(slug, x.edition)}
                             for x in kb.editions(store, e.collection_id)]}
        return render(request, "kokebok_edition.html", data, title=data["title"])

    @router.get(PREFIX + "/{slug:kokebokslug}", response_class=HTMLResponse)
    def newest(request: Request, slug: str) -> Response:
        return _show(request, slug, None)

    @router.get(PREFIX + "/{slug:kokebokslug}/{number:int}", response_class=HTMLResponse)
    def one_edition(request: Request, slug: str, number: int) -> Response:
        return _show(request, slug, number)

    @router.get(PREFIX + "/{slug:kokebokslug}/{number:int}/kokebok.pdf")
    def as_pdf(request: Request, slug: str, number: int) -> Response:
        e = _edition(slug, number)
        return Response(pdf_bytes(e.html, str(request.base_url)), media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{slug}-{number}.pdf"'})

    @router.get(PREFIX + "/{slug:kokebokslug}/{number:int}/kokebok.docx")
    def as_docx(slug: str, number: int) -> Response:
        e = _edition(slug, number)
        return Response(docx_bytes(e.snapshot), headers={
            "Content-Disposition": f'attachment; filename="{slug}-{number}.docx"'},
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    return router
