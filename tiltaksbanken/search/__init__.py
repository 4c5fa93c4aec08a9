"""Search: analysis, ranking and facets (see the search issue)."""
