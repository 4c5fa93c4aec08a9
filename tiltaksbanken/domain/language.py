"""Which written language a passage is in: Bokmål, Nynorsk or English.

Pages mark text in another language than the page's (``lang="nn"``, ``lang="en"``) so
that screen readers pronounce it right and browsers hyphenate and spell-check it well.
The decision counts marker words: Nynorsk forms Bokmål does not use
(``data/nynorsk_markers.json``), Bokmål forms Nynorsk writes otherwise and English
function words (``data/language_markers.json``). A passage without markers has no
language of its own (None): it reads as the page around it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from tiltaksbanken.data import load_data

Language = Literal["nb", "nn", "en"]
_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"<[^>]*>")
MIN_ENGLISH = 3  # English words before a passage can read as English …
ENGLISH_SHARE = 0.15  # … and at least this share of its words


@cache
def _markers() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    other = load_data("language_markers.json")
    return (frozenset(load_data("nynorsk_markers.json")["strong"]),
            frozenset(other["bokmaal"]), frozenset(other["english"]))


def language_of(text: str | None) -> Language | None:
    """The language ``text`` is written in, or None when its words do not tell (HTML
    tags, such as a snippet's ``<mark>``, are ignored)."""
    if not text:
        return None
    words = [w.casefold() for w in _WORD.findall(_TAG.sub(" ", text))]
    if not words:
        return None
    nynorsk, bokmaal, english = _markers()
    nn = sum(w in nynorsk for w in words)
    nb = sum(w in bokmaal for w in words)
    en = sum(w in english for w in words)
    if en >= MIN_ENGLISH and en >= ENGLISH_SHARE * len(words) and en > 2 * (nn + nb):
        return "en"
    if nn and nn > nb:
        return "nn"
    if nb:
        return "nb"
    return None


def lang_attribute(text: str | None, page: Language = "nb") -> str | None:
    """The ``lang`` a passage needs inside a page in ``page``'s language (None: none)."""
    found = language_of(text)
    return found if found and found != page else None
