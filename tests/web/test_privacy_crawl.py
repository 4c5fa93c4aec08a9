"""Crawl every page type and JSON twin: no e-mail address or phone number from the corpus
may reach an anonymous visitor."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import SAMPLE
from tiltaksbanken.domain.privacy import EMAIL_RE, PHONE_RE

ANY_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def corpus_secrets() -> set[str]:
    """Every e-mail address and phone number written in the sample corpus."""
    found: set[str] = set()
    for path in Path(SAMPLE).iterdir():
        text = path.read_text(encoding="utf-8", errors="replace")
        found |= {m.group(0) for m in EMAIL_RE.finditer(text)}
        found |= {m.group(0).strip() for m in PHONE_RE.finditer(text)}
    return found


def crawl_urls(client: TestClient) -> list[str]:
    urls = ["/", "/oversikt", "/api/docs", "/api/stats", "/api/sources", "/tiltak/finnes-ikke"]
    for q in ["bolig", "kontaktperson e-post", "telefon", "nav.no", "kommune.no", "KMD"]:
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
    return urls


def test_no_email_or_phone_number_reaches_anonymous_visitors(client: TestClient) -> None:
    secrets = corpus_secrets()
    assert len(secrets) > 100, "the corpus has contact e-mails and phone numbers to hide"
    urls = crawl_urls(client)
    assert len(urls) > 800
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.text
        leaked = ANY_EMAIL.search(body)
        assert not leaked, f"{url} shows {leaked.group(0)}"
        assert not PHONE_RE.search(body), url
        for secret in secrets:
            assert secret not in body, f"{url} shows {secret}"
