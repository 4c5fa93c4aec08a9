"""Word frequencies on wordfreq's Zipf scale (log10 per billion words), looked up fast.

``wordfreq.zipf_frequency`` tokenises and normalises every string it is given;
the repair asks about hundreds of thousands of plain lower-case words, so it
reads wordfreq's frequency table once per language and looks words up in it.
Anything that is not one plain word (hyphens, apostrophes, digits) still goes
through ``zipf_frequency``.
"""

from __future__ import annotations

import math
from functools import cache

from wordfreq import get_frequency_dict, zipf_frequency


@cache
def _table(lang: str) -> dict[str, float]:
    return get_frequency_dict(lang)


@cache
def zipf(word: str, lang: str = "nb") -> float:
    """The Zipf frequency of ``word`` (lower-case) in ``lang``; 0 for an unknown word."""
    if not word.isalpha():
        return zipf_frequency(word, lang)
    freq = _table(lang).get(word)
    return round(math.log10(freq * 1e9), 2) if freq else 0.0
