"""Benchmark: time to ingest the sample corpus into a fresh SQLite store, and pages per
second the format layer reads from PDFs: a text layer (pypdf) and scans (Tesseract).

    .venv/bin/python bench/ingest.py [--repeat 3] [--pdf-pages 40] [--scan-pages 4]

Target: ≤ 10 s for the corpus on the 2-core reference machine. Prints one line per run
and the best. The PDFs are made here from the sample corpus's text (fpdf2, from the dev
extra; scans are those pages rendered as images without a text layer, 300 dpi).
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

from tiltaksbanken import index_records, ingest_paths, open_store
from tiltaksbanken.sources.formats import convert

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def run_once() -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "b.sqlite")) as store:
        start = time.perf_counter()
        results = ingest_paths(store, [SAMPLE], indexer=index_records)
        elapsed = time.perf_counter() - start
    return elapsed, sum(r.records for r in results)


def sample_lines() -> list[str]:
    """The sample corpus's prose lines (latin-1, as the PDF core fonts write them)."""
    lines = []
    for path in sorted(SAMPLE.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            line = " ".join(line.split())
            if len(line) > 20:
                lines.append(line.encode("latin-1", "replace").decode("latin-1")[:95])
    return lines


def text_pdf(pages: int, per_page: int = 40) -> bytes:
    from fpdf import FPDF

    lines = sample_lines()
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for p in range(pages):
        pdf.add_page()
        pdf.cell(0, 6, f"RAPPORT {p + 1}", new_x="LMARGIN", new_y="NEXT")
        for i in range(per_page):
            pdf.cell(0, 6, lines[(p * per_page + i) % len(lines)], new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 6, f"Side {p + 1} av {pages}", align="C")
    return bytes(pdf.output())


def scanned_pdf(pages: int) -> bytes:
    """Pages of the text PDF rendered to images and saved as a PDF with no text layer."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(text_pdf(pages))
    images = [doc[i].render(scale=300 / 72, grayscale=True).to_pil() for i in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=300.0)
    return buf.getvalue()


def pages_per_second(data: bytes, repeat: int) -> tuple[float, int, str]:
    best, pages, fmt = float("inf"), 0, ""
    for _ in range(repeat):
        start = time.perf_counter()
        converted = convert("bench.pdf", data, "pdf")
        best = min(best, time.perf_counter() - start)
        pages, fmt = converted.pages, converted.format
    return pages / best, pages, fmt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-pages", type=int, default=40)
    parser.add_argument("--scan-pages", type=int, default=4)
    args = parser.parse_args()
    times = []
    for i in range(args.repeat):
        elapsed, records = run_once()
        times.append(elapsed)
        print(f"run {i + 1}: {elapsed:.2f} s, {records} records")
    print(f"ingest of the sample corpus: best {min(times):.2f} s (target ≤ 10 s)")
    rate, pages, fmt = pages_per_second(text_pdf(args.pdf_pages), args.repeat)
    print(f"PDF text layer ({fmt}): {rate:.1f} pages/s ({pages} pages, best of {args.repeat})")
    if args.scan_pages:
        rate, pages, fmt = pages_per_second(scanned_pdf(args.scan_pages), 1)
        print(f"scanned PDF ({fmt}, Tesseract, {os.cpu_count()} cores): {rate:.2f} pages/s "
              f"({pages} pages)")


if __name__ == "__main__":
    main()
