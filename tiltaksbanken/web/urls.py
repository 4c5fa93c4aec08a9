"""Every address the web app links to, built in one place.

Views call these functions and templates reach them as the Jinja global ``urls``
(``urls.search_url(q)``, ``urls.source_url(name, 19, 20)``, …), so no page writes an
address by hand. The path of a record kind comes from its declaration (``Kind.path`` in
``domain/kinds.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit

from tiltaksbanken.domain.kinds import DEFAULT_KIND, Kind
from tiltaksbanken.domain.kinds import kind as kind_of

SEARCH = "/"
OVERVIEW = "/oversikt"
SOURCES = "/oversikt#kilder"
API_DOCS = "/api/docs"
OPENAPI = "/api/openapi.json"
SOURCE_PREFIX = "/kilde"
LOGIN = "/logg-inn"
LOGOUT = "/logg-ut"
INVITATION_PREFIX = "/invitasjon"  # + /<token>: set a password (``store/accounts.py`` prints it)
ADMIN_USERS = "/admin/brukere"
THEMES = "/tema"  # the lesson themes; + /<slug>: one theme's statements
KOKEBOK_EDIT = "/redaksjon/kokebok"  # the editor's kokebok collections (web/kokebok_pages.py)
KOKEBOK_PUBLIC = "/kokebok"  # + /<slug>[/<edition>]: a published kokebok
EVIDENCE_PREFIX = "/evidens"  # + /<record id>: an editor sets a measure's evidence level
UPLOAD = "/last-opp"  # an editor's upload of documents (``web/upload_pages.py``)
REPORTS = "/rapporter"  # «Mine rapporter»: a reporter's yearly reports (``web/report_pages.py``)
REPORT_NEW = "/rapporter/ny"
REPORTING = "/rapportering"  # web/grants_pages.py
GRANTS = "/tilskudd"
NEXT_PARAM = "neste"  # the login page's parameter: the local page to return to

# The search page's own parameters besides the facets.
QUERY_PARAM = "q"
PAGE_PARAM = "side"
SORT_PARAM = "sortering"
SEARCH_CSV = "/treff.csv"  # the search page's hits as CSV, same parameters
# The source page's parameters.
LINES_PARAM = "linjer"
VIEW_PARAM = "visning"
WINDOW_PARAM = "utdrag"  # the lines shown (``120-180``); ``side`` pages the whole source
# A record page's parameter: the search its reader came from (a local search address).
BACK_PARAM = "fra"
MAX_LINE = 10_000_000  # no document has more lines: larger line numbers are refused


class Identified(Protocol):
    """Anything with an id and a kind: a ``Record``, a search ``Hit``."""

    id: str
    kind: str


def record_route(kind: Kind) -> str:
    """The route pattern of a kind's record pages: ``/<path>/{record_id}``."""
    return f"/{kind.path}/{{record_id}}"


def record_url(record: Identified | Mapping[str, Any] | str, kind: str | None = None) -> str:
    """The page of a record (or hit, or its dict), or of the id ``record`` of ``kind``."""
    if isinstance(record, str):
        record_id = record
    elif isinstance(record, Mapping):
        record_id, kind = record["id"], kind or record["kind"]
    else:
        record_id, kind = record.id, kind or record.kind
    return f"/{kind_of(kind or DEFAULT_KIND).path}/{quote(record_id)}"


def source_route() -> str:
    return f"{SOURCE_PREFIX}/{{name}}"


def source_url(name: str, first: int | None = None, last: int | None = None,
               view: str | None = None, window: tuple[int, int] | None = None,
               page: int | None = None) -> str:
    """The source document ``name``; with ``first`` (and ``last``), an excerpt around those
    lines with them marked and scrolled to; ``window`` shows other lines around them,
    ``page`` a page of the whole source; with ``view="original"``, the OCR text as read."""
    pairs = [f"{VIEW_PARAM}={quote_plus(view)}"] if view else []
    if first is not None:
        pairs.append(f"{LINES_PARAM}={first}-{last or first}")
    if window is not None:
        pairs.append(f"{WINDOW_PARAM}={window[0]}-{window[1]}")
    if page is not None:
        pairs.append(f"{PAGE_PARAM}={page}")
    url = f"{SOURCE_PREFIX}/{quote(name)}"
    if pairs:
        url += "?" + "&".join(pairs)
    return url + (f"#L{first}" if first is not None else "")


