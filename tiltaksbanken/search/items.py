"""What a search item is made of: weighted text fields and embedding passages, as the
record kinds declare them (``domain/kinds.py``).

One record is one item (a whole measure, a news paragraph, a cookbook
organisation, an evaluation chapter, a document). The field weights make a
match in a measure's name or target group count more than one in the law
paragraph list nearly every report ticks; that list and other ``SUPPORT_FIELDS``
add to a score but never make an item a hit on their own.
"""

from __future__ import annotations

import re
from typing import Any

from tiltaksbanken.domain.kinds import kind, kinds, personal_fields
from tiltaksbanken.domain.records import Record

FIELD_WEIGHTS: dict[str, dict[str, float]] = {name: k.weights for name, k in kinds().items()}
CHUNK_CHARS = 600
OCR_FOLD_WEIGHT = 0.4  # the field of OCR fold keys (see analysis.residual_ocr_keys)
# Fields that add to an item's score but never make it a hit on their own: text nearly every
# item of its kind carries, whatever the item is about (the checklist of law paragraphs most
# reports tick; the sentence a news page puts around all of its paragraphs).
SUPPORT_FIELDS = frozenset({"law_paragraphs_text", "context"})


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_as_text(v) for k, v in value.items() if k not in personal_fields())
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
PASSAGES: dict[str, tuple[tuple[str, ...], ...]] = {name: k.passages for name, k in kinds().items()}
MAX_PASSAGES = 3  # a measure: one passage per field group
# A running text (news paragraph, cookbook post, report chapter) is embedded as windows of
# whole sentences: a short window says one thing, so a query about any one thing the text
# tells finds it (the item's similarity is its best window's), where one long passage
# averages all of them away.
WINDOW_CHARS = 400
MAX_WINDOWS = 8
_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")


def _windows(text: str, size: int = WINDOW_CHARS) -> list[str]:
    """``text`` in runs of whole sentences of at most ``size`` characters (a longer
    sentence is cut at a space)."""
    out: list[str] = []
    current = ""
    for sentence in (" ".join(s.split()) for s in _BREAK.split(text)):
        while len(sentence) > size:
            cut = sentence.rfind(" ", 0, size)
            cut = cut if cut > size // 3 else size
            if current:
                out.append(current)
                current = ""
            out.append(sentence[:cut])
            sentence = sentence[cut:].strip()
        if not sentence:
            continue
        if current and len(current) + 1 + len(sentence) > size:
            out.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        out.append(current)
    return out


def chunks(record: Record) -> list[tuple[str, str]]:
    """(field group, passage) pairs to embed, each with the record's title in front: one
    passage per field group for a measure, sentence windows for a running text."""
    texts = field_texts(record)
    out: list[tuple[str, str]] = []
    per_group = kind(record.kind).chunk_per_passage
    for group in PASSAGES.get(record.kind, PASSAGES["document"]):
        if per_group:
            text = " ".join(" ".join(texts.get(f, "").split()) for f in group if f in texts).strip()
            if text and len(out) < MAX_PASSAGES:
                piece = text[:CHUNK_CHARS]
                if len(text) > CHUNK_CHARS:
                    cut = max(piece.rfind(". "), piece.rfind("? "), piece.rfind("! "))
                    piece = piece[: cut + 1] if cut > CHUNK_CHARS // 3 else piece
                out.append((group[0], f"{record.title}. {piece}"))
            continue
        text = "\n".join(texts[f] for f in group if f in texts)
        for piece in _windows(text)[: MAX_WINDOWS - len(out)]:
            out.append((group[0], f"{record.title}. {piece}"))
    if not out:
        out.append(("title", record.title))
    return out


def snippet_source(record: Record) -> str:
    """The text a snippet is cut from."""
    return "\n".join(t for n, t in field_texts(record).items() if n != "title")


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
