"""Facets: the ways a visitor narrows a search (kind, theme, county, NAV office, …).

Each facet is a class, registered once with ``@register``: its name (the URL and API
parameter), its Norwegian label, which values a record gives it and how a value is
labelled. The search index stores the values, the engine counts them, and the web page,
the JSON API and the CLI's ``--filter`` read the registry, so a new facet is one class
here and nothing else.
"""

from __future__ import annotations

from typing import Any, ClassVar

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.records import Record


class Facet:
    """A facet; subclasses set ``name`` and ``label`` and say which values a record has."""

    name: ClassVar[str]
    label: ClassVar[str]
    from_index: ClassVar[bool] = False  # values are given by the search index, not the record

    def values(self, record: Record) -> list[str]:
        """The values ``record`` has for this facet (none: it is not counted)."""
        return []

    def value_label(self, value: str) -> str:
        """How a value is shown to a person."""
        return value


_REGISTRY: dict[str, Facet] = {}


def register(cls: type[Facet]) -> type[Facet]:
    """Register a facet class (its instance is what engine, web, API and CLI use)."""
    _REGISTRY[cls.name] = cls()
    return cls


def facets() -> dict[str, Facet]:
    """Every registered facet by name, in the order pages show them."""
    return dict(_REGISTRY)


def facet(name: str) -> Facet | None:
    return _REGISTRY.get(name)


def value_label(name: str, value: str) -> str:
    """The label of ``value`` of the facet ``name`` (the value itself for an unknown facet)."""
    found = _REGISTRY.get(name)
    return found.value_label(value) if found else value


def _tiltak(record: Record) -> dict[str, Any] | None:
    return record.fields if record.kind == "tiltak" else None


class TiltakFieldFacet(Facet):
    """A facet whose values are one field of a ``tiltak`` (one value, or a list of them)."""

    field: ClassVar[str]

    def values(self, record: Record) -> list[str]:
        f = _tiltak(record)
        value = f.get(self.field) if f else None
        if not value:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [self.clean(value)]

    def clean(self, value: Any) -> str:
        """The facet value of the field's value."""
        return str(value)


@register
class KindFacet(Facet):
    name = "kind"
    label = "Type"

    def values(self, record: Record) -> list[str]:
        return [record.kind]

    def value_label(self, value: str) -> str:
        return kind_of(value).label if value else value


@register
class ThemeFacet(Facet):
    name = "theme"
    label = "Tema"
    from_index = True  # themes come from the lexicon and from meaning, at indexing

    def value_label(self, value: str) -> str:
        return value[:1].upper() + value[1:]


@register
class CountyFacet(Facet):
    name = "county"
    label = "Fylke"

    def values(self, record: Record) -> list[str]:
        f = _tiltak(record)
        if not f or not f.get("county"):
            return []
        return [f["county"], *[c for c in f.get("county_2024") or [] if c != f["county"]]]


@register
class NavOfficeFacet(TiltakFieldFacet):
    name = "nav_office"
    label = "NAV-kontor"
    field = "nav_office"

    def clean(self, value: Any) -> str:
        return " ".join(str(value).split())


@register
class MunicipalityFacet(Facet):
    name = "municipality"
    label = "Kommune"

    def values(self, record: Record) -> list[str]:
        if record.kind == "tiltak":
            return []
        return list(record.fields.get("municipalities") or [])


@register
class ReportTypeFacet(TiltakFieldFacet):
    name = "report_type"
    label = "Rapporttype"
    field = "report_type"

    def value_label(self, value: str) -> str:
        return {"status": "Statusrapportering", "final": "Sluttrapportering"}.get(value, value)


@register
class LawParagraphFacet(TiltakFieldFacet):
    name = "law_paragraph"
    label = "Paragraf i sosialtjenesteloven"
    field = "law_paragraphs"

    def value_label(self, value: str) -> str:
        titles = {p["code"]: p["title"] for p in load_data("law_paragraphs.json")["paragraphs"]}
        title = titles.get(value)
        return f"{value} {title}" if title else value


@register
class StartYearFacet(TiltakFieldFacet):
    name = "start_year"
    label = "Startår"
    field = "start_date"

    def clean(self, value: Any) -> str:
        return str(value)[:4]


@register
class ContinuationFacet(Facet):
    name = "continuation"
    label = "Videreføres"

    def values(self, record: Record) -> list[str]:
        f = _tiltak(record)
        answer = ((f or {}).get("continuation") or {}).get("answer")
        return [answer] if answer else []

    def value_label(self, value: str) -> str:
        return {"yes": "Ja", "no": "Nei"}.get(value, value)


def record_facet_values(record: Record) -> dict[str, list[str]]:
    """The values ``record`` gives each facet (the index adds those ``from_index``)."""
    return {name: values for name, f in _REGISTRY.items() if (values := f.values(record))}
