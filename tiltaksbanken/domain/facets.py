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
from tiltaksbanken.domain.evidence import level as evidence_level
from tiltaksbanken.domain.kinds import kind as kind_of
from tiltaksbanken.domain.lessons import themes as lesson_themes
from tiltaksbanken.domain.offices import canonical_offices, find_offices
from tiltaksbanken.domain.places import county_period
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
    """A measure's county in both systems, each once: the 2020–2023 county as the form
    gives it (Viken) and the county from 2024 its office lies in (Akershus). A filter on
    ``Viken`` lists every Viken measure; one on ``Akershus`` only those whose office is in
    Akershus. Where the office does not tell the 2024 county of a split county, the
    measure has no 2024 value (``county_2024_uncertain``): it is not guessed into each."""

    name = "county"
    label = "Fylke"

    def values(self, record: Record) -> list[str]:
        f = _tiltak(record)
        if not f:
            return []
        out = [f["county"]] if f.get("county") else []
        county_2024 = f.get("county_2024") or []
        if not f.get("county_2024_uncertain", len(county_2024) > 1):
            out += [c for c in county_2024[:1] if c not in out]
        return out

    def value_label(self, value: str) -> str:
        period = county_period(value)
        if period == "2020-2023":
            return f"{value} (2020–2023)"
        if period == "2024-":
            return f"{value} (fra 2024)"
        return value


@register
class NavOfficeFacet(Facet):
    """The canonical NAV offices a record names (``domain/offices.py``): a measure run by
    four offices counts once under each; news items count under the offices they name
    that the gazetteer knows."""

    name = "nav_office"
    label = "NAV-kontor"

    def values(self, record: Record) -> list[str]:
        f = record.fields
        if record.kind == "tiltak":
            if "nav_offices" in f:
                return list(f.get("nav_offices") or [])
            return canonical_offices(f.get("nav_office"), f.get("county"))
        found = [o.name for text in f.get("nav_offices") or [] for o in find_offices(text)
                 if o.known]
        return list(dict.fromkeys(found))


@register
class MunicipalityFacet(Facet):
    """Municipalities a record names; for a measure, those its offices serve."""

    name = "municipality"
    label = "Kommune"

    def values(self, record: Record) -> list[str]:
        return list(dict.fromkeys(record.fields.get("municipalities") or []))


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
        return f"{value} {title}" if title and title != value else value  # «Andre», not twice


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


class LessonFacet(Facet):
    """The themes of a record's statements of one class (``domain/lessons.py``); the index
    gives them, as it analyses the statements."""

    from_index = True

    def value_label(self, value: str) -> str:
        found = lesson_themes().get(value)
        return found.label if found else value


@register
class SuccessFactorFacet(LessonFacet):
    name = "success_factor"
    label = "Suksessfaktor"


@register
class ChallengeFacet(LessonFacet):
    name = "challenge"
    label = "Utfordring"


@register
class EvidenceFacet(Facet):
    """A measure's evidence level (``domain/evidence.py``): the editor's where set, else the
    bank's suggestion; the index gives it (the editor's levels are in the store)."""

    name = "evidence"
    label = "Evidensnivå"
    from_index = True

    def value_label(self, value: str) -> str:
        found = evidence_level(value)
        return found.label if found else value


def record_facet_values(record: Record) -> dict[str, list[str]]:
    """The values ``record`` gives each facet (the index adds those ``from_index``)."""
    return {name: values for name, f in _REGISTRY.items() if (values := f.values(record))}
