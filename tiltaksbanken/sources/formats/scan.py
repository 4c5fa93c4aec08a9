"""Scans: PDF pages without a text layer and images (PNG/JPEG/TIFF), read by Tesseract.

PDF pages are rendered with ``pypdfium2``; every page goes to the ``tesseract`` program
(Debian's ``tesseract-ocr`` with the Norwegian, Swedish, Danish and English data), one
process per core. The language is chosen from the top of the first page, read with all
of them: Swedish letters (ä, ö) mean Swedish, else Norwegian (which reads Danish too),
each with English beside it; then every page is read with those. The Norwegian OCR repair runs afterwards, as for any text, only when
the text reads as damaged. Every line's locator is its page.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from PIL import Image

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.formats.base import (
    PAGE,
    Converted,
    LineBuilder,
    Progress,
    join_broken_words,
    locator,
)
from tiltaksbanken.sources.formats.furniture import furniture

DPI = 300  # rendering resolution; Tesseract reads body text best at 300 dpi
TIMEOUT = 300  # seconds one page may take
LANGUAGE_SAMPLE = 3  # the top 1/3 of the first page tells the language
LANGS_ENV = "TILTAKSBANKEN_OCR_LANGS"  # to fix the languages (``nor+eng``) instead
_PREFERRED = ("nor", "swe", "dan", "eng")
_NO_TESSERACT = ("cannot read a scanned page: the tesseract program is not installed "
                 "(Debian: apt-get install tesseract-ocr tesseract-ocr-nor)")


@cache
def installed_languages() -> frozenset[str]:
    """The Tesseract language data installed (empty when Tesseract is not)."""
    if not shutil.which("tesseract"):
        return frozenset()
    done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                          check=False)
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


def _langs(*wanted: str) -> str:
    have = installed_languages()
    chosen = [w for w in wanted if w in have] or sorted(have - {"osd"})[:1]
    return "+".join(chosen)


def choose_languages(text: str) -> str:
    """The Tesseract languages for a document whose first page read as ``text``."""
    forced = os.environ.get(LANGS_ENV)
    if forced:
        return forced
    swedish = sum(text.count(c) for c in "äöÄÖ")
    nordic = sum(text.count(c) for c in "æøÆØ")
    return _langs("swe" if swedish > nordic else "nor", "eng")


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def tesseract(name: str, image: Image.Image, langs: str) -> str:
    """What Tesseract reads on one page image."""
    if not shutil.which("tesseract"):
        raise IngestError(name, _NO_TESSERACT)
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", langs, "--psm", "3"],
            input=_png(image), capture_output=True, timeout=TIMEOUT, check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise IngestError(name, f"Tesseract took more than {TIMEOUT} s on a page") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise IngestError(name, f"Tesseract could not read a page ({' '.join(reason)})")
    return done.stdout.decode("utf-8", "replace")


def ocr_pages(name: str, count: int, page_image: Callable[[int], Image.Image],
              progress: Progress | None = None) -> list[str]:
    """The text of pages ``0..count-1`` (``page_image(i)`` renders page i), in order."""
    if count == 0:
        return []
    langs = os.environ.get(LANGS_ENV)
    first = page_image(0)
    if not langs:
        # the language from the top of the first page, read with all of them (all at once
        # they confuse similar letters, å/ä: the pages are then read with the chosen ones)
        top = first.crop((0, 0, first.width, max(1, first.height // LANGUAGE_SAMPLE)))
        langs = choose_languages(tesseract(name, top, _langs(*_PREFERRED)))
    workers = max(1, min(os.cpu_count() or 1, count))
    texts: list[str] = []
    with ThreadPoolExecutor(workers) as pool:
        jobs = [pool.submit(tesseract, name, first, langs)]
        jobs += [pool.submit(lambda i: tesseract(name, page_image(i), langs), i)
                 for i in range(1, count)]
        for done, job in enumerate(jobs, 1):
            texts.append(job.result())
            if progress:
                progress(done, count)
    return texts


def _lines(name: str, fmt: str, texts: list[str], **meta: object) -> Converted:
    pages = [t.split("\n") for t in texts]
    drop = furniture(pages) if len(pages) > 1 else [set() for _ in pages]
    out = LineBuilder()
    for number, (lines, gone) in enumerate(zip(pages, drop, strict=True), 1):
        kept = join_broken_words([line for i, line in enumerate(lines) if i not in gone])
        # Tesseract separates paragraphs by a blank line: keep them
        block: list[str] = []
        for line in [*kept, ""]:
            if line.strip():
                block.append(line)
            elif block:
                out.paragraph("\n".join(block), locator(PAGE, number))
                block = []
    return out.build(fmt, pages=len(pages), ocr=True, **meta)


def ocr_pdf_pages(name: str, data: bytes, pages: list[int] | None = None,
                  progress: Progress | None = None) -> list[str]:
    """What Tesseract reads on the PDF's pages ``pages`` (0-based; all when None), in order."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise IngestError(name, f"the PDF is damaged and cannot be read ({exc})") from None
    lock = threading.Lock()  # pdfium is not thread-safe
    wanted = list(range(len(pdf))) if pages is None else pages

    def render(i: int) -> Image.Image:
        with lock:
            return pdf[wanted[i]].render(scale=DPI / 72, grayscale=True).to_pil()

    try:
        return ocr_pages(name, len(wanted), render, progress)
    finally:
        pdf.close()


def ocr_pdf(name: str, data: bytes, progress: Progress | None = None,
            **meta: object) -> Converted:
    """A scanned PDF: every page rendered and read by Tesseract."""
    return _lines(name, "pdf-scan", ocr_pdf_pages(name, data, None, progress), **meta)


def ocr_image(name: str, data: bytes, progress: Progress | None = None) -> Converted:
    """An image (PNG, JPEG, TIFF, every frame of a multi-page TIFF) read by Tesseract."""
    from PIL import ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        reason = re.sub(r"\s*<[^>]*>", "", str(exc)) or type(exc).__name__
        raise IngestError(name, f"the image is damaged and cannot be read ({reason})") from None

    return _lines(name, "image", ocr_pages(name, len(frames), frames.__getitem__, progress))
