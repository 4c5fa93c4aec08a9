"""A result list as CSV («Last ned treff»): the hits of a search in the order asked for,
public fields only (title, kind, NAV office, county, the page and the source lines).

Every value comes from the search's hits, which ``search/snippets.py`` has already put
through ``domain/privacy.py`` for anonymous viewers; e-mail and contact fields are never
columns. A spreadsheet program must not run a cell as a formula, so cells that start with
``= + - @`` get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io

from tiltaksbanken.search import Searcher
from tiltaksbanken.web.views.shared import hit_view

MAX_ROWS = 5_000  # hits in one download
COLUMNS = ("Rang", "Tittel", "Type", "NAV-kontor", "Fylke", "Adresse", "Kildefil", "Linjer")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return "'" + text if text.startswith(_FORMULA_START) else text


def _lines(ranges: list[list[int]]) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in ranges)


def result_csv(searcher: Searcher, query: str, filters: dict[str, list[str]], sort: str,
               base_url: str = "") -> str:
    """The hits of ``query`` within ``filters``, ordered by ``sort``, as CSV text
    (a header row, then one row per hit; at most ``MAX_ROWS``)."""
    result = searcher.search(query, filters, limit=MAX_ROWS, sort=sort)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for rank, hit in enumerate(result.hits, start=1):
        view = hit_view(hit)
        writer.writerow([rank, _cell(hit.title), _cell(view["kind_label"]), _cell(hit.nav_office),
                         _cell(hit.county), base_url.rstrip("/") + view["url"], _cell(hit.file),
                         _lines(hit.lines)])
    return out.getvalue()
