"""Running headers, footers and page numbers of paged documents, found by repetition.

A line near the top or bottom of a page that recurs, digits aside, on many pages is page
furniture («SLUTTRAPPORT 5», «Side 3 av 12», the report's short title); so is a line
there that is only a page number. Neither depends on the document's words: only on
where the line sits and how often its shape recurs.
"""

from __future__ import annotations

import re
from collections import Counter

ZONE = 3  # lines at the top and at the bottom of a page where furniture sits
_DIGITS = re.compile(r"\d+")
# a line that is only a page number: «3», «- 3 -», «3/12», «Side 3 av 12», «Page 3 of 12»
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—(\[]*(?:(?:side|sida|sidan|page|p\.|s\.)\s*)?\d{1,4}"
    r"(?:\s*(?:/|av|af|of|\u00e5v)\s*\d{1,4})?[\s\-–—)\]]*$",
    re.IGNORECASE,
)


def shape(line: str) -> str:
    """A line with its numbers as ``#``, case folded, spaces collapsed (its furniture key)."""
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def _zone(lines: list[str]) -> list[int]:
    """Indexes of the page's first and last ``ZONE`` non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:ZONE]) | set(filled[-ZONE:]))


def furniture(pages: list[list[str]]) -> list[set[int]]:
    """Per page, the indexes of its lines that are running headers, footers or page numbers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({shape(lines[i]) for i in _zone(lines)})
    needed = max(2, round(0.4 * len(pages)))
    out: list[set[int]] = []
    for lines in pages:
        drop = set()
        for i in _zone(lines):
            line = lines[i]
            if is_page_number(line) or (len(pages) > 1 and counts[shape(line)] >= needed):
                drop.add(i)
        out.append(drop)
    return out
