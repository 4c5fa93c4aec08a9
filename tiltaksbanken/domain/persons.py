"""Names of persons in Norwegian text: a first-name and surname lexicon, and where names are.

The lexicon is taken once from the PyPI package ``names-dataset`` (its v3 data: names
with a popularity rank per country): first names and surnames ranked in the Nordic
countries, and the most common ones of the countries many Norwegians come from, as
set in ``data/person_cues.json``. ``build_person_lexicon`` writes them, with the names
that are also common words (``Per``, ``Liv``, ``Dag``, ``Hans``, ``Vår``: lemmas of Debian's
Norwegian dictionaries when installed, or frequent by ``wordfreq``), into a small JSON
file in the cache folder (``tiltaksbanken build-lexicon``, or at first use); the big
package is read only then.

A name is found by evidence, never by a capital letter alone:

- a first name followed by one or more capitalised words (``Kari Nordmann``,
  ``Ann Kristin Tveøy``, ``Sverre A. Lunde-Danbolt``); a first name that is also a
  common word needs a name of the lexicon after it (``Per Hansen``, not ``Per Capita``);
- a capitalised word after a cue: a label (``Kontaktperson: Lene``, ``Saksbehandler:``),
  a speech verb (``sier Gulin``, ``ifølge Hansen``) or a title (``prosjektleder Evy``,
  ``kollega Mohammed``, ``v. Thomas Katten``);
- a first name alone before a speech verb, a title or an origin (``Mathias, arbeidsleder``,
  ``Asma fra Syria``), capitalised words before a speech verb (``Marte Sootholtet sier``),
  and a name joined to a found one by «og» (``Roland og Elsa Westgard``).

Words of places (``domain/places.py``), offices, organisations, programmes and laws are
never a name (``NAV Skien``, ``Vestfold og Telemark``, ``Husbanken``, ``Strand kommune``),
unless a place is also a surname after a first name (``Kari Berg``). An unknown word
after a first name is taken as a surname unless wordfreq knows it as a common word.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from tiltaksbanken.data import cache_dir, load_data
from tiltaksbanken.domain.places import place_names

log = logging.getLogger(__name__)

CUES_FILE = "person_cues.json"
LEXICON_VERSION = "v1"
HUNSPELL_DICTS = (Path("/usr/share/hunspell/nb_NO.dic"), Path("/usr/share/hunspell/nn_NO.dic"))

_UPPER = "A-ZÆØÅÄÖÜÉÈÁÍÓÚÑÇŠŽ"
_LOWER = "a-zæøåäöüéèáíóúñçšžëïôâêß"
# A capitalised word (hyphen-joined parts each capitalised: Ann-Kristin, Lunde-Danbolt),
# or an initial (A.); the OCR's @ for Ø may open one (@yvind). Words glued to other letters,
# digits or @ are not words here.
_TOKEN = re.compile(
    rf"(?<![\w@.-])(?:(?:[{_UPPER}]|@(?=[{_LOWER}]))[{_LOWER}'’]+(?:-[{_UPPER}][{_LOWER}'’]+)*"
    rf"|[{_UPPER}]\.)(?![\w@-]|\.\w)"
)


def cues() -> dict[str, Any]:
    """The cue words and lexicon settings of ``data/person_cues.json`` (read-only)."""
    return load_data(CUES_FILE)


def lexicon_path() -> Path:
    """The cache file; its name changes with the settings, so a stale lexicon is never read."""
    settings = json.dumps(cues()["lexicon"], sort_keys=True).encode()
    digest = hashlib.sha256(settings).hexdigest()[:10]
    return cache_dir() / f"person-names-{LEXICON_VERSION}-{digest}.json"


# ---------------------------------------------------------------- the lexicon


def _read_names_dataset() -> tuple[dict[str, Any], dict[str, Any]]:
    import gzip
    import pickle
    from importlib import resources

    folder = resources.files("names_dataset") / "v3"
    out = []
    for name in ("first_names.pkl.gz", "last_names.pkl.gz"):
        with resources.as_file(folder / name) as path, gzip.open(path, "rb") as f:
            out.append(pickle.load(f))  # the package's own data, read as the package does
    return out[0], out[1]


def _ranked(table: dict[str, Any], nordic_rank: int, settings: dict[str, Any]) -> dict[str, int]:
    """The names ranked high enough, each with its best Nordic rank (0 when it has none)."""
    nordic, other = settings["nordic_countries"], settings["other_countries"]
    other_rank = settings["other_max_rank"]
    names: dict[str, int] = {}
    for name, info in table.items():
        ranks = info.get("rank") or {}
        best = min((ranks[c] for c in nordic if ranks.get(c)), default=0)
        if (0 < best <= nordic_rank
                or any((ranks.get(c) or other_rank + 1) <= other_rank for c in other)):
            name = name.strip()
            if len(name) > 1 and _TOKEN.fullmatch(name) and not name.endswith("."):
                names[name] = best
    return names


def _dictionary_words() -> set[str]:
    """Lower-case lemmas of Debian's Norwegian hunspell dictionaries (empty when not installed)."""
    words: set[str] = set()
    for path in HUNSPELL_DICTS:
        if path.exists():
            for line in path.read_bytes().decode("latin-1").splitlines()[1:]:
                word = line.split("/", 1)[0].strip()
                if word and word == word.lower():
                    words.add(word)
    return words


