"""«Last opp»: an editor uploads one or more documents in the browser (a plain multipart
form, no JavaScript needed) and sees, per file, what was read from it.

Each file is saved under its own name in the upload folder and read by the same ingest
as the command line (``ingest.ingest_file``), with the search index entries stored in
the same transaction, so the searcher finds the records at once. A file with the name of
one uploaded before replaces it; a broken file is refused and leaves the store as it
was. Each file's outcome is written to the audit log. Who may upload is
``domain/privacy.may_upload``; the form carries the session's CSRF token."""

from __future__ import annotations

import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from tiltaksbanken.domain.privacy import Viewer, may_upload
from tiltaksbanken.ingest import DEFAULT_MAX_MB, FileResult, ingest_file, max_file_mb
from tiltaksbanken.search import index_records
from tiltaksbanken.store import Store
from tiltaksbanken.web import urls
from tiltaksbanken.web.pages import TEMPLATES
from tiltaksbanken.web.sessions import CSRF_FIELD, check_csrf, csrf_token
from tiltaksbanken.web.viewer import viewer_of
from tiltaksbanken.web.views.upload import result_row

FIELD = "filer"
MAX_FILES = 20  # files in one upload
MAX_NAME = 200  # characters of a file name
ONLY_EDITORS = "Bare redaktører og administratorer kan laste opp dokumenter."
NO_FILES = "Velg minst én fil å laste opp."
BAD_NAME = "filen har et ugyldig navn (the file name is invalid)"
UPLOAD_FOLDER = Path(tempfile.gettempdir()) / "tiltaksbanken-opplasting"
# One upload at a time in this process: two files of the same name must not overwrite
# each other in the upload folder while one is being read.
_LOCK = threading.Lock()
CHUNK = 1 << 20


def _save(upload: UploadFile, path: Path) -> None:
    """Copy the upload to ``path``, stopping just past ``max_file_mb``: ingest refuses a
    file that large with its own message, and no more of it is written than that."""
    limit = max_file_mb(path) * 1_000_000
    written = 0
    upload.file.seek(0)
    with path.open("wb") as out:
        while written <= limit and (chunk := upload.file.read(CHUNK)):
            out.write(chunk)
            written += len(chunk)


def safe_name(filename: str | None) -> str | None:
    """The file's own name without any folder and control characters, or None when
    nothing usable is left (empty, hidden, ``..``)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name)
                   if unicodedata.category(c)[0] != "C").strip()
    if not name or name.startswith(".") or len(name) > MAX_NAME:
        return None
    return name


def ingest_upload(store: Store, name: str, upload: UploadFile, folder: Path = UPLOAD_FOLDER) -> FileResult:
    """Save ``upload`` as ``folder/name`` and ingest it (indexed); the saved copy is removed
    afterwards, the store keeps the lines."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with _LOCK:
        try:
            _save(upload, path)
            return ingest_file(store, path, indexer=index_records)
        finally:
            path.unlink(missing_ok=True)


def upload_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def _editor(request: Request) -> Viewer | Response:
        viewer = viewer_of(request)
        if not viewer.signed_in:
            return RedirectResponse(urls.login_url(request.url.path), status_code=303)
        if not may_upload(viewer):
            raise HTTPException(403, ONLY_EDITORS)
        return viewer

    def page(request: Request, data: dict[str, Any], status: int = 200) -> Response:
        data = {**data, "csrf": csrf_token(request), "field": FIELD, "max_files": MAX_FILES,
                "limits": {kind: f"{mb:g}" for kind, mb in DEFAULT_MAX_MB.items()}}
        return TEMPLATES.TemplateResponse(request, "upload.html",
                                          {"page": data, "title": "Last opp dokumenter"},
                                          status_code=status)

    @router.get(urls.UPLOAD, response_class=HTMLResponse)
    def form(request: Request) -> Response:
        viewer = _editor(request)
        if isinstance(viewer, Response):
            return viewer
        return page(request, {"results": None})

    @router.post(urls.UPLOAD, response_class=HTMLResponse)
    async def upload(request: Request) -> Response:
        viewer = _editor(request)
        if isinstance(viewer, Response):
            return viewer
        posted = await request.form(max_files=MAX_FILES, max_fields=10)
        sent = posted.get(CSRF_FIELD)
        check_csrf(request, sent if isinstance(sent, str) else None)
        files = [f for f in posted.getlist(FIELD) if isinstance(f, UploadFile) and f.filename]
        if not files:
            return page(request, {"results": None, "error": NO_FILES}, 400)
        actor = viewer.name or str(viewer.user_id)
        rows = []
        for upload_file in files:
            name = safe_name(upload_file.filename)
            if name is None:
                result = FileResult(upload_file.filename or "", "error", error=BAD_NAME)
            else:
                result = await run_in_threadpool(ingest_upload, store, name, upload_file)
            store.audit(actor, "dokument lastet opp",
                        f"{result.file}: {result.status}, {result.records} poster"
                        + (f" ({result.error})" if result.error else ""))
            rows.append(result_row(upload_file.filename or "", result))
        await posted.close()
        return page(request, {"results": rows, "failed": sum(not r["ok"] for r in rows)})

    return router
