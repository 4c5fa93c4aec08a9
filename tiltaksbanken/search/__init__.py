"""Search: Norwegian analysis, hybrid lexical + semantic ranking, facets, snippets."""

from tiltaksbanken.search.engine import Searcher
from tiltaksbanken.search.index import index_records
from tiltaksbanken.search.results import Hit, SearchResult

__all__ = ["Hit", "SearchResult", "Searcher", "index_records"]
