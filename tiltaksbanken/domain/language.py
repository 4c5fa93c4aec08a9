"""Which written language a passage is in: Bokmål, Nynorsk, Swedish, Danish or English.

Pages mark text in another language than the page's (``lang="nn"``, ``lang="sv"``) so
that screen readers pronounce it right and browsers hyphenate and spell-check it well;
readers record the language of a document (``language`` on its records) so that a
Swedish or Danish report is labelled as such («Svensk», «Dansk»).
The decision counts marker words: Nynorsk forms Bokmål does not use
(``data/nynorsk_markers.json``), Bokmål forms Nynorsk writes otherwise, Swedish and
Danish forms Norwegian writes otherwise and English function words
(``data/language_markers.json``); a word with ä or ö counts as Swedish. A passage
without markers has no language of its own (None): it reads as the page around it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from tiltaksbanken.data import load_data

Language = Literal["nb", "nn", "sv", "da", "en"]
# the languages as the pages name them (Norwegian Bokmål)
LANGUAGE_LABELS: dict[str, str] = {
    "nb": "Bokmål", "nn": "Nynorsk", "sv": "Svensk", "da": "Dansk", "en": "Engelsk",
}
_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"<[^>]*>")
MIN_ENGLISH = 3  # English words before a passage can read as English …
ENGLISH_SHARE = 0.15  # … and at least this share of its words
MIN_NEIGHBOUR = 3  # Swedish or Danish words before a passage can read as either …
NEIGHBOUR_SHARE = 0.04  # … and at least this share of its words


@cache
def _markers() -> tuple[frozenset[str], ...]:
    other = load_data("language_markers.json")
    return (frozenset(load_data("nynorsk_markers.json")["strong"]),
            frozenset(other["bokmaal"]), frozenset(other["english"]),
            frozenset(other["swedish"]), frozenset(other["danish"]))


def _neighbour(words: list[str], sv: int, da: int, norwegian: int) -> Language | None:
    """Swedish or Danish when their own words outweigh the Norwegian ones."""
    best, count = ("sv", sv) if sv >= da else ("da", da)
    if count >= MIN_NEIGHBOUR and count >= NEIGHBOUR_SHARE * len(words) and count > norwegian:
        return best  # type: ignore[return-value]
    return None


def language_of(text: str | None) -> Language | None:
    """The language ``text`` is written in, or None when its words do not tell (HTML
    tags, such as a snippet's ``<mark>``, are ignored)."""
    if not text:
        return None
    words = [w.casefold() for w in _WORD.findall(_TAG.sub(" ", text))]
    if not words:
        return None
    nynorsk, bokmaal, english, swedish, danish = _markers()
    nn = sum(w in nynorsk for w in words)
    nb = sum(w in bokmaal for w in words)
    en = sum(w in english for w in words)
    sv = sum(w in swedish or "ä" in w or "ö" in w for w in words)
    da = sum(w in danish for w in words)
    if en >= MIN_ENGLISH and en >= ENGLISH_SHARE * len(words) and en > 2 * (nn + nb + sv + da):
        return "en"
    neighbour = _neighbour(words, sv, da, nn + nb)
    if neighbour:
        return neighbour
    if nn and nn > nb:
        return "nn"
    if nb:
        return "nb"
    return None


def lang_attribute(text: str | None, page: Language = "nb") -> str | None:
    """The ``lang`` a passage needs inside a page in ``page``'s language (None: none)."""
    found = language_of(text)
    return found if found and found != page else None


def language_label(code: str | None) -> str | None:
    """The Norwegian name of language ``code`` («Svensk»), None for none or an unknown one."""
    return LANGUAGE_LABELS.get(code or "")


def language_fields(code: str | None) -> dict[str, str | None]:
    """A record's language fields: the code, and the label a page shows for a document
    that is not in Norwegian (None for Bokmål, Nynorsk and an unknown language)."""
    label = language_label(code) if code not in ("nb", "nn") else None
    return {"language": code, "language_label": label}
