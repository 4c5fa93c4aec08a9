"""Records: what every reader yields and the store keeps, with provenance.

A record is one searchable item (a measure, a news paragraph, a cookbook
example, an evaluation chapter, a plain document). It keeps the source file
and the 1-based inclusive line ranges it came from, for the whole record and
for each field.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from tiltaksbanken.domain.kinds import KIND_NAMES as KINDS

LineRange = tuple[int, int]


def merge_ranges(ranges: list[LineRange]) -> list[LineRange]:
    """Sort line ranges and join those that touch or overlap."""
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


@dataclass
class Record:
    """One item of the bank. ``id`` is assigned when the record is ingested."""

    kind: str
    title: str
    fields: dict[str, Any]
    file: str
    field_sources: dict[str, list[LineRange]] = field(default_factory=dict)
    lines: list[LineRange] = field(default_factory=list)
    ordinal: int = 0
    id: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown record kind {self.kind!r}")
        self.field_sources = {k: merge_ranges(v) for k, v in self.field_sources.items() if v}
        if not self.lines:
            self.lines = merge_ranges([r for rs in self.field_sources.values() for r in rs])
        else:
            self.lines = merge_ranges(self.lines)

    def assign_id(self, source_key: str) -> str:
        """Give the record a stable id from its source document and position."""
        digest = hashlib.sha1(f"{source_key}\x00{self.kind}\x00{self.ordinal}".encode()).hexdigest()
        self.id = f"{self.kind[0]}{digest[:11]}"
        return self.id

    @property
    def source(self) -> dict[str, Any]:
        return {"file": self.file, "lines": [list(r) for r in self.lines]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "fields": self.fields,
            "source": self.source,
            "field_sources": {k: [list(r) for r in v] for k, v in self.field_sources.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls(
            id=data["id"],
            kind=data["kind"],
            title=data["title"],
            fields=data["fields"],
            file=data["source"]["file"],
            lines=[tuple(r) for r in data["source"]["lines"]],
            field_sources={k: [tuple(r) for r in v] for k, v in data["field_sources"].items()},
            ordinal=data.get("ordinal", 0),
        )
