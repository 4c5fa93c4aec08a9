"""The JSON API: records, stats, sources — and no personal data for anonymous users."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tiltaksbanken.web.app import create_app

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def test_api_serves_records_without_personal_data(sample_db: str) -> None:
    client = TestClient(create_app(sample_db))
    page = client.get("/api/records", params={"kind": "tiltak", "limit": 500}).json()
    assert page["total"] == 143
    body = client.get("/api/records", params={"limit": 500}).text
    assert not EMAIL.search(body)
    one = client.get(f"/api/records/{page['items'][0]['id']}").json()
    assert "contact_email" not in one["fields"]
    assert one["field_sources"]["name"]


def test_source_lines_are_masked(sample_db: str) -> None:
    client = TestClient(create_app(sample_db))
    sheet = next(
        s["name"] for s in client.get("/api/sources").json() if s["name"].startswith("002")
    )
    text = client.get(f"/api/sources/{sheet}/lines", params={"first": 870, "last": 900}).text
    assert not EMAIL.search(text)


def test_stats_docs_and_errors(sample_db: str) -> None:
    client = TestClient(create_app(sample_db))
    assert client.get("/api/stats").json()["kinds"]["tiltak"] == 143
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/records/does-not-exist").status_code == 404
    assert client.get("/api/records", params={"kind": "x"}).status_code == 400


def test_search_endpoint_with_facets_and_no_personal_data(sample_db: str) -> None:
    client = TestClient(create_app(sample_db))
    body = client.get("/api/search", params={"q": "midlertidig bolig", "limit": 50})
    assert body.status_code == 200
    data = body.json()
    assert data["hits"] and data["facets"]["kind"]
    assert not EMAIL.search(body.text)
    viken = client.get("/api/search", params={"q": "bolig", "county": "Viken"}).json()
    assert viken["hits"] and all(h["kind"] == "tiltak" for h in viken["hits"])
    assert client.get("/api/search", params={"q": "((("}).status_code == 200
    first = data["hits"][0]["id"]
    assert client.get(f"/api/records/{first}/similar").json()


def test_search_snippets_hide_recorded_names(sample_db: str) -> None:
    from tiltaksbanken import open_store

    with open_store(sample_db) as store:
        names = {n for r in store.records() for n in r.fields.get("contact_name") or []}
    assert names, "the readers recorded no person names to hide"
    client = TestClient(create_app(sample_db))
    for query in ("NAV-leder Moss", "kontakt", "gründer", "sosial entreprenør"):
        body = client.get("/api/search", params={"q": query, "limit": 200}).text
        assert not any(name in body for name in names), query


def test_source_view_hides_recorded_names(sample_db: str) -> None:
    from tiltaksbanken import open_store

    client = TestClient(create_app(sample_db))
    with open_store(sample_db) as store:
        for source in store.sources():
            names = {n for r in store.records() if r.file == source["name"]
                     for n in r.fields.get("contact_name") or []}
            body = client.get(f"/api/sources/{source['name']}/lines").text
            assert not any(name in body for name in names), source["name"]


def test_every_registered_facet_is_a_documented_search_parameter(sample_db: str) -> None:
    from tiltaksbanken.domain.facets import facets

    client = TestClient(create_app(sample_db))
    operation = client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    for name, facet in facets().items():
        assert parameters[name]["in"] == "query" and facet.label in parameters[name]["description"]
        assert f"`{name}`" in operation["description"]
    assert {"q", "limit", "offset"} <= set(parameters)


def test_municipality_filters_the_api_search(sample_db: str) -> None:
    from collections import Counter

    from tiltaksbanken import open_store

    with open_store(sample_db) as store:
        named = Counter(m for r in store.records() for m in r.fields.get("municipalities") or [])
        municipality = named.most_common(1)[0][0]
        client = TestClient(create_app(sample_db))
        data = client.get("/api/search", params={"municipality": municipality, "limit": 200}).json()
        naming = {r.id for r in store.records() if municipality in (r.fields.get("municipalities") or [])}
    assert {h["id"] for h in data["hits"]} == naming and data["total"] == len(naming)
    assert data["facets"]["municipality"][municipality] == data["total"]
    everything = client.get("/api/search").json()
    assert data["total"] < everything["total"]
