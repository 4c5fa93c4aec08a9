"""Counts for the grant administrator's overview: per kind, county, report type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from tiltaksbanken.domain.records import Record


def compute_stats(records: Iterable[Record]) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    counties: Counter[str] = Counter()
    report_types: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for r in records:
        kinds[r.kind] += 1
        sources[r.file] += 1
        if r.kind == "tiltak":
            counties[r.fields.get("county") or "(ukjent)"] += 1
            report_types[r.fields.get("report_type") or "(ukjent)"] += 1
    return {
        "total": sum(kinds.values()),
        "kinds": dict(kinds.most_common()),
        "counties": dict(counties.most_common()),
        "report_types": dict(report_types.most_common()),
        "sources": dict(sorted(sources.items())),
    }
