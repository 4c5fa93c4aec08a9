"""Column reconstruction for spreadsheets OCR'd column by column.

This is the structural core of ``ocr_sheet``: finding the column headers,
deriving the row structure from the gap signature the columns share, and
assigning every column's lines to rows by dynamic programming.

Vocabulary: an *item* is a non-blank line with the number of blank lines
before it (its *gap*); a *joint* is the place between two consecutive items.
A *big* gap (2+ blank lines) is a row boundary in every column; a *small* one
(0–1) may be a row boundary or a break inside a cell.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import numpy as np

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.form import FIELD_KEYS, best_question, form_fields
from tiltaksbanken.domain.records import LineRange
from tiltaksbanken.domain.text import fold

BIG_GAP = 2
HEADER_MIN_SCORE = 0.88
MAX_HEADER_LENGTH = 140
_INF = 1e9

# ---------------------------------------------------------------- headers


@dataclass(frozen=True)
class Header:
    key: str  # form field key, or continuation_yes / continuation_no
    first: int  # 1-based line numbers of the header text
    last: int
    score: float


@cache
def _choice_labels() -> tuple[str, str]:
    form = load_data("form.json")
    return fold(form["continuation_yes"]), fold(form["continuation_no"])


def _without_label(text: str) -> str:
    """A sub-header "<question> - Ja gjennom" scores as its question."""
    folded = fold(text)
    for label in _choice_labels():
        if folded.endswith(label) and len(folded) > len(label) + 10:
            return folded[: -len(label)]
    return text


def _sub_column(key: str, text: str) -> str:
    """A continuation header names the choice whose texts follow ("- Ja gjennom")."""
    if key != "continuation":
        return key
    yes, no = _choice_labels()
    folded = fold(text)
    if folded.endswith(yes):
        return "continuation_yes"
    if folded.endswith(no):
        return "continuation_no"
    return key


# Choice fields (county, report type) have no header of their own in the sheet: their
# answers would otherwise read as "questions".
_HEADER_KEYS = tuple(f.key for f in form_fields() if f.kind != "choice")


def _header_candidates(lines: list[str]) -> list[Header]:
    cache: dict[int, tuple[str | None, float]] = {}

    def score(i: int) -> tuple[str | None, float]:
        if i not in cache:
            text = lines[i].strip()
            if len(text) < 6 or len(text) > MAX_HEADER_LENGTH:
                cache[i] = (None, 0.0)
            else:
                cache[i] = best_question(_without_label(text), _HEADER_KEYS, min_words=2)
        return cache[i]

    labels = set(_choice_labels())
    out: list[Header] = []
    n = len(lines)
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or len(text) > MAX_HEADER_LENGTH or text[0].islower():
            continue  # a question starts with a capital letter
        if i > 0 and lines[i - 1].strip() and score(i - 1)[1] >= HEADER_MIN_SCORE:
            continue  # the previous line already started this header
        key, best = score(i)
        if best < 0.55:
            continue
        last = i
        # a question wrapped over two lines, possibly with a blank line between
        j = i + 1
        while j < n and j <= i + 2 and not lines[j].strip():
            j += 1
        if j < n and 0 < len(lines[j].strip()) <= MAX_HEADER_LENGTH:
            joined = _without_label(text + " " + lines[j].strip())
            key2, best2 = best_question(joined, _HEADER_KEYS, min_words=2)
            if best2 > best + 0.02:
                key, best, last = key2, best2, j
        if key is None or best < HEADER_MIN_SCORE:
            continue
        # choice labels and sub-headers written right under the question belong to it
        while (
            last + 1 < n
            and lines[last + 1].strip()
            and (
                fold(lines[last + 1]) in labels
                or score(last + 1) == (key, max(score(last + 1)[1], HEADER_MIN_SCORE))
            )
        ):
            last += 1
        out.append(Header(_sub_column(key, lines[last]), i + 1, last + 1, best))
    return out


_ORDER = {
    **{k: i for i, k in enumerate(FIELD_KEYS)},
    "continuation_yes": FIELD_KEYS.index("continuation") + 0.1,
    "continuation_no": FIELD_KEYS.index("continuation") + 0.2,
}


def find_headers(lines: list[str]) -> list[Header]:
    """The column headers, in the form's order (repeats allowed), chosen by weighted LIS.

    Cell text that quotes a question scores like a header; keeping the best
    ordered subsequence drops such look-alikes, because accepting one would
    exclude the true headers of the columns in between.
    """
    cands = _header_candidates(lines)
    if not cands:
        return []
    weight = [c.score - HEADER_MIN_SCORE + 0.05 for c in cands]
    best = weight[:]
    prev = [-1] * len(cands)
    for i, c in enumerate(cands):
        for j in range(i):
            d = cands[j]
            if d.last >= c.first or _ORDER[d.key] > _ORDER[c.key]:
                continue
            # a repeated header sits on a page break: a big gap before it
            if d.key == c.key and _blank_run_before(lines, c.first) < BIG_GAP:
                continue
            if best[j] + weight[i] > best[i]:
                best[i], prev[i] = best[j] + weight[i], j
    i = max(range(len(cands)), key=best.__getitem__)
    chain = []
    while i >= 0:
        chain.append(cands[i])
        i = prev[i]
    return chain[::-1]


def _blank_run_before(lines: list[str], line_no: int) -> int:
    k, i = 0, line_no - 2
    while i >= 0 and not lines[i].strip():
        k, i = k + 1, i - 1
    return k if i >= 0 else BIG_GAP


# ---------------------------------------------------------------- columns and items


_WORDLESS = re.compile(r"^\W*$")


@dataclass
class Item:
    line: int  # 1-based
    gap: int  # blank lines before it inside the column (across a repeated header: the larger side)
    bridged: bool = True  # only blank lines between it and the previous item


@dataclass
class Column:
    key: str
    items: list[Item]
    blocks: list[Item] = field(default_factory=list)  # items with effective gaps
    has_header: bool = True  # False for a column found by its content

    @property
    def line_numbers(self) -> list[int]:
        return [it.line for it in self.items]

    def restricted(self, keep: Callable[[int], bool], key: str | None = None) -> Column:
        return Column(
            key or self.key,
            [it for it in self.items if keep(it.line)],
            has_header=key is None and self.has_header,
        )

    @classmethod
    def from_headers(cls, headers: list[Header], lines: list[str]) -> list[Column]:
        """Group the lines between headers into columns; repeated headers continue a column."""
        columns: list[Column] = []
        for h, nxt in zip(headers, [*headers[1:], None], strict=True):
            end = nxt.first - 1 if nxt else len(lines)
            items: list[Item] = []
            gap = 0
            for n in range(h.last + 1, end + 1):
                if _WORDLESS.match(lines[n - 1]) is None:  # a stray mark is no cell
                    items.append(Item(n, gap))
                    gap = 0
                else:
                    gap += 1
            if columns and columns[-1].key == h.key:
                before = _blank_run_before(lines, h.first)
                if items:
                    items[0] = Item(items[0].line, max(before, items[0].gap), bridged=False)
                columns[-1].items.extend(items)
            else:
                columns.append(cls(h.key, items))
        return columns


_EMAIL = re.compile(r"\S+@\S+")


def split_blocks(column: Column, lines: list[str], email_cells: bool = False) -> list[Item]:
    """Items with *effective* gaps: lines that evidently start a new cell count as a gap of 1.

    In the e-mail column every e-mail starts a cell; in any column a line that
    starts with a space after a line without one is a new cell the OCR wrote
    without a blank line.
    """
    out: list[Item] = []
    for k, it in enumerate(column.items):
        text = lines[it.line - 1]
        gap = it.gap
        if k and gap == 0:
            prev = lines[column.items[k - 1].line - 1]
            has_email = bool(_EMAIL.search(text))
            if (email_cells and has_email) or (text[:1] == " " and prev[:1] != " "):
                gap = 1
            if column.key in ("start", "report_type") and text[:1] == " ":
                gap = 1
        elif email_cells and k and not _EMAIL.search(text) and gap <= 1:
            gap = 0
        out.append(replace(it, gap=gap))
    return out


# ---------------------------------------------------------------- reference rows


@dataclass
class Reference:
    rows: int
    big: list[bool]  # big[r]: the boundary after row r is a big gap

    @property
    def weights(self) -> np.ndarray:
        """Expected blank lines at each boundary (small 1, big 3)."""
        return np.where(np.array(self.big, dtype=bool), 3.0, 1.0)


def _segments(blocks: list[Item]) -> list[int]:
    """Number of cells (blocks) between big gaps."""
    sizes = [0]
    for k, it in enumerate(blocks):
        if k and it.gap >= BIG_GAP:
            sizes.append(0)
        if k == 0 or it.gap >= 1:
            sizes[-1] += 1
    return sizes


def reference_rows(columns: list[Column], lines: list[str]) -> Reference:
    """Rows and their boundary kinds, from the columns that keep the full big-gap signature.

    Big gaps are row boundaries in every column, but a column whose long text
    fills its rows loses some; it rarely gains one. So the signature is the
    largest big-gap count that two columns share. Within each stretch between
    big gaps, the row count is the smallest cell count two of those columns
    agree on: a wrapped or multi-paragraph cell adds blocks, and it takes two
    columns making the same mistake to lose one.
    """
    segs = [_segments(c.blocks) for c in columns if c.blocks]
    if not segs:
        return Reference(0, [])
    counts = Counter(len(s) for s in segs)
    shared = [n for n, c in counts.items() if c >= 2]
    modal = max(shared) if shared else counts.most_common(1)[0][0]
    aligned = [s for s in segs if len(s) == modal]
    sizes = []
    for j in range(modal):
        per = Counter(s[j] for s in aligned)
        agreed = [v for v, c in per.items() if c >= 2]
        sizes.append(min(agreed) if agreed else sorted(s[j] for s in aligned)[len(aligned) // 2])
    big: list[bool] = []
    for j, size in enumerate(sizes):
        big.extend([False] * (size - 1))
        if j < len(sizes) - 1:
            big.append(True)
    return Reference(sum(sizes), big)


# ---------------------------------------------------------------- cells


@dataclass
class Cell:
    items: list[Item]

    @property
    def lines(self) -> list[int]:
        return [it.line for it in self.items]

    def ranges(self) -> list[LineRange]:
        out: list[list[int]] = []
        for it in self.items:
            if out and it.bridged:
                out[-1][1] = it.line
            else:
                out.append([it.line, it.line])
        return [(a, b) for a, b in out]


_CUES = load_data("sheet_cues.json")
_FUNCTION_WORDS = frozenset(_CUES["line_end_continues"])
# a paragraph opening with these points back at the one before it (Bokmål and Nynorsk)
_CONTINUING_WORDS = frozenset(_CUES["paragraph_start_continues"])
# a full stop after these does not end the sentence ("f.eks. hvor …")
_ABBREVIATIONS = frozenset(_CUES["abbreviations"])
# a point of a list: a dash or bullet (the OCR reads "•" as "e" or "«"), or a number
_BULLET = re.compile(r"^\s*(?:[-–•·▪*«]\s?(?=\S)|e(?=[A-ZÆØÅ&])|e\s|\d+[.)]\s?(?=\D))")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = (".", "!", "?", ")", "»", '"')


def _small_gap_prior(items: list[Item], rows: int) -> float:
    """Log-odds that a small gap is a row boundary in this column, from counting.

    The rows not separated by big gaps must be separated by small ones: in a
    column of one-line cells nearly every blank line is a boundary, in a
    column of multi-paragraph answers few are.
    """
    small = sum(1 for it in items[1:] if it.gap == 1)
    big = sum(1 for it in items[1:] if it.gap >= BIG_GAP)
    p = (rows - 1 - big) / small if small else 0.5
    p = min(max(p, 0.02), 0.98)
    return float(np.log(p / (1 - p)))


def _ends_sentence(tail: str) -> bool:
    if not tail.endswith(_SENTENCE_END):
        return False
    last = tail.split()[-1].casefold() if tail.split() else ""
    return last not in _ABBREVIATIONS


CUT_TOP = 4.0  # a line with a leading space under one without: a cell cut at its top
LOWER_AFTER_SENTENCE = 0.5  # a lower-case start after a finished sentence: text cut off
LOWER_CONTINUES = 2.5  # a lower-case start after an unfinished line goes on with it
HYPHEN_CONTINUES = 4.0  # a word hyphenated over the line break
FULL_LINE_CONTINUES = 1.5  # a full-width line without an ending: the OCR split a paragraph
WIDTH_CHANGE = 3.0  # paragraphs wrapped at clearly different widths are different cells
LIST_CONTINUES = 1.5  # a point of a list after another point (or a colon) goes on with it


def _boundary_log_odds(prev: str, nxt: str, gap: int, email_column: bool, prior: float,
                       prev_full: bool = False, width_change: bool = False,
                       in_list: bool = False) -> float:
    """Evidence that a joint is a row boundary (positive) rather than inside a cell.

    ``in_list``: the paragraph before is a point of a list (or ends with a colon), so a
    point after it goes on with the list.
    """
    score = 4.0 if gap >= BIG_GAP else (prior if gap == 1 else min(prior, 0.0) - 3.0)
    if email_column:
        return score + (5.0 if _EMAIL.search(nxt) else -5.0)
    if nxt[:1] == " " and prev[:1] != " ":
        return score + CUT_TOP  # whatever the words say: the cut falls anywhere in a sentence
    stripped = nxt.lstrip()
    first = stripped[:1]
    tail = prev.rstrip()
    ended = _ends_sentence(tail)
    if _HYPHENATED.search(tail) and first.islower():
        score -= HYPHEN_CONTINUES
    elif first.islower():
        score += LOWER_AFTER_SENTENCE if ended else -LOWER_CONTINUES
    if ended:
        score += 0.5
    elif tail.endswith((",", "-", ":", "/", "(", "–")):
        score -= 1.5
    elif gap >= 1 and prev_full:
        score -= FULL_LINE_CONTINUES
    words = tail.split()
    if words and words[-1].casefold() in _FUNCTION_WORDS:
        score -= 1.5
    if in_list and _BULLET.match(nxt):
        score -= LIST_CONTINUES
    first_word = stripped.split(" ", 1)[0].casefold().strip(",.:")
    if first_word in _CONTINUING_WORDS:
        score -= 1.0
    if width_change and gap >= 1:
        score += WIDTH_CHANGE
    return score


MIN_WRAPPED = 40  # characters: shorter lines are a list or a table, not wrapped text


def _layout_cues(items: list[Item], lines: list[str]) -> tuple[list[bool], list[bool]]:
    """Per joint: whether the line before it is full (as wide as its paragraph's lines, or
    the column's), and whether the paragraphs either side are wrapped at clearly different
    widths (hard line breaks of one answer, the sheet's wrapping of the next)."""
    lengths = [len(lines[it.line - 1].rstrip()) for it in items]
    column_width = float(np.percentile(lengths, 90)) if lengths else 0.0
    starts = [k for k, it in enumerate(items) if k == 0 or it.gap >= 1]
    bounds = list(zip(starts, [*starts[1:], len(items)], strict=True))
    # a paragraph's wrapping width: its lines but the last, if they are wrapped text
    width = [max(lengths[a:b - 1]) if b - a >= 3 else 0 for a, b in bounds]
    width = [w if w >= MIN_WRAPPED else 0 for w in width]
    # a one-line paragraph goes on at the wrapping width of the wrapped one before it
    # (an answer the OCR split with blank lines), unless a big gap came between
    carried = list(width)
    for j in range(1, len(bounds)):
        if not carried[j] and items[bounds[j][0]].gap < BIG_GAP:
            carried[j] = carried[j - 1]
    block_of = np.zeros(len(items), dtype=int)
    for j, (a, b) in enumerate(bounds):
        block_of[a:b] = j
    full = [False] * len(items)
    change = [False] * len(items)
    for k in range(1, len(items)):
        j = block_of[k - 1]
        a, _ = bounds[j]
        reference = width[j] if k - 1 > a else column_width
        full[k] = lengths[k - 1] >= 0.85 * reference and reference >= 30
        if items[k].gap >= 1 and k == bounds[block_of[k]][0]:
            w0, w1 = carried[j], width[block_of[k]]
            change[k] = bool(w0 and w1 and abs(w0 - w1) > 0.25 * max(w0, w1))
    return full, change


_CONTENT_WORD = re.compile(r"[^\W\d_]{5,}")
COHESION_WEIGHT = 6.0  # log-odds against a boundary between paragraphs on the same subject


def _paragraph_cohesion(items: list[Item], lines: list[str]) -> dict[int, float]:
    """For each joint between paragraphs (a blank line, not a big gap), how much the
    paragraphs on either side share their rarer words (idf-weighted cosine, 0–1): the
    next paragraph of one answer mostly goes on with its subject, the next answer starts
    another (lexical cohesion, as in TextTiling)."""
    starts = [k for k, it in enumerate(items) if k == 0 or it.gap >= 1]
    bounds = list(zip(starts, [*starts[1:], len(items)], strict=True))
    words = [set(_CONTENT_WORD.findall(fold(" ".join(lines[items[j].line - 1] for j in range(a, b)))))
             for a, b in bounds]
    df = Counter(w for ws in words for w in ws)
    n = len(words)
    idf = {w: float(np.log(n / c)) for w, c in df.items()}
    out: dict[int, float] = {}
    for (a, _), before, after in zip(bounds[1:], words, words[1:], strict=False):
        if items[a].gap >= BIG_GAP or not before or not after:
            continue
        shared = sum(idf[w] for w in before & after)
        if shared:
            norm = np.sqrt(sum(idf[w] for w in before) * sum(idf[w] for w in after))
            out[a] = float(shared / norm) if norm else 0.0
    return out


def joint_log_odds(items: list[Item], lines: list[str], rows: int, email: bool = False) -> np.ndarray:
    """Boundary log-odds of every joint (index k: between items k-1 and k; index 0 unused)."""
    prior = _small_gap_prior(items, rows)
    full, change = _layout_cues(items, lines) if not email else ([False] * len(items),) * 2
    odds = np.zeros(len(items))
    opening = lines[items[0].line - 1] if items else ""  # the first line of the paragraph before
    for k in range(1, len(items)):
        a, b = items[k - 1], items[k]
        prev = lines[a.line - 1]
        in_list = bool(_BULLET.match(opening)) or prev.rstrip().endswith(":")
        odds[k] = _boundary_log_odds(prev, lines[b.line - 1], b.gap, email, prior,
                                     full[k], change[k], in_list)
        if b.gap >= 1:
            opening = lines[b.line - 1]
    if not email:
        for k, shared in _paragraph_cohesion(items, lines).items():
            odds[k] -= COHESION_WEIGHT * shared
    return odds


SKIP_PENALTY = 8.0
BIG_GAP_INSIDE_CELL = 10.0
FIRST_GAP_WEIGHT = 1.0
BIG_AT_SMALL_PENALTY = 3.0
SMALL_AT_BIG_PENALTY = 0.5
# Posteriors are softmax(score / T); T fitted on generated sheets (bench/sheet.py --fit).
POSTERIOR_TEMPERATURE = 0.75
DECODE = "posterior"
_NEG = -1e30


_TOKEN = re.compile(r"[^\W\d_]{4,}")
HINT_BONUS = 1.0
HINT_CAP = 2.0  # the most a line's words can say for one row
MAX_HINT_ROWS = 4
STEM = 6


@lru_cache(maxsize=1 << 16)
def _line_tokens(line: str) -> frozenset[str]:
    """The OCR-folded words of four letters or more in a line, and of a long word (a
    compound, an inflected form) its first ``STEM`` letters marked ``~``: «jobbhusverten»
    echoes «Jobbhuset» (computed once per line)."""
    words = _TOKEN.findall(fold(line))
    if not STEM:
        return frozenset(words)
    return frozenset([*words, *("~" + w[:STEM] for w in words if len(w) >= STEM + 2)])


Hints = list[dict[str, float]]  # per row: its distinctive words, each with its weight
NAME_HINT = 2.0  # a word of the measure's own name or office says more than one of its answers
_NAME_KEYS = ("name", "nav_office")


def row_hints(columns: dict[str, list[Cell | None]], lines: list[str]) -> Hints:
    """The words of each row's cells in ``columns`` (field key → cells per row), a word
    of its name or office weighing ``NAME_HINT``: a cell that names its row's place or
    project, or goes on with the subject of its other answers, is evidence for where it
    belongs."""
    rows = len(next(iter(columns.values()))) if columns else 0
    hints: Hints = [{} for _ in range(rows)]
    for key, cells in columns.items():
        weight = NAME_HINT if key in _NAME_KEYS else 1.0
        for r, cell in enumerate(cells):
            if cell is not None:
                row = hints[r]
                for n in cell.lines:
                    for t in _line_tokens(lines[n - 1]):
                        if row.get(t, 0.0) < weight:
                            row[t] = weight
    return hints


def _hint_index(hints: Hints) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Word → (rows using it, the weight each gives it), for words at most
    ``MAX_HINT_ROWS`` rows use (a word many rows share tells nothing)."""
    found: dict[str, tuple[list[int], list[float]]] = {}
    for r, h in enumerate(hints):
        for t, w in h.items():
            rows, weights = found.setdefault(t, ([], []))
            rows.append(r)
            weights.append(w)
    return {t: (np.array(rows), np.array(weights) * (HINT_BONUS / len(rows)))
            for t, (rows, weights) in found.items() if len(rows) <= MAX_HINT_ROWS}



def hint_scores(items: list[Item], lines: list[str], hints: Hints | None) -> np.ndarray | None:
    """Per item and row, how much the item's words echo the row's other cells: each word
    that at most ``MAX_HINT_ROWS`` rows use counts its weight/(rows using it), up to
    ``HINT_CAP``."""
    if not hints:
        return None
    index = _hint_index(hints)
    ks: list[np.ndarray] = []
    rs: list[np.ndarray] = []
    ws: list[np.ndarray] = []
    for k, it in enumerate(items):
        for t in _line_tokens(lines[it.line - 1]):
            found = index.get(t)
            if found is not None:
                ks.append(np.full(len(found[0]), k))
                rs.append(found[0])
                ws.append(found[1])
    scores = np.zeros((len(items), len(hints)))
    if ks:
        np.add.at(scores, (np.concatenate(ks), np.concatenate(rs)), np.concatenate(ws))
    return np.minimum(scores, HINT_CAP)


SPARSE_HINT_CAP = 4.0  # a short answer names its row's office or project once, if at all


def word_affinity(hints: Hints) -> Callable[[str], np.ndarray | None]:
    """Per row, how much a text's words echo the row's other cells (``hint_scores`` for a
    whole cell of a sparse column)."""
    index = _hint_index(hints)

    def affinity(text: str) -> np.ndarray | None:
        out = np.zeros(len(hints))
        for t in frozenset().union(*(_line_tokens(line) for line in text.split("\n"))):
            found = index.get(t)
            if found is not None:
                out[found[0]] += found[1]
        return np.minimum(out, SPARSE_HINT_CAP) if out.any() else None

    return affinity


# ---------------------------------------------------------------- placements


@dataclass
class Placement:
    """A column's cells per row, with what the alignment is sure of.

    ``posterior[k, r]`` is the probability that item ``k`` belongs to row ``r``;
    ``confidence[r]`` the probability that every line of row ``r``'s cell belongs
    to it; ``other_row[r]`` the row its doubtful lines would otherwise go to.
    """

    items: list[Item]
    cells: list[Cell | None]
    assign: list[int]
    posterior: np.ndarray
    confidence: list[float]
    other_row: list[int | None]

    @classmethod
    def empty(cls, rows: int) -> Placement:
        return cls([], [None] * rows, [], np.zeros((0, rows)), [0.0] * rows, [None] * rows)

    def line_probability(self) -> dict[int, float]:
        """Line number → probability of the row it was placed in."""
        return {it.line: float(self.posterior[k, r])
                for k, (it, r) in enumerate(zip(self.items, self.assign, strict=True))}

    def probability(self, line: int, row: int) -> float | None:
        """The probability that ``line`` belongs to ``row``; None if it is not this column's."""
        k = _line_index(self, [[it] for it in self.items]).get(line)
        return None if k is None else float(self.posterior[k, row])


def _line_index(placement: object, groups: list[list[Item]]) -> dict[int, int]:
    """Line number → index of its group, built once per placement."""
    found = placement.__dict__.get("_line_index")
    if found is None:
        found = {it.line: g for g, group in enumerate(groups) for it in group}
        placement.__dict__["_line_index"] = found
    return found


def _placement(items: list[Item], assign: list[int], gamma: np.ndarray, rows: int) -> Placement:
    cells: list[Cell | None] = [None] * rows
    groups: dict[int, list[int]] = {}
    for k, r in enumerate(assign):
        groups.setdefault(r, []).append(k)
    conf = [0.0] * rows
    other: list[int | None] = [None] * rows
    above = np.cumsum(gamma[:, ::-1], axis=1)[:, ::-1]  # above[k, r] = P(row of k ≥ r)
    below = np.cumsum(gamma, axis=1)  # below[k, r] = P(row of k ≤ r)
    for r, ks in groups.items():
        cells[r] = Cell([items[k] for k in ks])
        a, b = ks[0], ks[-1]
        start_ok, end_ok = float(above[a, r]), float(below[b, r])
        # the cell's first line is not the row before's and its last not the row after's;
        # the two doubts are far apart in the column, so they are taken as independent
        conf[r] = min(1.0, max(0.0, start_ok * end_ok))
        if start_ok <= end_ok and r > 0:
            other[r] = int(np.argmax(gamma[a, :r]))
        elif r + 1 < rows:
            other[r] = r + 1 + int(np.argmax(gamma[b, r + 1:]))
    return Placement(items, cells, assign, gamma, conf, other)


def _forward_backward(init: np.ndarray, stay: np.ndarray, adv: np.ndarray, jump: np.ndarray,
                      emit: np.ndarray, final: np.ndarray, skip: float,
                      stay_row: np.ndarray | None = None,
                      leave_row: np.ndarray | None = None) -> np.ndarray:
    """Posterior marginals of a monotone alignment of items to rows (all scores in log space).

    Item ``k`` follows item ``k-1`` in the same row (``stay[k]``), in the next row
    (``adv[k, r]`` into row ``r``) or ``d ≥ 2`` rows on (``jump[k] - skip·(d-1)``); it
    scores ``emit[k, r]`` in row ``r``; the first item starts with ``init``, the last
    ends with ``final``. ``stay_row[r]`` and ``leave_row[r]`` add to staying in and leaving
    row ``r`` (a row expected to hold a long cell stays more readily).
    """
    m, rows = emit.shape
    idx = np.arange(rows, dtype=float)
    sr = np.zeros(rows) if stay_row is None else stay_row
    lr = np.zeros(rows) if leave_row is None else leave_row
    up = skip * idx
    alpha = np.empty((m, rows))
    alpha[0] = init + emit[0]
    step = np.full(rows, _NEG)
    hop = np.full(rows, _NEG)
    acc = np.empty(rows)
    total = np.empty(rows)
    far = rows > 2
    hop_base = -skip * (idx[2:] - 1.0)
    for k in range(1, m):
        a = alpha[k - 1]
        np.add(a, stay[k] + sr, out=total)
        a = a + lr
        np.add(a[:-1], adv[k, 1:], out=step[1:])
        np.logaddexp(total, step, out=total)
        if far:
            np.logaddexp.accumulate(a + up, out=acc)
            np.add(acc[:-2], hop_base + jump[k], out=hop[2:])
            np.logaddexp(total, hop, out=total)
        np.add(total, emit[k], out=alpha[k])
    beta = np.empty((m, rows))
    beta[m - 1] = final
    step[:] = _NEG
    hop[:] = _NEG
    hop_back = skip * (idx[:-2] + 1.0)
    for k in range(m - 1, 0, -1):
        b = emit[k] + beta[k]
        np.add(b[1:], adv[k, 1:], out=step[:-1])
        if far:
            acc = np.logaddexp.accumulate((b - up)[::-1])[::-1]
            np.add(acc[2:], hop_back + jump[k], out=hop[:-2])
            np.logaddexp(step, hop, out=step)
        step += lr
        np.add(b, stay[k] + sr, out=total)
        np.logaddexp(total, step, out=total)
        beta[k - 1] = total
    log_z = np.logaddexp.reduce(alpha[m - 1] + final)
    gamma = np.exp(alpha + beta - log_z)
    return gamma / np.maximum(gamma.sum(axis=1, keepdims=True), 1e-300)


def _viterbi(init: np.ndarray, stay: np.ndarray, adv: np.ndarray, jump: np.ndarray,
             emit: np.ndarray, final: np.ndarray, skip: float,
             stay_row: np.ndarray | None = None, leave_row: np.ndarray | None = None) -> list[int]:
    """The best monotone alignment under the scores of ``_forward_backward``."""
    m, rows = emit.shape
    idx = np.arange(rows)
    sr = np.zeros(rows) if stay_row is None else stay_row
    lr = np.zeros(rows) if leave_row is None else leave_row
    up = skip * idx
    hop_base = -skip * (idx[2:] - 1)
    score = init + emit[0]
    back = np.zeros((m, rows), dtype=np.int32)
    step = np.full(rows, _NEG)
    hop = np.full(rows, _NEG)
    far = rows > 2
    for k in range(1, m):
        best = score + stay[k] + sr
        src = idx.copy()
        score = score + lr
        np.add(score[:-1], adv[k, 1:], out=step[1:])
        better = step > best
        np.copyto(best, step, where=better)
        src[better] -= 1
        if far:
            vals = score + up
            run = np.maximum.accumulate(vals)
            arg = np.maximum.accumulate(np.where(vals == run, idx, 0))
            np.add(run[:-2], hop_base + jump[k], out=hop[2:])
            better = hop > best
            if better.any():
                np.copyto(best, hop, where=better)
                src[2:][better[2:]] = arg[:-2][better[2:]]
        back[k] = src
        score = best + emit[k]
    r = int(np.argmax(score + final))
    assign = [0] * m
    for k in range(m - 1, -1, -1):
        assign[k] = r
        r = int(back[k][r])
    return assign


def align_full_column(
    column: Column, ref: Reference, lines: list[str], hints: Hints | None = None,
    posteriors: bool = True, lengths: np.ndarray | None = None,
) -> Placement:
    """Assign a column's items to rows: the best monotone alignment, with posteriors.

    Between consecutive items the row either stays (score: against the joint's boundary
    evidence) or advances by one (score: the evidence, less a penalty where the
    column's gap kind disagrees with the reference), or by more (empty cells,
    penalised); an item's words that echo a row's other cells speak for that row.
    ``lengths[r]``, the lines expected in row ``r`` (``expected_lengths``), makes a
    row's cell as long as its author's other answers more likely.
    ``posteriors=False`` skips the forward-backward pass (the confidences are then 1).
    """
    items = column.blocks or column.items
    rows = ref.rows
    if not items or rows == 0:
        return Placement.empty(rows)
    email = column.key == "contact_email"
    cached = column.__dict__.setdefault("_odds", {})  # the same column is placed twice
    if rows not in cached:
        cached[rows] = joint_log_odds(items, lines, rows, email)
    odds = cached[rows]
    m = len(items)
    big = np.array([*ref.big, False], dtype=bool)  # big[r]: boundary after row r
    col_big = np.array([it.gap >= BIG_GAP for it in items])
    stay = np.where(col_big, -BIG_GAP_INSIDE_CELL, -odds / 2.0)
    # advancing into row r crosses the reference boundary after r-1
    mismatch = np.where(
        col_big[:, None],
        np.where(big[None, :-1], 0.0, -BIG_AT_SMALL_PENALTY),
        np.where(big[None, :-1], -SMALL_AT_BIG_PENALTY, 0.0),
    )
    adv = np.full((m, rows), _NEG)
    adv[:, 1:] = odds[:, None] / 2.0 + mismatch
    jump = odds / 2.0
    idx = np.arange(rows, dtype=float)
    init = -SKIP_PENALTY * idx
    final = -SKIP_PENALTY * (rows - 1 - idx)
    hint = hint_scores(items, lines, hints)
    emit = hint if hint is not None else np.zeros((m, rows))
    stay_row = leave_row = None
    if lengths is not None:  # geometric cell lengths, relative to the column's mean
        q, mean = lengths / (lengths + 1.0), m / rows / (m / rows + 1.0)
        stay_row = LENGTH_WEIGHT * (np.log(q) - np.log(mean))
        leave_row = LENGTH_WEIGHT * (np.log1p(-q) - np.log1p(-mean))
    if not posteriors:
        assign = _viterbi(init, stay, adv, jump, emit, final, SKIP_PENALTY, stay_row, leave_row)
        gamma = np.zeros((m, rows))
        gamma[np.arange(m), assign] = 1.0
        return _placement(items, assign, gamma, rows)
    t = POSTERIOR_TEMPERATURE
    gamma = _forward_backward(init / t, stay / t, adv / t, jump / t, emit / t, final / t,
                              SKIP_PENALTY / t,
                              None if stay_row is None else stay_row / t,
                              None if leave_row is None else leave_row / t)
    if DECODE == "viterbi":
        assign = _viterbi(init, stay, adv, jump, emit, final, SKIP_PENALTY, stay_row, leave_row)
    else:  # the lines in their likeliest rows, as a path that leaves no row out needlessly
        zeros = np.zeros(m)
        flat = np.zeros((m, rows))
        assign = _viterbi(init, zeros, flat, zeros, np.log(np.maximum(gamma, 1e-12)), final,
                          SKIP_PENALTY)
    return _placement(items, assign, gamma, rows)


LENGTH_WEIGHT = 1.0


def expected_lengths(cells_by_column: dict[str, list[Cell | None]], key: str) -> np.ndarray | None:
    """Lines expected in each row of column ``key``, from the lengths of the row's cells in
    the other columns: an author who writes long answers writes them throughout. The log
    lengths are standardised per column; column ``key``'s own (draft) cells give the
    regression on the mean of the others, so the document sets how much the lengths agree.
    """
    others = [cells for k, cells in cells_by_column.items() if k != key]
    own = cells_by_column.get(key)
    if own is None or len(others) < 2:
        return None
    def log_len(cells: list[Cell | None]) -> np.ndarray:
        return np.array([np.log1p(len(c.items)) if c else np.nan for c in cells])
    z = []
    for cells in others:
        x = log_len(cells)
        sd = np.nanstd(x)
        if np.isfinite(sd) and sd > 0:
            z.append((x - np.nanmean(x)) / sd)
    if len(z) < 2:
        return None
    with np.errstate(all="ignore"):
        zr = np.nanmean(np.array(z), axis=0)
    y = log_len(own)
    ok = np.isfinite(zr) & np.isfinite(y)
    if ok.sum() < 8 or np.std(zr[ok]) == 0:
        return None
    beta = float(np.cov(zr[ok], y[ok])[0, 1] / np.var(zr[ok], ddof=1))
    beta = max(beta, 0.0)
    pred = np.nanmean(y) + beta * np.nan_to_num(zr)
    return np.maximum(np.expm1(pred), 1.0)


# ---------------------------------------------------------------- sparse columns

GAP_MISFIT = 1.5  # log-score per blank line a sparse cell's gap is off its rows' gaps
# log-likelihood ratios of a gap over empty rows for the "sum" model: one that is no
# multiple of 3 (likely under "sum", only noise under "big"), one of 6, 9, … (a third of
# such gaps under "sum", all of them under "big")
GAP_MODEL_ODD = 2.5
GAP_MODEL_THREES = 1.0


def _expected_gaps(ref: Reference) -> tuple[np.ndarray, np.ndarray]:
    """Blank lines expected between cells of rows r0 < r1 of a sparse column: the sum of
    the boundaries' gaps (small 1, big 3), or — where the OCR let the small gaps of
    empty rows vanish — 3 for each big boundary crossed (1 if none)."""
    rows = ref.rows
    w = ref.weights[: rows - 1]
    cum = np.concatenate([[0.0], np.cumsum(w)])
    cum_big = np.concatenate([[0.0], np.cumsum(np.array(ref.big[: rows - 1], dtype=float))])
    total = cum[None, :] - cum[:, None]
    bigs = 3.0 * (cum_big[None, :] - cum_big[:, None])
    return total, np.where(bigs > 0, bigs, 1.0)


def _groups(items: list[Item]) -> list[list[Item]]:
    groups: list[list[Item]] = []
    for k, it in enumerate(items):
        if k == 0 or it.gap >= 1:
            groups.append([it])
        else:
            groups[-1].append(it)
    return groups


@dataclass
class SparsePlacement:
    """A sparse column's groups (runs of lines without a blank line) and their rows."""

    groups: list[list[Item]]
    cells: list[Cell | None]
    assign: list[int]
    posterior: np.ndarray  # posterior[g, r]: group g is in row r
    confidence: list[float]  # per row with a cell: all its groups belong there
    occupied: np.ndarray  # occupied[r]: probability that row r has a cell in this column
    log_z: float = 0.0  # log-likelihood of the column's gaps under the gap model used

    def line_probability(self) -> dict[int, float]:
        return {it.line: float(self.posterior[g, r])
                for g, (group, r) in enumerate(zip(self.groups, self.assign, strict=True))
                for it in group}

    def probability(self, line: int, row: int) -> float | None:
        g = _line_index(self, self.groups).get(line)
        return None if g is None else float(self.posterior[g, row])


def align_sparse_column(
    column: Column,
    ref: Reference,
    lines: list[str],
    affinity: Callable[[str], np.ndarray | None] | None = None,
    avoid: np.ndarray | None = None,
    one_line: bool = False,
    ends_last: bool = False,
    gap_model: str = "either",
) -> SparsePlacement:
    """Place the cells of a column that has cells for only some rows.

    An empty cell adds no lines, so the blank lines between two cells follow from
    the reference gaps of the rows between them (``_expected_gaps``); the cells go
    where the observed gaps fit best. A blank line may also fall inside one answer
    (the joint's boundary evidence decides). ``affinity(cell_text)`` may give a score
    per row (positive where the row's other cells echo the cell, e.g. the same start
    date written in its description); ``avoid[r]`` is a penalty for rows another
    column is likely to fill (the «Ja» and «Nei» answers exclude each other). ``one_line`` cells never
    hold a blank line; a column that ``ends_last`` (a question added to the form late)
    has its last answer in the last row. ``gap_model`` is the OCR's way with the blank
    lines of empty rows: ``"sum"``, ``"big"`` or ``"either"`` (see ``_expected_gaps``;
    ``choose_gap_model`` picks one for a sheet).
    """
    items = column.blocks or column.items
    rows = ref.rows
    groups = _groups(items)
    if not groups or rows == 0:
        return SparsePlacement([], [None] * rows, [], np.zeros((0, rows)), [0.0] * rows,
                               np.zeros(rows))
    odds = joint_log_odds(items, lines, rows)
    first_of = []
    k = 0
    for g in groups:
        first_of.append(k)
        k += len(g)
    e_sum, e_big = _expected_gaps(ref)
    if gap_model == "sum":
        e_big = e_sum
    elif gap_model == "big":
        e_sum = e_big
    upper = np.triu(np.ones((rows, rows), dtype=bool), k=1)
    idx = np.arange(rows)

    def emission(g: list[Item]) -> np.ndarray:
        out = np.zeros(rows)
        if affinity is not None:
            found = affinity(" ".join(lines[it.line - 1] for it in g))
            if found is not None:
                out = out + found
        if avoid is not None:
            out = out - avoid
        return out

    emit = np.array([emission(g) for g in groups])
    # how often a row is empty here: the prior of every skip between two cells
    empty = min(max(1.0 - len(groups) / rows, 0.02), 0.98)
    log_skip, log_take = float(np.log(empty)), float(np.log(1.0 - empty))
    skips = np.where(upper, (idx[None, :] - idx[:, None] - 1) * log_skip + log_take, _NEG)
    init = np.zeros(rows)  # where the column starts is the header gap's to say, if any
    if column.has_header:  # weakly: the gap under the header counts the rows skipped
        gap0 = groups[0][0].gap
        init = init - FIRST_GAP_WEIGHT * np.minimum(np.abs(gap0 - (1.0 + e_sum[0])),
                                                    np.abs(gap0 - np.where(idx > 0, e_big[0], 1.0)))
    trans = []
    for j in range(1, len(groups)):
        gap = min(groups[j][0].gap, 200)
        b = odds[first_of[j]]
        misfit = np.minimum(np.abs(e_sum - gap), np.abs(e_big - gap))
        t = skips + b / 2.0 - GAP_MISFIT * misfit
        if gap < BIG_GAP and not one_line:  # a paragraph inside one answer
            t[idx, idx] = -b / 2.0
        trans.append(t)
    # ties go to the latest rows: a question added to the form late has answers for the last rows
    final = 1e-6 * idx
    if ends_last:
        final = final - SKIP_PENALTY * (rows - 1 - idx)
    temp = POSTERIOR_TEMPERATURE
    n = len(groups)
    score = init + emit[0]
    back = []
    alpha = np.empty((n, rows))
    alpha[0] = (init + emit[0]) / temp
    for j in range(1, n):
        total = score[:, None] + trans[j - 1]
        back.append(np.argmax(total, axis=0))
        score = total.max(axis=0) + emit[j]
        alpha[j] = emit[j] / temp + np.logaddexp.reduce(alpha[j - 1][:, None] + trans[j - 1] / temp, axis=0)
    r = int(np.argmax(score + final))
    assign = [r]
    for bk in reversed(back):
        r = int(bk[r])
        assign.append(r)
    assign.reverse()
    beta = np.zeros((n, rows))
    beta[n - 1] = final / temp
    for j in range(n - 1, 0, -1):
        beta[j - 1] = np.logaddexp.reduce(trans[j - 1] / temp + (emit[j] / temp + beta[j])[None, :], axis=1)
    log_z = np.logaddexp.reduce(alpha[n - 1] + beta[n - 1])
    gamma = np.exp(alpha + beta - log_z)
    gamma = gamma / np.maximum(gamma.sum(axis=1, keepdims=True), 1e-300)
    cells: list[Cell | None] = [None] * rows
    members: dict[int, list[int]] = {}
    for g, row in enumerate(assign):
        members.setdefault(row, []).append(g)
    conf = [0.0] * rows
    for row, gs in members.items():
        cells[row] = Cell([it for g in gs for it in groups[g]])
        conf[row] = float(min(gamma[g, row] for g in gs))
    occupied = np.minimum(gamma.sum(axis=0), 1.0)
    return SparsePlacement(groups, cells, assign, gamma, conf, occupied, float(log_z))


def choose_gap_model(columns: list[Column], ref: Reference, lines: list[str]) -> str:
    """How a sheet's OCR wrote the blank lines of empty rows (it treats all columns alike).

    Where empty rows keep their gaps ("sum", small 1 and big 3), a gap over empty rows is
    often no multiple of 3 (2, 4, 5, 7 …); where only big gaps count ("big"), it always
    is. Each such gap of 2 or more (bar the first under a header) weighs for one model by
    its likelihood ratio; ``"either"`` when they do not settle it.
    """
    del ref, lines  # the gaps alone tell
    evidence = 0.0  # log-odds for "sum"
    for column in columns:
        for it in (column.blocks or column.items)[1:]:
            if it.gap == 2 or (it.gap >= 4 and it.gap % 3):
                evidence += GAP_MODEL_ODD
            elif it.gap >= 6 and it.gap % 3 == 0:
                evidence -= GAP_MODEL_THREES
    if evidence > 1.0:
        return "sum"
    return "big" if evidence < -1.0 else "either"


# ---------------------------------------------------------------- a choice split over two columns

SEGMENT_MISFIT = 4.0  # log-score per big boundary a cell is off the segment its gaps put it in
PARAGRAPH_IN_ANSWER = -2.0  # log-prior that a blank line falls inside a short answer
CHOICE_HINT_WEIGHT = 1.0  # how much a cell's words echoing its row's other cells count


def _segment_marks(groups: list[list[Item]]) -> np.ndarray:
    """Big boundaries crossed before each group, counted from the first: where the OCR
    drops the blank lines of empty rows, a gap over empty rows is 3 per big boundary."""
    steps = [0] + [round(g[0].gap / 3.0) if g[0].gap >= BIG_GAP else 0 for g in groups[1:]]
    return np.cumsum(steps)


def _choice_pass(groups: tuple[list[list[Item]], list[list[Item]]], marks: tuple[np.ndarray, ...],
                 seg: np.ndarray, emit: tuple[np.ndarray, np.ndarray], inside: tuple[np.ndarray, ...],
                 prior: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Forward-backward over rows with state (groups of column 0 used, of column 1 used):
    each row takes the next group of one column (or two, the second a paragraph of the
    same answer), or none. Returns log Z and, per column, the posterior of group g in row r."""
    rows = len(seg)
    n0, n1 = len(groups[0]), len(groups[1])
    # score of group g of column c in row r: its words, and its segment against the row's
    score = [emit[c] - SEGMENT_MISFIT * np.abs(marks[c][:, None] - seg[None, :]) for c in (0, 1)]
    log_p = np.log(prior)
    alpha = np.full((rows + 1, n0 + 1, n1 + 1), _NEG)
    alpha[0, 0, 0] = 0.0

    def moves(a: np.ndarray, r: int) -> np.ndarray:
        out = a + log_p[2]
        for c in (0, 1):
            s = score[c][:, r] + log_p[c]  # group g starts the row's cell
            two = s[:-1] + inside[c][1:]  # groups g, g+1 both in the row
            shifted = np.full_like(a, _NEG)
            if c == 0:
                shifted[1:, :] = a[:-1, :] + s[:, None]
                if n0 > 1:
                    shifted[2:, :] = np.logaddexp(shifted[2:, :], a[:-2, :] + two[:, None])
            else:
                shifted[:, 1:] = a[:, :-1] + s[None, :]
                if n1 > 1:
                    shifted[:, 2:] = np.logaddexp(shifted[:, 2:], a[:, :-2] + two[None, :])
            out = np.logaddexp(out, shifted)
        return out

    for r in range(rows):
        alpha[r + 1] = moves(alpha[r], r)
    log_z = float(alpha[rows, n0, n1])
    beta = np.full((rows + 1, n0 + 1, n1 + 1), _NEG)
    beta[rows, n0, n1] = 0.0
    post = [np.zeros((n0, rows)), np.zeros((n1, rows))]
    for r in range(rows - 1, -1, -1):
        b = beta[r + 1]
        nxt = b + log_p[2]
        a = alpha[r]
        for c in (0, 1):
            s = score[c][:, r] + log_p[c]
            two = s[:-1] + inside[c][1:]
            if c == 0:
                one_back = b[1:, :] + s[:, None]  # from state (g, j) to (g+1, j)
                nxt[:-1, :] = np.logaddexp(nxt[:-1, :], one_back)
                p1 = np.exp(a[:-1, :] + one_back - log_z).sum(axis=1)
                post[0][:, r] += p1
                if n0 > 1:
                    two_back = b[2:, :] + two[:, None]
                    nxt[:-2, :] = np.logaddexp(nxt[:-2, :], two_back)
                    p2 = np.exp(a[:-2, :] + two_back - log_z).sum(axis=1)
                    post[0][:-1, r] += p2
                    post[0][1:, r] += p2
            else:
                one_back = b[:, 1:] + s[None, :]
                nxt[:, :-1] = np.logaddexp(nxt[:, :-1], one_back)
                p1 = np.exp(a[:, :-1] + one_back - log_z).sum(axis=0)
                post[1][:, r] += p1
                if n1 > 1:
                    two_back = b[:, 2:] + two[None, :]
                    nxt[:, :-2] = np.logaddexp(nxt[:, :-2], two_back)
                    p2 = np.exp(a[:, :-2] + two_back - log_z).sum(axis=0)
                    post[1][:-1, r] += p2
                    post[1][1:, r] += p2
        beta[r] = nxt
    return log_z, post[0], post[1]


def align_choice_columns(
    columns: tuple[Column, Column],
    starts: tuple[int, int],
    ref: Reference,
    lines: list[str],
    affinity: Callable[[str], np.ndarray | None] | None = None,
) -> tuple[np.ndarray, SparsePlacement, SparsePlacement]:
    """Place the cells of two sparse columns whose rows exclude each other, for a sheet
    whose OCR dropped the blank lines of empty rows (``gap_model="big"``).

    There a cell's gaps tell only which stretch between big boundaries (segment) its
    row is in, not which row of it; the other column's cells, the rule that a row
    answers in one column only, and the words a cell shares with its row's other cells
    (``affinity``) say the rest, and where they cannot, the posterior says so.
    ``starts`` are the rows the columns' first cells are likeliest in (from
    ``align_sparse_column``): the segments are counted from theirs, give or take one.
    Returns ``chance`` (``chance[c, r]``: the probability that row ``r`` answers in
    column ``c``; ``chance[2, r]``: in neither) and each column's placement.
    """
    rows = ref.rows
    seg = np.concatenate([[0], np.cumsum(np.array(ref.big[: rows - 1], dtype=int))])
    groups = (_groups(columns[0].blocks or columns[0].items),
              _groups(columns[1].blocks or columns[1].items))
    emit, inside = [], []
    for c in (0, 1):
        items = columns[c].blocks or columns[c].items
        odds = joint_log_odds(items, lines, rows) if items else np.zeros(0)
        first, k = [], 0
        for g in groups[c]:
            first.append(k)
            k += len(g)
        e = np.zeros((len(groups[c]), rows))
        if affinity is not None:
            for g, group in enumerate(groups[c]):
                found = affinity(" ".join(lines[it.line - 1] for it in group))
                if found is not None:
                    e[g] = CHOICE_HINT_WEIGHT * found
        emit.append(e)
        # a group after a one-line gap may be a paragraph of the answer before
        inside.append(np.array([PARAGRAPH_IN_ANSWER - odds[first[g]] / 2.0
                                if g and groups[c][g][0].gap < BIG_GAP else _NEG
                                for g in range(len(groups[c]))]))
    total = len(groups[0]) + len(groups[1])
    p_none = min(max(1.0 - total / rows, 0.02), 0.9)
    share = np.array([len(groups[0]), len(groups[1])], dtype=float) / max(total, 1)
    prior = np.array([*(share * (1.0 - p_none)), p_none]) + 1e-9
    base = [_segment_marks(groups[c]) for c in (0, 1)]
    runs = []
    for d0 in (-1, 0, 1):
        for d1 in (-1, 0, 1):
            offsets = (seg[starts[0]] + d0, seg[starts[1]] + d1)
            if min(offsets) < 0:
                continue
            marks = (base[0] + offsets[0], base[1] + offsets[1])
            runs.append(_choice_pass(groups, marks, seg, (emit[0], emit[1]),
                                     (inside[0], inside[1]), prior))
    log_zs = np.array([z for z, _, _ in runs])
    weights = np.exp(log_zs - np.logaddexp.reduce(log_zs))
    post = [sum(w * run[1 + c] for w, run in zip(weights, runs, strict=True)) for c in (0, 1)]
    chance = np.zeros((3, rows))
    chance[0] = post[0].sum(axis=0)
    chance[1] = post[1].sum(axis=0)
    chance[2] = np.clip(1.0 - chance[0] - chance[1], 0.0, 1.0)
    chance = chance / np.maximum(chance.sum(axis=0, keepdims=True), 1e-12)
    placements = []
    assigned: list[dict[int, list[int]]] = []
    # each group in its likeliest row, in order
    for c in (0, 1):
        members: dict[int, list[int]] = {}
        last = 0
        for g in range(len(groups[c])):
            last = max(int(np.argmax(post[c][g])), last)
            members.setdefault(last, []).append(g)
        assigned.append(members)
    for r in set(assigned[0]) & set(assigned[1]):  # a row answers in one column only
        loser = 1 if chance[0, r] >= chance[1, r] else 0
        gs = assigned[loser].pop(r)
        free = [q for q in range(rows) if q not in assigned[0] and q not in assigned[1]]
        if free:  # the next likeliest free row keeps the text (no text is lost)
            q = max(free, key=lambda q: post[loser][gs, q].sum())
            assigned[loser][q] = gs
    for c in (0, 1):
        cells: list[Cell | None] = [None] * rows
        conf = [0.0] * rows
        assign = [0] * len(groups[c])
        for row, gs in assigned[c].items():
            cells[row] = Cell([it for g in gs for it in groups[c][g]])
            conf[row] = float(min(post[c][g, row] for g in gs))
            for g in gs:
                assign[g] = row
        placements.append(SparsePlacement(groups[c], cells, assign, post[c], conf,
                                          np.minimum(chance[c], 1.0)))
    return chance, placements[0], placements[1]
