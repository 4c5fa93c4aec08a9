"""What each page shows, as plain JSON-ready data: the HTML templates and the JSON twins
render the same dictionaries, and nothing here knows about HTTP.

Everything a view returns has been through the privacy masks: no contact
e-mails, phone numbers or recorded names of public employees.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

from tiltaksbanken.domain.form import form_fields, law_paragraphs, lovdata_url
from tiltaksbanken.domain.privacy import PERSONAL_FIELDS, mask_personal, name_pattern, public_view
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search import Searcher
from tiltaksbanken.store import Store
from tiltaksbanken.web.charts import bar_chart

PAGE_SIZE = 20
MAX_QUERY_CHARS = 500
MAX_SOURCE_LINES_PER_FIELD = 80

KIND_LABELS = {
    "tiltak": "Tiltak",
    "news": "Nyhet",
    "cookbook": "Kokebokeksempel",
    "evaluation": "Evaluering",
    "document": "Dokument",
}
KIND_PATHS = {
    "tiltak": "tiltak",
    "news": "nyhet",
    "cookbook": "kokebok",
    "evaluation": "evaluering",
    "document": "dokument",
}
PATH_KINDS = {v: k for k, v in KIND_PATHS.items()}

# The facets a visitor can filter on, in the order the page shows them.
FACET_LABELS = {
    "kind": "Type",
    "theme": "Tema",
    "county": "Fylke",
    "nav_office": "NAV-kontor",
    "report_type": "Rapporttype",
    "law_paragraph": "Paragraf i sosialtjenesteloven",
    "start_year": "Startår",
    "continuation": "Videreføres",
}
FACET_SHOWN = 8  # values shown before "Vis alle"
FIELD_LABELS = {
    "text": "Tekst",
    "notice": "Innmelding",
    "answer": "Utfyllende svar",
    "organisation": "Organisasjon",
    "municipalities": "Kommuner",
    "nav_offices": "NAV-kontor",
    "programme": "Program",
    "initiatives": "Tiltak og prosjekter",
    "context": "Sammenheng",
    "intro": "Innledning",
    "client": "Oppdragsgiver",
    "report_title": "Rapport",
    "chapter": "Kapittel",
    "heading": "Overskrift",
    "replies": "Svar",
    "role": "Rolle",
}


def record_url(record_id: str, kind: str) -> str:
    return f"/{KIND_PATHS.get(kind, 'dokument')}/{record_id}"


def source_url(file: str, first: int | None = None, last: int | None = None) -> str:
    if first is None:
        return f"/kilde/{file}"
    last = last or first
    return f"/kilde/{file}?linjer={first}-{last}#L{first}"


@lru_cache(maxsize=8192)
def _query_pair(key: str, value: str) -> str:
    """One ``key=value`` of a query string, encoded as ``urlencode`` does (a page has
    hundreds of facet links that share most of their pairs)."""
    return f"{quote_plus(key)}={quote_plus(value)}"


def search_url(**params: Any) -> str:
    """A search page URL; list values become repeated parameters."""
    pairs = [_query_pair(k, str(v)) for k, vs in params.items()
             for v in (vs if isinstance(vs, list) else [vs]) if v not in (None, "")]
    return "/?" + "&".join(pairs) if pairs else "/"


def _law_titles() -> dict[str, str]:
    return {p["code"]: p["title"] for p in law_paragraphs()}


def facet_value_label(facet: str, value: str) -> str:
    if facet == "kind":
        return KIND_LABELS.get(value, value)
    if facet == "report_type":
        return {"status": "Statusrapportering", "final": "Sluttrapportering"}.get(value, value)
    if facet == "continuation":
        return {"yes": "Ja", "no": "Nei"}.get(value, value)
    if facet == "law_paragraph":
        title = _law_titles().get(value)
        return f"{value} {title}" if title else value
    if facet == "theme":
        return value[:1].upper() + value[1:]
    return value


def clean_query(text: str) -> tuple[str, str | None]:
    """The query without control characters, cut to a sensible length, and a notice."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c
                   for c in text)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS], (
            f"Søket var langt, så bare de første {MAX_QUERY_CHARS} tegnene ble brukt.")
    return text, None


# ---------------------------------------------------------------- search page


@dataclass
class SearchParams:
    query: str
    filters: dict[str, list[str]]
    page: int


def parse_search_params(params: dict[str, list[str]]) -> tuple[SearchParams, list[str]]:
    """Search state from the query string (any shape), and notices for the visitor."""
    notices: list[str] = []
    query, notice = clean_query(" ".join(params.get("q", [])))
    if notice:
        notices.append(notice)
    filters = {}
    for name in FACET_LABELS:
        values = [clean_query(v)[0] for v in params.get(name, [])]
        values = list(dict.fromkeys(v for v in values if v))[:50]
        if values:
            filters[name] = values
    try:
        page = int((params.get("side") or ["1"])[0])
    except ValueError:
        page = 1
    return SearchParams(query, filters, max(1, min(page, 10_000))), notices


