"""The overview: counts per kind, county, theme, law paragraph, report type and
continuation as bar charts whose bars lead to the search behind them, and the sources.

Counties are counted in both systems, each measure once in each: the 2020–2023 county
as the form gives it, and the county from 2024 its office's municipality lies in."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tiltaksbanken.domain.facets import value_label
from tiltaksbanken.search import Searcher
from tiltaksbanken.search.stats import county_2024_counts
from tiltaksbanken.web.charts import bar_chart
from tiltaksbanken.web.urls import search_url

UNKNOWN = "Ukjent"
MEASURES = {"kind": "tiltak"}  # the charts count the measures of the annual reports


def _chart(key: str, title: str, counts: dict[str, int], facet: str, note: str = "",
           scope: dict[str, str] = MEASURES, plain: bool = False,
           unlinked: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A chart of ``counts`` per value of ``facet``, each bar leading to its search (not
    those of ``unknown`` or ``unlinked`` values); ``plain`` labels a bar by its value."""
    items = [(v if plain else value_label(facet, v), n,
              search_url(filters={**scope, facet: v}) if v != UNKNOWN and v not in unlinked
              else None)
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
    counties_2024, uncertain = county_2024_counts(tiltak, UNKNOWN)
    note_2024 = "Fylket fra 2024 er fylket kommunen til NAV-kontoret ligger i."
    if uncertain:
        note_2024 += (" Der kontoret ikke er kjent og fylket ble delt i 2024, er det usikkert"
                      " hvilket av de nye fylkene tiltaket hører til.")
    charts = [
        _chart("kind", "Poster per type", everything.get("kind", {}), "kind", scope={}),
        _chart("county", "Tiltak per fylke (2020–2023, som i skjemaet)", dict(counties), "county",
               "Hvert tiltak telles én gang, i fylket skjemaet oppgir.", plain=True),
        _chart("county_2024", "Tiltak per fylke (fylkene fra 2024)", counties_2024, "county",
               note_2024, plain=True, unlinked=uncertain),
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
