"""PDF text layers, DOCX, ODT and saved web pages the tests make, in Bokmål, Nynorsk,
Swedish, Danish and English, come out as the readers' lines: the words kept, the
furniture gone, headings as «#» lines, tables as pipe rows, and each line's locator right."""

from __future__ import annotations

import io
import re

import pytest

from tiltaksbanken.sources.formats import convert, detect, locator_parts
from tiltaksbanken.sources.formats.base import join_broken_words
from tiltaksbanken.sources.formats.furniture import furniture, is_page_number

from . import make

WORDS_KEPT = 0.95


@pytest.mark.parametrize("lang", make.LANGS)
def test_a_pdf_keeps_its_words_and_loses_running_headers_and_page_numbers(lang: str) -> None:
    d = make.doc(lang)
    data = make.pdf(d, pages=3)
    assert detect("r.pdf", data, ".pdf") == "pdf"
    c = convert("r.pdf", data, "pdf")
    assert c.format == "pdf" and c.pages == 3 and not c.ocr
    assert make.kept(d.words, c.text) >= WORDS_KEPT
    assert make.FURNITURE_HEAD.casefold() not in c.text.casefold()
    assert not re.search(r"\bSide \d+ av \d+\b", c.text)
    # headings by font size; every line cites the page it is on: the n-th section on page n
    assert c.lines[0] == f"# {d.title}"
    for n, (heading, _) in enumerate(d.sections, 1):
        i = c.lines.index(f"## {heading}")
        assert locator_parts(c.locators[i]) == ("page", n)


def test_a_pdf_title_comes_from_its_metadata_unless_a_program_made_it_up() -> None:
    d = make.doc("nb")
    assert convert("r.pdf", make.pdf(d, 1, title_meta="Ung i arbeid 2023"), "pdf").title == \
        "Ung i arbeid 2023"
    made_up = make.pdf(d, 1, title_meta="Microsoft Word - rapport_v3.docx")
    assert convert("r.pdf", made_up, "pdf").title is None


def test_furniture_is_found_by_repetition_and_shape_not_by_words() -> None:
    pages = [[f"ÅRSMELDING {n}", f"Tekst på side {n} om noe eget {n * 'x'}.", f"Fortsatt {n}",
              "Slutt på teksten her.", f"{n}/4"] for n in range(1, 5)]
    pages[2][3] = "En annen slutt."
    drop = furniture(pages)
    assert all(0 in d and 4 in d for d in drop)
    assert all(1 not in d for d in drop)
    assert is_page_number("Side 3 av 12") and is_page_number("- 7 -") and is_page_number("12")
    assert not is_page_number("3 Resultater")


@pytest.mark.parametrize("lang", make.LANGS)
def test_docx_headings_become_headings_and_tables_pipe_rows(lang: str) -> None:
    d = make.doc(lang)
    data = make.docx(d)
    assert detect("r.docx", data, ".docx") == "docx"
    c = convert("r.docx", data, "docx")
    assert make.kept(d.words, c.text) >= WORDS_KEPT
    assert c.lines[0] == f"# {d.title}" and c.title == d.title
    for heading, _ in d.sections:
        assert f"## {heading}" in c.lines
    assert "| 2022 | 20 | 11 |" in c.lines
    first = c.lines.index(f"- {make.ITEMS[0]}")
    assert c.lines[first - 1] == "" and c.lines[first + 1] == f"- {make.ITEMS[1]}"
    assert all(locator_parts(w)[0] == "paragraph" for w, line in zip(c.locators, c.lines,
                                                                      strict=True) if line)


@pytest.mark.parametrize("lang", make.LANGS)
def test_odt_headings_keep_their_outline_level_and_tables_are_kept(lang: str) -> None:
    d = make.doc(lang)
    data = make.odt(d)
    assert detect("r.odt", data, ".odt") == "odt"
    c = convert("r.odt", data, "odt")
    assert make.kept(d.words, c.text) >= WORDS_KEPT
    assert c.lines[0] == f"# {d.title}"
    for heading, _ in d.sections:
        assert f"## {heading}" in c.lines
    assert "| År | Deltakere | I arbeid |" in c.lines


