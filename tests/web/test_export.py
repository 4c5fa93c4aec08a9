"""The search page's sort menu and the result list as CSV: same hits, public fields only."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from tiltaksbanken.search.sorting import SORTS

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _rows(client: TestClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_the_hits_of_the_search_in_its_order(client: TestClient) -> None:
    data = client.get("/?q=bolig&format=json").json()
    rows = _rows(client, data["csv_url"])
    assert len(rows) == data["total"] > 0
    first_page = [h["title"] for h in data["hits"]]
    assert [r["Tittel"] for r in rows[: len(first_page)]] == first_page
    assert [int(r["Rang"]) for r in rows] == list(range(1, len(rows) + 1))
    assert all(r["Adresse"].startswith("http") for r in rows)


def test_csv_keeps_filters_and_sort_and_shows_no_personal_data(client: TestClient) -> None:
    rows = _rows(client, "/treff.csv?q=oppf%C3%B8lging&kind=tiltak&sortering=office")
    assert rows and {r["Type"] for r in rows} == {"Tiltak"}
    offices = [r["NAV-kontor"] for r in rows if r["NAV-kontor"]]
    assert offices, "measures carry their office"
    text = client.get("/treff.csv?q=kontaktperson").text + client.get("/treff.csv").text
    assert not EMAIL.search(text), "no e-mail address in an export for anonymous viewers"


def test_sort_menu_offers_every_sort_and_keeps_it_in_links(client: TestClient) -> None:
    html = client.get("/?q=bolig&sortering=newest").text
    for sort in SORTS.values():
        assert f'value="{sort.name}"' in html and sort.label in html
    assert re.search(r'<option value="newest" selected>', html)
    data = client.get("/?q=bolig&sortering=newest&format=json").json()
    assert data["sort"] == "newest"
    assert all("sortering=newest" in p["url"] for p in data["page_urls"] if p["page"] != 1) or data["pages"] == 1
    assert "sortering=newest" in data["csv_url"]


def test_api_search_sorts_and_refuses_an_unknown_sort(client: TestClient) -> None:
    newest = client.get("/api/search?q=bolig&kind=tiltak&sort=newest&limit=50").json()
    relevance = client.get("/api/search?q=bolig&kind=tiltak&limit=50").json()
    assert newest["total"] == relevance["total"]
    assert client.get("/api/search?q=bolig&sort=tilfeldig").status_code == 422
