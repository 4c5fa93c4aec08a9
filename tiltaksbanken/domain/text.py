"""Fold text to a form where OCR-damaged Norwegian and clean Norwegian compare equal-ish.

The OCR read ø as g or @, å as a/8/&/d/3, æ as ae/ee/z. Folding maps the
Norwegian letters and their common OCR stand-ins to plain ASCII so that a fuzzy
match (rapidfuzz) between a damaged line and a clean reference is decided by
the letters that survived.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "@": "o", "é": "e", "§": "s"})
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower-case, NFC, Norwegian letters to ASCII, punctuation dropped, spaces squeezed."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_LETTERS)
    text = text.replace("ee", "e")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()