@pytest.mark.parametrize("lang", make.LANGS)
def test_a_saved_web_page_keeps_its_main_text_and_drops_the_site_furniture(lang: str) -> None:
    d = make.doc(lang)
    data = make.html(d, lang)
    assert detect("side.html", data, ".html") == "html"
    assert detect("side", data) == "html", "a saved page is known by its markup too"
    c = convert("side.html", data, "html")
    assert make.kept(d.words, c.text) >= WORDS_KEPT
    assert c.title == d.title and "Eksempelkommunen" not in (c.title or "")
    assert c.date == "2023-05-03" and c.language == lang
    assert f"# {d.title}" in c.lines
    for heading, _ in d.sections:
        assert f"## {heading}" in c.lines
    for junk in [make.COOKIE, make.FOOTER, *make.MENU, *make.RELATED]:
        assert junk not in c.text, junk
    assert "<" not in c.text


def test_plain_text_and_csv_are_not_converted() -> None:
    assert detect("a.txt", "Tiltak i Bærum\n".encode(), ".txt") is None
    assert detect("a.csv", b"a;b\n1;2\n", ".csv") is None


def test_a_word_hyphenated_across_a_line_break_is_joined_and_shared_endings_stay() -> None:
    lines = ["Tiltaket hjelper på arbeids-", "markedet, og helse-", "og omsorgstjenesten",
             "samarbeider med NAV-", "kontoret."]
    assert join_broken_words(lines) == ["Tiltaket hjelper på arbeidsmarkedet,",
                                        "og helse-", "og omsorgstjenesten",
                                        "samarbeider med NAV-", "kontoret."]


def test_an_encrypted_docx_and_an_old_doc_file_are_told_apart() -> None:
    from tiltaksbanken.domain.errors import IngestError

    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    encrypted = ole + "EncryptionInfo".encode("utf-16-le") + bytes(64)
    with pytest.raises(IngestError, match="encrypted"):
        convert("låst.docx", encrypted, detect("låst.docx", encrypted, ".docx") or "")
    with pytest.raises(IngestError, match=r"old Word file \(\.doc\)"):
        convert("gammel.doc", ole, detect("gammel.doc", ole, ".doc") or "")


@pytest.mark.parametrize("dateline", ["Hamar, 3. mars 2023", "3. mars 2023", "Dato: 3. mars 2023"])
def test_the_date_a_docx_states_wins_over_its_templates_created_date(dateline: str) -> None:
    from datetime import datetime

    from docx import Document

    from tiltaksbanken.sources.formats.meta import document_date

    out = Document()
    out.core_properties.created = datetime(2013, 12, 23, 23, 15)  # as a template leaves it
    out.add_heading("Sluttrapport for boligtiltaket", level=0)
    out.add_paragraph(dateline)
    out.add_paragraph("Tiltaket startet i 2019 med 12 deltakere, og 30 av 45 er i arbeid.")
    buf = io.BytesIO()
    out.save(buf)
    c = convert("r.docx", buf.getvalue(), "docx")
    assert c.date == "2013-12-23"
    assert document_date(c.lines, c) == "3. mars 2023"


def test_a_docx_without_a_stated_date_falls_back_to_its_metadata() -> None:
    from datetime import datetime

    from docx import Document

    from tiltaksbanken.sources.formats.meta import document_date

    out = Document()
    out.core_properties.created = datetime(2022, 5, 1, 10, 0)
    out.add_paragraph("Vi startet i 2019 med 12 deltakere.")
    buf = io.BytesIO()
    out.save(buf)
    c = convert("r.docx", buf.getvalue(), "docx")
    assert document_date(c.lines, c) == "2022-05-01"
