"""Search: Norwegian analysis, hybrid lexical + semantic ranking, facets, snippets."""

from tiltaksbanken.search.engine import Hit, SearchResult, search, similar
from tiltaksbanken.search.index import index_records

__all__ = ["Hit", "SearchResult", "index_records", "search", "similar"]
