"""The Norwegian full-form lexicon: Bokmål and Nynorsk word forms from Debian, as a trie.

Built once (by the setup) from ``hunspell-no`` (expanded with ``unmunch`` from
``hunspell-tools``) and ``wnorwegian``, plus the place-name gazetteer in
``tiltaksbanken/data/places.json``, into a memory-mapped marisa trie in the
cache folder (``$TILTAKSBANKEN_CACHE`` or ``~/.cache/tiltaksbanken``). Beside it,
the forms of each written standard the other lacks (``nynorsk_only``, ``bokmaal_only``):
a Nynorsk passage keeps its own forms and reads Bokmål-only ones as possible damage.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import marisa_trie

from tiltaksbanken.data import cache_dir
from tiltaksbanken.domain.places import place_names, places_bytes

HUNSPELL_DIR = Path("/usr/share/hunspell")
WORDLIST_DIR = Path("/usr/share/dict")
HUNSPELL_DICTS = ("nb_NO", "nn_NO")
WORDLISTS = ("bokmaal", "nynorsk")
LEXICON_VERSION = "v1"
DEBIAN_PACKAGES = "hunspell-no hunspell-tools wnorwegian"


class LexiconMissing(RuntimeError):
    """The lexicon cache is not built and cannot be built here."""


def lexicon_path() -> Path:
    """The cache file; its name changes when the gazetteer does, so a stale cache is never used."""
    digest = hashlib.sha256(places_bytes()).hexdigest()[:10]
    return cache_dir() / f"lexicon-{LEXICON_VERSION}-{digest}.marisa"


def _read_latin1_or_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _hunspell_forms(name: str) -> Iterable[str]:
    dic, aff = HUNSPELL_DIR / f"{name}.dic", HUNSPELL_DIR / f"{name}.aff"
    out = subprocess.run(["unmunch", str(dic), str(aff)], capture_output=True, check=True).stdout
    return _read_latin1_or_utf8(out).splitlines()


def _wordlist_forms(name: str) -> Iterable[str]:
    return _read_latin1_or_utf8((WORDLIST_DIR / name).read_bytes()).splitlines()


def build_lexicon(target: Path | None = None) -> Path:
    """Build the trie of lower-cased word forms; returns its path."""
    missing = [str(p) for p in (*(HUNSPELL_DIR / f"{n}.dic" for n in HUNSPELL_DICTS),
                                *(WORDLIST_DIR / n for n in WORDLISTS)) if not p.exists()]
    if missing:
        raise LexiconMissing(
            f"the Norwegian word lists are not installed ({', '.join(missing)}): "
            f"run scripts/setup.sh, or apt-get install {DEBIAN_PACKAGES}"
        )
    start = time.perf_counter()
    words: set[str] = set()
    sources = [*(_hunspell_forms(n) for n in HUNSPELL_DICTS), *(_wordlist_forms(n) for n in WORDLISTS)]
    for forms in sources:
        for form in forms:
            form = form.strip()
            if form and not form.startswith("#") and " " not in form:
                words.add(form.casefold())
    for name in place_names():
        words.update(part.casefold() for part in name.replace("-", " ").split() if len(part) > 1)
        words.add(name.casefold())
    target = target or lexicon_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    marisa_trie.Trie(words).save(str(tmp))
    tmp.replace(target)
    TrigramModel.train(words).save(target.with_suffix(".trigrams.json"))
    meta = {"forms": len(words), "seconds": round(time.perf_counter() - start, 2),
            "sources": [*HUNSPELL_DICTS, *WORDLISTS, "places.json"]}
    target.with_suffix(".json").write_text(json.dumps(meta), "utf-8")
    for standard in WORDLISTS:
        build_standard_only(standard)
    return target


class TrigramModel:
    """How common each letter trigram is among Norwegian word forms.

    A token the OCR damaged tends to hold trigrams no Norwegian word has
    (``fgr``, ``kgn``, ``&dg``); a name or an author's typo rarely does.
    """

    RARE = 3  # a trigram seen in fewer word forms than this is implausible

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    @classmethod
    def train(cls, words: Iterable[str]) -> TrigramModel:
        counts: Counter[str] = Counter()
        for word in words:
            padded = f"^{word}$"
            counts.update({padded[i : i + 3] for i in range(len(padded) - 2)})
        return cls(dict(counts))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.counts, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, path: Path) -> TrigramModel:
        return cls(json.loads(path.read_text("utf-8")))

    def implausibility(self, word: str) -> float:
        """How many trigrams of ``word`` Norwegian words (almost) never have."""
        padded = f"^{word}$"
        return float(sum(1 for i in range(len(padded) - 2)
                         if self.counts.get(padded[i : i + 3], 0) < self.RARE))


@cache
def trigram_model() -> TrigramModel:
    lexicon()  # builds the cache when missing
    return TrigramModel.load(lexicon_path().with_suffix(".trigrams.json"))


@cache
def lexicon() -> marisa_trie.Trie:
    """The lexicon trie (built on first use when the word lists are installed)."""
    path = lexicon_path()
    if not path.exists():
        build_lexicon(path)
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return trie


def standard_only_path(standard: str) -> Path:
    return cache_dir() / f"{standard}-only-{LEXICON_VERSION}.marisa"


def nynorsk_only_path() -> Path:
    return standard_only_path("nynorsk")


def build_standard_only(standard: str, target: Path | None = None) -> Path:
    """Build the trie of the word forms of one written standard the other lacks: Nynorsk's
    ``gjer``, ``dei``, ``kome``, ``frå`` (``nynorsk``), Bokmål's ``fra``, ``ikke``, ``hun``
    (``bokmaal``), from Debian's full-form word lists, the one minus the other."""
    other = "bokmaal" if standard == "nynorsk" else "nynorsk"
    words: set[str] = set()
    if (WORDLIST_DIR / standard).exists() and (WORDLIST_DIR / other).exists():
        theirs = {w.strip().casefold() for w in _wordlist_forms(other)}
        words = {w.strip().casefold() for w in _wordlist_forms(standard)} - theirs
        words.discard("")
    target = target or standard_only_path(standard)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    marisa_trie.Trie(words).save(str(tmp))
    tmp.replace(target)
    return target


def build_nynorsk_only(target: Path | None = None) -> Path:
    return build_standard_only("nynorsk", target)


@cache
def standard_only(standard: str) -> marisa_trie.Trie:
    """Word forms of ``standard`` (``nynorsk`` or ``bokmaal``) the other standard does not
    have (built on first use)."""
    path = standard_only_path(standard)
    if not path.exists():
        build_standard_only(standard, path)
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return trie


def nynorsk_only() -> marisa_trie.Trie:
    """Nynorsk word forms that are no Bokmål forms."""
    return standard_only("nynorsk")


def bokmaal_only() -> marisa_trie.Trie:
    """Bokmål word forms that are no Nynorsk forms (``fra``, ``ikke``, ``hun``)."""
    return standard_only("bokmaal")


def has_prefix(trie: marisa_trie.Trie, prefix: str) -> bool:
    return next(iter(trie.iterkeys(prefix)), None) is not None
