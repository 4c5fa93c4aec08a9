"""Norwegian text analysis for search: the same steps for the index and the query.

A word is NFC-normalised and case-folded, lemmatised (simplemma, Bokmål and
Nynorsk), mapped from Nynorsk to Bokmål (``data/nn_nb.json``), and stemmed
(Snowball, Norwegian; an English word, one no Norwegian word list knows, with the
English Snowball stemmer). A compound also yields its parts, split against the OCR
lexicon (*gjeldsrådgivning* → *gjeld* + *rådgivning*), so a query for a part finds the
whole; a query compound is met by its whole or by all its parts (``whole_and_parts``).
Words the OCR left damaged get fold keys (*@ygarden* ~ *Øygarden*).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import simplemma
import snowballstemmer
from wordfreq import zipf_frequency

from tiltaksbanken.data import load_data

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_STEMMER = snowballstemmer.stemmer("norwegian")
_ENGLISH_STEMMER = snowballstemmer.stemmer("english")
ENGLISH_ZIPF = 3.0  # a word no Norwegian lexicon knows, this common in English, is English
ENGLISH_MARGIN = 1.0  # … and this much more common in English than in Norwegian
MIN_PART = 3
MIN_STEM = 3  # a stem this short says too little (Snowball makes «ne» of «neet»): keep the lemma
MIN_PART_ZIPF = 2.5
SHORT_PART_ZIPF = 4.0
# endings that are words of their own but no compound parts (oppsøk-ende, mulig-het)
_SUFFIXES = frozenset(load_data("stopwords.json")["not_compound_parts"])
WHOLE_WORD_ZIPF = 4.3
STOPWORDS = frozenset(load_data("stopwords.json")["words"])


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
def _bokmaal_of_nynorsk() -> frozenset[str]:
    return frozenset(_nn_nb().values())


def _is_word(word: str) -> bool:
    return word in _lexicon() or zipf_frequency(word, "nb") > 0


@cache
def lemma(word: str) -> str:
    """Bokmål lemma of a Bokmål or Nynorsk word form. A lemma no word list knows, of a word
    form they do know, is the lemmatiser's guess gone wrong (*lavinntekt* → *lavinntekk*,
    *frivillighet* → *frivillighete*): the form is kept."""
    nn = _nn_nb()
    if word in nn:
        return nn[word]
    nb_lemma = simplemma.lemmatize(word, lang="nb")
    if nb_lemma != word:
        found = nn.get(nb_lemma, nb_lemma)
    else:
        nn_lemma = simplemma.lemmatize(word, lang="nn")
        found = nn.get(nn_lemma, nn_lemma)
    if found != word and found not in _bokmaal_of_nynorsk() and not _is_word(found) and _is_word(word):
        return word
    return found


@cache
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@cache
def _lexicon():
    from tiltaksbanken.ocr.lexicon import lexicon

    return lexicon()


def _plausible_part(part: str) -> bool:
    """A compound part worth indexing: a known, reasonably common word (Nynorsk mapped);
    a three-letter part (lav-, ung-, ny-) only when it is very common."""
    if len(part) < MIN_PART or part in STOPWORDS or part not in _lexicon():
        return False
    zipf = zipf_frequency(_nn_nb().get(part, part), "nb")
    return zipf >= (SHORT_PART_ZIPF if len(part) <= 3 else MIN_PART_ZIPF)


@cache
def compound_parts(word: str, depth: int = 2) -> tuple[str, ...]:
    """Known parts of a compound, longest head first (a linking s/e dropped), or nothing.

    Very common words and English words are kept whole: they are one concept to a searcher.
    """
    if (len(word) < 2 * MIN_PART + 1 or not word.isalpha() or depth == 0
            or zipf_frequency(word, "nb") >= WHOLE_WORD_ZIPF or zipf_frequency(word, "en") >= 3.0):
        return ()
    cuts = [(word[:c], word[c:]) for c in range(len(word) - MIN_PART, MIN_PART - 1, -1)
            if word[c:] not in _SUFFIXES]
    for head, tail in cuts:  # two parts first
        if _plausible_part(tail):
            for h in [head] + ([head[:-1]] if head[-1] in "se" else []):
                if _plausible_part(h):
                    return h, tail
    for head, tail in cuts:  # then three
        tail_parts = (tail,) if _plausible_part(tail) else compound_parts(tail, depth - 1)
        if not tail_parts:
            continue
        for h in [head] + ([head[:-1]] if head[-1] in "se" else []):
            head_parts = (h,) if _plausible_part(h) else compound_parts(h, depth - 1)
            if head_parts and len(head_parts) + len(tail_parts) <= 3:
                return (*head_parts, *tail_parts)
    return ()


@cache
def terms_of_word(word: str) -> tuple[str, ...]:
    """Index terms for one word: its stem, and the stems of its compound parts."""
    if word in STOPWORDS or len(word) < 2:
        return ()
    if english(word):  # English inflection, so «municipalities» meets «municipality»
        return (_ENGLISH_STEMMER.stemWord(word),)
    base = lemma(word)
    out = [stem(base) if len(stem(base)) >= MIN_STEM or len(base) < MIN_STEM else base]
    parts = compound_parts(base)
    for part in parts:
        if part not in STOPWORDS:
            out.append(stem(lemma(part)))
    nn = _nn_nb()
    if any(p in nn for p in parts):  # a Nynorsk compound: also the Bokmål compound whole
        bokmaal = base
        for part in parts:
            bokmaal = bokmaal.replace(part, nn.get(part, part), 1)
        out.insert(1, stem(lemma(bokmaal)))
    return tuple(dict.fromkeys(out))


@cache
def english(word: str) -> bool:
    """A word of an English query or text: no Norwegian word list knows it, English ones do."""
    if not word.isalpha() or word in _nn_nb() or word in _lexicon():
        return False
    en = zipf_frequency(word, "en")
    return en >= ENGLISH_ZIPF and en >= zipf_frequency(word, "nb") + ENGLISH_MARGIN


@cache
def whole_and_parts(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A word's terms split in two: those that stand for the whole word (its stem, and the
    Bokmål compound of a Nynorsk one) and the stems of its compound parts. A query word is
    met by any whole term, or by all of its parts together: a part alone (*fly* of
    *bananfly*) says too little."""
    terms = terms_of_word(word)
    if not terms:
        return (), ()
    parts = tuple(dict.fromkeys(stem(lemma(p)) for p in compound_parts(lemma(word)) if p not in STOPWORDS))
    wholes = tuple(t for t in terms if t not in parts) or terms[:1]
    return wholes, tuple(p for p in parts if p not in wholes)


