"""The yearly report as written in the bank: checking a reporter's answers and laying them
out as the form's text.

Answers are a dict by form field key (``data/form.json``): texts, the county as the
form names it (2024 names; the 2020–23 names are accepted and kept as written), the
report type (``status``/``final``), the ticked law paragraphs (codes such as ``§ 18``),
the start date (``dd.mm.yyyy`` or ``yyyy-mm-dd``) and the continuation as
``continuation`` (``yes``/``no``) with ``continuation_text``. A draft may be incomplete;
a submitted report must answer every required question. Messages are Norwegian, one
per field, for the page to show beside it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.form import (
    form_fields,
    law_paragraphs,
    normalise_county,
    question_for,
    tiltak_fields,
)
from tiltaksbanken.domain.offices import find_offices
from tiltaksbanken.domain.text import fold

SHORT_MAX = 200
LONG_MAX = 10_000
# what a submitted report must answer (the other questions may be left empty)
REQUIRED: tuple[str, ...] = ("name", "nav_office", "contact_email", "county", "start",
                             "report_type", "target_group", "description", "law_paragraphs",
                             "continuation")
REPORT_TYPES: tuple[str, ...] = ("status", "final")
CONTINUATION = ("yes", "no")
# the keys an answers dict may hold: the form's fields and the continuation's text
ANSWER_KEYS: tuple[str, ...] = (*(f.key for f in form_fields()), "continuation_text")

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _kind(key: str) -> str:
    if key == "continuation_text":
        return "long"
    return next(f.kind for f in form_fields() if f.key == key)


def report_type_label(code: str) -> str:
    """The form's wording of a report type (``Statusrapportering``)."""
    return load_data("form.json")["report_types"].get(code, code)


def law_paragraph_codes() -> tuple[str, ...]:
    return tuple(p["code"] for p in law_paragraphs())


def parse_start_date(text: str) -> date | None:
    """The start date written ``dd.mm.yyyy`` or ``yyyy-mm-dd``; None if it is neither or no date."""
    text = text.strip()
    try:
        if m := _DMY.match(text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _ISO.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def county_choice(text: str) -> str | None:
    """The county as the form names it, if ``text`` is one exactly (case and spacing aside)."""
    found = normalise_county(text)["county_name"]
    return found if found and fold(found) == fold(text) else None


def _bad_characters(text: str, multiline: bool) -> bool:
    allowed = {"\n", "\r", "\t"} if multiline else {"\t"}
    return any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in text) \
        or any(c in "\u2028\u2029\u202e\u202d\u200b" for c in text)


