"""The Norwegian pages and their JSON twins, on the sample corpus."""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from urllib.parse import parse_qs, quote_plus, urlparse

from fastapi.testclient import TestClient

from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.domain.kinds import kinds
from tiltaksbanken.store import open_store
from tiltaksbanken.web import urls
from tiltaksbanken.web.app import create_app
from tiltaksbanken.web.wording import count

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
    headings = dict(re.findall(r'<h2 id="h-(\w+)"[^>]*>([^<]*)</h2>', html))
    for field in form_fields():
        if field.key == "contact_email":
            assert field.question not in html
            continue
        # a short heading, the form's full question under it
        assert headings[field.key] == field.label and len(field.label) <= 40
        assert field.question.replace("'", "&#39;") in html
    assert "Velg fylke</h2>" not in html and "Beskriv tiltaket</h2>" not in html
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


def test_other_kinds_have_their_pages(client: TestClient, web_db: str) -> None:
    kinds = {g["name"]: g for g in _json(client, "/")["facets"]}["kind"]["options"]
    assert {o["value"] for o in kinds} >= {"tiltak", "news", "cookbook", "evaluation", "document"}
    evaluation = _json(client, "/?kind=evaluation&q=sammendrag")["hits"][0]
    page = _json(client, evaluation["url"])
    assert page["url"].startswith("/evaluering/") and page["sections"]
    assert page["sections"][0]["heading"] in client.get(evaluation["url"]).text
    with open_store(web_db) as store:
        roles = {r.id: r.fields.get("role") for r in store.records("cookbook")}
    assert set(roles.values()) >= {"call", "example"}
    for hit in _json(client, "/?kind=cookbook")["hits"]:
        assert hit["url"].startswith("/kokebok/")
        label = _json(client, hit["url"])["kind_label"]
        # the call for examples is no example
        assert label == ("Invitasjon til kokeboka" if roles[hit["id"]] == "call" else "Kokebokeksempel")
    news = _json(client, "/?kind=news")["hits"][0]
    assert client.get(news["url"]).status_code == 200
    wrong = client.get(news["url"].replace("/nyhet/", "/tiltak/"), follow_redirects=False)
    assert wrong.status_code == 301 and wrong.headers["location"] == news["url"]


def test_source_document_has_line_anchors_highlight_and_owning_records(client: TestClient) -> None:
    sources = _json(client, "/oversikt")["sources"]
    sheet = next(s for s in sources if s["reader"] == "ocr-sheet")
    page = client.get(f"/kilde/{sheet['name']}", params={"linjer": "19-20"})
    assert page.status_code == 200
    assert 'id="L19"' in page.text and 'id="L1"' in page.text
    assert f'id="L{sheet["lines"]}"' not in page.text, "an excerpt, not the whole sheet"
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


ENGLISH_ERRORS = re.compile(r"Not Found|Method Not Allowed|Internal Server Error|Bad Request|"
                            r"Input should|Field required|Unprocessable")


def test_errors_are_friendly_norwegian_pages(client: TestClient, web_db: str) -> None:
    missing = client.get("/tiltak/finnes-ikke")
    assert missing.status_code == 404 and "Fant ikke siden" in missing.text
    for url in ["/finnes/ikke", "/kilde/finnes-ikke.txt", "/static/finnes-ikke.css"]:
        page = client.get(url)
        assert page.status_code == 404 and not ENGLISH_ERRORS.search(page.text), url
        assert "Fant ikke siden" in page.text or "Fant ingen" in page.text, url
    for url in ["/api/finnes-ikke", "/api/records/x", "/api/sources/x/lines"]:
        answer = client.get(url)
        assert answer.status_code == 404 and answer.json()["detail"], url
        assert not ENGLISH_ERRORS.search(answer.text), url
    wrong_method = client.post("/oversikt")
    assert wrong_method.status_code == 405 and "Ikke tillatt" in wrong_method.text
    assert not ENGLISH_ERRORS.search(wrong_method.text)
    invalid = client.get("/api/records", params={"limit": "mange"})
    assert invalid.status_code == 422 and not ENGLISH_ERRORS.search(invalid.text)
    assert invalid.json()["feil"] == [{"parameter": "limit", "melding": "må være et heltall"}]
    too_many = client.get("/api/records", params={"limit": "100000"}).json()
    assert too_many["feil"][0]["melding"] == "kan være høyst 500"

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