@cache
def known_word(word: str) -> bool:
    """Whether ``word`` is a word at all: Norwegian or English word lists know it, the OCR
    lexicon holds it, or the lemmatiser or the Nynorsk map recognises it (a string of
    letters that is none of these gives an embedding model nothing to go on)."""
    return (zipf_frequency(word, "nb") > 0 or zipf_frequency(word, "en") > 0 or word in _lexicon()
            or word in _nn_nb() or lemma(word) != word)


_OCR_FOLD = str.maketrans({"ø": "g", "@": "g", "å": "a", "&": "a", "8": "a", "3": "a", "é": "a",
                           "æ": "e", "z": "e"})
OCR_FOLD_FIELD = "ocr_fold"
_DAMAGEABLE = frozenset("æøå")


def ocr_fold(word: str) -> str:
    """A key on which an OCR-damaged form and the right form agree (gkonomi ~ økonomi,
    malgruppe ~ målgruppe): ø and its stand-ins become g, å and its stand-ins a, æ e."""
    return "~" + word.replace("ae", "e").replace("ee", "e").translate(_OCR_FOLD)


_DAMAGED_WORD = re.compile(r"[@&]?[^\W_]+(?:[@&][^\W_]+)*")  # the OCR's @ and & stand for letters


def residual_ocr_keys(text: str) -> list[str]:
    """Fold keys of the words no lexicon knows: OCR damage the repair left in the text
    (*@ygarden* for *Øygarden*, *gkonomi* for *økonomi*)."""
    out = []
    for m in _DAMAGED_WORD.finditer(normalise(text)):
        w = m.group(0)
        if len(w) >= 5 and w.replace("@", "").replace("&", "").isalnum() and w not in _lexicon():
            out.append(ocr_fold(w))
    return out


def query_ocr_keys(word: str) -> list[str]:
    """Fold keys a query word with æ, ø or å may meet in damaged text."""
    return [ocr_fold(word)] if len(word) >= 5 and _DAMAGEABLE & set(word) else []


def analyse(text: str) -> list[str]:
    """The index terms of ``text``, in order (a compound adds its parts after itself)."""
    out: list[str] = []
    for w in words(text):
        out.extend(terms_of_word(w))
    return out
