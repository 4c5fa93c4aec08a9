"""Paragraphs: the blocks of non-blank lines a text is written in.

Prose readers work paragraph by paragraph; a paragraph keeps its 1-based first
and last line so that whatever is read from it keeps its provenance.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

BULLET = re.compile(r"^\s*(?:[•·▪◦*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))")


@dataclass
class Paragraph:
    """A block of non-blank lines: its 1-based first and last line and its text."""

    first: int
    last: int
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines).strip()

    @property
    def flat(self) -> str:
        """The paragraph on one line (line breaks as spaces)."""
        return " ".join(line.strip() for line in self.lines)

    @property
    def is_heading(self) -> bool:
        """One short line without closing punctuation that is not a bullet."""
        t = self.flat.strip()
        return (
            len(self.lines) == 1
            and 0 < len(t) <= 80
            and len(t.split()) <= 10
            and not re.search(r"[.!?:;,]$", t)
            and not BULLET.match(self.lines[0])
        )


P = TypeVar("P", bound=Paragraph)


def paragraphs(lines: list[str], make: Callable[[int, int, list[str]], P] = Paragraph) -> list[P]:
    """Blocks of consecutive non-blank lines, made with ``make(first, last, lines)``."""
    out: list[P] = []
    block: list[str] = []
    start = 0
    for i, line in enumerate([*lines, ""], 1):
        if line.strip():
            if not block:
                start = i
            block.append(line)
        elif block:
            out.append(make(start, i - 1, block))
            block = []
    return out
