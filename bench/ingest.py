"""Benchmark: time to ingest the sample corpus into a fresh SQLite store.

    .venv/bin/python bench/ingest.py [--repeat 3]

Target: ≤ 10 s on the 2-core reference machine. Prints one line per run and the best.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tiltaksbanken import index_records, ingest_paths, open_store

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def run_once() -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "b.sqlite")) as store:
        start = time.perf_counter()
        results = ingest_paths(store, [SAMPLE], indexer=index_records)
        elapsed = time.perf_counter() - start
    return elapsed, sum(r.records for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = []
    for i in range(args.repeat):
        elapsed, records = run_once()
        times.append(elapsed)
        print(f"run {i + 1}: {elapsed:.2f} s, {records} records")
    print(f"ingest of the sample corpus: best {min(times):.2f} s (target ≤ 10 s)")


if __name__ == "__main__":
    main()
