"""Crawl every page type and JSON twin: no e-mail address, phone number or person name from
the corpus may reach an anonymous visitor, and the sheet's source view masks (almost)
nothing that is no personal data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SAMPLE
from tiltaksbanken import open_store
from tiltaksbanken.domain.places import place_names
from tiltaksbanken.domain.privacy import EMAIL_RE, NAME_MASK, PERSONAL_FIELDS, PHONE_RE

ANY_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
REAL_EMAIL = re.compile(r"[\w.+-]*\w(?:@|\s?\[at\]\s?)[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
MASKS = re.compile(r"\[(?:navn|e-post|telefon) skjult\]")
OFFICE_WORDS = {"NAV", "Nav", "kommune", "Kommune", "Bydel", "bydel", "fylke", "Fylke",
                "Statsforvalteren", "Husbanken"}
SHEET = "002_"

# Persons named in the sample corpus, read from it by hand: the contact persons, the people
# quoted in the news, the commenters and the people their comments name, the evaluation's
# project staff and contacts, and the sheet's speakers, colleagues and service users.
# A surname the text uses alone («sier Gulin») is listed alone.
CORPUS_PERSONS = [
    "Katarina Kjellsen Gulin", "Gulin",
    "Sverre A. Lunde-Danbolt", "Lunde-Danbolt", "Marte Sootholtet", "Sootholtet",
    "Ann Kristin Tveøy", "Tveøy", "Chris Klemmetvold", "Klemmetvold", "Ingrid Blessom",
    "Karin Gustavsen", "Anniken Grundt", "Heidi Aabrekk", "Rosanna Sevan", "Morten Nyborg",
    "Morten Skauge", "Siv Wikan", "Erik Næss", "Anne Beate Leistad",
    "Hanne Mari Førland", "Glenny Jelstad", "Jelstad", "Veslemøy Hellem", "Anette Askildsen",
    "Anne Grethe Tørressen", "Arne Malme", "Benedicte Engøy", "Bente Moe", "Berit Bjørkelid",
    "Bjarne H. Christiansen", "Bjørn Jensen", "Frode Bøe Hatlelid", "Hanne Kilen Stuen",
    "Hilde Strøm Solberg", "Ingar Pettersen", "Inger Johanne Strand", "Kjersti Ulriksen",
    "Kristine Heggvik", "Marit E. Ness", "Susanne Hagen", "May Beate Haugan",
    "Mette Erika Harviken", "Ole Martin Jørgensen", "Randi Haldorsen", "Sigrun Vågeng",
    "Sigrunn Gjønnes", "Sten F. Gurrik", "Åse Jofrid Sørby", "John Dutton",
    "Ahmed Jama", "Anita Funnemark Skuldalen", "Britt Leandersen", "Leandersen",
    "Hanne Ernstsen", "Janicke Vilnes", "Kamilla Sofie Thorsteinsen", "Eidsmo Urbye",
    "Kristina Mariager", "Lars Thuesen", "Mats Fly-Hansen", "Marthe Josefine Rolstad",
    "Tommy Andressen", "Tor Syversen", "Torgrim Sollid", "Elsa Westgard", "Thomas Katten",
    "Rasmussen", "Lubega", "Mohammed", "Asma", "Mathias", "Strugstad Quviller",
]


def corpus_secrets() -> set[str]:
    """Every e-mail address and phone number written in the sample corpus."""
    found: set[str] = set()
    for path in Path(SAMPLE).iterdir():
        text = path.read_text(encoding="utf-8", errors="replace")
        found |= {m.group(0) for m in EMAIL_RE.finditer(text)}
        found |= {(m.group("bare") or m.group(0)).strip() for m in PHONE_RE.finditer(text)}
    return found


def _recorded_names(value: Any, personal: bool = False) -> list[str]:
    if isinstance(value, str):
        return [value] if personal and "@" not in value and not re.search(r"\d", value) else []
    if isinstance(value, dict):
        return [n for k, v in value.items()
                for n in _recorded_names(v, personal or k in PERSONAL_FIELDS)]
    if isinstance(value, list):
        return [n for v in value for n in _recorded_names(v, personal)]
    return []


@pytest.fixture(scope="module")
def corpus_persons(web_db: str) -> list[str]:
    """The hand list plus every name a reader put in a personal field of a record."""
    with open_store(web_db) as store:
        recorded = {n.strip() for r in store.records() for n in _recorded_names(r.fields)}
    names = sorted({*CORPUS_PERSONS, *(n for n in recorded if len(n) > 3)}, key=len, reverse=True)
    assert len(names) > 70
    return names


def crawl_urls(client: TestClient) -> list[str]:
    urls = ["/", "/oversikt", "/api/docs", "/api/stats", "/api/sources", "/tiltak/finnes-ikke"]
    for q in ["bolig", "kontaktperson e-post", "telefon", "nav.no", "kommune.no", "KMD",
              "sier", "prosjektleder", "Tveøy", "Gulin", "Glenny Jelstad"]:
        urls += [f"/?q={q}", f"/api/search?q={q}&limit=200"]
    data = client.get("/?format=json").json()
    pages = data["pages"]
    urls += [f"/?side={p}" for p in range(1, pages + 1)]
    ids = []
    for p in range(1, pages + 1):
        ids += [(h["id"], h["url"]) for h in client.get(f"/?side={p}&format=json").json()["hits"]]
    for record_id, url in ids:
        urls += [url, f"{url}?kilde=vis", f"{url}?format=json", f"/api/records/{record_id}",
                 f"/api/records/{record_id}/similar"]
    urls.append("/api/records?limit=500")
    for source in client.get("/api/sources").json():
        name = source["name"]
        urls += [f"/kilde/{name}", f"/kilde/{name}?visning=original", f"/kilde/{name}?format=json",
                 f"/api/sources/{name}/lines"]
        pages = client.get(f"/kilde/{name}?format=json").json()["pages"]  # the page shows a part
        urls += [f"/kilde/{name}?side={p}" for p in range(2, pages + 1)]
    return urls


def _text(response: Any) -> str:
    """The body as a reader sees it: JSON with its escapes (\\u00f8) decoded."""
    if "json" in response.headers.get("content-type", ""):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.text


def test_no_email_phone_number_or_person_name_reaches_anonymous_visitors(
        client: TestClient, corpus_persons: list[str]) -> None:
    secrets = corpus_secrets()
    assert len(secrets) > 100, "the corpus has contact e-mails and phone numbers to hide"
    assert "92023723" in secrets, "the evaluation's contact block has a bare phone number"
    persons = {n: re.compile(rf"(?<![\w@.-]){re.escape(n)}(?![\w@-])") for n in corpus_persons}
    urls = crawl_urls(client)
    assert len(urls) > 800
    shown: dict[str, str] = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = _text(response)
        leaked = ANY_EMAIL.search(body)
        assert not leaked, f"{url} shows {leaked.group(0)}"
        phone = PHONE_RE.search(body)
        assert not phone, f"{url} shows {phone.group(0)}"
        for secret in secrets:
            assert secret not in body, f"{url} shows {secret}"
        query = parse_qs(urlsplit(url).query).get("q", [""])[0]
        if query:  # the visitor's own query, shown back in the search box, is no leak
            body = body.replace(query, "").replace(quote_plus(query), "")
        for person, pattern in persons.items():
            if person in body and pattern.search(body):
                shown.setdefault(person, url)
    assert not shown, f"{len(shown)} names shown: {sorted(shown.items())[:10]}"


def _masked_parts(source: str, shown: str) -> list[tuple[str, str]] | None:
    """Each mask in ``shown`` with the text of ``source`` it stands for."""
    parts, masks = MASKS.split(shown), MASKS.findall(shown)
    pattern = "".join(re.escape(p) + ("(.+?)" if i < len(masks) else "") for i, p in enumerate(parts))
    m = re.fullmatch(pattern, source, re.S)
    return list(zip(masks, m.groups(), strict=True)) if m else None


def false_masks(sources: list[str], shown: list[str]) -> tuple[int, int, list[str]]:
    """(false e-mail masks, false name masks, examples): «[e-post skjult]» over no real
    address, «[navn skjult]» over a place or an office word."""
    places = {part for p in place_names() for part in re.split(r"[\s/]+", p) if part[:1].isupper()}
    emails = names = 0
    examples: list[str] = []
    for source, line in zip(sources, shown, strict=True):
        if line == source:
            continue
        parts = _masked_parts(source, line)
        assert parts is not None, (source, line)
        for mask, under in parts:
            if mask == "[e-post skjult]" and not REAL_EMAIL.fullmatch(under.strip()):
                emails += 1
                examples.append(under)
            words = set(re.findall(r"[\w@-]+", under))
            if mask == NAME_MASK and words & (places | OFFICE_WORDS):
                names += 1
                examples.append(under)
    return emails, names, examples


def test_the_sheets_source_view_masks_at_most_five_things_that_are_no_personal_data(
        client: TestClient, web_db: str) -> None:
    name = next(s["name"] for s in client.get("/api/sources").json() if s["name"].startswith(SHEET))
    with open_store(web_db) as store:
        original = store.source_lines(name, 1, None)
    shown = client.get(f"/api/sources/{name}/lines").json()["lines"]
    assert len(shown) == len(original) > 10_000
    emails, names, examples = false_masks(original, shown)
    assert emails + names <= 5, f"{emails} e-mail and {names} name masks over no personal data: {examples[:10]}"
    assert sum(line.count("[e-post skjult]") for line in shown) > 100, "the sheet's addresses are masked"
    page = client.get(f"/kilde/{name}?visning=original&format=json").json()
    lines = [row["text"] for row in page.get("lines", [])]
    if lines:  # the page's JSON twin shows the same masks as the API
        emails, names, examples = false_masks(original[: len(lines)], lines)
        assert emails + names <= 5, examples[:10]
