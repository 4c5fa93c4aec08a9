"""Scans the tests make (text rendered to an image with Pillow, put in a PDF without a text
layer, or saved as PNG) are read by Tesseract: the words kept, each line on its page, the
language chosen from the first page. Needs the ``tesseract`` program (the setup installs it)."""

from __future__ import annotations

import shutil

import pytest

from tiltaksbanken.sources.formats import convert, detect, locator_parts
from tiltaksbanken.sources.formats.scan import choose_languages

from . import make

pytestmark = pytest.mark.skipif(not shutil.which("tesseract"), reason="Tesseract not installed")
WORDS_KEPT = 0.85


def test_a_pdf_without_a_text_layer_is_read_as_a_scan() -> None:
    d = make.doc("nb")
    data = make.scanned_pdf(d)
    assert detect("skannet.pdf", data, ".pdf") == "pdf"
    seen: list[tuple[int, int]] = []
    c = convert("skannet.pdf", data, "pdf", progress=lambda done, total: seen.append((done, total)))
    assert c.format == "pdf-scan" and c.ocr and c.pages == 1
    assert seen == [(1, 1)], "progress is told per page"
    assert make.kept(make.words(" ".join(make.scan_lines(d, 2))), c.text) >= WORDS_KEPT
    assert {locator_parts(w) for w in c.locators if w} == {("page", 1)}
    assert "æ" in c.text or "ø" in c.text or "å" in c.text, "Norwegian letters are read"


def test_a_swedish_png_is_read_with_swedish() -> None:
    d = make.doc("sv")
    data = make.png(d)
    assert detect("sida.png", data, ".png") == "image"
    c = convert("sida.png", data, "image")
    assert c.format == "image" and c.ocr
    assert make.kept(make.words(" ".join(make.scan_lines(d))), c.text) >= WORDS_KEPT
    assert "ä" in c.text or "ö" in c.text


def test_the_language_is_chosen_from_the_letters_of_the_first_page() -> None:
    assert choose_languages("Vi ville också pröva nya arbetssätt för unga").startswith("swe")
    assert choose_languages("Vi ønsket også å prøve ut nye måter").startswith("nor")
    assert choose_languages("We also wanted to try new ways").startswith("nor")


def test_a_scanned_page_in_a_pdf_with_text_is_read_by_tesseract_on_its_page() -> None:
    d = make.doc("nb")
    c = convert("blandet.pdf", make.pdf(d, pages=3, scanned_last=True), "pdf")
    assert c.format == "pdf" and c.ocr and c.pages == 3
    heading, body = d.sections[2]
    assert make.kept(make.words(f"{heading} {body}"), c.text) >= WORDS_KEPT
    pages = {locator_parts(w)[1] for w, line in zip(c.locators, c.lines, strict=True)
             if w and any(word in line for word in body.split()[:3])}
    assert pages == {3}
    assert make.FURNITURE_HEAD.casefold() not in c.text.casefold()
