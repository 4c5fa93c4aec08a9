"""Yardstick for the OCR'd spreadsheet reader: row placement, calibration, continuation.

    .venv/bin/python bench/sheet.py [--sheets 40] [--seed 1] [--dev] [--fit]

Generated sheets (``tests/sources/sheet_render.py``: realistic rows, OCR noise, split or
single continuation columns, varying row counts and columns) are read back and scored:

(a) the share of cell lines placed in their own row (and field);
(b) calibration: per band of stated confidence, the share placed right, for lines (the
    posterior of the line's row) and for fields (the record's ``confidence``: all of the
    field's lines belong to the row);
(c) the continuation answer: right, wrong, or left open as uncertain, per band.

``--dev`` also reads the sample sheet (OCR-repaired as ingest does, cached in the
temporary folder) and prints the dev evidence lines of ``../shared/eval-dev`` that are
wrong or not sure, with their band, and how many measure pages carry a placement notice
(``--sheets 0 --dev``: only that). ``--fit`` prints, for a range of temperatures of the
alignment posteriors, the log loss of the lines' own rows and the calibration of the
fields on the generated sheets: ``POSTERIOR_TEMPERATURE`` in ``sheet_layout.py`` is the
best of them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sources.sheet_render import random_sheet  # noqa: E402
from tiltaksbanken.domain.records import Record  # noqa: E402
from tiltaksbanken.sources import sheet_layout  # noqa: E402
from tiltaksbanken.sources.document import SourceDocument  # noqa: E402
from tiltaksbanken.sources.ocr_sheet import ColumnSheetReader, SheetReading  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval-dev"
BANDS = [(0.0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.01)]
SHORT_KEYS = ("name", "nav_office", "contact_email", "report_type", "start", "continuation")


def _doc(text: str, name: str = "generated.txt") -> SourceDocument:
    return SourceDocument(path=Path(name), data=text.encode("utf-8"))


def _band(c: float) -> int:
    return next(i for i, (lo, hi) in enumerate(BANDS) if lo <= c < hi)


def _line_owners(records: list[Record]) -> dict[int, tuple[str, int]]:
    out: dict[int, tuple[str, int]] = {}
    for rec in records:
        for key, ranges in rec.field_sources.items():
            if key == "county":
                continue
            for a, b in ranges:
                for n in range(a, b + 1):
                    out[n] = (key, rec.ordinal)
    return out


class Tally:
    """Right/total per confidence band."""

    def __init__(self) -> None:
        self.right = Counter[int]()
        self.total = Counter[int]()
        self.stated = Counter[float]()

    def add(self, conf: float, ok: bool) -> None:
        conf = min(max(conf, 0.0), 1.0)
        b = _band(conf)
        self.total[b] += 1
        self.right[b] += ok
        self.stated[b] += conf

    @property
    def share(self) -> float:
        n = sum(self.total.values())
        return sum(self.right.values()) / n if n else 0.0

    def table(self, title: str) -> str:
        rows = [f"  {title}\n    band        n       stated  right"]
        for b, (lo, hi) in enumerate(BANDS):
            n = self.total[b]
            if n:
                rows.append(f"    {lo:.2f}–{min(hi, 1.0):.2f}  {n:7d}  {self.stated[b] / n:6.3f}  "
                            f"{self.right[b] / n:6.3f}")
        n = sum(self.total.values())
        if n:
            ece = sum(abs(self.stated[b] - self.right[b]) for b in self.total) / n
            rows.append(f"    all        {n:7d}  right {self.share:.4f}  calibration error {ece:.3f}")
        return "\n".join(rows)


def _read(doc: SourceDocument) -> tuple[SheetReading, list[Record]]:
    reader = ColumnSheetReader()
    reading = reader.layout(doc)
    return reading, list(reader.records_of(doc, reading))


def score_generated(sheets: int, seed: int) -> dict[str, object]:
    lines_all, lines_long, fields, cont = Tally(), Tally(), Tally(), Tally()
    cont_counts = Counter[str]()
    log_loss, lost = 0.0, 0
    elapsed = 0.0
    for s in range(sheets):
        rng = random.Random(seed * 1000 + s)
        sheet = random_sheet(rng)
        doc = _doc(sheet.text)
        start = time.perf_counter()
        reading, records = _read(doc)
        elapsed += time.perf_counter() - start
        owners = _line_owners(records)
        line_conf = reading.line_confidence()
        for n, (key, row) in sheet.truth.items():
            ok = owners.get(n) == (key, row)
            conf = line_conf.get(n, 0.0)
            lines_all.add(conf, ok)
            if key not in SHORT_KEYS:
                lines_long.add(conf, ok)
            p = reading.line_probability(n, row)
            if p is None:
                lost += 1
            else:
                log_loss -= float(np.log(max(p, 1e-6)))
        by_row = {rec.ordinal: rec for rec in records}
        for rec in records:
            for key, conf in (rec.fields.get("confidence") or {}).items():
                ranges = rec.field_sources.get(key, [])
                held = [n for a, b in ranges for n in range(a, b + 1) if n in sheet.truth]
                fields.add(conf, all(sheet.truth[n] == (key, rec.ordinal) for n in held))
        for r, row in enumerate(sheet.rows):
            rec = by_row.get(r)
            found = (rec.fields.get("continuation") or {}) if rec else {}
            answer = found.get("answer")
            truth = row["continuation"] if row.get("continuation_text") else None
            if found.get("uncertain"):
                cont_counts["uncertain"] += 1
                cont_counts[f"uncertain, truth {truth}, likely {found.get('likely')}"] += 1
            elif answer == truth:
                cont_counts["right"] += 1
            else:
                cont_counts["wrong"] += 1
                cont_counts[f"wrong {truth}→{answer}"] += 1
            if not found.get("uncertain"):
                cont.add(float(found.get("confidence", 1.0)), answer == truth)
    return {"lines": lines_all, "long": lines_long, "fields": fields, "cont": cont,
            "cont_counts": cont_counts, "seconds": elapsed,
            "log_loss": log_loss / max(sum(lines_all.total.values()) - lost, 1)}


def _repaired_sample() -> SourceDocument:
    from tiltaksbanken.ingest import repair_document

    sheet = next((ROOT / "data" / "sample").glob("002_*.txt"))
    code = "".join(p.read_text("utf-8") for p in sorted((ROOT / "tiltaksbanken" / "ocr").glob("*.py")))
    key = hashlib.sha1(sheet.read_bytes() + code.encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"sheet-bench-{key}.txt"
    doc = SourceDocument.load(sheet)
    if cache.exists():
        doc.apply_repair(cache.read_text("utf-8"))
    else:
        repair_document(doc)
        cache.write_text(doc.text, encoding="utf-8")
    return doc


def score_dev() -> str:
    doc = _repaired_sample()
    reading, records = _read(doc)
    line_conf = reading.line_confidence()
    owners = _line_owners(records)
    out: list[str] = []
    tally = Tally()
    seen: set[tuple[int, int]] = set()
    for line in (EVAL / "search_dev.jsonl").read_text(encoding="utf-8").splitlines():
        for judged in json.loads(line)["relevant"]:
            note = judged.get("evidence") or ""
            head = re.match(r"002 row (\d+) \(name L(\d+)", note)
            if judged.get("kind") != "tiltak" or not head:
                continue
            name_line = int(head.group(2))
            for ev in re.finditer(r"L(\d+) (\w+):", note):
                n = int(ev.group(1))
                if n == name_line or (name_line, n) in seen:
                    continue
                seen.add((name_line, n))
                got, name_row = owners.get(n), owners.get(name_line)
                ok = got is not None and name_row is not None and got[1] == name_row[1]
                conf = line_conf.get(n, 0.0)
                tally.add(conf, ok)
                if not ok or conf < 0.8:
                    out.append(f"    {'right' if ok else 'WRONG'} L{n} ({ev.group(2)}) gold row "
                               f"{head.group(1)}: in row {got[1] + 1 if got else None}, "
                               f"confidence {conf:.2f}")
    notices = [len(r.fields.get("placement_doubt") or {}) for r in records]
    right, total = sum(tally.right.values()), sum(tally.total.values())
    return "\n".join([
        f"dev evidence {right}/{total} lines in the right row ({right / total:.1%})",
        tally.table("dev evidence lines by the confidence of their row"), *out,
        f"dev pages with a placement notice: {sum(1 for k in notices if k)} of {len(records)}, "
        f"{sum(notices)} notices in all",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dev", action="store_true")
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    if args.fit:
        for t in (0.5, 0.6, 0.7, 0.8, 1.0, 1.25, 1.5):
            sheet_layout.POSTERIOR_TEMPERATURE = t
            res = score_generated(args.sheets, args.seed)
            fields = res["fields"].table("fields").splitlines()[-1].strip()  # type: ignore[attr-defined]
            print(f"temperature {t:.2f}: log loss {res['log_loss']:.4f} a line; fields {fields}")
        return
    if args.sheets == 0:
        print(score_dev())
        return
    res = score_generated(args.sheets, args.seed)
    print(f"generated sheets: {args.sheets} (seed {args.seed}), read in {res['seconds']:.1f} s")
    print(res["lines"].table("(a, b) lines, all columns, by the posterior of their row"))  # type: ignore[attr-defined]
    print(res["long"].table("(a, b) lines of long-text columns"))  # type: ignore[attr-defined]
    print(res["fields"].table("(b) fields by their confidence (all lines of the field in its row)"))  # type: ignore[attr-defined]
    counts = res["cont_counts"]
    assert isinstance(counts, Counter)
    n = counts["right"] + counts["wrong"] + counts["uncertain"]
    print(f"  (c) continuation answers: {n} rows, right {counts['right'] / n:.3f}, "
          f"wrong {counts['wrong'] / n:.3f}, uncertain {counts['uncertain'] / n:.3f}")
    for k, v in sorted(counts.items()):
        if k.startswith(("wrong ", "uncertain,")):
            print(f"      {k}: {v}")
    print(res["cont"].table("(c) continuation answers given, by their confidence"))  # type: ignore[attr-defined]
    if args.dev:
        print(score_dev())


if __name__ == "__main__":
    main()
