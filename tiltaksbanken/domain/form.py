"""Knowledge of the annual report form: its questions and how to normalise answers.

Everything here works on what the author wrote, OCR-damaged or not: values for
faceting (county code, canonical NAV offices with their municipalities and 2024 county
(``domain/offices.py``), report type, law paragraph codes,
ISO start date, continuation answer) are derived, never replacing the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.offices import find_offices, place_offices
from tiltaksbanken.domain.text import fold


@dataclass(frozen=True)
class FormField:
    key: str
    question: str  # as the form asks it (what readers match header lines against)
    kind: str
    aliases: tuple[str, ...]
    label: str = ""  # the short heading a page shows above the answer («Fylke»)


@cache
def form_fields() -> tuple[FormField, ...]:
    data = load_data("form.json")
    return tuple(
        FormField(f["key"], f["question"], f["kind"], tuple(f.get("aliases", ())),
                  f.get("label") or f["question"])
        for f in data["fields"]
    )


FIELD_KEYS: tuple[str, ...] = tuple(f.key for f in form_fields())
LONG_TEXT_FIELDS: tuple[str, ...] = tuple(f.key for f in form_fields() if f.kind == "long")


def question_for(key: str) -> str:
    return next(f.question for f in form_fields() if f.key == key)


@cache
def _folded_questions(keys: tuple[str, ...], min_words: int = 1) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f.key, fold(q))
        for f in form_fields()
        if f.key in keys
        for q in (f.question, *f.aliases)
        if len(q.split()) >= min_words
    )


def _question_match(folded: str, question: str) -> float:
    score = fuzz.ratio(folded, question)
    if 12 <= len(folded) < len(question):
        # a header line may hold only the first part of a long question
        score = max(score, fuzz.ratio(folded, question[: len(folded)]) - 3)
    return score / 100.0


def question_score(text: str, key: str) -> float:
    """How much ``text`` (possibly OCR-damaged, possibly cut short) reads like field ``key``'s question."""
    folded = fold(text)
    return max((_question_match(folded, q) for _, q in _folded_questions((key,))), default=0.0)


def best_question(
    text: str, keys: tuple[str, ...] = FIELD_KEYS, min_words: int = 1
) -> tuple[str | None, float]:
    """The form field whose question ``text`` matches best, with the score.

    ``min_words`` leaves out short aliases ("Utfordringer") where running text
    could match them by accident.
    """
    folded = fold(text)
    if not folded:
        return None, 0.0
    best_key, best = None, 0.0
    for key, question in _folded_questions(keys, min_words):
        score = _question_match(folded, question)
        if score > best:
            best_key, best = key, score
    return best_key, best


# ---------------------------------------------------------------- counties


@cache
def _counties() -> list[dict[str, Any]]:
    return load_data("counties.json")["counties"]


def normalise_county(text: str | None) -> dict[str, Any]:
    """County as written → ``county_code``, canonical ``county_name`` and ``county_2024`` successors."""
    empty = {"county_code": None, "county_name": None, "county_2024": []}
    if not text or not text.strip():
        return empty
    folded = fold(text)
    best, best_score = None, 0.0
    for c in _counties():
        name = fold(c["name"])
        score = fuzz.ratio(folded, name)
        if len(folded) >= 8 and name.startswith(folded[: len(folded)]):
            score = max(score, 95)
        if len(folded) >= 8:
            score = max(score, fuzz.ratio(folded, name[: len(folded)]) - 2)
        if score > best_score:
            best, best_score = c, score
    if best is None or best_score < 75:
        return empty
    return {
        "county_code": best["code"],
        "county_name": best["name"],
        "county_2024": best["successors"],
    }


def county_names() -> list[str]:
    return [c["name"] for c in _counties()]


# ---------------------------------------------------------------- report type


def normalise_report_type(text: str | None) -> str | None:
    """``status`` / ``final`` from the choice as written (OCR-damaged or not)."""
    if not text:
        return None
    words = fold(text).split()
    if not words:
        return None
    head = words[0]
    status, final = fuzz.ratio(head, "statusrapportering"), fuzz.ratio(head, "sluttrapportering")
    if max(status, final) < 75:
        return "final" if "mottar ikke" in " ".join(words) else None
    return "status" if status > final else "final"


