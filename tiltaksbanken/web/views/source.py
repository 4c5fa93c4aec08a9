"""A source document: a human title and date, and its text with line numbers, the record
each run of lines belongs to, and (for OCR'd files) the text as read beside the repaired
one.

A source can be a 20,000-line sheet, so the page never shows all of it at once: asked for
some lines (``linjer``), it shows an excerpt around them with links to earlier and later
lines and to the whole source; otherwise the whole source a page (``side``) at a time.

A source's title comes from what its readers made of it (``summary``): the records'
common title, the cookbook's call, the kind of annual reports a sheet holds, else the
document's own title found at ingest; its date is the one ingest found in the document
(«Dato Desember 2010», «Publisert 3.5.2023», the file's metadata), stored with the source.
A converted PDF or scan shows the page each line is on («Side 3»).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from typing import Any

from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.privacy import People, Viewer, visible_lines, visible_text
from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.formats import FORMAT_LABELS, PAGE, locator_parts
from tiltaksbanken.sources.registry import reader_label
from tiltaksbanken.store import Store
from tiltaksbanken.web.urls import MAX_LINE, record_url, source_url
from tiltaksbanken.web.views.shared import (
    file_records,
    lang_of,
    record_kind_label,
)
from tiltaksbanken.web.wording import count

ORIGINAL, REPAIRED = "original", "reparert"  # the values of ``?visning=``
CONTEXT = 20  # lines shown before and after the lines asked for
MAX_WINDOW = 400  # lines at most in one excerpt
MORE = 100  # lines the «earlier» and «later» links add
PAGE_LINES = 500  # lines per page of the whole source

# Which annual reports a sheet of measures holds, by the report types its rows give.
_REPORTS = {
    frozenset({"status", "final"}): "Status- og sluttrapporter",
    frozenset({"status"}): "Statusrapporter",
    frozenset({"final"}): "Sluttrapporter",
    frozenset(): "Årsrapporter om tiltak",
}
_READ_AS = {"ocr-sheet": "skannet regneark", "form_export": "skjemaeksport"}


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
    if first < 1 or last < first or last > MAX_LINE:
        return None
    return first, last


# ---------------------------------------------------------------- title and date


def _common_title(records: list[Record]) -> str | None:
    """The part before « – » that every record's title shares («Evaluering av P1824»)."""
    heads = {r.title.split(" – ", 1)[0].strip() for r in records if " – " in r.title}
    if len(heads) == 1 and all(" – " in r.title for r in records):
        return heads.pop()
    return None


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def _places(records: list[Record], most: int = 5) -> list[str]:
    named: dict[str, None] = {}
    for r in records:
        for m in r.fields.get("municipalities") or []:
            named.setdefault(str(m), None)
    return list(named)[:most]


def _title(reader: str, records: list[Record], viewer: Viewer,
           people: People) -> tuple[str | None, str | None]:
    """(title, subtitle) of a source from its records (None: nothing to say)."""
    if not records:
        return None, None
    kinds = Counter(r.kind for r in records)
    main = kinds.most_common(1)[0][0]
    if main == "tiltak":
        types = frozenset(t for r in records if (t := r.fields.get("report_type")))
        title = _REPORTS.get(types, _REPORTS[frozenset()])
        read_as = _READ_AS.get(reader)
        counties = {r.fields.get("county") for r in records} - {None}
        sub = count(kinds["tiltak"], "tiltak")
        if counties:
            sub += " fra " + count(len(counties), "fylke", "fylker")
        return (f"{title} ({read_as})" if read_as else title), sub
    calls = [r for r in records if r.fields.get("role") == "call"]
    if calls:
        answers = len(records) - len(calls)
        return (visible_text(calls[0].title, viewer, people),
                f"{record_kind_label(calls[0])} og {count(answers, 'svar')}" if answers else None)
    if len(records) == 1:
        return visible_text(records[0].title, viewer, people), None
    common = _common_title(records)
    if common:
        first = records[0].fields
        by = first.get("organisation")
        client = first.get("client")
        sub = " for ".join(str(x) for x in (by, client) if x) or None
        return visible_text(common, viewer, people), sub
    plural = kind_of(main).plural_label
    programme = records[0].fields.get("programme")
    places = _places(records)
    title = f"{plural} fra {programme}" if programme else plural
    if places:
        title += ": " + _and_list(places)
    return title, count(len(records), kind_of(main).label.lower(), plural.lower())


