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

import itertools
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
                if lines[n - 1].strip():
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
_BULLET = re.compile(r"^\s*(?:[-•«e]\s|\d+[.)]\s)")


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


def _boundary_log_odds(prev: str, nxt: str, gap: int, email_column: bool, prior: float) -> float:
    """Evidence that a joint is a row boundary (positive) rather than inside a cell."""
    score = 4.0 if gap >= BIG_GAP else (prior if gap == 1 else min(prior, 0.0) - 3.0)
    stripped = nxt.lstrip()
    first = stripped[:1]
    if first.islower():
        score -= 2.0
    if nxt[:1] == " " and prev[:1] != " ":
        score += 1.0
    tail = prev.rstrip()
    if tail.endswith((".", "!", "?", ")", "»", '"')):
        score += 0.5
    elif tail.endswith((",", "-", ":", "/", "(")):
        score -= 1.5
    words = tail.split()
    if words and words[-1].casefold() in _FUNCTION_WORDS:
        score -= 1.5
    if _BULLET.match(nxt):
        score -= 1.0
    first_word = stripped.split(" ", 1)[0].casefold().strip(",.:")
    if first_word in _CONTINUING_WORDS:
        score -= 1.0
    if email_column:
        score += 5.0 if _EMAIL.search(nxt) else -5.0
    return score


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


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


SKIP_PENALTY = 8.0
BIG_GAP_INSIDE_CELL = 10.0
FIRST_GAP_WEIGHT = 0.3
BIG_AT_SMALL_PENALTY = 3.0
SMALL_AT_BIG_PENALTY = 0.5


_TOKEN = re.compile(r"[^\W\d_]{4,}")
HINT_BONUS = 1.0
HINT_STAY_SHARE = 0.5  # the share of a row hint that holds for an item inside the cell
MAX_HINT_ROWS = 4


@lru_cache(maxsize=1 << 16)
def _line_tokens(line: str) -> frozenset[str]:
    """The OCR-folded words of four letters or more in a line (computed once per line)."""
    return frozenset(_TOKEN.findall(fold(line)))


def row_hints(cells_by_column: list[list[Cell | None]], lines: list[str]) -> list[set[str]]:
    """Distinctive words of each row's short cells (name, office): a long cell that
    names its row's place or project is evidence for where it belongs."""
    rows = len(cells_by_column[0]) if cells_by_column else 0
    hints: list[set[str]] = [set() for _ in range(rows)]
    for cells in cells_by_column:
        for r, cell in enumerate(cells):
            if cell is not None:
                for n in cell.lines:
                    hints[r] |= _line_tokens(lines[n - 1])
    return hints


def _hint_costs(
    items: list[Item], lines: list[str], hints: list[set[str]] | None
) -> np.ndarray | None:
    if not hints:
        return None
    costs = np.zeros((len(items), len(hints)))
    index: dict[str, list[int]] = {}
    for r, h in enumerate(hints):
        for t in h:
            index.setdefault(t, []).append(r)
    for k, it in enumerate(items):
        for t in _line_tokens(lines[it.line - 1]):
            rows = index.get(t, ())
            if 0 < len(rows) <= MAX_HINT_ROWS:  # a word many rows share tells nothing
                for r in rows:
                    costs[k, r] = min(costs[k, r], -HINT_BONUS / len(rows))
    return costs