# ---------------------------------------------------------------- law paragraphs


@cache
def law_paragraphs() -> list[dict[str, str]]:
    return load_data("law_paragraphs.json")["paragraphs"]


def lovdata_url(code: str) -> str | None:
    data = load_data("law_paragraphs.json")
    for p in data["paragraphs"]:
        if p["code"] == code and p["anchor"]:
            return data["lovdata_base"] + p["anchor"]
    return None


def parse_law_paragraphs(text: str | None) -> list[str]:
    """Canonical codes (``§ 17``, ``§ 29–40``, ``Andre``) of the choices ticked in a cell.

    Choices are recognised by their titles, which survive OCR better than the
    ``§`` sign and numbers do.
    """
    if not text:
        return []
    parts = [p for p in re.split(r"\s/\s|\s/$|^/\s|\n/\s", text.replace("\n", " ")) if p.strip()]
    found: list[str] = []
    for part in parts:
        folded = fold(part)
        best, best_score = None, 0.0
        for p in law_paragraphs():
            title = fold(p["title"])
            score = fuzz.partial_ratio(title, folded) if len(folded) >= len(title) * 0.6 else 0
            if p["code"] == "Andre":
                score = 100 if folded.strip() in ("andre", "annet") else 0
            if score > best_score:
                best, best_score = p["code"], score
        if best and best_score >= 80 and best not in found:
            found.append(best)
    order = [p["code"] for p in law_paragraphs()]
    return sorted(found, key=order.index)


# ---------------------------------------------------------------- start date

_DMY = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\b")
_COMPACT = re.compile(r"\b(\d{2})(\d{2})(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b([a-zæøå]+)\.?\s+(\d{4})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")


def parse_start(text: str | None) -> str | None:
    """ISO date (``YYYY-MM-DD``, or ``YYYY-MM-01`` for a month) from free text, if parsable."""
    if not text:
        return None
    months = load_data("months.json")["months"]
    for rx in (_DMY, _COMPACT):
        m = rx.search(text)
        if m:
            d, mo, y = (int(g) for g in m.groups())
            y = y + 2000 if y < 100 else y
            try:
                return date(y, mo, d).isoformat()
            except ValueError:
                continue
    for m in _MONTH_YEAR.finditer(text):
        mo = months.get(m.group(1).casefold())
        if mo:
            return date(int(m.group(2)), mo, 1).isoformat()
    return None


# ---------------------------------------------------------------- continuation


def parse_continuation(text: str | None, answer_hint: str | None = None) -> dict[str, Any]:
    """``{answer: yes|no|null, text}`` from the continuation cell.

    ``answer_hint`` is the sub-column the text stands in («Ja, gjennom …» or «Nei, fordi
    …»); without it the answer is read from the text's opening words, in Bokmål, Nynorsk
    or English, OCR-damaged or not: «Ja, gjennom …», «Videreføres i …», «Vert vidareført
    …», «Yes, through …» say yes; «Nei, fordi …», «Videreføres ikke …», «Avsluttes …»,
    «No, because …» say no. An undecided answer («Uavklart», «Vet ikke ennå») or one the
    opening words do not settle gives ``answer: null``; the undecided one also
    ``uncertain: true``.
    """
    if text is None:
        return {"answer": answer_hint, "text": None}
    stripped = text.strip()
    if answer_hint is not None:
        return {"answer": answer_hint, "text": stripped}
    opening = " ".join(fold(stripped).split()[:6])
    carried_on = r"(?:videre?|vidare)f[og]r\w*|fortset\w*|continu\w*|fors[og]ker\w*"
    negation = r"(?:ikke|ikkje|ikk|not|no)"
    undecided = re.compile(r"^(?:uavklart|usikkert?|ikke (?:avklart|bestemt)|ikkje (?:avklart|bestemt)"
                           r"|vet ikke|veit ikkje|kanskje|undecided|not (?:yet )?decided|unclear)\b")
    # English "No," but not Nynorsk "No er …" (now)
    english_no = re.match(r"^no\s*[,.:;!]|^no\s+(?:because|since|as)\b", stripped, re.IGNORECASE)
    if re.match(r"^(?:nei|nope)\b", opening) or english_no:
        answer: str | None = "no"
    elif re.match(r"^(?:ja|jo|yes)\b", opening):
        answer = "yes"
    elif re.search(rf"\b(?:{carried_on})\b(?: \w+)? {negation}\b|\b{negation} (?:bli |verte |be )?(?:{carried_on})\b"
                   r"|^(?:avslutt\w*|avvikl\w*|(?:blir|vert|er) avslutt\w*|ended|discontinued)\b", opening):
        answer = "no"
    elif undecided.match(opening):
        return {"answer": None, "text": stripped, "uncertain": True}
    elif re.search(rf"^(?:\w+ ){{0,3}}(?:{carried_on})\b", opening):
        answer = "yes"
    else:
        answer = None
    return {"answer": answer, "text": stripped}


