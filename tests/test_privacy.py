"""Personal data never reaches anonymous users: e-mails, phone numbers, recorded names."""

from __future__ import annotations

from tiltaksbanken.domain.privacy import mask_text, public_view


def test_emails_and_phone_numbers_are_masked_in_text() -> None:
    text = "Kontakt ola.nordmann@nav.no, sld [at] kmd.dep.no eller tlf. 481 13 293 / 959 000 98."
    masked = mask_text(text)
    assert "ola.nordmann" not in masked and "kmd.dep.no" not in masked
    assert "481 13 293" not in masked and "959 000 98" not in masked


def test_numbers_that_are_not_phone_numbers_stay() -> None:
    text = "I 2022 fikk 143 deltakere 1.200.000 kroner, 50 % i jobb innen 31.12.2023."
    assert mask_text(text) == text


def test_public_view_drops_personal_fields_and_masks_names_in_text() -> None:
    record = {
        "id": "n1", "kind": "news", "title": "Moss",
        "fields": {"text": "- Bra, sier NAV-leder i Moss, Kari Nordmann.",
                   "contact_name": ["Kari Nordmann"], "contact_email": "kari@nav.no"},
        "source": {"file": "a.txt", "lines": [[1, 1]]},
        "field_sources": {"text": [[1, 1]], "contact_name": [[1, 1]], "contact_email": [[1, 1]]},
    }
    public = public_view(record)
    assert "contact_name" not in public["fields"] and "contact_email" not in public["fields"]
    assert "Kari Nordmann" not in public["fields"]["text"]
    assert set(public["field_sources"]) == {"text"}