def test_record_pages_show_fields_as_their_kind_declares_them(client: TestClient, web_db: str) -> None:
    for declared in kinds().values():
        hits = _json(client, f"/?kind={declared.name}")["hits"]
        assert hits, declared.name
        page = _json(client, hits[0]["url"])
        with open_store(web_db) as store:
            role = store.get(hits[0]["id"]).fields.get("role")
        assert page["kind_label"] == declared.label_of(role)
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
        api = client.get(f"/api/sources/{source['name']}/lines").json()["lines"]
        shown: list[str] = []
        page = 1
        while True:  # the whole source, a page at a time
            data = _json(client, f"/kilde/{source['name']}?visning=original&side={page}")
            shown += [line["text"] for line in data["lines"]]
            if page >= data["pages"]:
                break
            page += 1
        assert shown == api, source["name"]
        excerpt = _json(client, f"/kilde/{source['name']}?visning=original&linjer=2-3")
        assert [line["text"] for line in excerpt["lines"]] == api[excerpt["first"] - 1:excerpt["last"]]


# ---------------------------------------------------------------- what every page says


def test_counts_take_the_right_number() -> None:
    assert count(1, "post", "poster") == "1 post"
    assert count(2, "post", "poster") == "2 poster"
    assert count(0, "post", "poster") == "0 poster"
    assert count(1, "treff") == "1 treff" and count(7, "treff") == "7 treff"


def _one_record_store(tmp_path, text: str, name: str = "note.txt") -> TestClient:
    from tiltaksbanken import ingest_paths

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    db = str(tmp_path / "one.sqlite")
    with open_store(db) as store:
        assert all(r.ok for r in ingest_paths(store, [path]))
    return TestClient(create_app(db))


def test_a_source_with_one_record_says_one_post_not_one_poster(tmp_path) -> None:
    client = _one_record_store(tmp_path, "Gjeldsrådgivning for unge\n\nUnge voksne får hjelp med gjeld.\n")
    source = client.get("/api/sources").json()[0]
    assert source["records"] == 1
    page = client.get(f"/kilde/{source['name']}").text
    assert "1 post," in page and "1 poster" not in page
    overview = client.get("/oversikt").text
    assert "1 post i banken" in overview and "1 poster" not in overview


def test_the_search_prompt_is_good_bokmaal(client: TestClient) -> None:
    html = client.get("/").text
    assert "Hva vil du vite om det andre har prøvd?" in html
    assert "vite hva" not in html


INTERNAL_CODE = re.compile(r">\s*(?:ocr-sheet|form_export|news|cookbook|evaluation|plain|status|final|yes|no)\s*<")


def test_people_read_labels_not_internal_codes(client: TestClient, web_db: str) -> None:
    from tiltaksbanken.sources.registry import READERS
    assert all(getattr(r, "LABEL", "") for r in READERS), "every reader has a label"
    pages = ["/oversikt", "/?q=bolig"]
    for source in client.get("/api/sources").json():
        pages.append(f"/kilde/{source['name']}?linjer=1-3")
        assert source["reader_label"] != source["reader"]
    with open_store(web_db) as store:
        pages += [urls.record_url(r) for r in store.records("tiltak", limit=15)]
    for url in pages:
        html = client.get(url).text
        assert not INTERNAL_CODE.search(html), (url, INTERNAL_CODE.search(html))
        assert "«ocr-sheet»" not in html


def test_a_law_paragraph_without_a_number_is_named_once(client: TestClient) -> None:
    from tiltaksbanken.domain.facets import value_label
    from tiltaksbanken.web.views.record import display_value

    assert value_label("law_paragraph", "Andre") == "Andre"
    spec = kinds()["tiltak"].field("law_paragraphs")
    shown = display_value(spec, {"law_paragraphs": ["§ 18", "Andre"]})
    assert [(p["code"], p["title"]) for p in shown] == [
        ("§ 18", "Økonomisk stønad til livsopphold"), ("Andre", "")]
    for url in ["/oversikt", "/?kind=tiltak&law_paragraph=Andre"]:
        assert "Andre Andre" not in client.get(url).text


def _field_texts(record) -> str:
    return " ".join(str(v) for v in record.fields.values() if isinstance(v, str | list | dict))


