"""Ingest end to end with the formats: a folder of PDFs, DOCX, ODT, web pages and text is
read into the store with each file's format, reader and bid; every line keeps its locator
(the source view shows «Side N»); encrypted and broken files are refused with the store
unchanged; same-named files in different folders are kept apart."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from tiltaksbanken import ingest_file, ingest_paths, open_store
from tiltaksbanken.cli import main
from tiltaksbanken.sources.formats import locator_parts
from tiltaksbanken.store import Store
from tiltaksbanken.web.app import create_app

from . import make


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mappe"
    folder.mkdir()
    (folder / "rapport.pdf").write_bytes(make.pdf(make.doc("nb"), pages=3))
    (folder / "notat.docx").write_bytes(make.docx(make.doc("nn")))
    (folder / "rapport-da.odt").write_bytes(make.odt(make.doc("da")))
    (folder / "side.html").write_bytes(make.html(make.doc("en"), "en"))
    (folder / "notat.txt").write_text("Et notat\n\nOm bolig for unge i Bærum.\n", encoding="utf-8")
    return folder


def test_a_folder_of_mixed_formats_is_read_with_format_reader_and_locators(
        tmp_path: Path, store: Store) -> None:
    results = {r.file: r for r in ingest_paths(store, [_folder(tmp_path)])}
    assert all(r.ok for r in results.values()), results
    assert {f: r.format for f, r in results.items()} == {
        "rapport.pdf": "pdf", "notat.docx": "docx", "rapport-da.odt": "odt",
        "side.html": "html", "notat.txt": "text"}
    assert all(r.reader and r.bid and r.bid > 0 for r in results.values())
    sources = {s["name"]: s for s in store.sources()}
    assert sources["rapport.pdf"]["format"] == "pdf" and sources["rapport.pdf"]["pages"] == 3
    assert sources["side.html"]["title"] == make.doc("en").title
    assert sources["side.html"]["date"] == "2023-05-03"
    assert sources["notat.docx"]["title"] == make.doc("nn").title
    # the PDF's lines: furniture gone, each line on its page; records cite those lines
    lines = store.source_lines("rapport.pdf")
    where = store.source_locators("rapport.pdf")
    assert len(lines) == len(where) and not any("Side 1 av 3" in line for line in lines)
    for n, (heading, _) in enumerate(make.doc("nb").sections, 1):
        assert locator_parts(where[lines.index(f"## {heading}")]) == ("page", n)
    for record in store.records(file="rapport.pdf"):
        for key, ranges in record.field_sources.items():
            value = record.fields[key]
            if isinstance(value, str) and ranges:
                a, b = ranges[0]
                cited = " ".join(store.source_lines("rapport.pdf", a, b))
                # the value is found in the lines it cites (a reader may drop a heading's
                # Markdown marks and chapter number from the text it keeps)
                assert value.split()[0] in cited, (key, cited, value)
    assert store.source_locators("notat.txt") == [None] * len(store.source_lines("notat.txt"))
    documents = [r for r in store.records() if r.kind == "document"]
    assert documents and all(not r.title.startswith("#") for r in documents), "no markup in titles"


def test_the_source_view_shows_the_pdf_pages(tmp_path: Path) -> None:
    db = str(tmp_path / "v.sqlite")
    with open_store(db) as store:
        assert all(r.ok for r in ingest_paths(store, [_folder(tmp_path)]))
    client = TestClient(create_app(db))
    data = client.get("/kilde/rapport.pdf", headers={"Accept": "application/json"}).json()
    assert [line["doc_page"] for line in data["lines"] if line["doc_page"]] == [1, 2, 3]
    assert data["format"] == "pdf" and data["file_pages"] == 3
    html = client.get("/kilde/rapport.pdf").text
    assert "Side 2" in html and "(PDF, 3 sider)" in html
    api = client.get("/api/sources/rapport.pdf/lines").json()
    assert len(api["locators"]) == len(api["lines"])
    pages = [locator_parts(w)[1] for w in api["locators"] if w]
    assert pages == sorted(pages) and set(pages) == {1, 2, 3}


def _with_half_content(odt: bytes) -> bytes:
    """The ODT with its content.xml cut in half (a zip that opens, XML that does not)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, data[: len(data) // 2] if info.filename == "content.xml" else data)
    return out.getvalue()


def test_encrypted_and_broken_files_are_refused_and_the_store_is_unchanged(
        tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "rapport.pdf"
    good.write_bytes(make.pdf(make.doc("nb"), pages=2))
    assert ingest_file(store, good).ok
    before = (store.sources(), [r.id for r in store.records()], store.source_lines("rapport.pdf"))
    locked = tmp_path / "låst.pdf"
    locked.write_bytes(make.pdf(make.doc("nb"), pages=1, password="hemmelig"))
    broken_docx = tmp_path / "ødelagt.docx"
    broken_docx.write_bytes(make.docx(make.doc("nb"))[:2000])
    broken_odt = tmp_path / "halv.odt"
    broken_odt.write_bytes(_with_half_content(make.odt(make.doc("nb"))))
    cases = {locked: "encrypted", broken_docx: "damaged", broken_odt: "damaged"}
    for path, word in cases.items():
        result = ingest_file(store, path)
        assert result.status == "error" and word in (result.error or ""), result
    good.write_bytes(make.pdf(make.doc("nb"), pages=2)[:900])  # the same file, now broken
    result = ingest_file(store, good)
    assert result.status == "error" and "damaged" in (result.error or "")
    after = (store.sources(), [r.id for r in store.records()], store.source_lines("rapport.pdf"))
    assert after == before
    assert capsys.readouterr().out == "", "nothing printed (the CLI's --json stays JSON)"


def test_same_named_files_in_different_folders_are_kept_apart(tmp_path: Path,
                                                              store: Store) -> None:
    top = tmp_path / "arkiv"
    for folder, lang in (("2022", "nb"), ("2023", "sv")):
        (top / folder).mkdir(parents=True)
        (top / folder / "rapport.docx").write_bytes(make.docx(make.doc(lang)))
    results = ingest_paths(store, [top])
    assert [r.status for r in results] == ["added", "added"]
    names = sorted(s["name"] for s in store.sources())
    assert names == ["rapport.docx", "rapport.docx (2023)"]
    assert {r.file for r in store.records()} == set(names)
    again = ingest_paths(store, [top])
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert ingest_file(store, top / "2023" / "rapport.docx", force=True).file == \
        "rapport.docx (2023)", "re-reading keeps its name"


def test_the_cli_says_which_format_and_reader_took_each_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    db = str(tmp_path / "c.sqlite")
    result = CliRunner().invoke(main, ["ingest", "--db", db, str(folder)])
    assert result.exit_code == 0, result.output
    assert "rapport.pdf: added" in result.stderr and "format pdf, 3 pages; reader" in result.stderr
    assert "format docx; reader" in result.stderr and "bid 0." in result.stderr
    again = CliRunner().invoke(main, ["ingest", "--db", db, "--force", "--json", str(folder)])
    rows = {r["file"]: r for r in json.loads(again.stdout)}
    assert rows["side.html"]["format"] == "html" and rows["side.html"]["reader"]
