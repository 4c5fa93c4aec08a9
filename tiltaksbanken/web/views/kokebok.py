"""What the kokebok pages show: the editor's collection page, a card's edit form, and the
frozen snapshot of an edition (texts as anonymous visitors may see them; contact details
only of contributors who consented), rendered as HTML, PDF (WeasyPrint) and DOCX
(python-docx)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from tiltaksbanken.domain.privacy import (
    ANONYMOUS,
    EXPORT_ALL,
    People,
    visible_contacts,
    visible_text,
)
from tiltaksbanken.domain.recipe import Card
from tiltaksbanken.store import Store
from tiltaksbanken.store import kokebok as kb
from tiltaksbanken.web import urls

PREFIX = urls.KOKEBOK_PUBLIC  # public editions: /kokebok/<slug>[/<edition>]
EDIT_PREFIX = urls.KOKEBOK_EDIT  # the editor's pages


def collection_url(c: kb.Collection) -> str:
    return f"{EDIT_PREFIX}/{c.id}"


def edition_url(slug: str, number: int | None = None, fmt: str | None = None) -> str:
    url = f"{PREFIX}/{slug}" + (f"/{number}" if number else "")
    return f"{url}/kokebok.{fmt}" if fmt else url


def _lines_label(lines: list[list[int]] | list[tuple[int, int]]) -> str:
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in lines)


def collection_page(store: Store, c: kb.Collection) -> dict[str, Any]:
    examples = kb.examples(store, c.id)
    return {
        "title": c.name, "collection": c.__dict__, "url": collection_url(c),
        "public_url": edition_url(c.slug),
        "examples": [{"id": e.id, "position": e.position, "title": e.card.title,
                      "record_url": urls.record_url(e.record_id, e.card.kind),
                      "consent": e.contact_consent,
                      "edit_url": f"{EDIT_PREFIX}/eksempel/{e.id}",
                      "parts": [p.label for p in e.card.parts if p.text]} for e in examples],
        "editions": [{"edition": e.edition, "published_at": e.published_at,
                      "url": edition_url(c.slug, e.edition)} for e in kb.editions(store, c.id)],
    }


def card_page(store: Store, ex: kb.Example) -> dict[str, Any]:
    c = kb.collection(store, ex.collection_id)
    return {"title": f"Rediger: {ex.card.title}", "example_id": ex.id, "card": ex.card.to_dict(),
            "consent": ex.contact_consent, "collection_url": collection_url(c),
            "collection": c.name, "action": f"{EDIT_PREFIX}/eksempel/{ex.id}"}


def _sources(card: Card) -> list[dict[str, str]]:
    return [{"part": p.label, "file": card.file, "lines": _lines_label(p.lines),
             "url": urls.source_url(card.file, p.lines[0][0], p.lines[-1][1])}
            for p in card.parts if p.text and p.lines]


def snapshot(store: Store, c: kb.Collection) -> dict[str, Any]:
    """The edition to freeze: every text as an anonymous visitor may see it (personal data
    masked), contact details only where the contributor consented, sources with links."""
    out = []
    for ex in kb.examples(store, c.id):
        record = store.get(ex.record_id)
        people = People.of([record]) if record else None

        def shown(text: str, people: People | None = people) -> str:
            return visible_text(text, ANONYMOUS, people)

        contacts = visible_contacts(record, EXPORT_ALL) if record and ex.contact_consent else []
        out.append({
            "title": shown(ex.card.title), "organisation": shown(ex.card.organisation),
            "parts": [{"label": p.label, "text": shown(p.text)} for p in ex.card.parts if p.text],
            "contacts": contacts, "sources": _sources(ex.card),
            "record_url": urls.record_url(ex.record_id, ex.card.kind),
        })
    return {"title": c.name, "slug": c.slug, "introduction": c.introduction, "examples": out}


def docx_bytes(snap: dict[str, Any]) -> bytes:
    """The edition as a Word document: title, introduction, each example with its parts,
    contacts (where consented) and sources."""
    doc = Document()
    doc.core_properties.title = snap["title"]
    doc.core_properties.language = "nb-NO"
    doc.add_heading(snap["title"], level=0)
    doc.add_paragraph(f"Utgave {snap['edition']}, publisert {snap['published_at'][:10]}")
    for para in [p for p in snap["introduction"].split("\n\n") if p.strip()]:
        doc.add_paragraph(para.strip())
    for ex in snap["examples"]:
        doc.add_heading(ex["title"], level=1)
        if ex["organisation"]:
            doc.add_paragraph(ex["organisation"])
        for part in ex["parts"]:
            doc.add_heading(part["label"], level=2)
            for para in [p for p in part["text"].split("\n\n") if p.strip()]:
                doc.add_paragraph(para.strip())
        if ex["contacts"]:
            doc.add_heading("Kontakt", level=2)
            for contact in ex["contacts"]:
                doc.add_paragraph(f"{contact['label']}: {', '.join(contact['values'])}")
        if ex["sources"]:
            doc.add_heading("Kilder", level=2)
            for s in ex["sources"]:
                doc.add_paragraph(f"{s['part']}: {s['file']}, linje {s['lines']} ({s['url']})",
                                  style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_bytes(html: str, base_url: str) -> bytes:
    """The edition's frozen HTML as PDF (WeasyPrint, imported when first needed)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
