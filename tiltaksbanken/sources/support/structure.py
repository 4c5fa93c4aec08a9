"""The structure prose readers share: headings, page furniture, the document's own title
and its language.

Text reaches the readers either as the format layer writes it (Markdown ATX headings
``# Title`` / ``## 2 Metode``, pipe table rows, blank lines between paragraphs, a title,
date and language in the document's metadata) or as a plain transcript without markup (a
pasted page, a PDF transcript). Both are read here by shape: a heading is an ATX line, a
bold line, or a short line standing alone without closing punctuation; page furniture is
a line a web page puts around a document (``data/page_furniture.json``: menus, «No
results found», «Nyhetsbrev», «Publisert 12.03.2024»).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.language import language_of
from tiltaksbanken.domain.text import fold

ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
BOLD = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DATE = re.compile(r"^\W*\d{1,2}[./-]\s?(?:\d{1,2}|[A-Za-zæøåäö]+)\.?[./-]?\s?\d{2,4}\W*$")
_CLOSING = re.compile(r"[.!,;:]$")
_LANGUAGE_CODES = {"nb": "nb", "no": "nb", "nob": "nb", "nn": "nn", "nno": "nn", "sv": "sv",
                   "swe": "sv", "da": "da", "dan": "da", "en": "en", "eng": "en"}


@dataclass(frozen=True)
class Heading:
    """A heading line: its 1-based line, level (1 is the document's title), text without
    markup, and whether it was marked up (ATX or bold) rather than found by shape."""

    line: int
    level: int
    text: str
    marked: bool


@cache
def _furniture() -> tuple[frozenset[str], tuple[str, ...]]:
    data = load_data("page_furniture.json")
    return frozenset(fold(x) for x in data["lines"]), tuple(fold(x) for x in data["prefixes"])


def clean(line: str) -> str:
    """A line without its Markdown heading marks or bold."""
    m = ATX.match(line)
    if m:
        line = m[2]
    b = BOLD.match(line)
    if b:
        line = b[1]
    return " ".join(line.split())


def atx(line: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown ATX heading line, else None."""
    m = ATX.match(line)
    return (len(m[1]), clean(m[2])) if m else None


def is_furniture(line: str) -> bool:
    """Whether ``line`` is page furniture, not part of the document (a menu, a share
    button, an empty search result, a publication date line)."""
    text = fold(clean(line)).strip(" .:!|•·-–—»«")
    if not text:
        return False
    lines, prefixes = _furniture()
    if text in lines or fold(clean(line)) in lines:
        return True
    if len(text) <= 80 and any(text.startswith(p) for p in prefixes):
        return True
    return bool(_DATE.match(text))


def is_table(line: str) -> bool:
    return bool(TABLE_ROW.match(line) or TABLE_RULE.match(line))


def heading_shaped(text: str, max_words: int = 16) -> bool:
    """A short line that reads as a heading: no closing punctuation, not a bullet, starts
    with a capital or a number."""
    t = clean(text)
    return (
        0 < len(t) <= 140
        and len(t.split()) <= max_words
        and not _CLOSING.search(t)
        and not re.match(r"^\s*(?:[•·▪◦*–-]\s|\d{1,2}[.)]\s+[a-zæøå])", t)
        and (t[:1].isupper() or t[:1].isdigit() or t[:1] in "«\"")
        and not is_table(text)
    )


def headings(lines: list[str]) -> list[Heading]:
    """The heading lines: ATX and bold lines, and lines that stand alone (blank lines
    around them) and are heading-shaped."""
    out: list[Heading] = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or is_furniture(line):
            continue
        a = atx(line)
        if a:
            out.append(Heading(n, a[0], a[1], True))
            continue
        if BOLD.match(line) and heading_shaped(line):
            out.append(Heading(n, 3, clean(line), True))
            continue
        alone = (n == 1 or not lines[n - 2].strip()) and (n == len(lines) or not lines[n].strip())
        if alone and heading_shaped(line, 12) and not line.startswith((" ", "\t")):
            out.append(Heading(n, 3, clean(line), False))
    return out


def metadata(doc: Any) -> Mapping[str, Any]:
    """The document's metadata (title, date, language) where the format layer gave any."""
    meta = getattr(doc, "metadata", None)
    return meta if isinstance(meta, Mapping) else {}


def _first_text_line(lines: list[str]) -> int | None:
    for n, line in enumerate(lines, 1):
        if line.strip() and not is_furniture(line):
            return n
    return None


def headline(doc: Any, lines: list[str]) -> tuple[str, int] | None:
    """The document's own title and its line: the metadata's title where the text holds it,
    else the first level-1 heading, else the first line that is not page furniture when it
    is heading-shaped and prose follows it. None when the text has no title of its own."""
    title = metadata(doc).get("title")
    if isinstance(title, str) and title.strip():
        wanted = fold(title)
        for n, line in enumerate(lines, 1):
            if line.strip() and fold(clean(line)) == wanted:
                return clean(line), n
    marked = [(n, a) for n, line in enumerate(lines, 1) if (a := atx(line))]
    top = [(n, a) for n, a in marked if a[0] == 1]
    if top:
        return top[0][1][1], top[0][0]
    first = _first_text_line(lines)
    if first is None:
        return None
    line = lines[first - 1]
    if marked and marked[0][0] == first:
        return marked[0][1][1], first
    alone = first == len(lines) or not lines[first].strip()
    rest = [ln for ln in lines[first:] if ln.strip() and not is_furniture(ln)]
    if alone and heading_shaped(line) and not line.startswith((" ", "\t")) and rest:
        return clean(line), first
    return None


def document_language(doc: Any, text: str) -> str | None:
    """The document's language code (nb, nn, sv, da, en): the metadata's where it names
    one we know, else read from the text's words."""
    meta = metadata(doc).get("language") or metadata(doc).get("lang")
    if isinstance(meta, str):
        code = _LANGUAGE_CODES.get(meta.strip().lower().replace("_", "-").split("-")[0])
        if code:
            # «no»/«nb» in a page's metadata is often said of Nynorsk text too
            return "nn" if code == "nb" and language_of(text) == "nn" else code
    return language_of(text)
