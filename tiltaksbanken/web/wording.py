"""Norwegian wording the pages share: counts with the right number («1 post», «2 poster»).

Templates reach ``count`` as the Jinja filter ``antall``: ``{{ n|antall("post", "poster") }}``.
Words that are the same in both numbers («treff», «tiltak») need no filter, but may use
it with one word: ``{{ n|antall("treff") }}``.
"""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with the word in the number it takes: one (and minus one) singular, else plural."""
    word = singular if abs(n) == 1 else (plural or singular)
    return f"{n} {word}"
