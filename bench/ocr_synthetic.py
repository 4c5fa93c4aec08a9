"""Yardstick: OCR repair on generated damage, and clean text that must come back unchanged.

    .venv/bin/python bench/ocr_synthetic.py [--seeds 3] [--show 0] [--json]

It uses neither the dev gold nor the sample corpus. Clean Norwegian text (Bokmål and
Nynorsk sentences written for it, ``tests/ocr/texts/bokmaal.txt`` and ``nynorsk.txt``,
and compounds generated from the lexicon's common nouns, one a line, half of them
capitalised as in a title) is damaged by ``tiltaksbanken.ocr.noise``
(æ/ø/å read as the OCR reads them, with the shares of
``data/ocr_confusions.json``; l read as I; spaces lost and added), repaired,
and scored against the clean text: ``err_red`` (share of the damage's token
errors removed) and ``overcorr`` (tokens right in the damaged text made
wrong).

Then every clean text (those above and the English, Swedish, Danish and
Bokmål-with-URLs texts in ``tests/ocr/texts/``) is checked twice: whether
ingest would repair it (``needs_repair``, expected no; its ``damage`` share is
shown), and how many tokens a forced repair (``fix-ocr``) changes
(expected 0).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's package

from tiltaksbanken.ocr import Repairer, damage, needs_repair
from tiltaksbanken.ocr.lexicon import lexicon
from tiltaksbanken.ocr.noise import Score, compound_nouns, compounds, score
from tiltaksbanken.ocr.noise import damage as add_noise

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "tests" / "ocr" / "texts"
NORWEGIAN = ["bokmaal.txt", "nynorsk.txt"]
COMPOUNDS = 400  # generated compounds
CLEAN_ONLY = ["english.txt", "swedish.txt", "danish.txt", "bokmaal_web.txt"]


def norwegian_sources() -> dict[str, str]:
    out = {name: (TEXTS / name).read_text("utf-8") for name in NORWEGIAN}
    rng = random.Random(0)
    words = compounds(compound_nouns(lexicon()), rng, COMPOUNDS)
    out["compounds (generated)"] = "\n".join(w.capitalize() if i % 2 else w
                                             for i, w in enumerate(words))
    return out


def clean_sources() -> dict[str, str]:
    out = norwegian_sources()
    for name in CLEAN_ONLY:
        out[name] = (TEXTS / name).read_text("utf-8")
    return out


def _wrong_tokens(gold: str, ocr: str, repaired: str) -> tuple[list[str], list[str]]:
    """(tokens the repair left or made wrong, over-corrections) of one line, as text."""
    g, o, r = gold.split(), ocr.split(), repaired.split()
    right_ocr = {i for a, b, n in SequenceMatcher(None, g, o, autojunk=False).get_matching_blocks()
                 for i in range(a, a + n)}
    ops = SequenceMatcher(None, g, r, autojunk=False).get_opcodes()
    wrong, over = [], []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        text = f"{' '.join(g[i1:i2])!r} → {' '.join(r[j1:j2])!r}"
        if any(i in right_ocr for i in range(i1, i2)):
            over.append(text)
        else:
            wrong.append(f"{text} (ocr {' '.join(o[i1:i2]) if i2 - i1 == j2 - j1 else '…'!r})")
    return wrong, over


def run(seeds: int, show: int) -> dict[str, object]:
    lexicon()
    totals = {"tokens": 0, "before": 0, "after": 0, "over": 0}
    per_source: dict[str, dict[str, float]] = {}
    seconds = 0.0
    examples: list[str] = []
    for name, clean in norwegian_sources().items():
        src = {"tokens": 0, "before": 0, "after": 0, "over": 0}
        for seed in range(1, seeds + 1):
            damaged = add_noise(clean, random.Random(seed))
            start = time.perf_counter()
            repaired = Repairer(damaged).repair_text(damaged).text
            seconds += time.perf_counter() - start
            s: Score = score(clean, damaged, repaired)
            for key, value in (("tokens", s.tokens), ("before", s.errors_before),
                               ("after", s.errors_after), ("over", s.overcorrections)):
                src[key] += value
                totals[key] += value
            if show:
                for g, d, r in zip(clean.split("\n"), damaged.split("\n"), repaired.split("\n"),
                                   strict=True):
                    if r != g:
                        wrong, over = _wrong_tokens(g, d, r)
                        examples.extend(f"{name}: OVER {x}" for x in over)
                        examples.extend(f"{name}: left {x}" for x in wrong)
        per_source[name] = {
            "err_red": round(1 - src["after"] / src["before"], 4) if src["before"] else 0.0,
            "overcorr": src["over"], "errors": src["before"], "tokens": src["tokens"]}
    clean_report = {}
    for name, text in clean_sources().items():
        forced = Repairer(text).repair_text(text).text
        changed = [x for a, b in zip(text.split("\n"), forced.split("\n"), strict=True) if a != b
                   for x in _wrong_tokens(a, a, b)[1]]
        examples.extend(f"{name}: FORCED {x}" for x in changed[:show])
        clean_report[name] = {"needs_repair": needs_repair(text), "damage": round(damage(text), 4),
                              "forced_changes": len(changed)}
    return {
        "damaged": {
            "err_red": round(1 - totals["after"] / totals["before"], 4) if totals["before"] else 0.0,
            "overcorr": totals["over"], "errors": totals["before"], "tokens": totals["tokens"],
            "seconds": round(seconds, 2), "per_source": per_source},
        "clean": clean_report,
        "examples": examples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--show", type=int, default=0, help="print up to N wrong tokens")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = run(args.seeds, args.show)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    d = report["damaged"]
    assert isinstance(d, dict)
    print(f"generated damage ({args.seeds} seeds): errors {d['errors']} in {d['tokens']} tokens")
    for name, s in d["per_source"].items():
        print(f"  {name:28s} err_red={s['err_red']:.4f} overcorr={s['overcorr']} "
              f"(errors {s['errors']})")
    clean = report["clean"]
    assert isinstance(clean, dict)
    print("clean text (ingest must not repair; a forced repair must change nothing):")
    for name, c in clean.items():
        print(f"  {name:28s} needs_repair={c['needs_repair']!s:5s} damage={c['damage']:.4f} "
              f"forced_changes={c['forced_changes']}")
    examples = report["examples"]
    assert isinstance(examples, list)
    over = [x for x in examples if " OVER " in x or " FORCED " in x]
    for line in (over + [x for x in examples if x not in over])[:args.show]:
        print("  " + line)
    flagged = sum(c["needs_repair"] for c in clean.values())
    changed = sum(c["forced_changes"] for c in clean.values())
    print(f"synthetic err_red={d['err_red']:.4f} overcorr={d['overcorr']} "
          f"clean_flagged={flagged} clean_forced_changes={changed} repair_s={d['seconds']}")


if __name__ == "__main__":
    main()
