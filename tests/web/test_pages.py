"""The Norwegian pages and their JSON twins, on the sample corpus."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, quote_plus, urlparse

from fastapi.testclient import TestClient

from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.domain.kinds import kinds
from tiltaksbanken.store import open_store
from tiltaksbanken.web.app import create_app

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def _json(client: TestClient, url: str) -> dict:
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 200, url
    return response.json()


def test_search_page_shows_hits_with_office_county_snippet_and_matched_fields(client: TestClient) -> None:
    html = client.get("/", params={"q": "midlertidig bolig"}).text
    assert '<html lang="nb">' in html
    assert "treff for «midlertidig bolig»" in html
    assert "<mark>" in html and "Treff i:" in html
    data = _json(client, "/?q=midlertidig+bolig")
    first = data["hits"][0]
    assert first["title"] in html and first["url"] in html
    tiltak = next(h for h in data["hits"] if h["kind"] == "tiltak")
    assert tiltak["nav_office"] and tiltak["county"]
    assert f"{tiltak['nav_office']} · {tiltak['county']}" in html


def test_facets_combine_and_every_hit_matches_them(client: TestClient, web_db: str) -> None:
    data = _json(client, "/?q=ungdom&kind=tiltak&county=Oslo&theme=arbeid/jobbspesialist")
    assert 0 < data["total"] < _json(client, "/?q=ungdom&kind=tiltak")["total"]
    with open_store(web_db) as store:
        for hit in data["hits"]:
            record = store.get(hit["id"])
            assert record.kind == "tiltak" and record.fields["county"] == "Oslo"
    groups = {g["name"]: g for g in data["facets"]}
    # A filtered facet still offers its other values (values of one facet combine with "or").
    assert len(groups["county"]["options"]) > 1
    oslo = next(o for o in groups["county"]["options"] if o["value"] == "Oslo")
    assert oslo["selected"]
    assert "county=Oslo" not in oslo["toggle_url"] and "theme=" in oslo["toggle_url"]


def test_both_county_generations_are_facets(client: TestClient) -> None:
    counties = {o["value"] for g in _json(client, "/?kind=tiltak")["facets"] if g["name"] == "county"
                for o in g["options"]}
    assert {"Viken", "Akershus", "Vestfold og Telemark", "Telemark"} <= counties


def test_spelling_hint_and_paging(client: TestClient) -> None:
    html = client.get("/", params={"q": "familiekordinator"}).text
    assert "Søkte også etter" in html and "familiekoordinator" in html
    first = _json(client, "/?q=bolig")
    assert first["pages"] > 1 and first["next_url"]
    second = _json(client, first["next_url"])
    assert second["page"] == 2
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


def test_html_and_json_twins_agree(client: TestClient) -> None:
    data = _json(client, "/?q=gjeld&format=json")
    html = client.get("/?q=gjeld").text
    for hit in data["hits"]:
        assert hit["url"] in html


def test_measure_page_has_every_form_question_and_links(client: TestClient) -> None:
    data = _json(client, "/?q=gjeldsordning&kind=tiltak")
    url = data["hits"][0]["url"]
    html = client.get(url).text
    record = _json(client, url)
    for field in form_fields():
        if field.key == "contact_email":
            assert field.question not in html
        else:
            assert field.question.replace("'", "&#39;") in html
    paragraphs = next(f for f in record["fields"] if f["key"] == "law_paragraphs")["value"]
    assert paragraphs and all(p["url"].startswith("https://lovdata.no/lov/2009-12-18-131/§")
                              for p in paragraphs)
    county = next(f for f in record["fields"] if f["key"] == "county")["value"]
    assert f'href="/?county={county["name"].replace(" ", "+")}"' in html
    assert "Lignende tiltak" in html and record["similar"]


def test_source_view_shows_original_ocr_beside_repaired_text(client: TestClient) -> None:
    tiltak = _json(client, "/?kind=tiltak&q=Bømlo")["hits"]
    record = next(_json(client, h["url"]) for h in tiltak if h["nav_office"] == "NAV Bømlo")
    assert record["ocr_repaired"]
    name = next(f for f in record["fields"] if f["key"] == "name")
    changed = [r for r in name["source_rows"] if r["changed"]]
    assert changed, "the OCR'd name differs from the repaired one"
    row = changed[0]
    assert row["original"] != row["repaired"] and row["repaired"] in name["value"] + "\n"
    html = client.get(record["url"]).text
    assert "Original (OCR)" in html and "Reparert" in html
    assert f'/kilde/{record["file"]}?linjer={row["line"]}' in html


def test_other_kinds_have_their_pages(client: TestClient) -> None:
    kinds = {g["name"]: g for g in _json(client, "/")["facets"]}["kind"]["options"]
    assert {o["value"] for o in kinds} >= {"tiltak", "news", "cookbook", "evaluation", "document"}
    evaluation = _json(client, "/?kind=evaluation&q=sammendrag")["hits"][0]
    page = _json(client, evaluation["url"])
    assert page["url"].startswith("/evaluering/") and page["sections"]
    assert page["sections"][0]["heading"] in client.get(evaluation["url"]).text
    example = next(h for h in _json(client, "/?kind=cookbook")["hits"]
                   if h["url"].startswith("/kokebok/"))
    html = client.get(example["url"]).text
    assert "Kokebokeksempel" in html
    news = _json(client, "/?kind=news")["hits"][0]
    assert client.get(news["url"]).status_code == 200
    wrong = client.get(news["url"].replace("/nyhet/", "/tiltak/"), follow_redirects=False)
    assert wrong.status_code == 301 and wrong.headers["location"] == news["url"]


def test_source_document_has_line_anchors_highlight_and_owning_records(client: TestClient) -> None:
    sources = _json(client, "/oversikt")["sources"]
    sheet = next(s for s in sources if s["reader"] == "ocr-sheet")
    page = client.get(f"/kilde/{sheet['name']}", params={"linjer": "19-20"})
    assert page.status_code == 200
    assert 'id="L19"' in page.text and f'id="L{sheet["lines"]}"' in page.text
    assert re.search(r'class="src-line hl" id="L19"', page.text)
    assert not re.search(r'class="src-line hl" id="L21"', page.text)
    data = _json(client, f"/kilde/{sheet['name']}?linjer=19-20")
    owner = next(line["record"] for line in data["lines"] if line["n"] == 19)
    assert owner and owner["url"].startswith("/tiltak/")
    original = _json(client, f"/kilde/{sheet['name']}?visning=original")
    assert original["view"] == "original" and data["view"] == "reparert"
    assert any(a["text"] != b["text"] for a, b in zip(original["lines"], data["lines"], strict=True))


def test_overview_charts_link_to_filtered_searches(client: TestClient) -> None:
    data = _json(client, "/oversikt")
    charts = {c["key"]: c for c in data["charts"]}
    assert {"county", "county_2024", "theme", "law_paragraph", "report_type", "continuation"} <= set(charts)
    assert charts["county"]["total"] == data["tiltak"]
    bar = charts["county"]["items"][0]
    query = parse_qs(urlparse(bar["url"]).query)
    assert query == {"kind": ["tiltak"], "county": [bar["label"]]}
    assert _json(client, bar["url"])["total"] == bar["count"]
    html = client.get("/oversikt").text
    assert "<svg" in html and f">{bar['count']}<" in html


def test_errors_are_friendly_norwegian_pages(client: TestClient, web_db: str) -> None:
    missing = client.get("/tiltak/finnes-ikke")
    assert missing.status_code == 404 and "Fant ikke siden" in missing.text
    assert client.get("/finnes/ikke").status_code == 404
    assert client.get("/api/records/x").json()["detail"]

    class Broken:
        def __getattr__(self, name: str):
            raise RuntimeError("database on fire: /secret/path.sqlite")

    broken = TestClient(create_app(store=Broken()), raise_server_exceptions=False)  # type: ignore[arg-type]
    page = broken.get("/oversikt")
    assert page.status_code == 500 and "Noe gikk galt hos oss" in page.text
    assert "Traceback" not in page.text and "secret" not in page.text
    assert "secret" not in broken.get("/api/stats").text


def test_security_headers_and_no_inline_scripts(client: TestClient) -> None:
    for url in ["/", "/?q=bolig", "/oversikt", "/api/docs", "/tiltak/finnes-ikke"]:
        response = client.get(url)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert not INLINE_SCRIPT.search(response.text), url


def test_script_payloads_render_inert(client: TestClient) -> None:
    hits = _json(client, "/?q=bostedsløse+trygge&kind=document")["hits"]
    assert hits
    for url in ["/?q=bostedsløse+trygge", hits[0]["url"], f"/kilde/{hits[0]['file']}",
                "/?q=<script>alert(1)</script>"]:
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "<svg onload" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;" in client.get(hits[0]["url"]).text


def test_any_search_input_gets_an_answer_never_a_500(client: TestClient) -> None:
    nasty = ['"', '"bolig', "*", "bolig*", "NEAR(bolig gjeld)", "(((", "a AND OR NOT", "§§§",
             "x" * 10_000, "bolig " * 2000, "\x00\x01\x1b[31m", "\u202e\ufeff", "' OR 1=1 --",
             "🏠 bolig", "%", "\\", "side=-1"]
    for q in nasty:
        page = client.get("/", params={"q": q, "side": "abc"})
        assert page.status_code == 200, q
        api = client.get("/api/search", params={"q": q[:10_000]})
        assert api.status_code == 200, q
    long_page = client.get("/", params={"q": "x" * 10_000}).text
    assert "bare de første 500 tegnene" in long_page


def test_a_cached_search_page_shows_a_newly_ingested_item(tmp_path) -> None:
    from tiltaksbanken import ingest_paths

    first = tmp_path / "a.txt"
    first.write_text("Gjeldsrådgivning for unge\n\nUnge voksne får hjelp med gjeld.\n", "utf-8")
    db = str(tmp_path / "s.sqlite")
    with open_store(db) as store:
        assert all(r.ok for r in ingest_paths(store, [first]))
    client = TestClient(create_app(db))
    before = _json(client, "/?q=gjeld")
    assert _json(client, "/?q=gjeld") == before  # the second answer comes from the page cache
    second = tmp_path / "b.txt"
    second.write_text("Gjeld og bolig\n\nKommunen gir råd om gjeld til familier.\n", "utf-8")
    with open_store(db) as store:
        assert all(r.ok for r in ingest_paths(store, [second]))
    after = _json(client, "/?q=gjeld")
    assert after["total"] == before["total"] + 1
    assert "Gjeld og bolig" in {h["title"] for h in after["hits"]}


def _a_municipality(web_db: str) -> str:
    """A municipality some (not all) records of the sample name."""
    with open_store(web_db) as store:
        named = Counter(m for r in store.records() for m in r.fields.get("municipalities") or [])
    assert named, "the sample names no municipality"
    return named.most_common(1)[0][0]


def test_municipality_is_a_facet_and_filters_the_search_page(client: TestClient, web_db: str) -> None:
    municipality = _a_municipality(web_db)
    everything = _json(client, "/")
    offered = {g["name"]: g for g in everything["facets"]}["municipality"]
    assert offered["label"] == "Kommune"
    assert municipality in {o["value"] for o in offered["options"]}
    data = _json(client, f"/?municipality={quote_plus(municipality)}")
    assert 0 < data["total"] < everything["total"]
    with open_store(web_db) as store:
        for hit in data["hits"]:
            assert municipality in store.get(hit["id"]).fields["municipalities"], hit["id"]
    chosen = next(o for g in data["facets"] if g["name"] == "municipality"
                  for o in g["options"] if o["value"] == municipality)
    assert chosen["selected"] and chosen["count"] == data["total"]
    html = client.get("/", params={"municipality": municipality}).text
    assert f"Kommune: {municipality}" in html
    assert f'name="municipality" value="{municipality}" form="sok" checked' in html


def test_record_pages_show_fields_as_their_kind_declares_them(client: TestClient) -> None:
    for declared in kinds().values():
        hits = _json(client, f"/?kind={declared.name}")["hits"]
        assert hits, declared.name
        page = _json(client, hits[0]["url"])
        assert page["kind_label"] == declared.label
        specs = {f.key: f for f in declared.shown_fields}
        keys = [f["key"] for f in page["fields"]]
        assert keys == [k for k in specs if k in keys], "the declared order"
        for field in page["fields"]:
            assert field["label"] == specs[field["key"]].label
            assert field["display"] == specs[field["key"]].display
        assert not {f.key for f in declared.fields if f.personal} & set(keys)


def test_a_field_hidden_when_another_has_a_value_is_not_shown(client: TestClient) -> None:
    hits = _json(client, "/?kind=evaluation&q=sammendrag")["hits"]
    page = next(p for p in (_json(client, h["url"]) for h in hits) if p["sections"])
    assert "text" not in {f["key"] for f in page["fields"]}


def test_a_relabelled_field_shows_its_new_label(tmp_path, monkeypatch) -> None:
    from dataclasses import replace

    from tiltaksbanken import ingest_paths

    note = tmp_path / "note.txt"
    note.write_text("Gjeldsrådgivning for unge\n\nUnge voksne får hjelp med gjeld.\n", "utf-8")
    db = str(tmp_path / "s.sqlite")
    with open_store(db) as store:
        assert all(r.ok for r in ingest_paths(store, [note]))
    document = kinds()["document"]
    fields = tuple(replace(f, label="Brødtekst") if f.key == "text" else f for f in document.fields)
    monkeypatch.setitem(kinds(), "document", replace(document, fields=fields, _by_key={}))
    client = TestClient(create_app(db))
    url = _json(client, "/?q=gjeld")["hits"][0]["url"]
    assert ">Brødtekst</h2>" in client.get(url).text


def test_source_page_and_api_mask_a_sources_lines_the_same_way(client: TestClient) -> None:
    for source in client.get("/api/sources").json():
        page = _json(client, f"/kilde/{source['name']}?visning=original")
        api = client.get(f"/api/sources/{source['name']}/lines").json()
        assert [line["text"] for line in page["lines"]] == api["lines"], source["name"]
