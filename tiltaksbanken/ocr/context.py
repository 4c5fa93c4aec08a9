"""What the neighbours of a token tell the repair: protected spans, the infinitive, language.

* ``protected_spans``: e-mail addresses, URLs, bare domains and path-like
  slugs (``/baerum-kommune/``) are never repaired: their ASCII spelling is
  how they are written.
* ``Grammar.takes_infinitive_marker``: the infinitive marker *å* is what an
  OCR engine most often turns into a lone ``&``, ``8``, ``3``, ``@``, ``§``
  or ``a``; a lone stand-in is *å* exactly when an infinitive follows it
  (``for 8 danne``, ``nå 3 løfte``). A Norwegian verb's present tense is its
  infinitive plus ``r`` (``danne``/``danner``, ``få``/``får``, Nynorsk
  ``starta``/``startar``), which the full-form lexicon knows; a counted noun
  (``3 timer``, ``8 deltakere``) has no such form. A few verbs and adverbs
  that come between *å* and its verb are listed in ``data/ocr_context.json``.
* ``Grammar.fronted_possessive``: a sentence that opens with ``Var``/``Vare``
  before a noun or adjective opens with the possessive (``Vår erfaring``), the
  OCR having lost the å; the verb opens only questions and elided sentences.
* ``Grammar.is_foreign``: a passage in English (a blog comment, a quoted
  title) or Swedish is left as written: its digits are numbers and its words
  are no damaged Norwegian.
"""

from __future__ import annotations

import re
from functools import cache

import marisa_trie

from tiltaksbanken.data import load_data
from tiltaksbanken.ocr.freq import zipf
from tiltaksbanken.ocr.lexicon import nynorsk_only

_TLDS = ("no", "com", "org", "net", "se", "dk", "eu", "info", "io", "gov", "edu", "int")
_PROTECTED = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|[\w.+-]+ ?\[at\] ?[\w-]+(?:\.[\w-]+)+"  # e-mail written with [at]
    r"|(?:https?://|www\.)\S+"  # URL
    rf"|\b[\w-]+(?:\.[\w-]+)*\.(?:{'|'.join(_TLDS)})\b(?:/\S*)?"  # domain
    r"|(?<!\S)/[\w.-]+(?:/[\w.-]*)*"  # a path that starts with a slash: /baerum-kommune/
    r"|(?<!\S)[\w.-]+/[\w.-]+/[\w./-]*",  # a path with two slashes or more: a/b/c
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
ENGLISH_LEAD = 1.0  # an English word is this much more common in English than in Norwegian
ENGLISH_SHARE = 0.5  # a passage with this share of English words is English
MIN_ENGLISH_WORDS = 3
_FOREIGN_LETTERS = frozenset("äöü")  # letters Norwegian does not write (and OCR does not make)
FOREIGN_SHARE = 0.05  # a passage with this share of words holding them is not Norwegian
MIN_FOREIGN_WORDS = 2
MIN_PRESENT_ZIPF = 1.5  # a present tense rarer than this is a word list's artefact


_HINTS = ("@", "/", "[at]", "www", *(f".{tld}" for tld in _TLDS))


def protected_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of the parts of ``line`` the repair must leave as written."""
    low = line.lower()
    if not any(hint in low for hint in _HINTS):
        return []
    return [m.span() for m in _PROTECTED.finditer(line)]


@cache
def english_word(word: str) -> bool:
    """Whether ``word`` (lower-case) is an English word rather than a Norwegian one."""
    return word.isascii() and zipf(word, "en") >= zipf(word, "nb") + ENGLISH_LEAD


class Grammar:
    """Knowledge of Norwegian word classes the repair needs, over the full-form lexicon."""

    def __init__(self, trie: marisa_trie.Trie) -> None:
        self.trie = trie
        data = load_data("ocr_context.json")
        self._after_marker = frozenset(data["after_infinitive_marker"])
        self._units = frozenset(data["number_units"])
        self._possessives: dict[str, str] = data["fronted_possessives"]
        self._verb_followers = frozenset(data["fronted_verb_followers"])

    def takes_infinitive_marker(self, word: str, strict: bool = False,
                                nynorsk: bool = False) -> bool:
        """Whether ``word`` (repaired, lower-case) can follow the infinitive marker *å*.

        ``strict`` (for a digit, which may be a number) also asks that the present tense
        be a word people write, not only a form the word list derives (``8 veiledere``:
        a noun's plural is no infinitive, though ``veilederer`` is in the list). In a
        Nynorsk passage an e-infinitive may also have its present in ``-ar`` (``byrje``,
        ``byrjar``), and a Nynorsk-only present counts though Bokmål frequencies miss it."""
        if word in self._after_marker:
            return True
        if not word.isalpha() or len(word) < 2 or word in self._units or english_word(word):
            return False
        if word not in self.trie:
            return False
        presents = [f"{word}r"]
        if nynorsk and word.endswith("e"):
            presents.append(f"{word[:-1]}ar")
        presents = [p for p in presents if p in self.trie]
        if not presents:
            return False
        return not strict or any(
            zipf(p, "nb") >= MIN_PRESENT_ZIPF or (nynorsk and p in nynorsk_only())
            for p in presents)

    def fronted_possessive(self, word: str, following: str, rest: str) -> str | None:
        """The possessive a sentence-initial ``word`` (lower-case: ``var``, ``vare``) stands for
        when å was misread, given the lower-case word after it and the rest of the sentence:
        a verb opens a sentence only in a question or before its subject (``Var det …?``,
        ``Var en del kontakt``), so before a noun or adjective it is ``vår``/``våre``."""
        possessive = self._possessives.get(word)
        if possessive is None or not following.isalpha() or following in self._verb_followers:
            return None
        sentence = re.split(r"[.!]", rest, maxsplit=1)[0]
        return None if "?" in sentence else possessive

    def is_unit(self, word: str) -> bool:
        """A unit or counted noun: a digit before it is a number."""
        return word in self._units

    def is_foreign(self, text: str) -> bool:
        """Whether a passage is in another language than Norwegian: English (most of its
        words are English words), or Swedish, German, Finnish … (words with ä, ö, ü)."""
        return self.foreign_words([w.casefold() for w in _WORD.findall(text) if len(w) > 1])

    def foreign_words(self, words: list[str]) -> bool:
        """``is_foreign`` for a passage's lower-case words of two letters or more."""
        if len(words) < MIN_ENGLISH_WORDS:
            return False
        joined = " ".join(words)
        if any(c in joined for c in _FOREIGN_LETTERS) and \
                sum(any(c in _FOREIGN_LETTERS for c in w) for w in words) >= \
                max(MIN_FOREIGN_WORDS, FOREIGN_SHARE * len(words)):
            return True
        english = sum(english_word(w) for w in words)
        return english >= ENGLISH_SHARE * len(words)
