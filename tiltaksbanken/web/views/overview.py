"""The overview: counts per kind, county, theme, law paragraph, report type and
continuation as bar charts whose bars lead to the search behind them, and the sources."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tiltaksbanken.domain.facets import value_label
from tiltaksbanken.search import Searcher
from tiltaksbanken.web.charts import bar_chart
from tiltaksbanken.web.urls import search_url

UNKNOWN = "Ukjent"
MEASURES = {"kind": "tiltak"}  # the charts count the measures of the annual reports


def _chart(key: str, title: str, counts: dict[str, int], facet: str, note: str = "",
           scope: dict[str, str] = MEASURES) -> dict[str, Any]:
    items = [(value_label(facet, v), n,
              search_url(filters={**scope, facet: v}) if v != UNKNOWN else None)
             for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"key": key, "title": title, "note": note, **bar_chart(items)}


def _with_unknown(counts: dict[str, int], total: int) -> dict[str, int]:
    missing = total - sum(counts.values())
    return {**counts, UNKNOWN: missing} if missing > 0 else dict(counts)


def page(searcher: Searcher) -> dict[str, Any]:
    """Counts per county, theme, law paragraph, report type and continuation, as charts."""
    store = searcher.store
    everything = searcher.facet_counts()
    measures = searcher.facet_counts({k: [v] for k, v in MEASURES.items()})
    tiltak = list(store.records(MEASURES["kind"]))
    counties = Counter(r.fields.get("county") or UNKNOWN for r in tiltak)
    counties_2024 = Counter(c for r in tiltak for c in (r.fields.get("county_2024") or [UNKNOWN]))
    charts = [
        _chart("kind", "Poster per type", everything.get("kind", {}), "kind", scope={}),
        _chart("county", "Tiltak per fylke (2020–2023, som i skjemaet)", dict(counties), "county"),
        _chart("county_2024", "Tiltak per fylke (fylkene fra 2024)", dict(counties_2024), "county",
               "Et tiltak i et fylke som ble delt i 2024, telles i hvert av de nye fylkene."),
        _chart("theme", "Tiltak per tema", measures.get("theme", {}), "theme",
               "Et tiltak kan ha flere temaer."),
        _chart("law_paragraph", "Tiltak per paragraf i sosialtjenesteloven",
               measures.get("law_paragraph", {}), "law_paragraph", "Flere valg mulig."),
        _chart("report_type", "Tiltak per rapporttype",
               _with_unknown(measures.get("report_type", {}), len(tiltak)), "report_type"),
        _chart("continuation", "Skal tiltaket videreføres?",
               _with_unknown(measures.get("continuation", {}), len(tiltak)), "continuation"),
    ]
    return {"total": sum(everything.get("kind", {}).values()), "tiltak": len(tiltak),
            "charts": charts,
            "sources": [{k: v for k, v in s.items() if k != "path"} for s in store.sources()]}
