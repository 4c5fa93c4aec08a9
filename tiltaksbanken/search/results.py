"""What a search returns: hits (with provenance and a masked snippet) and the result page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    score: float
    file: str
    lines: list[list[int]]
    snippet: str
    matched_fields: list[str]
    themes: list[str] = field(default_factory=list)
    nav_office: str | None = None  # where the item comes from (no personal data)
    county: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    also_searched: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits],
                "facets": self.facets, "also_searched": self.also_searched}
