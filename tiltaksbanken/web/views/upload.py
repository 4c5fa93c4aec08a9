"""The upload page's data: one row per uploaded file in Norwegian (what happened to it,
its format, the reader that read it, how many records it gave, or why it was refused)."""

from __future__ import annotations

from typing import Any

from tiltaksbanken.ingest import FileResult

STATUS_LABELS = {"added": "lagt til", "replaced": "erstattet", "unchanged": "uendret",
                 "error": "feil"}
FORMAT_LABELS = {"text": "tekst", "pdf": "PDF", "scan": "skannet bilde", "docx": "Word (DOCX)",
                 "odt": "OpenDocument (ODT)", "html": "nettside (HTML)"}


def result_row(upload_name: str, result: FileResult) -> dict[str, Any]:
    """One file's row: the name it was uploaded under, the name its records cite, its
    status (Norwegian), format, reader, number of records and error message."""
    return {"upload": upload_name, "name": result.file, "ok": result.ok,
            "status": STATUS_LABELS.get(result.status, result.status),
            "format": FORMAT_LABELS.get(result.format or "", result.format or ""),
            "reader": result.reader or "", "records": result.records,
            "error": result.error or "", "notes": list(result.notes)}
