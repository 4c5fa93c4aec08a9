"""Counts for the grant administrator's overview: per kind, county (in both county
systems, each measure once in each) and report type, with the labels people read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from tiltaksbanken.domain.facets import value_label
from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.records import Record

UNKNOWN = "(ukjent)"


def uncertain_label(successors: list[str]) -> str:
    """The label of measures whose county from 2024 is one of ``successors``, unknown which."""
    if len(successors) == 1:
        return successors[0]
    return f"{', '.join(successors[:-1])} eller {successors[-1]} (usikkert)"


def county_2024_counts(tiltak: Iterable[Record], unknown: str = UNKNOWN
                       ) -> tuple[dict[str, int], frozenset[str]]:
    """Measures per county from 2024, each once: the county its office's municipality lies
    in, or one «A, B eller C (usikkert)» count per split county where the office does not
    tell it. Returns the counts, most first, and the uncertain labels among them."""
    counts: Counter[str] = Counter()
    uncertain: set[str] = set()
    for r in tiltak:
        counties = r.fields.get("county_2024") or []
        if not counties:
            counts[unknown] += 1
        elif r.fields.get("county_2024_uncertain", len(counties) > 1):
            label = uncertain_label(counties)
            uncertain.add(label)
            counts[label] += 1
        else:
            counts[counties[0]] += 1
    return dict(counts.most_common()), frozenset(uncertain)


def _rows(counts: dict[str, int], label: Any = str) -> list[list[Any]]:
    return [[label(name), n] for name, n in counts.items()]


def compute_stats(records: Iterable[Record]) -> dict[str, Any]:
    """Counts by code (``kinds``, ``counties`` as the form gives them, ``counties_2024``,
    ``report_types``, ``sources``) and the same as labelled ``tables`` for people."""
    kinds: Counter[str] = Counter()
    counties: Counter[str] = Counter()
    report_types: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    tiltak = []
    for r in records:
        kinds[r.kind] += 1
        sources[r.file] += 1
        if r.kind == "tiltak":
            tiltak.append(r)
            counties[r.fields.get("county") or UNKNOWN] += 1
            report_types[r.fields.get("report_type") or UNKNOWN] += 1
    counties_2024, _ = county_2024_counts(tiltak)
    stats = {
        "total": sum(kinds.values()),
        "kinds": dict(kinds.most_common()),
        "counties": dict(counties.most_common()),
        "counties_2024": counties_2024,
        "report_types": dict(report_types.most_common()),
        "sources": dict(sorted(sources.items())),
    }
    stats["tables"] = [
        {"title": "Type", "rows": _rows(stats["kinds"], lambda k: kind_of(k).label)},
        {"title": "Fylke (2020–2023, som i skjemaet)", "rows": _rows(stats["counties"])},
        {"title": "Fylke fra 2024 (der NAV-kontoret ligger)", "rows": _rows(counties_2024)},
        {"title": "Rapporttype", "rows": _rows(
            stats["report_types"],
            lambda t: "Ikke oppgitt" if t == UNKNOWN else value_label("report_type", t))},
    ]
    return stats
