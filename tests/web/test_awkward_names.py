"""A source file named with URL characters (``a?b#c.txt``): every link to it works."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

from fastapi.testclient import TestClient

from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.web.app import create_app
from tiltaksbanken.web.urls import record_url

NAME = "a?b#c d%.txt"


def test_every_link_to_a_source_with_url_characters_in_its_name_works(tmp_path: Path) -> None:
    f = tmp_path / NAME
    f.write_text("Bolig til unge\n\nTiltaket gir hjelp med gjeld og bolig.\n", encoding="utf-8")
    db = str(tmp_path / "n.sqlite")
    with open_store(db) as store:
        assert all(r.ok for r in ingest_paths(store, [f]))
        record = store.records()[0]
    client = TestClient(create_app(db), raise_server_exceptions=False)
    api = client.get(f"/api/records/{record.id}")
    assert api.status_code == 200 and api.json()["source"]["file"] == NAME
    lines = client.get(f"/api/sources/{quote(NAME)}/lines", params={"first": 1, "last": 3})
    assert lines.status_code == 200, lines.text
    page = client.get(record_url(record))
    assert page.status_code == 200
    hrefs = [unquote(h) for h in re.findall(r'href="(/kilde/[^"]+)"', page.text)]
    raw = re.findall(r'href="(/kilde/[^"]+)"', page.text)
    assert raw, "the record page links to its source"
    for href in raw:
        assert "%3F" in href and "%23" in href, href
        answer = client.get(href.replace("&amp;", "&"))
        assert answer.status_code == 200, href
        assert "Tiltaket gir hjelp" in answer.text
    assert all(NAME in h for h in hrefs)
