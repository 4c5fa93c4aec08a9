"""Norwegian text analysis for search: the same steps for the index and the query.

A word is NFC-normalised and case-folded, lemmatised (simplemma, Bokmål and
Nynorsk), mapped from Nynorsk to Bokmål (``data/nn_nb.json``), and stemmed
(Snowball, Norwegian). A compound also yields its parts, split against the OCR
lexicon (*gjeldsrådgivning* → *gjeld* + *rådgivning*), so a query for a part
finds the whole and the other way round.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import simplemma
import snowballstemmer

from tiltaksbanken.sources.form import load_data

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_STEMMER = snowballstemmer.stemmer("norwegian")
MIN_PART = 3
STOPWORDS = frozenset(
    ["og", "i", "jeg", "det", "at", "en", "et", "den", "til", "er", "som", "på", "de", "med", "han", "av", "ikke", "ikkje", "der", "så", "var", "meg", "seg", "men", "ett", "har", "om", "vi", "min", "mitt", "ha", "hadde", "hun", "nå", "over", "da", "ved", "fra", "du", "ut", "sin", "dem", "oss", "opp", "man", "kan", "hans", "hvor", "eller", "hva", "skal", "selv", "sjøl", "her", "alle", "vil", "bli", "ble", "blitt", "kunne", "inn", "når", "være", "kom", "noen", "noe", "ville", "dere", "deres", "kun", "ja", "etter", "ned", "skulle", "denne", "for", "deg", "si", "sine", "sitt", "mot", "å", "meget", "hvorfor", "dette", "disse", "uten", "hvordan", "ingen", "din", "ditt", "blir", "samme", "hvilken", "hvilke", "sånn", "inni", "mellom", "vår", "hver", "hvem", "vors", "hvis", "både", "bare", "enn", "fordi", "før", "mange", "også", "slik", "vært", "båe", "begge", "siden", "dykk", "dykkar", "dei", "deira", "deim", "di", "då", "eg", "ein", "eit", "eitt", "elles", "honom", "hjå", "ho", "hoe", "henne", "hennar", "hennes", "hoss", "hossen", "ingi", "inkje", "korleis", "korso", "kva", "kvar", "kvarhelst", "kven", "kvi", "kvifor", "me", "medan", "mi", "mine", "mykje", "no", "nokon", "noka", "nokor", "noko", "nokre", "si", "sia", "sidan", "so", "somt", "somme", "um", "upp", "vere", "vore", "verte", "vort", "varte", "vart", "the", "a", "an", "of", "and", "or", "to", "in", "for", "with", "on", "at", "by", "from", "as", "is", "are", "be", "this", "that"]
)


@cache
def _nn_nb() -> dict[str, str]:
    return load_data("nn_nb.json")["pairs"]


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    """The words of ``text``, normalised (hyphenated words split into their parts too)."""
    out: list[str] = []
    for m in _WORD.finditer(normalise(text)):
        w = m.group(0)
        out.append(w)
        if "-" in w:
            out.extend(p for p in w.split("-") if p)
    return out


@cache
def lemma(word: str) -> str:
    """Bokmål lemma of a Bokmål or Nynorsk word form."""
    nn = _nn_nb()
    if word in nn:
        return nn[word]
    nb_lemma = simplemma.lemmatize(word, lang="nb")
    if nb_lemma != word:
        return nn.get(nb_lemma, nb_lemma)
    nn_lemma = simplemma.lemmatize(word, lang="nn")
    return nn.get(nn_lemma, nn_lemma)


@cache
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@cache
def _lexicon():
    from tiltaksbanken.ocr.lexicon import lexicon

    return lexicon()


@cache
def compound_parts(word: str) -> tuple[str, ...]:
    """Two known parts of a compound (with a linking s/e dropped), or nothing."""
    if len(word) < 2 * MIN_PART + 1 or not word.isalpha():
        return ()
    trie = _lexicon()
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        if tail not in trie:
            continue
        if head in trie:
            return head, tail
        if head[-1] in "se" and head[:-1] in trie and len(head) - 1 >= MIN_PART:
            return head[:-1], tail
    return ()


@cache
def terms_of_word(word: str) -> tuple[str, ...]:
    """Index terms for one word: its stem, and the stems of its compound parts."""
    if word in STOPWORDS or len(word) < 2:
        return ()
    base = lemma(word)
    out = [stem(base)]
    for part in compound_parts(base):
        if part not in STOPWORDS:
            out.append(stem(lemma(part)))
    return tuple(dict.fromkeys(out))


def analyse(text: str) -> list[str]:
    """The index terms of ``text``, in order (a compound adds its parts after itself)."""
    out: list[str] = []
    for w in words(text):
        out.extend(terms_of_word(w))
    return out
