"""Ingest end to end: the sample corpus, re-ingest, and every kind of bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

from tiltaksbanken import ingest_file, ingest_paths, open_store
from tiltaksbanken.store import Store

from .conftest import SAMPLE


def test_sample_corpus_gives_the_expected_records(sample_db: str) -> None:
    with open_store(sample_db) as store:
        records = list(store.records())
    kinds = [r.kind for r in records]
    assert kinds.count("tiltak") == 143
    assert kinds.count("news") == 5
    cookbook = [r for r in records if r.kind == "cookbook"]
    assert len(cookbook) == 16  # the call and 15 organisations
    chapters = sorted(r.fields["chapter"] for r in records if r.kind == "evaluation")
    assert chapters[:3] == ["1", "2", "3"]


def test_ocr_damaged_sheet_is_repaired_and_keeps_the_original(sample_db: str) -> None:
    with open_store(sample_db) as store:
        records = list(store.records("tiltak"))
        names = " ".join(r.fields["name"] for r in records)
        assert "økonomi" in names.casefold() and "gkonomi" not in names
        changed = [r for r in records if "ocr_original" in r.fields]
        assert changed, "no record kept the OCR text beside the repaired one"
        record = changed[0]
        key, original = next(iter(record.fields["ocr_original"].items()))
        a, b = record.field_sources[key][0]
        assert store.source_lines(record.file, a, b) == original.split("\n")[: b - a + 1]
        assert store.source_lines(record.file, a, b, repaired=True) != store.source_lines(
            record.file, a, b)
    with open_store(sample_db) as store:  # clean documents are not touched
        news = store.records("news", limit=1)[0]
        assert "ocr_original" not in news.fields


def test_every_record_cites_lines_that_exist(sample_db: str) -> None:
    with open_store(sample_db) as store:
        for record in store.records():
            assert record.lines, record.id
            last = record.lines[-1][1]
            assert store.source_lines(record.file, last, last), (record.id, last)
            for ranges in record.field_sources.values():
                assert all(1 <= a <= b for a, b in ranges)


def test_reingest_replaces_items_without_duplicates(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "notat.txt"
    f.write_text("Første versjon\n\nTekst.\n", encoding="utf-8")
    assert ingest_file(store, f).status == "added"
    assert ingest_file(store, f).status == "unchanged"
    f.write_text("Andre versjon\n\nNy tekst.\n", encoding="utf-8")
    assert ingest_file(store, f).status == "replaced"
    titles = [r.title for r in store.records()]
    assert titles == ["Andre versjon"]


def test_reingesting_the_sample_keeps_counts(tmp_path: Path, store: Store) -> None:
    sheet = next(SAMPLE.glob("002_*.txt"))
    ingest_file(store, sheet)
    ingest_file(store, sheet, force=True)
    assert sum(1 for _ in store.records("tiltak")) == 143


def test_empty_file_is_refused_clearly(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "tom.txt"
    f.write_bytes(b"")
    result = ingest_file(store, f)
    assert result.status == "error" and "empty" in result.error
    assert list(store.records()) == []


def test_binary_file_is_refused_clearly(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "program.bin"
    f.write_bytes(b"\x7fELF\x02\x01" + bytes(range(256)) * 4)
    result = ingest_file(store, f)
    assert result.status == "error" and "binary" in result.error


def test_a_damaged_image_is_refused_as_damaged(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "bilde.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = ingest_file(store, f)
    assert result.status == "error" and "image is damaged" in result.error
    assert "0x" not in result.error, "no Python object addresses in messages"
    assert store.sources() == []


def test_truncated_utf8_is_refused_clearly(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "avbrutt.txt"
    f.write_bytes("Tiltak for unge i Bærum og Tromsø".encode()[:-1])
    result = ingest_file(store, f)
    assert result.status == "error" and "truncated" in result.error


def test_legacy_encodings_are_detected(tmp_path: Path, store: Store) -> None:
    for encoding in ("cp1252", "latin-1"):
        f = tmp_path / f"notat-{encoding}.txt"
        f.write_bytes(
            "Økonomisk rådgivning for unge – «Min økonomi» i Bærum\n\nTekst.\n".replace(
                "–", "-" if encoding == "latin-1" else "–"
            ).encode(encoding)
        )
        result = ingest_file(store, f)
        assert result.ok, result.error
    titles = {r.title for r in store.records()}
    assert titles == {
        "Økonomisk rådgivning for unge – «Min økonomi» i Bærum",
        "Økonomisk rådgivning for unge - «Min økonomi» i Bærum",
    }


def test_folder_with_one_broken_file_keeps_the_good_ones(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "inn"
    folder.mkdir()
    shutil.copy(next(SAMPLE.glob("000_*.txt")), folder / "a.txt")
    (folder / "b.bin").write_bytes(b"\x00\x01\x02" * 100)
    shutil.copy(next(SAMPLE.glob("003_*.txt")), folder / "c.txt")
    results = ingest_paths(store, [folder])
    assert [r.ok for r in results] == [True, False, True]
    assert {r.file for r in store.records()} == {"a.txt", "c.txt"}


def test_a_failing_reader_leaves_the_store_untouched(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "notat.txt"
    f.write_text("Tittel\n\nTekst.\n", encoding="utf-8")
    ingest_file(store, f)
    before = [r.to_dict() for r in store.records()]
    f.write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    result = ingest_file(store, f)
    assert not result.ok
    assert [r.to_dict() for r in store.records()] == before
