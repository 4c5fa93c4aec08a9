"""Encodings and stray bytes: UTF-16 with a byte-order mark, NUL bytes in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiltaksbanken import ingest_file
from tiltaksbanken.store import Store

TEXT = "Bolig til unge i Tromsø\n\nTiltaket gir økonomisk rådgivning og hjelp med gjeld.\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read_as_text(
        tmp_path: Path, store: Store, codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    f = tmp_path / "notat.txt"
    f.write_bytes(bom + TEXT.encode(codec))
    result = ingest_file(store, f)
    assert result.ok, result.error
    record = store.records()[0]
    assert "økonomisk rådgivning" in " ".join(map(str, record.fields.values()))
    assert store.source("notat.txt")["encoding"] == "utf-16"  # type: ignore[index]


def test_nul_bytes_are_stripped_with_a_note_never_stored(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "nul.txt"
    f.write_bytes(TEXT.replace("gjeld", "gj\x00eld").encode("utf-8") + b"\x00\x00")
    result = ingest_file(store, f)
    assert result.ok, result.error
    assert any("NUL" in note for note in result.notes)
    for record in store.records():
        assert "\x00" not in str(record.fields) and "\x00" not in record.title
    assert all("\x00" not in line for line in store.source_lines("nul.txt"))
    assert "gjeld" in " ".join(store.source_lines("nul.txt"))


def test_a_file_mostly_of_nul_bytes_is_refused_as_binary(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "tull.txt"
    f.write_bytes(b"tekst" + b"\x00" * 400)
    result = ingest_file(store, f)
    assert result.status == "error" and "binary" in (result.error or "")