def test_theme_explanations_show_the_words_of_the_text(client: TestClient, web_db: str) -> None:
    hits = _json(client, "/?kind=tiltak&theme=ungdom/skole")["hits"][:10]
    assert hits
    checked = 0
    with open_store(web_db) as store:
        for hit in hits:
            page = _json(client, hit["url"])
            text = (store.get(hit["id"]).title + " " + _field_texts(store.get(hit["id"]))).casefold()
            for theme in page["themes"]:
                for word in theme["words"]:
                    assert word.casefold() in text, (hit["id"], theme["name"], word)
                    checked += 1
            html = client.get(hit["url"]).text
            assert "Hvorfor disse temaene?" in html and 'title="Fordi' not in html
    assert checked > 10


def test_a_page_beyond_the_last_leads_to_the_last(client: TestClient) -> None:
    first = _json(client, "/?q=bolig")
    last = first["pages"]
    assert last > 1
    beyond = client.get("/?q=bolig&side=99", follow_redirects=False)
    assert beyond.status_code == 302
    assert parse_qs(urlparse(beyond.headers["location"]).query)["side"] == [str(last)]
    landed = _json(client, "/?q=bolig&side=99")
    assert landed["page"] == last and landed["hits"]
    html = client.get("/?q=bolig&side=99").text
    assert f"Side {last} av {last}" in html and "Ingen treff" not in html


def test_vis_linjene_opens_an_excerpt_around_the_lines(client: TestClient) -> None:
    from tiltaksbanken.web.views.source import CONTEXT, MAX_WINDOW, PAGE_LINES

    tiltak = _json(client, "/?kind=tiltak&q=gjeld")["hits"][0]
    record = _json(client, tiltak["url"])
    field = max((f for f in record["fields"] if f["source_url"]), key=lambda f: f["lines"][0][0])
    first, last = field["lines"][0][0], field["lines"][-1][1]
    excerpt = _json(client, field["source_url"])
    assert excerpt["mode"] == "utdrag"
    shown = [line["n"] for line in excerpt["lines"]]
    assert shown[0] == max(1, first - CONTEXT) and len(shown) <= min(MAX_WINDOW, last - first + 1 + 2 * CONTEXT)
    assert [line["n"] for line in excerpt["lines"] if line["highlight"]] == list(range(first, last + 1))
    assert excerpt["line_count"] > 10 * len(shown), "the sheet is far longer than the excerpt"
    whole = _json(client, excerpt["whole_url"])
    assert whole["mode"] == "side" and len(whole["lines"]) <= PAGE_LINES
    assert first in [line["n"] for line in whole["lines"]]
    later = _json(client, excerpt["later_url"])
    assert later["last"] > excerpt["last"] and later["first"] == excerpt["first"]
    html = client.get(field["source_url"]).text
    assert "Se hele kilden" in html and "Vis linjene før" in html
    everything = _json(client, f"/kilde/{record['file']}?linjer=1-{excerpt['line_count']}")
    assert len(everything["lines"]) == MAX_WINDOW, "a huge range is cut to one excerpt"


def test_sources_have_human_titles_and_dates(client: TestClient, web_db: str) -> None:
    from tiltaksbanken.sources.formats.meta import stated_date

    sources = client.get("/api/sources").json()
    with open_store(web_db) as store:
        for source in sources:
            assert source["title"] and source["title"] != source["name"]
            records = store.records(file=source["name"])
            if len(records) == 1:
                assert source["title"] == records[0].title
            heads = {r.title.split(" – ")[0] for r in records}
            if len(records) > 1 and len(heads) == 1 and all(" – " in r.title for r in records):
                assert source["title"] == heads.pop()
            if records and all(r.kind == "tiltak" for r in records):
                assert "rapporter" in source["title"]
    html = client.get("/oversikt").text
    for source in sources:
        assert f">{escape(source['title']).replace('&#x27;', '&#39;')}</a>" in html
    assert stated_date(["Rapport", "Dokument type Sluttrapport Dato Mars 2019 Evaluering"]) == "Mars 2019"
    assert stated_date(["Publisert: 03.05.2023", "Dato 1.1.2020"]) == "03.05.2023"
    assert stated_date(["Vi startet i 2019 med 12 deltakere."]) is None


def test_a_one_record_document_is_titled_by_its_record(tmp_path) -> None:
    client = _one_record_store(tmp_path, "Bustad for ungdom i Sogn\n\nPublisert 12. mars 2024\n\n"
                                         "Kommunen har skaffa bustad til ungdomar.\n", "a1b2c3.txt")
    source = client.get("/api/sources").json()[0]
    assert source["title"] != "a1b2c3.txt" and "Bustad" in source["title"]
    assert source["date"] == "12. mars 2024"