def _state(params: SearchParams, **changes: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"q": params.query, **{k: list(v) for k, v in params.filters.items()}}
    state.update(changes)
    return state


def _facet_groups(searcher: Searcher, params: SearchParams,
                  counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Facets with counts; a facet the visitor filters on counts as if it were not filtered,
    so more of its values can be added (values of one facet combine with "or")."""
    groups = []
    for name, label in FACET_LABELS.items():
        selected = params.filters.get(name, [])
        values = counts.get(name, {})
        if selected:
            others = {k: v for k, v in params.filters.items() if k != name}
            values = searcher.search(params.query, others, limit=0).facets.get(name, {})
        chosen = {s.casefold() for s in selected}
        options = []
        for value, count in values.items():
            on = value.casefold() in chosen
            rest = [s for s in selected if s.casefold() != value.casefold()]
            toggled = _state(params, **{name: rest if on else [*selected, value]})
            options.append({"value": value, "label": facet_value_label(name, value),
                            "count": count, "selected": on, "toggle_url": search_url(**toggled)})
        known = {o["value"].casefold() for o in options}
        for value in selected:
            if value.casefold() not in known:
                rest = [s for s in selected if s != value]
                options.insert(0, {"value": value, "label": facet_value_label(name, value),
                                   "count": 0, "selected": True,
                                   "toggle_url": search_url(**_state(params, **{name: rest}))})
        if options:
            options.sort(key=lambda o: (not o["selected"], -o["count"], o["label"]))
            groups.append({"name": name, "label": label, "options": options,
                           "shown": max(FACET_SHOWN, sum(o["selected"] for o in options))})
    return groups


def search_page(searcher: Searcher, params: SearchParams) -> dict[str, Any]:
    """Hits, facets, spelling hints and paging for the search page."""
    offset = (params.page - 1) * PAGE_SIZE
    result = searcher.search(params.query, params.filters, limit=PAGE_SIZE, offset=offset)
    hits = [{**hit.to_dict(), "url": record_url(hit.id, hit.kind),
             "kind_label": KIND_LABELS.get(hit.kind, hit.kind),
             "matched_labels": _matched_labels(hit.matched_fields)}
            for hit in result.hits]
    pages = max(1, -(-result.total // PAGE_SIZE))
    active = [{"facet": FACET_LABELS[k], "label": facet_value_label(k, v),
               "remove_url": search_url(**_state(params, **{k: [x for x in vs if x != v]}))}
              for k, vs in params.filters.items() for v in vs]
    return {
        "query": params.query,
        "filters": params.filters,
        "page": params.page,
        "pages": pages,
        "page_size": PAGE_SIZE,
        "total": result.total,
        "hits": hits,
        "facets": _facet_groups(searcher, params, result.facets),
        "active_filters": active,
        "also_searched": result.also_searched,
        "prev_url": search_url(**_state(params, side=params.page - 1)) if params.page > 1 else None,
        "next_url": search_url(**_state(params, side=params.page + 1)) if params.page < pages else None,
        "page_urls": [{"page": p, "url": search_url(**_state(params, side=p))}
                      for p in _page_window(params.page, pages)],
    }


def _page_window(page: int, pages: int) -> list[int]:
    return list(range(max(1, page - 3), min(pages, page + 3) + 1))


def _matched_labels(fields: list[str]) -> list[str]:
    labels = _field_labels()
    out = []
    for f in fields:
        label = labels.get(f.removesuffix("_text").removesuffix("_ocr"))
        if label and label not in out:
            out.append(label)
    return out


def _field_labels() -> dict[str, str]:
    short = {
        "name": "navn", "nav_office": "NAV-kontor", "county": "fylke", "start": "oppstart",
        "report_type": "rapporttype", "target_group": "målgruppe", "description": "beskrivelse",
        "develops": "hva tiltaket utvikler", "law_paragraphs": "paragrafer",
        "interest_from_others": "interesse hos andre", "tried_elsewhere": "prøves ut andre steder",
        "partners": "samarbeid", "achievements": "oppnådd", "measurement": "måloppnåelse",
        "challenges": "utfordringer", "success_factors": "suksessfaktorer",
        "continuation": "videreføring", "title": "tittel",
    }
    return {**{k: v.lower() for k, v in FIELD_LABELS.items()}, **short}


# ---------------------------------------------------------------- record pages


def _source_rows(store: Store, record: Record, key: str, repaired_source: bool,
                 fields: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for first, last in record.field_sources.get(key, []):
        last = min(last, first + MAX_SOURCE_LINES_PER_FIELD - 1 - len(rows))
        if last < first:
            break
        original = store.source_lines(record.file, first, last)
        repaired = store.source_lines(record.file, first, last, repaired=True) if repaired_source else original
        for n, (o, r) in enumerate(zip(original, repaired, strict=False), start=first):
            o, r = mask_personal(o, fields), mask_personal(r, fields)
            rows.append({"line": n, "original": o, "repaired": r, "changed": o != r})
    return rows


def _field_view(store: Store, record: Record, key: str, label: str, value: Any,
                public: dict[str, Any], repaired_source: bool) -> dict[str, Any]:
    ranges = public["field_sources"].get(key, [])
    original = (public["fields"].get("ocr_original") or {}).get(key)
    return {
        "key": key,
        "label": label,
        "value": value,
        "original": original,
        "confidence": (public["fields"].get("confidence") or {}).get(key),
        "lines": ranges,
        "source_url": source_url(record.file, ranges[0][0], ranges[-1][1]) if ranges else None,
        "source_rows": _source_rows(store, record, key, repaired_source, record.fields) if ranges else [],
    }


def _tiltak_fields(store: Store, record: Record, public: dict[str, Any],
                   repaired: bool) -> list[dict[str, Any]]:
    f = public["fields"]
    out = []
    for field in form_fields():
        if field.key in PERSONAL_FIELDS:
            continue
        value: Any = f.get(field.key)
        if field.key == "county":
            value = {"name": f.get("county"), "url": search_url(county=f["county"]) if f.get("county") else None,
                     "successors": [{"name": c, "url": search_url(county=c)}
                                    for c in f.get("county_2024") or [] if c != f.get("county")],
                     "text": f.get("county_text")}
        elif field.key == "nav_office":
            value = {"name": f.get("nav_office"),
                     "url": search_url(nav_office=f["nav_office"]) if f.get("nav_office") else None}
        elif field.key == "start":
            value = f.get("start_date") or f.get("start")
        elif field.key == "report_type":
            value = facet_value_label("report_type", f["report_type"]) if f.get("report_type") else f.get("report_type_text")
        elif field.key == "law_paragraphs":
            value = [{"code": c, "title": _law_titles().get(c, ""), "url": lovdata_url(c)}
                     for c in f.get("law_paragraphs") or []]
        elif field.key == "continuation":
            cont = f.get("continuation") or {}
            value = {"answer": {"yes": "Ja", "no": "Nei"}.get(cont.get("answer") or ""),
                     "text": cont.get("text")}
        out.append(_field_view(store, record, field.key, field.question, value, public, repaired))
    return out


def _other_fields(store: Store, record: Record, public: dict[str, Any],
                  repaired: bool) -> list[dict[str, Any]]:
    f = public["fields"]
    order = ["organisation", "report_title", "client", "programme", "municipalities",
             "nav_offices", "initiatives", "notice", "answer", "intro", "text", "context"]
    if record.kind == "evaluation" and f.get("sections"):
        order.remove("text")
    if record.kind == "cookbook" and (f.get("notice") or f.get("answer")):
        order.remove("text")
    out = []
    for key in order:
        value = f.get(key)
        if value in (None, "", []):
            continue
        out.append(_field_view(store, record, key, FIELD_LABELS.get(key, key), value, public, repaired))
    return out


def _themes(searcher: Searcher, record_id: str) -> list[dict[str, Any]]:
    return [{"name": name, "label": facet_value_label("theme", name),
             "why": ", ".join(why[:6]) if isinstance(why, list) else str(why),
             "url": search_url(theme=name)}
            for name, why in sorted(searcher.themes(record_id).items())]


def record_page(searcher: Searcher, record: Record) -> dict[str, Any]:
    store = searcher.store
    """One item: its fields under the form's own questions, provenance and source view."""
    public = public_view(record.to_dict())
    source = store.source(record.file)
    repaired = bool(source and source.get("ocr_repaired"))
    fields = (_tiltak_fields if record.kind == "tiltak" else _other_fields)(store, record, public, repaired)
    f = public["fields"]
    sections = [{"number": s.get("number"), "heading": s.get("heading"), "text": s.get("text"),
                 "lines": s.get("lines") or []} for s in f.get("sections") or []]
    replies = [{"text": r.get("text") if isinstance(r, dict) else str(r)} for r in f.get("replies") or []]
    return {
        "id": record.id,
        "kind": record.kind,
        "kind_label": KIND_LABELS.get(record.kind, record.kind),
        "title": public["title"],
        "url": record_url(record.id, record.kind),
        "file": record.file,
        "lines": public["source"]["lines"],
        "source_url": source_url(record.file, record.lines[0][0], record.lines[-1][1]) if record.lines else source_url(record.file),
        "ocr_repaired": repaired,
        "fields": fields,
        "sections": sections,
        "replies": replies,
        "themes": _themes(searcher, record.id),
        "similar": [{**h.to_dict(), "url": record_url(h.id, h.kind),
                     "kind_label": KIND_LABELS.get(h.kind, h.kind)}
                    for h in searcher.similar(record.id, 5)],
    }


# ---------------------------------------------------------------- source documents


def source_page(store: Store, name: str, view: str, highlight: tuple[int, int] | None) -> dict[str, Any] | None:
    """A whole source text with line numbers, the record each run of lines belongs to."""
    source = store.source(name)
    if source is None:
        return None
    repaired = bool(source.get("ocr_repaired"))
    view = "original" if view == "original" or not repaired else "reparert"
    lines = store.source_lines(name, 1, None, repaired=view == "reparert")
    records = [r for r in store.records() if r.file == name]
    owner: dict[int, Record] = {}
    for r in records:
        for a, b in r.lines:
            for n in range(a, b + 1):
                owner.setdefault(n, r)
    people = {"contact_name": [n for r in records for n in _contact_names(r)]}
    pattern = name_pattern(people)
    out, previous = [], None
    for n, text in enumerate(lines, start=1):
        r = owner.get(n)
        start = r is not None and r is not previous
        masked = mask_personal(text, {}) if pattern is None else pattern.sub("[navn skjult]", mask_personal(text, {}))
        out.append({
            "n": n,
            "text": masked,
            "record": ({"id": r.id, "title": mask_personal(r.title, r.fields), "url": record_url(r.id, r.kind),
                        "kind_label": KIND_LABELS.get(r.kind, r.kind)} if start and r else None),
            "highlight": bool(highlight and highlight[0] <= n <= highlight[1]),
        })
        previous = r
    return {
        "name": name,
        "reader": source["reader"],
        "line_count": len(lines),
        "records": len(records),
        "ocr_repaired": repaired,
        "view": view,
        "highlight": list(highlight) if highlight else None,
        "original_url": f"/kilde/{name}?visning=original" + (f"&linjer={highlight[0]}-{highlight[1]}" if highlight else ""),
        "repaired_url": f"/kilde/{name}" + (f"?linjer={highlight[0]}-{highlight[1]}" if highlight else ""),
        "lines": out,
    }


def _contact_names(record: Record) -> list[str]:
    value = record.fields.get("contact_name") or []
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


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


# ---------------------------------------------------------------- overview


def overview_page(searcher: Searcher) -> dict[str, Any]:
    store = searcher.store
    """Counts per county, theme, law paragraph, report type and continuation, as charts."""
    everything = searcher.facet_counts()
    tiltak_facets = searcher.facet_counts({"kind": ["tiltak"]})
    tiltak = list(store.records("tiltak"))
    counties = Counter(r.fields.get("county") or "Ukjent" for r in tiltak)
    counties_2024 = Counter(c for r in tiltak for c in (r.fields.get("county_2024") or ["Ukjent"]))

    def chart(key: str, title: str, counts: dict[str, int], facet: str, note: str = "",
              scope: dict[str, Any] | None = None) -> dict[str, Any]:
        scope = {"kind": "tiltak"} if scope is None else scope
        items = [(facet_value_label(facet, v), n,
                  search_url(**{**scope, facet: v}) if v != "Ukjent" else None)
                 for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        return {"key": key, "title": title, "note": note, **bar_chart(items)}

    charts = [
        chart("kind", "Poster per type", everything.get("kind", {}), "kind", scope={}),
        chart("county", "Tiltak per fylke (2020–2023, som i skjemaet)", dict(counties), "county"),
        chart("county_2024", "Tiltak per fylke (fylkene fra 2024)", dict(counties_2024), "county",
              "Et tiltak i et fylke som ble delt i 2024, telles i hvert av de nye fylkene."),
        chart("theme", "Tiltak per tema", tiltak_facets.get("theme", {}), "theme",
              "Et tiltak kan ha flere temaer."),
        chart("law_paragraph", "Tiltak per paragraf i sosialtjenesteloven",
              tiltak_facets.get("law_paragraph", {}), "law_paragraph", "Flere valg mulig."),
        chart("report_type", "Tiltak per rapporttype",
              _with_unknown(tiltak_facets.get("report_type", {}), len(tiltak)), "report_type"),
        chart("continuation", "Skal tiltaket videreføres?",
              _with_unknown(tiltak_facets.get("continuation", {}), len(tiltak)), "continuation"),
    ]
    return {"total": sum(everything.get("kind", {}).values()), "tiltak": len(tiltak), "charts": charts,
            "sources": [{k: v for k, v in s.items() if k != "path"} for s in store.sources()]}


def _with_unknown(counts: dict[str, int], total: int) -> dict[str, int]:
    missing = total - sum(counts.values())
    return {**counts, "Ukjent": missing} if missing > 0 else dict(counts)

