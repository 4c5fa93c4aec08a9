"""Blog posts and their comment threads: where the thread starts, its comments and
whether the post asks its readers for contributions.

A saved or pasted blog page has the post, a line opening the thread («3 kommentarer til
«…»», «5 comments on “…”»), then the comments: numbered («  1. Kari Berg says:») or not
(«Kari Berg skriver:»), each perhaps with a date line, then its text. A comment's author
is a person: personal data. The words come from ``data/call_vocabulary.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.support.structure import is_furniture

_DATE_LINE = re.compile(
    r"^\s*(?:\d{1,2}[./]\s?(?:\d{1,2}|[A-Za-zæøåäö]+)\.?[./]?\s?\d{2,4}|[A-Za-zæøåäö]+\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\.?\s+[A-Za-zæøåäö]+\.?\s+\d{4})(?:\s*(?:kl\.?|at|,)?\s*\d{1,2}[:.]\d{2})?\s*$"
)
_NUMBERED = re.compile(r"^(\s{1,4})(\d{1,3})\.\s+(\S.*)$")


@dataclass(frozen=True)
class Comment:
    """One comment: its author (a person, or None), date, text and lines (1-based)."""

    author: str | None
    author_line: int | None
    date: str | None
    text: str
    first: int
    last: int


@cache
def _vocabulary() -> dict[str, list[str]]:
    return load_data("call_vocabulary.json")


@cache
def _thread_heading() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, _vocabulary()["thread"]), key=len, reverse=True))
    return re.compile(
        rf"(?i)^\s*(?:\d+|én|en|ein|ett|eitt|one|no)\s+(?:{words})\b(?:\s+(?:til|på|on|to|till)\b.*)?\s*:?\s*$"
    )


@cache
def _author_line() -> re.Pattern[str]:
    says = "|".join(sorted(map(re.escape, _vocabulary()["says"]), key=len, reverse=True))
    return re.compile(
        rf"^\s{{0,6}}(?:\d{{1,3}}\.\s+)?(?P<author>[A-ZÆØÅÄÖ][^:.!?]{{1,60}}?)\s+(?:{says})\s*:?\s*$"
    )


def thread_start(lines: list[str]) -> int | None:
    """The line that opens the comment thread, or None."""
    for n, line in enumerate(lines, 1):
        if _thread_heading().match(line):
            return n
    return None


def asks_for_contributions(text: str) -> bool:
    """Whether a post asks its readers for contributions (examples, input, a deadline)."""
    folded = fold(text)
    return any(fold(phrase) in folded for phrase in _vocabulary()["asks"])


def comments(lines: list[str], heading: int) -> list[Comment]:
    """The comments after the thread heading at line ``heading``: one per author line
    («Kari Berg says:»), else one per numbered item at the thread's first indent."""
    starts: list[tuple[int, str | None]] = []
    for n in range(heading + 1, len(lines) + 1):
        m = _author_line().match(lines[n - 1])
        if m:
            starts.append((n, m["author"].strip()))
    if not starts:
        indent = None
        for n in range(heading + 1, len(lines) + 1):
            m = _NUMBERED.match(lines[n - 1])
            if m and (indent is None or len(m[1]) == indent):
                indent = len(m[1])
                starts.append((n, None))
    out: list[Comment] = []
    for k, (n, author) in enumerate(starts):
        stop = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(lines)
        while stop > n and not lines[stop - 1].strip():
            stop -= 1
        body = list(range(n + 1 if author else n, stop + 1))
        date = None
        if body and _DATE_LINE.match(lines[body[0] - 1]):
            date = lines[body[0] - 1].strip()
            body = body[1:]
        body = [i for i in body if not is_furniture(lines[i - 1])]  # «Reply», «Leave a Reply»
        text = "\n".join(lines[i - 1].strip() for i in body).strip()
        if not author:
            text = re.sub(r"^\d{1,3}\.\s+", "", text)
        out.append(Comment(author, n if author else None, date, text, n, stop))
    return out