def test_nynorsk_text_is_marked_as_nynorsk(tmp_path) -> None:
    client = _one_record_store(tmp_path, "Eit tilbod for ungdomar\n\nDei fleste ungdomane treng ikkje "
                                         "meir enn ein vaksen som ser dei. Me har difor laga eit "
                                         "tilbod saman med skulen.\n")
    hit = _json(client, "/?q=ungdomar")["hits"][0]
    assert hit["lang"] == "nn"
    assert 'lang="nn"' in client.get("/?q=ungdomar").text
    page = client.get(hit["url"]).text
    assert re.search(r'class="field-value[^"]*" lang="nn"', page)
    assert '<html lang="nb">' in page


def test_the_breadcrumb_leads_back_to_the_search(client: TestClient) -> None:
    html = client.get("/", params={"q": "bolig", "kind": "tiltak", "side": "2"}).text
    link = re.search(r'hit-title"[^>]*><a class="aksel-link" href="([^"]+)"', html)[1]
    link = link.replace("&amp;", "&")
    assert "fra=" in link
    page = client.get(link).text
    back = re.search(r'class="aksel-link back-link" href="([^"]+)">([^<]+)<', page)
    assert back[2] == "Treff for «bolig», side 2"
    assert parse_qs(urlparse(back[1].replace("&amp;", "&")).query) == {
        "q": ["bolig"], "kind": ["tiltak"], "side": ["2"]}
    plain = link.split("?")[0]
    for hostile in ["https://evil.example/?q=x", "//evil.example/", "/kilde/x", "javascript:alert(1)"]:
        page = client.get(plain, params={"fra": hostile}).text
        back = re.search(r'class="aksel-link back-link" href="([^"]+)"', page)[1]
        assert back == "/?kind=tiltak", hostile


def test_head_requests_are_answered_on_every_page(client: TestClient) -> None:
    hit = _json(client, "/?q=bolig")["hits"][0]
    source = client.get("/api/sources").json()[0]["name"]
    for url in ["/", "/?q=bolig", hit["url"], f"/kilde/{source}", "/oversikt", "/api/stats",
                "/api/docs", "/static/app.css", "/static/app.js", "/api/search?q=bolig"]:
        head = client.head(url)
        assert head.status_code == 200 and head.content == b"", url
        get = client.get(url)
        assert head.headers["content-type"] == get.headers["content-type"], url
        assert "content-security-policy" in head.headers
    assert client.head("/finnes-ikke").status_code == 404


def test_skip_link_and_filters_before_results_in_the_page(client: TestClient) -> None:
    html = client.get("/", params={"q": "bolig"}).text
    assert '<a class="skiplink" href="#treff">Hopp til treffene</a>' in html
    assert re.search(r'<ol class="hits" id="treff" tabindex="-1"', html)
    assert html.index('class="filter-panel"') < html.index('id="result-heading"')
    assert re.search(r'<details class="filter-panel"[^>]*>\s*<summary class="filter-summary">Filtre', html)
    assert html.count('class="aksel-button aksel-button--small apply-filters"') == 2, "works without script"
    assert 'href="#treff"' not in client.get("/", params={"q": "bolig", "kind": "finnes-ikke"}).text


def test_a_placement_notice_is_rare_and_names_the_measure_the_text_may_belong_to(
        client: TestClient, web_db: str) -> None:
    """A scanned sheet's text gets a yellow notice only where the reader doubts its row,
    and the notice says which other measure the lines may belong to, with a link."""
    with open_store(web_db) as store:
        sheet = [r for r in store.records(kind="tiltak") if "row" in r.fields]
    doubted = [r for r in sheet if r.fields.get("placement_doubt")]
    assert doubted and len(doubted) < 0.5 * len(sheet)
    record = doubted[0]
    doubt = next(iter(record.fields["placement_doubt"].values()))
    html = client.get(urls.record_url(record)).text
    assert html.count("Usikker plassering") == len(record.fields["placement_doubt"])
    if doubt["other_title"]:
        assert f"«{escape(doubt['other_title'], quote=False)}»" in html
        other = next(r for r in sheet if r.fields["row"] == doubt["other_row"])
        assert urls.record_url(other) in html
    assert f"om lag {round(100 * doubt['confidence'])} %" in html  # calibrated, so it may be said
    calm = next(r for r in sheet if not r.fields.get("placement_doubt"))
    assert "Usikker plassering" not in client.get(urls.record_url(calm)).text