def theme_url(slug: str) -> str:
    """The page of the lesson theme ``slug``."""
    return f"{THEMES}/{quote(slug)}"


def evidence_url(record_id: str) -> str:
    """Where an editor posts a measure's evidence level."""
    return f"{EVIDENCE_PREFIX}/{quote(record_id)}"


def back_search(value: str | None) -> str | None:
    """The search address a ``fra`` parameter names, rebuilt from its parameters so that
    it can only be this site's search page (anything else: None)."""
    if not value or len(value) > 4000:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path != SEARCH or "\\" in value:
        return None
    pairs = [(k, v) for k, v in parse_qsl(parts.query) if k != "format"]
    return SEARCH + ("?" + urlencode(pairs) if pairs else "")


def login_url(next_page: str | None = None) -> str:
    """The login page, returning to the local page ``next_page`` afterwards."""
    target = local_page(next_page)
    return f"{LOGIN}?{NEXT_PARAM}={quote(target, safe='')}" if target else LOGIN


def local_page(value: str | None) -> str | None:
    """``value`` if it is a path on this site (``/admin/brukere``), else None: the login
    page never sends anyone to another host."""
    if not value or len(value) > 2000 or "\\" in value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or value.startswith("//"):
        return None
    return value


def invitation_route() -> str:
    return f"{INVITATION_PREFIX}/{{token}}"


def admin_user_url(user_id: int, action: str) -> str:
    """Where the admin page's form for one account posts: ``rolle`` or ``aktiv``."""
    return f"{ADMIN_USERS}/{user_id}/{action}"


def with_back(url: str, back: str | None) -> str:
    """``url`` (a record page) carrying the search ``back`` its reader came from."""
    if not back:
        return url
    return f"{url}{'&' if '?' in url else '?'}{BACK_PARAM}={quote(back, safe='')}"


@lru_cache(maxsize=8192)
def _query_pair(key: str, value: str) -> str:
    """One ``key=value`` of a query string, encoded as ``urlencode`` does (a page has
    hundreds of facet links that share most of their pairs)."""
    return f"{quote_plus(key)}={quote_plus(value)}"


Filters = Mapping[str, Sequence[str] | str]


def search_url(q: str = "", filters: Filters | None = None, page: int | None = None,
               sort: str | None = None, path: str = SEARCH) -> str:
    """The search page for query ``q``, facet ``filters`` (name → value or values, which
    become repeated parameters), result ``page`` (1 is left out) and ``sort`` (the
    default, relevance, is left out); ``path=SEARCH_CSV`` gives the same hits as CSV."""
    pairs = [_query_pair(QUERY_PARAM, q)] if q else []
    if sort and sort != "relevance":
        pairs.append(_query_pair(SORT_PARAM, sort))
    for name, values in (filters or {}).items():
        for value in [values] if isinstance(values, str) else values:
            if value not in (None, ""):
                pairs.append(_query_pair(name, str(value)))
    if page is not None:
        pairs.append(_query_pair(PAGE_PARAM, str(page)))
    return path + "?" + "&".join(pairs) if pairs else path


def facet_url(q: str, filters: Mapping[str, Sequence[str]], name: str, value: str,
              sort: str | None = None) -> str:
    """The search for ``q`` and ``filters`` with ``value`` of facet ``name`` toggled: added
    when it is not chosen, else taken away (case does not matter). Paging starts over."""
    chosen = list(filters.get(name, []))
    rest = [v for v in chosen if v.casefold() != value.casefold()]
    return search_url(q, {**filters, name: rest if len(rest) < len(chosen) else [*chosen, value]},
                      sort=sort)


def report_url(draft_id: int, action: str | None = None) -> str:
    """A yearly report's page (or one of its actions, such as ``nytt-ar``)."""
    return f"{REPORTS}/{draft_id}" + (f"/{action}" if action else "")


def versions_url(record: Identified | Mapping[str, Any], first: int | None = None,
                 second: int | None = None) -> str:
    """A record's versions, comparing versions ``first`` and ``second`` if given."""
    url = record_url(record) + "/versjoner"
    return f"{url}?fra={first}&til={second}" if first and second else url


def correction_url(record: Identified | Mapping[str, Any]) -> str:
    """The page where an editor corrects a field of a record."""
    return record_url(record) + "/rett"