def _common_words(first: dict[str, int], last: dict[str, int], settings: dict[str, Any]) -> set[str]:
    """The names that are also common words: Per, Liv, Dag, Hans, Vår, Mark, Will.

    A popular Nordic first name is one only when it is very frequent (Per, Liv, Dag, Hans;
    not John, Tove, Geir: wordfreq counts the name too); another name when it is a lemma of
    the Norwegian dictionary (Vår, Berg, Strand) or a frequent Norwegian or English word."""
    from wordfreq import zipf_frequency

    dictionary = _dictionary_words()
    common: set[str] = set()
    for name in first.keys() | last.keys():
        low = name.casefold()
        nb = zipf_frequency(low, "nb")
        if 0 < first.get(name, 0) <= settings["popular_first_name_rank"]:
            if (low in dictionary and nb >= settings["common_word_zipf"]) or nb >= settings["popular_common_word_zipf"]:
                common.add(name)
        elif (low in dictionary or nb >= settings["common_word_zipf"]
              or zipf_frequency(low, "en") >= settings["english_word_zipf"]):
            common.add(name)
    return common


def build_person_lexicon(target: Path | None = None) -> Path:
    """Write the first names, surnames and names that are also common words, taken from
    the ``names-dataset`` package, to the cache (``lexicon_path()``); returns the path."""
    settings = cues()["lexicon"]
    first_table, last_table = _read_names_dataset()
    first = _ranked(first_table, settings["nordic_max_rank"], settings)
    last = _ranked(last_table, settings["nordic_surname_max_rank"], settings)
    del first_table, last_table
    data = {
        "_source": "names-dataset 3.3.1 (PyPI), v3 first and last names by country rank; "
                   "common words from Debian's hunspell-no and wordfreq",
        "first": sorted(first),
        "last": sorted(last),
        "common": sorted(_common_words(first, last, settings)),
    }
    target = target or lexicon_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    tmp.replace(target)
    return target


@dataclass(frozen=True)
class PersonLexicon:
    """First names, surnames and the names that are also common words."""

    first: frozenset[str]
    last: frozenset[str]
    common: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> PersonLexicon:
        data = json.loads(path.read_text("utf-8"))
        return cls(frozenset(data["first"]), frozenset(data["last"]), frozenset(data["common"]))


_LOCK = threading.Lock()


@cache
def _lexicon() -> PersonLexicon:
    path = lexicon_path()
    if not path.exists():
        try:
            build_person_lexicon(path)
        except ImportError:
            log.warning("names-dataset is not installed: person names are found by cues only")
            return PersonLexicon(frozenset(), frozenset(), frozenset())
    return PersonLexicon.load(path)


def person_lexicon() -> PersonLexicon:
    """The lexicon, read once per process (built into the cache first when it is missing)."""
    with _LOCK:
        return _lexicon()