# ---------------------------------------------------------------- offices


def nav_office_key(text: str | None) -> str | None:
    """A key that groups ways of writing one office (``NAV Bømlo`` = ``Nav Bømlo`` = ``Bømlo``)."""
    if not text:
        return None
    folded = fold(text)
    folded = re.sub(r"\(.*?\)", " ", folded)
    folded = re.sub(r"\bnav\b|\bkommune\b|\bkontor\b", " ", folded)
    key = re.sub(r"\s+", "-", folded.strip())
    return key or None


# ---------------------------------------------------------------- e-mail


def _ascii_place(text: str) -> str:
    return fold(text).replace(" ", "")


def repair_email(email: str | None, office: str | None) -> str | None:
    """Mend an OCR slip in a municipal e-mail domain from the row's own office name.

    ``karina@Iluroy.kommune.no`` beside the office ``Lurøy`` is ``luroy.kommune.no``:
    only a domain label one letter away from the office's place is changed.
    """
    if not email or not office or "@" not in email:
        return email
    local, domain = email.split("@", 1)
    labels = domain.split(".")
    if len(labels) < 3 or labels[-2].casefold() != "kommune":
        return email
    place = _ascii_place(re.sub(r"\bnav\b", " ", fold(office)))
    label = labels[0].casefold()
    if label != place and place and Levenshtein.distance(label, place) == 1 and len(place) >= 4:
        return f"{local}@{'.'.join([place, *labels[1:]])}"
    return email


# ---------------------------------------------------------------- one row → fields


def tiltak_fields(
    raw: dict[str, str | None], continuation_answer: str | None = None
) -> dict[str, Any]:
    """The fields of a ``tiltak`` record from one form row's answers as written.

    ``raw`` maps form field keys to the cell text (``None`` where the row has
    no cell). Normalised values for faceting are added beside the text.
    """

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        value = value.strip()
        return value or None

    fields: dict[str, Any] = {k: text(k) for k in FIELD_KEYS if k != "continuation"}
    county = normalise_county(fields["county"])
    fields["contact_email"] = repair_email(fields["contact_email"], fields["nav_office"])
    fields["county_text"] = fields["county"]
    if county["county_name"]:
        fields["county"] = county["county_name"]
    fields["county_code"] = county["county_code"]
    fields["nav_office_key"] = nav_office_key(fields["nav_office"])
    # the canonical office(s) the author names, and from them municipality and 2024 county
    offices = find_offices(fields["nav_office"], county["county_name"])
    fields["nav_offices"] = [o.name for o in offices]
    fields.update(place_offices(offices, county["county_name"]))
    fields["report_type_text"] = fields["report_type"]
    fields["report_type"] = normalise_report_type(fields["report_type"])
    fields["law_paragraphs_text"] = fields["law_paragraphs"]
    fields["law_paragraphs"] = parse_law_paragraphs(fields["law_paragraphs"])
    fields["start_date"] = parse_start(fields["start"])
    fields["continuation"] = parse_continuation(text("continuation"), continuation_answer)
    return fields


def tiltak_title(fields: dict[str, Any]) -> str:
    name = fields.get("name") or "(uten navn)"
    return " ".join(name.split())