def clean_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The known answers, texts stripped (line breaks kept in long texts), lists de-duplicated."""
    out: dict[str, Any] = {}
    for key in ANSWER_KEYS:
        value = answers.get(key)
        if key == "law_paragraphs":
            items = value if isinstance(value, list | tuple) else ([value] if value else [])
            out[key] = list(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))
        elif value is None:
            out[key] = ""
        else:
            text = str(value).replace("\r\n", "\n").replace("\r", "\n")
            out[key] = text.strip() if _kind(key) == "long" else " ".join(text.split(" ")).strip()
    return out


def check_answers(answers: Mapping[str, Any], submitting: bool = True) -> dict[str, str]:
    """Norwegian messages by field key for what is wrong (empty: all is well). A draft
    (``submitting=False``) is checked for length, characters and the form of what is given;
    a submission also for every required answer."""
    a = clean_answers(answers)
    errors: dict[str, str] = {}
    for key in ANSWER_KEYS:
        value = a[key]
        if key == "law_paragraphs":
            unknown = [v for v in value if v not in law_paragraph_codes()]
            if unknown:
                errors[key] = "Velg bare blant paragrafene i listen."
            elif submitting and not value:
                errors[key] = "Kryss av minst én paragraf (eller «Andre»)."
            continue
        kind = _kind(key)
        multiline = kind == "long"
        limit = LONG_MAX if multiline else SHORT_MAX
        if _bad_characters(value, multiline):
            errors[key] = "Teksten inneholder kontrolltegn som ikke kan lagres. Fjern dem."
        elif not multiline and "\n" in value:
            errors[key] = "Svaret må stå på én linje."
        elif len(value) > limit:
            errors[key] = f"Svaret kan ha høyst {limit} tegn (nå {len(value)})."
        elif not value:
            if submitting and key in REQUIRED:
                errors[key] = "Dette spørsmålet må besvares."
        elif key == "contact_email" and not _EMAIL.match(value):
            errors[key] = "Skriv en gyldig e-postadresse, for eksempel navn@nav.no."
        elif key == "county" and county_choice(value) is None:
            errors[key] = "Velg et fylke fra listen."
        elif key == "start" and parse_start_date(value) is None:
            errors[key] = "Skriv datoen som dd.mm.åååå (for eksempel 01.04.2024) eller åååå-mm-dd."
        elif key == "report_type" and value not in REPORT_TYPES:
            errors[key] = "Velg statusrapportering eller sluttrapportering."
        elif key == "continuation" and value not in CONTINUATION:
            errors[key] = "Velg ja eller nei."
    if submitting and "continuation" not in errors and not a["continuation_text"] \
            and "continuation_text" not in errors:
        errors["continuation_text"] = ("Skriv hvordan tiltaket videreføres." if a["continuation"] == "yes"
                                       else "Skriv hvorfor tiltaket ikke videreføres.")
    return errors


# ---------------------------------------------------------------- text layout


def _continuation_line(a: Mapping[str, Any]) -> str:
    form = load_data("form.json")
    lead = form["continuation_yes"] if a["continuation"] == "yes" else form["continuation_no"]
    text = a["continuation_text"]
    if fold(text).startswith(fold(lead)):
        return text
    return f"{lead} {text[:1].lower()}{text[1:]}" if text else lead


def answer_text(key: str, answers: Mapping[str, Any]) -> str:
    """The answer to question ``key`` as the form's text shows it."""
    a = clean_answers(answers)
    if key == "law_paragraphs":
        titles = {p["code"]: p for p in law_paragraphs()}
        return " / ".join(f"{c} {titles[c]['title']}" if c != "Andre" else c
                          for c in a[key] if c in titles)
    if key == "report_type":
        return report_type_label(a[key]) if a[key] else ""
    if key == "continuation":
        return _continuation_line(a) if a["continuation"] else ""
    return str(a[key])


def render_report(answers: Mapping[str, Any], heading: str) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """The report as text lines (a heading, then each question as a bold line followed by its
    answer's lines, a blank line between) and, per answered field, the 1-based line range
    of its answer."""
    lines = [f"# {heading}", ""]
    where: dict[str, tuple[int, int]] = {}
    for f in form_fields():
        text = answer_text(f.key, answers)
        if not text:
            continue
        body = [line.rstrip() for line in text.split("\n")]
        question = f.question if f.key != "contact_email" else "E-post til kontaktperson"
        lines.append(f"**{question}**")
        first = len(lines) + 1
        lines.extend(line if line.strip() else "" for line in body)
        where[f.key] = (first, len(lines))
        lines.append("")
    return lines, where


def report_fields(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The ``tiltak`` record fields of a checked report, as a reader would make them from
    its text, with the reporter's own choices (county, paragraphs, date) kept exactly."""
    a = clean_answers(answers)
    raw: dict[str, str | None] = {f.key: answer_text(f.key, a) or None for f in form_fields()}
    fields = tiltak_fields(raw, continuation_answer=a["continuation"] or None)
    fields["law_paragraphs"] = [c for c in law_paragraph_codes() if c in a["law_paragraphs"]]
    start = parse_start_date(a["start"]) if a["start"] else None
    fields["start_date"] = start.isoformat() if start else None
    return fields


def question_label(key: str) -> str:
    """The question of field ``key`` (``continuation_text``: what the continuation asks next)."""
    return "Forklar" if key == "continuation_text" else question_for(key)


def measure_key(office: str | None, measure: str | None) -> str:
    """A measure's identity across years and versions: its canonical NAV office and its
    folded name (``nav-bomlo:jobbspesialist-for-unge``), however either is written."""
    found = find_offices(office) if office else []
    place = found[0].name if found else (office or "")
    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return f"{slug(place) or 'ukjent'}:{slug(measure or '') or 'uten-navn'}"


def canonical_office(office: str) -> str:
    """The gazetteer's name of the office ``office`` names (as written if it knows none)."""
    found = find_offices(office)
    return found[0].name if len(found) == 1 else " ".join(office.split())
