"""The «is this OCR-damaged?» decision: damaged Norwegian is repaired, everything else is not."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken.ingest import repair_document
from tiltaksbanken.ocr import damage, needs_repair
from tiltaksbanken.ocr.noise import Noise
from tiltaksbanken.ocr.noise import damage as add_noise
from tiltaksbanken.sources.document import SourceDocument

TEXTS = Path(__file__).parent / "texts"
CLEAN = ["nynorsk.txt", "english.txt", "swedish.txt", "danish.txt", "bokmaal_web.txt"]
BOKMAAL = (
    "Tiltaket skal gi familiene økonomisk rådgivning og tett oppfølging over tid.\n"
    "Målet er at flere unge får arbeid, og at færre må søke økonomisk stønad.\n"
    "Vi har samarbeidet med skolen, barnevernet og frivillige organisasjoner i kommunen.\n"
    "Familiekoordinatoren møter familiene hjemme og hjelper dem å få oversikt over gjelden.\n"
    "Det har vært vanskelig å nå de som står lengst unna arbeidslivet.\n"
)


@pytest.mark.parametrize("name", CLEAN)
def test_clean_text_in_any_language_does_not_read_as_damaged(name: str) -> None:
    text = (TEXTS / name).read_text("utf-8")
    assert not needs_repair(text)
    assert damage(text) < 0.01


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_ocr_damage_reads_as_damaged(seed: int) -> None:
    text = add_noise(BOKMAAL + (TEXTS / "nynorsk.txt").read_text("utf-8"), random.Random(seed))
    assert needs_repair(text)
    assert damage(text) > 0.05


def test_light_damage_still_counts_but_a_few_names_do_not() -> None:
    clean = BOKMAAL * 3
    lightly = add_noise(clean, random.Random(3), Noise(letters=0.5))
    assert needs_repair(lightly)
    names = clean + "Møtet var hos Kjellbergs Transport og Fjellgg AS i Sgrbyen.\n"
    assert not needs_repair(names)


def _document(tmp_path: Path, name: str, text: str) -> SourceDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return SourceDocument.load(path)


def test_ingest_repairs_only_documents_that_read_as_damaged(tmp_path: Path) -> None:
    english = (TEXTS / "english.txt").read_text("utf-8")
    clean = _document(tmp_path, "blog.txt", english * 4)  # long: no æ/ø/å at all
    assert not repair_document(clean)
    assert clean.text == english * 4
    damaged_text = add_noise(BOKMAAL * 2, random.Random(4))
    damaged = _document(tmp_path, "scan.txt", damaged_text)
    assert repair_document(damaged)
    assert damaged.text != damaged_text
    assert "økonomisk" in damaged.text


def test_tables_are_never_repaired(tmp_path: Path) -> None:
    rows = "navn;kontor\n" + "\n".join(f"Gkonomisk radgivning {i};NAV Trgndelag" for i in range(30))
    table = _document(tmp_path, "tiltak.csv", rows)
    assert not repair_document(table)
