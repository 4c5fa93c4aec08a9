"""A source document: its whole text with line numbers, the record each run of lines
belongs to, and (for OCR'd files) the text as read beside the repaired one."""

from __future__ import annotations

from typing import Any

from tiltaksbanken.domain.privacy import People, Viewer, visible_lines, visible_text
from tiltaksbanken.domain.records import Record
from tiltaksbanken.store import Store
from tiltaksbanken.web.urls import record_url, source_url
from tiltaksbanken.web.views.shared import file_records, kind_label

ORIGINAL, REPAIRED = "original", "reparert"  # the values of ``?visning=``


def parse_line_range(text: str | None) -> tuple[int, int] | None:
    """``120-140`` or ``120`` (also ``L120-L140``) as a line range, else None."""
    if not text:
        return None
    parts = text.replace("L", "").split("-", 1)
    try:
        first = int(parts[0])
        last = int(parts[1]) if len(parts) > 1 and parts[1] else first
    except ValueError:
        return None
    if first < 1 or last < first:
        return None
    return first, last


def _owners(records: list[Record]) -> dict[int, Record]:
    """Line number → the first record read from it."""
    owner: dict[int, Record] = {}
    for r in records:
        for a, b in r.lines:
            for n in range(a, b + 1):
                owner.setdefault(n, r)
    return owner


def page(store: Store, name: str, view: str, highlight: tuple[int, int] | None,
         viewer: Viewer) -> dict[str, Any] | None:
    """The source ``name`` as ``viewer`` may read it (None if there is none): its lines in
    the ``view`` asked for, those of ``highlight`` marked."""
    source = store.source(name)
    if source is None:
        return None
    repaired = bool(source.get("ocr_repaired"))
    view = ORIGINAL if view == ORIGINAL or not repaired else REPAIRED
    records = file_records(store, name)
    people = People.of(records)
    lines = visible_lines(store.source_lines(name, 1, None, repaired=view == REPAIRED),
                          viewer, people)
    owner = _owners(records)
    out, previous = [], None
    for n, text in enumerate(lines, start=1):
        r = owner.get(n)
        start = r is not None and r is not previous
        out.append({
            "n": n,
            "text": text,
            "record": ({"id": r.id, "title": visible_text(r.title, viewer, people),
                        "url": record_url(r), "kind_label": kind_label(r.kind)}
                       if start and r else None),
            "highlight": bool(highlight and highlight[0] <= n <= highlight[1]),
        })
        previous = r
    first, last = highlight or (None, None)
    return {
        "name": name,
        "reader": source["reader"],
        "line_count": len(lines),
        "records": len(records),
        "ocr_repaired": repaired,
        "view": view,
        "highlight": list(highlight) if highlight else None,
        "original_url": source_url(name, first, last, view=ORIGINAL),
        "repaired_url": source_url(name, first, last),
        "lines": out,
    }
