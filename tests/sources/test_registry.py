"""The reader auction, on generated documents of every kind: the right reader wins
without any reader knowing another's format."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.sources.sheet_render import generate_rows, render
from tests.sources.test_cookbook import render_blog
from tests.sources.test_evaluation import _transcript
from tests.sources.test_form_export import invent_rows, write_csv, write_xlsx
from tests.sources.test_news import _news
from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.base import Reader, ReadResult
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.registry import READERS, pick_reader


def _doc(text: str, name: str = "generated.txt") -> SourceDocument:
    return SourceDocument(path=Path(name), data=text.encode("utf-8"))


def test_every_reader_declares_itself() -> None:
    names = [cls.NAME for cls in READERS]
    assert len(set(names)) == len(names), "two readers share a name"
    for cls in READERS:
        assert issubclass(cls, Reader)
        assert 0 < cls.SCORE <= 1, cls.NAME
        assert cls.SUFFIXES or cls.MEDIA_TYPES, f"{cls.NAME} says nothing about what it takes"


@pytest.mark.parametrize("seed", range(4))
def test_the_auction_picks_the_reader_of_each_generated_kind(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    rows = generate_rows(rng, rng.randint(12, 20), 1)
    sheet = render(rows, rng, with_report_type_from=len(rows) // 2)
    csv_text, _ = write_csv(invent_rows(5, seed), rng.choice([",", ";"]), "split")
    xlsx = tmp_path / "eksport.xlsx"
    write_xlsx(xlsx, invent_rows(4, seed), "joined")
    blog, _, _ = render_blog(seed)
    transcript, _ = _transcript(rng)
    news = _news(rng)[0]
    cases = {
        "ocr-sheet": _doc(sheet.text),
        "form_export": _doc(csv_text, "eksport.csv"),
        "cookbook": _doc(blog),
        "evaluation": _doc(transcript),
        "news": _doc(news),
        "plain": _doc("Referat fra møtet\n\nVi snakket om været og om neste møte.\n"),
    }
    for expected, doc in cases.items():
        assert pick_reader(doc).name == expected
    assert pick_reader(SourceDocument.load(xlsx)).name == "form_export"


def test_a_workbook_s_rows_come_back_as_the_result_s_lines(tmp_path: Path) -> None:
    path = tmp_path / "eksport.xlsx"
    write_xlsx(path, invent_rows(3, 5), "split")
    doc = SourceDocument.load(path)
    result = pick_reader(doc).read(doc)
    assert isinstance(result, ReadResult) and result.lines is not None
    for record in result.records:
        (a, b), *_ = record.lines
        assert record.fields["name"] in "\n".join(result.lines[a - 1 : b])


def test_a_text_reader_leaves_the_lines_to_the_document() -> None:
    doc = _doc("Referat\n\nEn linje til.\n")
    assert pick_reader(doc).read(doc).lines is None


def test_a_binary_file_no_reader_takes_says_why() -> None:
    doc = SourceDocument(path=Path("rapport.bin"), data=b"\x7fELF\x02\x00\x01binary")
    with pytest.raises(IngestError, match="binary"):
        pick_reader(doc)
    broken = SourceDocument(path=Path("rapport.pdf"), data=b"%PDF-1.7\n\x00\x01binary")
    with pytest.raises(IngestError, match="PDF is damaged"):
        pick_reader(broken)
