"""Every development yardstick in one run: OCR repair, row reconstruction, search relevance
(the eval-dev scorers) and where the dev search evidence lines landed.

    .venv/bin/python bench/dev_scores.py [--db /tmp/dev.sqlite] [--reuse] [--only ocr,records,search,evidence]

Ingests ``data/sample`` into a fresh store (``--reuse`` keeps an existing one), runs the
scorers of ``../shared/eval-dev/`` and prints their summary lines. The evidence check reads
the dev judgements' «L<line> field: «…»» notes: a line is placed right when the record that
holds the row's name line also holds that line (and no other record does).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval-dev"
SAMPLE = ROOT / "data" / "sample"
CLI = [sys.executable, "-m", "tiltaksbanken.cli"]


def _run(args: list[str], out: Path | None = None) -> str:
    result = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT)
    if out is not None:
        out.write_text(result.stdout, encoding="utf-8")
    return result.stdout


def _summary(scorer: str, *args: str) -> str:
    return _run([sys.executable, str(EVAL / scorer), *args]).strip().splitlines()[-1]


def score_ocr(tmp: Path) -> str:
    sheet = next(SAMPLE.glob("002_*.txt"))
    fixed = (tmp / "fixed.txt")
    _run([*CLI, "fix-ocr", str(sheet)], fixed)
    wanted = {int(line.split("\t", 1)[0]) for line in (EVAL / "ocr_dev.tsv").read_text(encoding="utf-8").splitlines()
              if line.split("\t", 1)[0].isdigit()}
    lines = fixed.read_text(encoding="utf-8").split("\n")
    picked = tmp / "ocr.tsv"
    picked.write_text("".join(f"{n}\t{lines[n - 1]}\n" for n in sorted(wanted) if n <= len(lines)), encoding="utf-8")
    return "ocr      " + _summary("score_ocr.py", str(picked))


def score_records(db: str, tmp: Path) -> str:
    out = tmp / "records.jsonl"
    _run([*CLI, "export", "--db", db, "--kind", "tiltak", "--include-personal-data"], out)
    return "records  " + _summary("score_records.py", str(out))


def score_search(db: str, tmp: Path) -> str:
    out = tmp / "search.jsonl"
    _run([*CLI, "search", "--db", db, "--batch", str(EVAL / "search_dev.jsonl"), "--limit", "50"], out)
    return "search   " + _summary("score_search.py", str(out))


def _covers(ranges: list[list[int]], line: int) -> bool:
    return any(a <= line <= b for a, b in ranges)


def score_evidence(db: str) -> str:
    """Share of the dev evidence lines that sit in the record of the row they belong to."""
    records = [json.loads(line) for line in _run([*CLI, "export", "--db", db, "--kind", "tiltak",
                                                  "--include-personal-data"]).splitlines() if line.strip()]
    right = total = 0
    wrong: list[str] = []
    seen: set[tuple[int, int]] = set()
    for line in (EVAL / "search_dev.jsonl").read_text(encoding="utf-8").splitlines():
        for judged in json.loads(line)["relevant"]:
            note = judged.get("evidence") or ""
            head = re.match(r"002 row \d+ \(name L(\d+)", note)
            if judged.get("kind") != "tiltak" or not head:
                continue
            name_line = int(head.group(1))
            for ev in re.finditer(r"L(\d+) (\w+):", note):
                ev_line = int(ev.group(1))
                if ev_line == name_line or (name_line, ev_line) in seen:
                    continue
                seen.add((name_line, ev_line))
                total += 1
                holders = [r for r in records
                           if any(_covers(v, ev_line) for v in r["field_sources"].values())]
                owner = [r for r in holders if _covers(r["field_sources"].get("name", []), name_line)]
                if owner and len(holders) == 1:
                    right += 1
                else:
                    wrong.append(f"L{ev_line} ({ev.group(2)}) of row with name L{name_line}: "
                                 f"in {[h['title'][:40] for h in holders]}")
    detail = "".join(f"\n         wrong: {w}" for w in wrong)
    return f"evidence {right}/{total} lines in the right row{detail}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store to use (default: a fresh one in a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="do not re-ingest an existing --db")
    parser.add_argument("--only", default="ocr,records,search,evidence")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = args.db or str(tmp / "dev.sqlite")
        if not (args.reuse and Path(db).exists()) and wanted - {"ocr"}:
            Path(db).unlink(missing_ok=True)
            _run([*CLI, "ingest", "--db", db, str(SAMPLE)])
        if "ocr" in wanted:
            print(score_ocr(tmp), flush=True)
        if "records" in wanted:
            print(score_records(db, tmp), flush=True)
        if "search" in wanted:
            print(score_search(db, tmp), flush=True)
        if "evidence" in wanted:
            print(score_evidence(db), flush=True)


if __name__ == "__main__":
    main()
