"""What a search item is made of: weighted text fields, embedding chunks, facet values.

One record is one item (a whole measure, a news paragraph, a cookbook
organisation, an evaluation chapter, a document). The field weights make a
match in a measure's name or target group count more than one in the law
paragraph list nearly every report ticks.
"""

from __future__ import annotations

import re
from typing import Any

from tiltaksbanken.records import Record

FIELD_WEIGHTS: dict[str, dict[str, float]] = {
    "tiltak": {
        "name": 3.0, "nav_office": 1.5, "county": 1.0, "target_group": 2.0, "description": 2.0,
        "develops": 1.2, "achievements": 1.0, "challenges": 0.8, "success_factors": 0.8,
        "partners": 1.0, "interest_from_others": 0.6, "tried_elsewhere": 0.6, "measurement": 0.5,
        "continuation": 0.5, "law_paragraphs_text": 0.15,
    },
    "news": {"title": 2.5, "text": 1.5, "municipalities": 1.5, "nav_offices": 1.5, "programme": 1.5,
             "initiatives": 2.0, "context": 0.3},
    "cookbook": {"title": 2.0, "organisation": 2.0, "text": 1.3, "municipalities": 1.5,
                 "guiding_questions": 0.5},
    "evaluation": {"title": 2.0, "heading": 2.5, "text": 1.3, "report_title": 1.0, "client": 1.0},
    "document": {"title": 2.5, "text": 1.0},
}
CHUNK_CHARS = 600
OCR_FOLD_WEIGHT = 0.4  # the field of OCR fold keys (see analysis.residual_ocr_keys)
_PERSONAL = ("contact_email", "contact_name")


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_as_text(v) for k, v in value.items() if k not in _PERSONAL)
    if isinstance(value, list):
        return " ".join(_as_text(v) for v in value)
    return str(value)


def field_texts(record: Record) -> dict[str, str]:
    """The searchable text of each weighted field (personal data left out)."""
    weights = FIELD_WEIGHTS.get(record.kind, FIELD_WEIGHTS["document"])
    out: dict[str, str] = {}
    for name in weights:
        value = record.title if name == "title" else record.fields.get(name)
        if name == "continuation" and isinstance(value, dict):
            value = value.get("text")
        text = _as_text(value).strip()
        if text:
            out[name] = text
    return out


# Passages to embed per kind: groups of fields read together (embedding is the slow
# step, about 0.3 s per 200 tokens on one core, so a record gets few, short passages).
PASSAGES: dict[str, tuple[tuple[str, ...], ...]] = {
    "tiltak": (("name", "target_group", "description"), ("develops", "achievements", "success_factors",
                                                          "partners")),
    "news": (("text",),),
    "cookbook": (("organisation", "text"),),
    "evaluation": (("heading", "text"),),
    "document": (("text",),),
}
MAX_PASSAGES = 3


def chunks(record: Record) -> list[tuple[str, str]]:
    """(field group, passage) pairs to embed, each with the record's title in front."""
    texts = field_texts(record)
    out: list[tuple[str, str]] = []
    for group in PASSAGES.get(record.kind, PASSAGES["document"]):
        text = " ".join(" ".join(texts.get(f, "").split()) for f in group if f in texts).strip()
        while text and len(out) < MAX_PASSAGES:
            piece = text[:CHUNK_CHARS]
            if len(text) > CHUNK_CHARS:
                cut = max(piece.rfind(". "), piece.rfind("? "), piece.rfind("! "))
                piece = piece[: cut + 1] if cut > CHUNK_CHARS // 3 else piece
            out.append((group[0], f"{record.title}. {piece}"))
            text = text[len(piece):].strip()
            if record.kind == "tiltak":
                break  # a measure's field groups are one passage each
    if not out:
        out.append(("title", record.title))
    return out


def facet_values(record: Record) -> dict[str, list[str]]:
    """The values a record contributes to each facet."""
    f = record.fields
    values: dict[str, list[str]] = {"kind": [record.kind]}
    if record.kind == "tiltak":
        if f.get("county"):
            values["county"] = [f["county"], *[c for c in f.get("county_2024") or [] if c != f["county"]]]
        if f.get("nav_office"):
            values["nav_office"] = [" ".join(f["nav_office"].split())]
        if f.get("report_type"):
            values["report_type"] = [f["report_type"]]
        values["law_paragraph"] = list(f.get("law_paragraphs") or [])
        if f.get("start_date"):
            values["start_year"] = [f["start_date"][:4]]
        answer = (f.get("continuation") or {}).get("answer")
        if answer:
            values["continuation"] = [answer]
    else:
        places = f.get("municipalities") or []
        if places:
            values["municipality"] = list(places)
    return values


def snippet_source(record: Record) -> str:
    """The text a snippet is cut from."""
    return "\n".join(t for n, t in field_texts(record).items() if n != "title")


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