def _start_years(records: list[Record]) -> str | None:
    years = sorted({str(d)[:4] for r in records if (d := r.fields.get("start_date"))})
    if not years:
        return None
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"Tiltak startet {span}"


_SUMMARIES: OrderedDict[tuple[int, str, str, str], dict[str, Any]] = OrderedDict()
_SUMMARY_LOCK = threading.Lock()


def summary(store: Store, source: dict[str, Any], viewer: Viewer,
            records: list[Record] | None = None) -> dict[str, Any]:
    """A source as lists show it: its title, subtitle and date (from the document), what
    kind of document it is, its size and its page (kept per store version)."""
    name = source["name"]
    key = (id(store), store.version(), name, viewer.role)
    with _SUMMARY_LOCK:
        if key in _SUMMARIES:
            return _SUMMARIES[key]
    records = file_records(store, name) if records is None else records
    people = People.of(records)
    title, subtitle = _title(source["reader"], records, viewer, people)
    if not title and source.get("title"):
        title = visible_text(str(source["title"]), viewer, people)
    date = source.get("date")
    fmt = source.get("format") or "text"
    data = {
        "name": name,
        "title": title or name,
        "format": fmt,
        "format_label": FORMAT_LABELS.get(fmt),
        "file_pages": source.get("pages") or None,
        "subtitle": subtitle,
        "date": date or _start_years(records),
        "date_stated": date is not None,
        "reader": source["reader"],
        "reader_label": reader_label(source["reader"]),
        "lines": source.get("lines"),
        "records": source.get("records", len(records)),
        "ocr_repaired": bool(source.get("ocr_repaired")),
        "ingested_at": source.get("ingested_at"),
        "url": source_url(name),
        "lang": lang_of(title),
    }
    with _SUMMARY_LOCK:
        _SUMMARIES[key] = data
        while len(_SUMMARIES) > 256:
            _SUMMARIES.popitem(last=False)
    return data


