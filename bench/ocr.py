"""Benchmark: OCR repair of the sample's OCR'd report sheet, beside a SymSpell peer.

    .venv/bin/python bench/ocr.py [FILE] [--gold ../shared/eval-dev/ocr_dev.tsv] [--peer]

Prints the file's damage share and whether ingest would repair it
(``ocr.damage``/``needs_repair``), the time to repair the whole file (target
≤ 5 s with the lexicon cache built) and, when a gold file is given, the token
error reduction and over-corrections (the eval-dev scorer's) on its lines.
With ``--peer`` also SymSpell's (symspellpy over the same Norwegian lexicon,
with the document's own word counts as frequencies; building its edit-distance-2
index over the 1.4 million lexicon forms takes minutes, which is why it is no longer run
by default). It also counts the damaged words left in the repaired file (no lexicon
word, a stand-in for æ/ø/å inside its letters) beside those of the OCR text. The
yardstick that does not depend on the dev lines is ``bench/ocr_synthetic.py``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from symspellpy import SymSpell, Verbosity

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's package

from tiltaksbanken.ocr import Repairer, damage, needs_repair
from tiltaksbanken.ocr.freq import zipf
from tiltaksbanken.ocr.lexicon import lexicon

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = next((ROOT / "data" / "sample").glob("002_*.txt"), None)
WORD = re.compile(r"[^\W\d_]+|[&@]")
TOKEN = re.compile(r"[\w@§&]+")
STAND_INS = "38@0§&"
NUMBER = re.compile(r"§*\d+[^\W\d_]?")


def damaged_words(text: str) -> Counter[str]:
    """Words that still read as damage: no lexicon word, with a stand-in for æ/ø/å (3, 8, @,
    0, §, &) inside its letters or right after them (``m3l``, ``p§``, ``0g``, ``@konomi``)."""
    trie = lexicon()
    found: Counter[str] = Counter()
    for m in TOKEN.finditer(text):
        token = m.group(0)
        if "@" in token and "." in text[m.end():m.end() + 1] + token:
            continue  # an e-mail address
        letters = [i for i, c in enumerate(token) if c.isalpha()]
        if len(letters) < 1 or token.casefold() in trie:
            continue
        if any(c in STAND_INS and ((i > 0 and token[i - 1].isalpha())
                                   or (i + 1 < len(token) and token[i + 1].isalpha()))
               for i, c in enumerate(token)):
            if NUMBER.fullmatch(token):
                continue  # a paragraph or a numbered item: §20a, 4a
            found[token] += 1
    return found


def symspell_repair(text: str) -> tuple[str, float]:
    start = time.perf_counter()
    counts = Counter(w.casefold() for w in WORD.findall(text))
    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    for word in lexicon().iterkeys():
        if word.isalpha():
            sym.create_dictionary_entry(word, counts.get(word, 0) + 1)

    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        low = token.casefold()
        if len(low) < 2 or low in sym.words:
            return token
        found = sym.lookup(low, Verbosity.TOP, max_edit_distance=2)
        if not found:
            return token
        best = found[0].term
        return best[:1].upper() + best[1:] if token[:1].isupper() else best

    return "\n".join(WORD.sub(fix, line) for line in text.split("\n")), time.perf_counter() - start


def official_score(fixed: str, gold: Path) -> str:
    """The eval-dev scorer's summary line for the gold lines of ``fixed``."""
    wanted = {int(r.split("\t", 1)[0]) for r in gold.read_text("utf-8").splitlines()
              if r.split("\t", 1)[0].isdigit()}
    lines = fixed.split("\n")
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        for n in sorted(wanted):
            f.write(f"{n}\t{lines[n - 1]}\n")
    scorer = gold.parent / "score_ocr.py"
    out = subprocess.run([sys.executable, str(scorer), f.name], capture_output=True, text=True)
    Path(f.name).unlink()
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval-dev" / "ocr_dev.tsv")
    parser.add_argument("--peer", action="store_true", help="also run the SymSpell peer (slow)")
    args = parser.parse_args()
    text = args.file.read_text("utf-8")
    lexicon()  # the caches are loaded outside the timing, as the target says
    zipf("og"), zipf("and", "en")
    start = time.perf_counter()
    share, repair = damage(text), needs_repair(text)
    decision_time = time.perf_counter() - start
    start = time.perf_counter()
    result = Repairer(text).repair_text(text)
    ours_time = time.perf_counter() - start
    lines = len(text.split("\n"))
    print(f"{args.file.name}: {lines} lines; damage {share:.3f} → ingest repairs it: {repair} "
          f"({decision_time:.2f} s)")
    print(f"tiltaksbanken repair: {ours_time:.2f} s (target ≤ 5 s), {len(result.changes)} changes")
    before, after = damaged_words(text), damaged_words(result.text)
    print(f"damaged words (no word, a stand-in inside its letters): {sum(before.values())} "
          f"before, {sum(after.values())} after repair; most common left: "
          + ", ".join(f"{w} ×{n}" for w, n in after.most_common(12)))
    runs = [("tiltaksbanken", result.text)]
    if args.peer:
        peer, peer_time = symspell_repair(text)
        print(f"symspell peer:        {peer_time:.2f} s (dictionary build included)")
        runs.append(("symspell", peer))
    if args.gold.exists() and (args.gold.parent / "score_ocr.py").exists():
        for name, fixed in runs:
            print(f"{name:14s} {official_score(fixed, args.gold)}")


if __name__ == "__main__":
    main()
