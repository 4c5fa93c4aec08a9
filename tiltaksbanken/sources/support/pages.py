"""Page transcripts: text files in which every PDF page is one long numbered line.

Web sites that host PDF reports publish a text transcript of them: a few
header lines, then every page as one line that starts with the PDF page number
and the page furniture (a running header such as "SLUTTRAPPORT" and the
printed page number). ``find_pages`` finds those lines by their shape alone (a
run of lines numbered 1, 2, 3 …, one missing page tolerated), learns the
running header and the offset of the printed page numbers, removes the
furniture, and marks the table-of-contents pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tiltaksbanken.domain.text import fold

UPPER_LETTERS = "A-ZÆØÅÄÖÜÉ"
LOWER_LETTERS = "a-zæøåäöüé"
CAPS_WORD = re.compile(rf"^[{UPPER_LETTERS}0-9][{UPPER_LETTERS}0-9\-–&/,.:]*$")
_PAGE_LINE = re.compile(r"^(\d{1,4})\s+(\S.*)$")
_INT_TOKEN = re.compile(r"(\d{1,4})(?=\s|$)")
_SENTENCE_BREAK = re.compile(rf"[{LOWER_LETTERS}]{{2}}[.!?]\s+[{UPPER_LETTERS}]")
_TOC_WORDS = ("innholdsfortegnelse", "innhold", "table of contents", "contents")

@dataclass
class Page:
    """One PDF page of the transcript: its line in the file and its text without furniture."""

    line: int
    number: int
    text: str


@dataclass
class PageLayout:
    """The page lines of a transcript and what was learned about their furniture."""

    pages: list[Page]
    header: str | None
    first_line: int
    last_line: int
    printed_offset: int | None = None
    toc_pages: set[int] = field(default_factory=set)


def _caps_prefix(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if w.isdigit() or not CAPS_WORD.match(w) or not re.search(f"[{UPPER_LETTERS}]", w):
            break
        out.append(w)
    return out


def _page_runs(lines: list[str]) -> list[list[tuple[int, int, str]]]:
    """Runs of non-blank lines numbered n, n+1, n+2 … (one missing page tolerated)."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        m = _PAGE_LINE.match(line.strip())
        if m and current and 1 <= int(m[1]) - current[-1][1] <= 2:
            current.append((i, int(m[1]), m[2]))
            continue
        if len(current) > 1:
            runs.append(current)
        current = [(i, int(m[1]), m[2])] if m else []
    if len(current) > 1:
        runs.append(current)
    return runs


def _running_header(run: list[tuple[int, int, str]]) -> str | None:
    """The upper-case words most page lines start with after the page number."""
    counts: Counter[str] = Counter()
    for _, _, rest in run:
        prefix = _caps_prefix(rest.split()[:6])
        for k in range(1, min(len(prefix), 4) + 1):
            counts[" ".join(prefix[:k])] += 1
    need = max(3, len(run) // 2)
    good = [h for h, c in counts.items() if c >= need]
    if not good:
        return None
    return max(good, key=lambda h: (len(h.split()), counts[h]))


def find_pages(
    lines: list[str], starts_content: Callable[[str], bool] | None = None
) -> PageLayout | None:
    """Find the transcript's page lines, or None when the text has no page structure.

    ``starts_content`` tells a page that starts the report proper (a chapter heading),
    so that the table of contents ends before it."""
    runs = [r for r in _page_runs(lines) if len(r) >= 3]
    if not runs:
        return None
    run = max(runs, key=len)
    header = _running_header(run)
    if header:
        # a related-document title after the last page ("19 tips for …") is no page
        typical = sorted(len(rest) for _, _, rest in run)[len(run) // 2]
        while len(run) > 3 and not run[-1][2].startswith(header) and len(run[-1][2]) < typical // 3:
            run = run[:-1]
    # the printed page number follows the running header; learn its offset to the PDF page
    offsets: Counter[int] = Counter()
    if header:
        for _, n, rest in run:
            if rest.startswith(header + " "):
                m = _INT_TOKEN.match(rest[len(header) :].lstrip())
                if m:
                    offsets[n - int(m[1])] += 1
    offset = offsets.most_common(1)[0][0] if offsets and offsets.most_common(1)[0][1] >= 2 else None
    pages = []
    for line_no, n, rest in run:
        printed = n - offset if offset is not None else None
        pages.append(Page(line_no, n, _strip_furniture(rest, header, printed)))
    layout = PageLayout(pages, header, run[0][0], run[-1][0], offset)
    layout.toc_pages = _toc_pages(pages, starts_content or (lambda _text: False))
    return layout


def _strip_furniture(rest: str, header: str | None, printed: int | None) -> str:
    text = rest.strip()
    at_top = False
    if header and (text == header or text.startswith(header + " ")):
        text = text[len(header) :].lstrip()
        at_top = True
    if printed is not None:
        m = _INT_TOKEN.match(text)
        if m and int(m[1]) == printed and (at_top or not header):
            text = text[m.end() :].lstrip()
            at_top = True
    if header:
        h = re.escape(header)
        if printed is not None:
            text = re.sub(rf"\s+(?:{h}\s+{printed}|{printed}\s+{h})\s*$", "", text)
        text = re.sub(rf"\s+{h}\s*$", "", text)
    if printed is not None and not at_top:
        text = re.sub(rf"\s+{printed}\s*$", "", text)
    return text.strip()


def _is_toc_start(text: str) -> bool:
    head = fold(text[:80])
    return any(head.startswith(w) or f" {w} " in f" {head[:40]} " for w in _TOC_WORDS)


def _toc_pages(pages: list[Page], starts_content: Callable[[str], bool]) -> set[int]:
    """Indexes of table-of-contents pages: the page that says so and listing pages after it."""
    toc: set[int] = set()
    for i, page in enumerate(pages):
        if not _is_toc_start(page.text):
            continue
        toc.add(i)
        j = i + 1
        while j < len(pages) and len(_SENTENCE_BREAK.findall(pages[j].text)) < 2:
            if starts_content(pages[j].text):
                break
            toc.add(j)
            j += 1
    return toc


