"""The record kinds, each declared once: its fields, facets, URL path and label.

Everything that treats kinds differently reads it from here: the search index takes each
field's weight and passage group, privacy takes the personal flags, the web takes labels,
display types, field order and paths, the CLI and the API take the kind names and facets.
To add a field, add a ``FieldSpec`` to its kind; to add a facet, see ``domain/facets.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from tiltaksbanken.data import load_data

KindName = Literal["tiltak", "news", "cookbook", "evaluation", "document"]
Display = Literal[
    "text", "list", "county", "office", "date", "choice", "law_paragraphs", "continuation",
]
TITLE = "title"  # the pseudo-field that stands for ``Record.title``


@dataclass(frozen=True)
class FieldSpec:
    """One field of a kind: how it is labelled, shown, searched and protected."""

    key: str
    label: str  # the heading on the record page (Norwegian, short: «Fylke»)
    display: Display = "text"
    shown: bool = True  # shown as a field of its own on the record page
    personal: bool = False  # personal data: never shown to anonymous viewers
    weight: float = 0.0  # search weight (0: not searched on its own)
    passage: int | None = None  # passage group: fields embedded together (0, 1, …)
    passage_rank: int = 0  # place within the passage group (ties: declaration order)
    hint: str | None = None  # the lower-case name in «Treff i: …» (default: label, lower case)
    hidden_when: tuple[str, ...] = ()  # not shown when one of these fields has a value
    question: str | None = None  # the form's own question, where the field answers one


@dataclass(frozen=True)
class Kind:
    """A kind of record: a measure, a news item, a cookbook example, an evaluation chapter,
    a plain document."""

    name: KindName
    label: str  # singular, Norwegian
    path: str  # URL path segment: /<path>/<id>
    fields: tuple[FieldSpec, ...]
    chunk_per_passage: bool = False  # each passage group makes one passage (no long runs)
    role_labels: tuple[tuple[str, str], ...] = ()  # (``fields["role"]``, label) where it differs
    plural: str = ""  # the label in the plural («Nyheter»; default: the label)
    _by_key: dict[str, FieldSpec] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update({f.key: f for f in self.fields})

    def field(self, key: str) -> FieldSpec | None:
        return self._by_key.get(key)

    def label_of(self, role: str | None) -> str:
        """The label of a record of this kind in ``role`` (a cookbook's call is no example)."""
        return dict(self.role_labels).get(role or "", self.label)

    @property
    def plural_label(self) -> str:
        return self.plural or self.label

    @property
    def weights(self) -> dict[str, float]:
        """Search weight per searched field (``title`` is the record's title)."""
        return {f.key: f.weight for f in self.fields if f.weight > 0 and not f.personal}

    @property
    def passages(self) -> tuple[tuple[str, ...], ...]:
        """Groups of fields embedded together, in group order."""
        groups: dict[int, list[FieldSpec]] = {}
        for f in self.fields:
            if f.passage is not None and not f.personal:
                groups.setdefault(f.passage, []).append(f)
        return tuple(tuple(f.key for f in sorted(groups[g], key=lambda f: f.passage_rank))
                     for g in sorted(groups))

    @property
    def shown_fields(self) -> tuple[FieldSpec, ...]:
        """The fields the record page shows, in order."""
        return tuple(f for f in self.fields if f.shown and not f.personal and f.key != TITLE)


def _spec(key: str, label: str, **kw: object) -> FieldSpec:
    return FieldSpec(key, label, **kw)  # type: ignore[arg-type]


# Fields every kind may carry that no page shows: provenance helpers and personal data.
_PERSONAL = (
    _spec("contact_email", "E-post til kontaktperson", personal=True, shown=False),
    _spec("contact_name", "Kontaktperson", personal=True, shown=False),
    _spec("contacts", "Kontaktpersoner", personal=True, shown=False),
)
_INTERNAL = (
    _spec("ocr_original", "Teksten slik OCR leste den", shown=False),
    _spec("confidence", "Sikkerhet i plasseringen", shown=False),
    _spec("placement_doubt", "Usikker plassering", shown=False),
    # the document's written language (domain/language.py: nb, nn, sv, da, en), and its
    # Norwegian name where it is not Norwegian («Svensk», «Dansk»: the page labels it)
    _spec("language", "Språkkode", shown=False),
    _spec("language_label", "Språk"),
)

# The annual report form (``data/form.json``: a short label heads each field, the form's
# question stands under it): weight and display per field key.
_TILTAK_FIELD = {
    "name": dict(weight=3.0, passage=0, hint="navn"),
    "nav_office": dict(display="office", weight=1.5, hint="NAV-kontor"),
    "contact_email": dict(personal=True, shown=False),
    "county": dict(display="county", weight=1.0, hint="fylke"),
    "start": dict(display="date", hint="oppstart"),
    "report_type": dict(display="choice", hint="rapporttype"),
    "target_group": dict(weight=2.0, passage=0, hint="målgruppe"),
    "description": dict(weight=2.0, passage=0, hint="beskrivelse"),
    "develops": dict(weight=1.2, passage=1, hint="hva tiltaket utvikler"),
    "law_paragraphs": dict(display="law_paragraphs", hint="paragrafer"),
    "interest_from_others": dict(weight=0.6, hint="interesse hos andre"),
    "tried_elsewhere": dict(weight=0.6, hint="prøves ut andre steder"),
    "partners": dict(weight=1.0, passage=1, passage_rank=1, hint="samarbeid"),
    "achievements": dict(weight=1.0, passage=1, hint="oppnådd"),
    "measurement": dict(weight=0.5, hint="måloppnåelse"),
    "challenges": dict(weight=0.8, hint="utfordringer"),
    "success_factors": dict(weight=0.8, passage=1, hint="suksessfaktorer"),
    "continuation": dict(display="continuation", weight=0.5, hint="videreføring"),
}


def _tiltak_fields() -> tuple[FieldSpec, ...]:
    form = load_data("form.json")["fields"]
    return (
        *(_spec(f["key"], f.get("label") or f["question"], question=f["question"],
                **_TILTAK_FIELD.get(f["key"], {})) for f in form),
        _spec("law_paragraphs_text", "Paragrafer (slik de er krysset av)", shown=False,
              weight=0.15, hint="paragrafer"),
        _spec("county_text", "Fylke (slik det er skrevet)", shown=False),
        _spec("county_code", "Fylkesnummer", shown=False),
        _spec("county_2024", "Fylke fra 2024", display="list", shown=False),
        _spec("county_2024_uncertain", "Fylke fra 2024 er usikkert", shown=False),
        _spec("nav_office_key", "NAV-kontor (nøkkel)", shown=False),
        # the canonical offices the author's text names (domain/offices.py), and theirs
        _spec("nav_offices", "NAV-kontor (fra kontorlisten)", display="list", shown=False),
        _spec("municipalities", "Kommuner", display="list", shown=False),
        _spec("row", "Rad i regnearket", shown=False),
        _spec("report_type_text", "Rapporttype (slik den er skrevet)", shown=False),
        _spec("start_date", "Startdato", shown=False),
        # a report written as questions and answers: each question with its answer
        _spec("answers", "Spørsmål og svar", shown=False, weight=0.3),
        _spec("contact_name", "Kontaktperson", personal=True, shown=False),
        _spec("contacts", "Kontaktpersoner", personal=True, shown=False),
        *_INTERNAL,
    )


def _text_kind(name: KindName, label: str, path: str, *fields: FieldSpec,
               chunk_per_passage: bool = False,
               role_labels: tuple[tuple[str, str], ...] = (), plural: str = "") -> Kind:
    return Kind(name, label, path, (*fields, *_PERSONAL, *_INTERNAL), chunk_per_passage,
                role_labels, plural)


@cache
def kinds() -> dict[str, Kind]:
    """Every kind by name, in the order pages list them."""
    declared = (
        Kind("tiltak", "Tiltak", "tiltak", _tiltak_fields(), chunk_per_passage=True),
        _text_kind(
            "news", "Nyhet", "nyhet",
            _spec(TITLE, "Tittel", weight=2.5, hint="tittel"),
            _spec("programme", "Program", weight=1.5),
            _spec("municipalities", "Kommuner", display="list", weight=1.5),
            _spec("nav_offices", "NAV-kontor", display="list", weight=1.5),
            _spec("initiatives", "Tiltak og prosjekter", display="list", weight=2.0),
            _spec("text", "Tekst", weight=1.5, passage=0),
            _spec("context", "Sammenheng", weight=0.3),
            plural="Nyheter",
        ),
        _text_kind(
            "cookbook", "Kokebok", "kokebok",
            _spec(TITLE, "Tittel", weight=2.0, hint="tittel"),
            _spec("organisation", "Organisasjon", weight=2.0, passage=0),
            _spec("municipalities", "Kommuner", display="list", weight=1.5),
            _spec("notice", "Innmelding"),
            _spec("answer", "Utfyllende svar"),
            _spec("text", "Tekst", weight=1.3, passage=0, hidden_when=("notice", "answer")),
            _spec("guiding_questions", "Spørsmål", shown=False, weight=0.5),
            _spec("deadlines", "Frister", shown=False),
            _spec("role", "Rolle", shown=False),
            _spec("replies", "Svar", shown=False),
            role_labels=(("call", "Invitasjon til kokeboka"), ("example", "Kokebokeksempel")),
            plural="Kokebokinnlegg",
        ),
        _text_kind(
            "evaluation", "Evaluering", "evaluering",
            _spec(TITLE, "Tittel", weight=2.0, hint="tittel"),
            _spec("organisation", "Organisasjon"),
            _spec("report_title", "Rapport", weight=1.0),
            _spec("client", "Oppdragsgiver", weight=1.0),
            _spec("chapter", "Kapittel", shown=False),
            _spec("heading", "Overskrift", shown=False, weight=2.5, passage=0),
            _spec("intro", "Innledning"),
            _spec("text", "Tekst", weight=1.3, passage=0, hidden_when=("sections",)),
            _spec("sections", "Innhold", shown=False),
            _spec("municipalities", "Kommuner", display="list", weight=1.5),
            _spec("nav_offices", "NAV-kontor", display="list", weight=1.5),
            _spec("summary", "Sammendrag", weight=1.0),
            plural="Evalueringer",
        ),
        _text_kind(
            "document", "Dokument", "dokument",
            _spec(TITLE, "Tittel", weight=2.5, hint="tittel"),
            _spec("municipalities", "Kommuner", display="list", weight=1.5),
            _spec("nav_offices", "NAV-kontor", display="list", weight=1.5),
            _spec("text", "Tekst", weight=1.0, passage=0),
            # a Q&A report: each question (the label) with its answer
            _spec("answers", "Spørsmål og svar", shown=False, weight=1.0),
            # a blog post's comments (their authors are personal data: ``contact_name``)
            _spec("comments", "Kommentarer", shown=False, weight=0.5),
            _spec("role", "Rolle", shown=False),
            plural="Dokumenter",
        ),
    )
    return {k.name: k for k in declared}


KIND_NAMES: tuple[str, ...] = ("tiltak", "news", "cookbook", "evaluation", "document")
DEFAULT_KIND = "document"  # what an unknown kind is treated as


def kind(name: str) -> Kind:
    """The declaration of kind ``name`` (an unknown name is treated as a plain document)."""
    return kinds().get(name) or kinds()[DEFAULT_KIND]


def kind_by_path(path: str) -> Kind | None:
    return next((k for k in kinds().values() if k.path == path), None)


@cache
def personal_fields() -> frozenset[str]:
    """Keys that hold personal data in any kind."""
    return frozenset(f.key for k in kinds().values() for f in k.fields if f.personal)


@cache
def field_hints() -> dict[str, str]:
    """Field key → the lower-case name a hit's «Treff i» line uses."""
    out: dict[str, str] = {}
    for k in kinds().values():
        for f in k.fields:
            if not f.personal:
                out.setdefault(f.key, f.hint or f.label.lower())
    return out