def summaries(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    """Every source of the store as lists show it (``summary``)."""
    return [summary(store, dict(s), viewer) for s in store.sources()]


# ---------------------------------------------------------------- the lines shown


def _owners(records: list[Record], first: int, last: int) -> dict[int, Record]:
    """Line number (within ``first``–``last``) → the first record read from it."""
    owner: dict[int, Record] = {}
    for r in records:
        for a, b in r.lines:
            for n in range(max(a, first), min(b, last) + 1):
                owner.setdefault(n, r)
    return owner


def _pages(locators: list[str | None]) -> dict[int, int]:
    """Index in ``locators`` → the page of the original file that line is on (PDF, scan)."""
    out = {}
    for i, where in enumerate(locators):
        parts = locator_parts(where)
        if parts and parts[0] == PAGE:
            out[i] = parts[1]
    return out


def _excerpt(highlight: tuple[int, int], window: tuple[int, int] | None,
             total: int) -> tuple[int, int]:
    """The lines an excerpt shows: ``window`` if asked for, else the highlight with
    ``CONTEXT`` lines either side; never more than ``MAX_WINDOW`` lines."""
    if window:
        first, last = window
    else:
        first, last = highlight[0] - CONTEXT, highlight[1] + CONTEXT
    first = max(1, min(first, total))
    last = max(first, min(last, total, first + MAX_WINDOW - 1))
    return first, last


def page(store: Store, name: str, view: str, highlight: tuple[int, int] | None,
         viewer: Viewer, window: tuple[int, int] | None = None,
         page: int | None = None) -> dict[str, Any] | None:
    """The source ``name`` as ``viewer`` may read it (None if there is none): an excerpt
    around ``highlight`` (or the lines of ``window``), or page ``page`` of the whole text,
    in the ``view`` asked for, the lines of ``highlight`` marked."""
    source = store.source(name)
    if source is None:
        return None
    repaired = bool(source.get("ocr_repaired"))
    view = ORIGINAL if view == ORIGINAL or not repaired else REPAIRED
    shown_view = ORIGINAL if view == ORIGINAL else None
    records = file_records(store, name)
    people = People.of(records)
    total = int(source.get("lines") or 0) or len(store.source_lines(name, 1, None))
    notices = []
    if highlight and highlight[0] > total:
        notices.append(f"Kilden har bare {count(total, 'linje', 'linjer')}; "
                       f"linje {highlight[0]} finnes ikke.")
        highlight, window = None, None
    pages = max(1, -(-total // PAGE_LINES))
    excerpt = highlight is not None and page is None
    if excerpt:
        assert highlight is not None
        first, last = _excerpt(highlight, window, total)
        number = (first - 1) // PAGE_LINES + 1
    else:
        number = max(1, min(page or 1, pages))
        first, last = (number - 1) * PAGE_LINES + 1, min(total, number * PAGE_LINES)
    lines = visible_lines(store.source_lines(name, first, last, repaired=view == REPAIRED),
                          viewer, people)
    owner = _owners(records, first, last)
    pages_of = _pages(store.source_locators(name, first, last) if source.get("format")
                      not in (None, "text") else [])
    out, previous, shown_page_no = [], None, None
    for n, text in enumerate(lines, start=first):
        r = owner.get(n)
        start = r is not None and r is not previous
        doc_page = pages_of.get(n - first)
        out.append({
            "n": n,
            "text": text,
            "doc_page": doc_page if doc_page is not None and doc_page != shown_page_no else None,
            "record": ({"id": r.id, "title": visible_text(r.title, viewer, people),
                        "url": record_url(r), "kind_label": record_kind_label(r)}
                       if start and r else None),
            "highlight": bool(highlight and highlight[0] <= n <= highlight[1]),
        })
        previous = r
        shown_page_no = doc_page if doc_page is not None else shown_page_no
    a, b = highlight or (None, None)
    last = first + len(lines) - 1 if lines else first - 1

    def here(v: str | None) -> str:
        if excerpt:
            return source_url(name, a, b, view=v, window=window and (first, last))
        return source_url(name, a, b, view=v, page=number if number > 1 else None)

    def shown_page(p: int) -> str:
        return source_url(name, a, b, view=shown_view, page=p)

    nav: dict[str, Any] = {}
    if excerpt:
        earlier = max(1, first - MORE)
        later = min(total, last + MORE)
        nav = {
            "earlier_url": (source_url(name, a, b, view=shown_view,
                                       window=(earlier, min(last, earlier + MAX_WINDOW - 1)))
                            if first > 1 else None),
            "later_url": (source_url(name, a, b, view=shown_view,
                                     window=(max(first, later - MAX_WINDOW + 1), later))
                          if last < total else None),
            "whole_url": shown_page(number),
        }
    else:
        nav = {
            "prev_url": shown_page(number - 1) if number > 1 else None,
            "next_url": shown_page(number + 1) if number < pages else None,
            "page_urls": [{"page": p, "url": shown_page(p)}
                          for p in range(max(1, number - 3), min(pages, number + 3) + 1)],
        }
    about = summary(store, dict(source), viewer, records)
    return {
        **about,
        "line_count": total,
        "records": len(records),
        "ocr_repaired": repaired,
        "view": view,
        "highlight": list(highlight) if highlight else None,
        "mode": "utdrag" if excerpt else "side",
        "first": first,
        "last": last,
        "page": number,
        "pages": pages,
        "notices": notices,
        "original_url": here(ORIGINAL),
        "repaired_url": here(None),
        **nav,
        "lines": out,
    }