# ---------------------------------------------------------------- finding names


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=200_000)
def _word_frequency(token: str) -> float:
    """How common ``token`` is as a Norwegian word (wordfreq's Zipf scale, 0 when unseen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(token.casefold(), "nb")


@dataclass(frozen=True)
class _Rules:
    lexicon: PersonLexicon
    organisations: frozenset[str]
    places: frozenset[str]       # the single words of place names
    before: re.Pattern[str]      # a cue ending right before a capitalised word
    after: re.Pattern[str]       # a speech verb right after a name
    apposition: re.Pattern[str]  # «, arbeidsleder», «fra Syria» right after a first name
    street: re.Pattern[str]      # a street word after capitalised words: an address
    place_after: re.Pattern[str]  # «kommune», «fylke» after a word: that word is a place
    rare: float                  # below this word frequency an unknown word may be a surname
    cue_ends: frozenset[str]     # the last words of the cues, to try ``before`` only after one

    def cue(self, text: str, start: int) -> str | None:
        """The kind of cue (label, speech, title) ending right before ``start``, if any."""
        head = text[max(0, start - 40):start].rstrip(" ,:")
        last = head[head.rfind(" ") + 1:].casefold()
        if last not in self.cue_ends and not last.endswith(")"):
            return None
        found = self.before.search(text, max(0, start - 40), start)
        return found.lastgroup if found else None


@cache
def _rules() -> _Rules:
    data = cues()
    places = {part for name in place_names() for part in re.split(r"[\s/-]+", name)
              if part[:1].isupper()}
    before = re.compile(
        rf"(?:(?<![\w-])(?P<label>{_alternation(data['label_cues'])})\s*(?:\([^)]*\)\s*)?:\s*"
        rf"|(?<![\w-])(?P<speech>{_alternation(data['speech_cues'])}),?\s+"
        rf"|(?<![\w-])(?P<title>{_alternation(data['titles'])}),?\s+)$",
        re.IGNORECASE,
    )
    return _Rules(
        lexicon=person_lexicon(),
        organisations=frozenset(data["organisation_words"]),
        places=frozenset(places),
        before=before,
        after=re.compile(rf",?\s+(?:{_alternation(data['after_cues'])})\b"),
        apposition=re.compile(
            rf",\s+(?:[{_LOWER}-]*(?:{_alternation(data['after_title_endings'])})|{_alternation(data['titles'])})\b"
            rf"|\s+fra\s+[{_UPPER}]"),
        street=re.compile(rf"\s+(?:{_alternation(data['street_words'])})\b"),
        place_after=re.compile(rf"\s+(?:{_alternation(data['place_after'])})\b"),
        rare=data["rare_word_zipf"],
        cue_ends=frozenset(c.split()[-1].casefold()
                           for c in (*data["label_cues"], *data["speech_cues"], *data["titles"])),
    )


def _runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised words (and initials) separated by one space."""
    run: list[re.Match[str]] = []
    for m in _TOKEN.finditer(text):
        if run and text[run[-1].end():m.start()] == " ":
            run.append(m)
            continue
        if run:
            yield run
        run = [m]
    if run:
        yield run


