"""Linking precision and recall on generated pairs, per confidence threshold.

    .venv/bin/python bench/links.py

The generated set (tests/links/generate.py) has the same measure in two years' reports
(the second OCR-damaged) and in news, beside hard negatives: the same office with another
measure, the same name at another office. The threshold in domain/links.py is chosen here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.links.generate import labelled_set
from tiltaksbanken.domain import links


def main() -> None:
    for seed in (17, 18, 19):
        records, positives = labelled_set(seed, 80)
        items = [links.facts(r) for r in records]
        chosen = links.THRESHOLD
        links.THRESHOLD = 0.0
        found = links.link_all(items)
        links.THRESHOLD = chosen
        print(f"seed {seed}: {len(records)} records, {len(positives)} positive pairs")
        for t in (0.6, 0.65, 0.7, 0.72, 0.75, 0.8, 0.85):
            kept = {frozenset({x.a, x.b}) for x in found if x.confidence >= t}
            tp = len(kept & positives)
            p = tp / len(kept) if kept else 1.0
            print(f"  threshold {t:.2f}{' *' if t == chosen else '  '} precision {p:.3f} "
                  f"recall {tp / len(positives):.3f} ({len(kept)} links)")


if __name__ == "__main__":
    main()