def align_full_column(
    column: Column, ref: Reference, lines: list[str], hints: list[set[str]] | None = None
) -> tuple[list[Cell | None], list[float]]:
    """Assign a column's items to rows by dynamic programming over (item, row).

    Between consecutive items the row either stays (cost: the joint's boundary
    evidence) or advances by one (cost: the lack of it, plus a penalty where
    the column's gap kind disagrees with the reference), or by more (empty
    cells, penalised).
    """
    items = column.blocks or column.items
    rows = ref.rows
    cells: list[Cell | None] = [None] * rows
    if not items or rows == 0:
        return cells, [0.0] * rows
    email = column.key == "contact_email"
    prior = _small_gap_prior(items, rows)
    odds = [0.0] + [
        _boundary_log_odds(lines[a.line - 1], lines[b.line - 1], b.gap, email, prior)
        for a, b in itertools.pairwise(items)
    ]
    if not email:
        for k, shared in _paragraph_cohesion(items, lines).items():
            odds[k] -= COHESION_WEIGHT * shared
    big = np.array([*ref.big, False], dtype=bool)  # big[r]: boundary after row r
    m = len(items)
    hint = _hint_costs(items, lines, hints)
    cost = np.full(rows, _INF)
    cost[0] = 0.0
    cost[1:] = SKIP_PENALTY * np.arange(1, rows)
    back = np.zeros((m, rows), dtype=np.int32)
    idx = np.arange(rows)
    for k in range(1, m):
        lo = odds[k]
        col_big = items[k].gap >= BIG_GAP
        # staying in the row goes against boundary evidence; a big gap is nearly always a boundary
        stay = cost + (BIG_GAP_INSIDE_CELL if col_big else lo / 2.0)
        # advancing from row r-1 to r crosses the reference boundary after r-1
        mismatch = np.where(
            big[:-1],
            0.0 if col_big else SMALL_AT_BIG_PENALTY,
            BIG_AT_SMALL_PENALTY if col_big else 0.0,
        )
        adv = np.full(rows, _INF)
        adv[1:] = cost[:-1] - lo / 2.0 + mismatch
        jump = np.full(rows, _INF)
        # best predecessor at least two rows back, with a penalty per skipped row
        vals = cost - SKIP_PENALTY * idx
        mins = np.minimum.accumulate(vals)
        arg = np.maximum.accumulate(np.where(vals == mins, idx, 0))
        jump[2:] = mins[:-2] + SKIP_PENALTY * (idx[2:] - 1) - lo / 2.0
        if hint is not None:
            # an item that names a row's place or project most often opens that row's cell
            stay = stay + HINT_STAY_SHARE * hint[k]
            adv = adv + hint[k]
            jump = jump + hint[k]
        options = np.vstack([stay, adv, jump])
        choice = np.argmin(options, axis=0)
        new = options[choice, idx]
        src = np.where(choice == 0, idx, idx - 1)
        src[2:] = np.where(choice[2:] == 2, arg[:-2], src[2:])
        back[k] = src
        cost = new
    end_cost = cost + SKIP_PENALTY * (rows - 1 - idx)
    r = int(np.argmin(end_cost))
    assign = [0] * m
    for k in range(m - 1, -1, -1):
        assign[k] = r
        r = int(back[k][r]) if k else r
    groups: dict[int, list[int]] = {}
    for k, row in enumerate(assign):
        groups.setdefault(row, []).append(k)
    conf = [0.0] * rows
    for row, ks in groups.items():
        cells[row] = Cell([items[k] for k in ks])
        start = 1.0 if ks[0] == 0 else _sigmoid(odds[ks[0]])
        end = 1.0 if ks[-1] + 1 >= m else _sigmoid(odds[ks[-1] + 1])
        inner = min((1.0 - _sigmoid(odds[k]) for k in ks[1:]), default=1.0)
        conf[row] = min(start, end, inner)
    return cells, conf


def align_sparse_column(
    column: Column,
    ref: Reference,
    lines: list[str],
    affinity: Callable[[str], np.ndarray | None] | None = None,
) -> list[Cell | None]:
    """Place the cells of a column that has cells for only some rows.

    An empty cell adds no lines, so the blank lines between two cells are the
    sum of the reference gaps between their rows (small 1, big 3); the cells
    go where the observed gaps fit best. ``affinity(cell_text)`` may give a
    cost per row (negative where the row's other cells echo the cell, e.g.
    the same start date written in its description).
    """
    items = column.blocks or column.items
    rows = ref.rows
    out: list[Cell | None] = [None] * rows
    groups: list[list[Item]] = []
    for k, it in enumerate(items):
        if k == 0 or it.gap >= 1:
            groups.append([it])
        else:
            groups[-1].append(it)
    if not groups or rows == 0:
        return out
    groups = groups[:rows]
    cum = np.concatenate([[0.0], np.cumsum(ref.weights[: rows - 1])])  # cum[r]: gaps before row r
    expected = cum[None, :] - cum[:, None]  # expected[r0, r1]
    valid = np.triu(np.ones((rows, rows), dtype=bool), k=1)
    if column.has_header:  # weakly: the gap under the header counts the rows skipped
        cost = FIRST_GAP_WEIGHT * np.abs(groups[0][0].gap - (1.0 + cum))
    else:
        cost = np.zeros(rows)
    def cell_cost(g: list[Item]) -> np.ndarray | float:
        if affinity is None:
            return 0.0
        found = affinity(" ".join(lines[it.line - 1] for it in g))
        return 0.0 if found is None else found

    cost = cost + cell_cost(groups[0])
    back = []
    for g in groups[1:]:
        gap = min(g[0].gap, 60)
        total = cost[:, None] + np.where(valid, np.abs(expected - gap), _INF)
        back.append(np.argmin(total, axis=0))
        cost = total.min(axis=0) + cell_cost(g)
    # ties go to the latest rows: a question added to the form late has answers for the last rows
    r = int(np.argmin(cost - 1e-6 * np.arange(rows)))
    placement = [r]
    for b in reversed(back):
        r = int(b[r])
        placement.append(r)
    placement.reverse()
    for row, g in zip(placement, groups, strict=True):
        out[row] = Cell(g)
    return out