class _Run:
    """The words of one run, judged with the rules."""

    def __init__(self, text: str, run: list[re.Match[str]], rules: _Rules) -> None:
        self.text, self.matches, self.rules = text, run, rules
        # the OCR reads Ø as @ (@yvind): the lexicon is asked with the letter restored
        self.tokens = [m.group(0) if m.group(0)[0] != "@" else "Ø" + m.group(0)[1:] for m in run]
        if rules.place_after.match(text, run[-1].end()):  # «Strand kommune»: a place
            self.tokens.pop()
            self.matches = run[:-1]

    def organisation(self, token: str) -> bool:
        return any(p in self.rules.organisations for p in token.split("-"))

    def known(self, token: str) -> bool:
        """A first name or surname of the lexicon (all of it, or a part of a double name)."""
        lex = self.rules.lexicon
        return any(p in lex.first or p in lex.last for p in token.split("-"))

    def common(self, token: str) -> bool:
        """A name that is also a common word (Per, Liv, Dag), or a common word (Arkiv)."""
        if token in self.rules.lexicon.common:
            return True
        return not self.known(token) and _word_frequency(token) >= self.rules.rare

    def surname(self, token: str) -> bool:
        """Whether ``token`` may continue a name: a surname, a middle name or an initial."""
        if token.endswith("."):
            return True
        if self.organisation(token):
            return False
        if self.known(token):
            return True
        if any(p in self.rules.places for p in token.split("-")):
            return False
        return _word_frequency(token) < self.rules.rare

    def first_name(self, token: str) -> bool:
        first = token.split("-")[0]
        return (first in self.rules.lexicon.first and not self.organisation(token)
                and first not in self.rules.places)

    def extend(self, j: int, after_first_name: bool = False) -> int:
        """The end of the name whose last word so far is at ``j - 1``. Right after a first
        name, any word but an organisation's or a place's is taken (Therese Lys)."""
        tokens = self.tokens
        if (after_first_name and j < len(tokens) and not self.organisation(tokens[j])
                and tokens[j] not in self.rules.places and not self.surname(tokens[j])):
            j += 1
        while j < len(tokens):
            if self.surname(tokens[j]):
                j += 1
            elif (j + 1 < len(tokens) and not self.organisation(tokens[j])
                  and tokens[j] not in self.rules.places and not tokens[j].endswith(".")
                  and self.surname(tokens[j + 1]) and not self.common(tokens[j + 1])):
                j += 2  # «Kjersti With Eidsmo»: a common word between two name words
            else:
                break
        return j

    def said(self, end: int) -> bool:
        """Whether a speech verb follows (``Marte Sootholtet sier``)."""
        return bool(self.rules.after.match(self.text, end))

    def spans(self) -> Iterator[tuple[int, int]]:
        tokens, matches, rules, lex = self.tokens, self.matches, self.rules, self.rules.lexicon
        if not tokens or rules.street.match(self.text, matches[-1].end()):
            return
        i = 0
        while i < len(tokens):
            token, start = tokens[i], matches[i].start()
            cue = rules.cue(self.text, start)
            if token.endswith("."):
                i += 1
                continue
            if self.first_name(token):
                if token.split("-")[0] in lex.common:
                    # Per, Liv, Dag: a name only with a cue or a name that is no word after it
                    j = self.extend(i + 1)
                    ok = cue is not None or (j > i + 1 and self.known(tokens[i + 1])
                                             and not self.common(tokens[i + 1]))
                else:
                    j = self.extend(i + 1, after_first_name=True)
                    ok = (j > i + 1 or cue is not None or self.said(matches[i].end())
                          or bool(rules.apposition.match(self.text, matches[i].end())))
                if ok:
                    yield start, matches[j - 1].end()
                    i = j
                    continue
                i += 1
                continue
            if self.organisation(token) or token in rules.places:
                i += 1
                continue
            known = self.known(token) and token not in lex.common
            rare = not self.common(token)
            j = self.extend(i + 1)
            if ((cue in ("speech", "label") and (known or rare)) or (cue == "title" and known)
                    or (j == len(tokens) > i + 1 and (known or rare)
                        and (self.said(matches[-1].end())
                             or rules.apposition.match(self.text, matches[-1].end())))):
                yield start, matches[j - 1].end()
                i = j
                continue
            i += 1


def find_person_names(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the person names in ``text``, in order."""
    if not _TOKEN.search(text):
        return []
    rules = _rules()
    spans = [span for run in _runs(text) for span in _Run(text, run, rules).spans()]
    return [_with_partner(text, span, rules) for span in spans]


def _with_partner(text: str, span: tuple[int, int], rules: _Rules) -> tuple[int, int]:
    """The span grown over a name joined to it by «og» (``Roland og Elsa Westgard``)."""
    start, end = span
    m = _PARTNER.search(text, max(0, start - 40), start)
    if m:
        name = m.group(1)
        lex = rules.lexicon
        if ((name in lex.first or name in lex.last) and name not in lex.common
                and name not in rules.places and name not in rules.organisations):
            return m.start(1), end
    return start, end


_PARTNER = re.compile(rf"(?<![\w@.-])([{_UPPER}][{_LOWER}]+) og $")


def mask_person_names(text: str, mask: str) -> str:
    """``text`` with each person name replaced by ``mask``."""
    spans = find_person_names(text)
    if not spans:
        return text
    out, at = [], 0
    for a, b in spans:
        out += [text[at:a], mask]
        at = b
    out.append(text[at:])
    return "".join(out)
