"""Search quality on our own query set (``bench/queries/own.jsonl``), and hit counts.

    .venv/bin/python bench/search_quality.py --db /tmp/search.sqlite [--queries PATH ...] [--per-query]
                                            [--json] [--counts]

The queries were written from the user intents of ``../shared/DOMAIN.md`` (Bokmål,
Nynorsk, English, typos, office, place and project names) and judged over the whole
sample (grade 2: about the need, 1: partly). A judged item is named by its file and an
anchor line (a measure's name line, another item's first line); a hit counts for the
item whose anchor its lines cover, so the gold does not depend on record ids. The
metrics are those of the eval-dev scorer: recall@10/@50, nDCG@10/@50 (gains 2/1), MRR of
the first grade-2 item, P@10, macro-averaged per query group, and recall@50 per item kind.

``own2.jsonl`` and ``own2_heldout.jsonl`` hold 32 more queries aimed at the news and
cookbook items (judged over those items only, so their recall is those items' recall):
tune on ``own2``, keep ``own2_heldout`` to report on. ``--queries`` takes several files.

``--counts`` also prints how many items each query returns, with queries that should
find nothing (generated letter strings) and place names.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import string
import sys
from collections import Counter, OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tiltaksbanken import open_store  # noqa: E402
from tiltaksbanken.search import Searcher  # noqa: E402

DEFAULT_QUERIES = ROOT / "bench" / "queries" / "own.jsonl"
METRICS = ["recall@10", "recall@50", "ndcg@10", "ndcg@50", "mrr", "p@10"]
GROUPS = ["Bokmål", "Nynorsk", "English", "typo", "named"]
PROBES = ["Øygarden", "Sandefjord", "bananfly", "flyktninger", "bolig", "ungdom", "jobbspesialist",
          "tett oppfølging av ungdom", "debt counselling", "Partnerskapsløftet"]


def _dcg(gains: list[int]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def _ranking(hits: list[dict], relevant: list[dict]) -> list[int]:
    """Gains of the hits in rank order; a hit counts for the first judged item whose anchor
    line it covers (an item already counted higher up is dropped, as the dev scorer does)."""
    seen: set[int] = set()
    gains: list[int] = []
    for hit in hits:
        name = Path(hit["file"]).name
        match = None
        for j, item in enumerate(relevant):
            if item["file"] == name and any(a <= item["line"] <= b for a, b in hit["lines"]):
                match = j
                break
        if match is not None and match in seen:
            continue
        if match is not None:
            seen.add(match)
        gains.append(relevant[match]["grade"] if match is not None else 0)
    return gains


def score(gains: list[int], relevant: list[dict]) -> dict[str, float]:
    grades = sorted((r["grade"] for r in relevant), reverse=True)
    out: dict[str, float] = {}
    for k in (10, 50):
        out[f"recall@{k}"] = sum(1 for g in gains[:k] if g) / len(relevant)
        ideal = _dcg(grades[:k])
        out[f"ndcg@{k}"] = _dcg(gains[:k]) / ideal if ideal else 0.0
    out["mrr"] = next((1 / (i + 1) for i, g in enumerate(gains[:50]) if g == 2), 0.0)
    out["p@10"] = sum(1 for g in gains[:10] if g) / 10
    return out


def _found_kinds(hits: list[dict], relevant: list[dict]) -> Counter[str]:
    found: Counter[str] = Counter()
    for item in relevant:
        if any(Path(h["file"]).name == item["file"] and any(a <= item["line"] <= b for a, b in h["lines"])
               for h in hits[:50]):
            found[item["kind"]] += 1
    return found


def nonsense(n: int, seed: int = 13) -> list[str]:
    """Letter strings that are no word of any language."""
    rng = random.Random(seed)
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9))) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--queries", nargs="+", default=[str(DEFAULT_QUERIES)])
    parser.add_argument("--per-query", action="store_true")
    parser.add_argument("--counts", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    queries = [json.loads(line) for path in args.queries
               for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    per_query: OrderedDict[str, dict] = OrderedDict()
    kind_found: Counter[str] = Counter()
    kind_total: Counter[str] = Counter()
    with open_store(args.db) as store:
        searcher = Searcher(store)
        for q in queries:
            result = searcher.search(q["query"], limit=50)
            hits = [h.to_dict() for h in result.hits]
            m = score(_ranking(hits, q["relevant"]), q["relevant"])
            m.update(group=q["group"], total=result.total, n_rel=len(q["relevant"]), query=q["query"])
            per_query[q["id"]] = m
            kind_found.update(_found_kinds(hits, q["relevant"]))
            kind_total.update(r["kind"] for r in q["relevant"])
        counts = {}
        if args.counts:
            for text in [*nonsense(5), *PROBES]:
                counts[text] = searcher.search(text, limit=1).total

    def macro(ids: list[str]) -> dict[str, float]:
        return {k: sum(per_query[i][k] for i in ids) / len(ids) for k in METRICS}

    groups = {g: dict(macro(ids), n=len(ids)) for g in GROUPS
              if (ids := [i for i, m in per_query.items() if m["group"] == g])}
    summary = macro(list(per_query))
    kinds = {k: {"found@50": kind_found[k], "relevant": kind_total[k],
                 "recall@50_micro": kind_found[k] / kind_total[k]} for k in kind_total}
    if args.json:
        print(json.dumps({"summary": summary, "groups": groups, "by_kind": kinds, "per_query": per_query,
                          "counts": counts}, ensure_ascii=False, indent=1))
        return
    if args.per_query:
        print(f"{'id':<4} {'group':<8} {'rel':>4} {'total':>5} " + " ".join(f"{k:>9}" for k in METRICS)
              + "  query")
        for qid, m in per_query.items():
            print(f"{qid:<4} {m['group']:<8} {m['n_rel']:>4d} {m['total']:>5d} "
                  + " ".join(f"{m[k]:9.3f}" for k in METRICS) + "  " + m["query"])
        print()
    print(f"{'':<8} {'n':>4} " + " ".join(f"{k:>9}" for k in METRICS))
    for g, m in groups.items():
        print(f"{g:<8} {m['n']:>4d} " + " ".join(f"{m[k]:9.3f}" for k in METRICS))
    print(f"{'ALL':<8} {len(per_query):>4d} " + " ".join(f"{summary[k]:9.3f}" for k in METRICS))
    print("recall@50 by item kind (micro): " + ", ".join(
        f"{k} {v['found@50']}/{v['relevant']}={v['recall@50_micro']:.3f}" for k, v in sorted(kinds.items())))
    if counts:
        print("hits per query: " + ", ".join(f"{q!r} {n}" for q, n in counts.items()))
    print(" ".join(f"{k}={summary[k]:.3f}" for k in METRICS))


if __name__ == "__main__":
    main()
