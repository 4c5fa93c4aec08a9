"""Rendered pages kept in memory by store version and request, so popular searches and
pages are served without searching or rendering again. Any ingest changes the store's
version, which retires every cached page at once.

The cache is bounded by bytes as well as by entries, and a page's key holds only the
query parameters the page reads: anonymous visitors cannot fill memory by asking for the
same page under endless addresses (``?n=1``, ``?n=2`` …).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection

from fastapi import Request
from fastapi.responses import Response

from tiltaksbanken.store import Store

Key = tuple[str, str, tuple[tuple[str, str], ...], str]

MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 1024


class PageCache:
    """The last successful responses within ``max_entries`` and ``max_bytes``, least
    recently used dropped first; a page larger than an eighth of ``max_bytes`` is not kept."""

    def __init__(self, store: Store, max_entries: int = MAX_ENTRIES,
                 max_bytes: int = MAX_BYTES) -> None:
        self.store = store
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._pages: OrderedDict[Key, tuple[bytes, int, str]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def size_bytes(self) -> int:
        """The bytes of the pages kept."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._pages)

    def respond(self, request: Request, variant: str, render: Callable[[], Response],
                params: Collection[str] = ()) -> Response:
        """The cached response for this request, or ``render()``'s (kept if it is a 200).

        ``params`` names the query parameters the page reads; others do not make a new page.
        """
        query = tuple(sorted((k, v) for k, v in request.query_params.multi_items() if k in params))
        key = (self.store.version(), request.url.path, query, variant)
        with self._lock:
            cached = self._pages.get(key)
            if cached is not None:
                self._pages.move_to_end(key)
                self.hits += 1
        if cached is not None:
            body, status, media_type = cached
            return Response(body, status_code=status, media_type=media_type)
        response = render()
        self.misses += 1
        if response.status_code == 200 and hasattr(response, "body"):
            body = bytes(response.body)
            if len(body) <= self.max_bytes // 8:
                media_type = response.headers.get("content-type", "text/html; charset=utf-8")
                self._keep(key, (body, 200, media_type))
        return response

    def _keep(self, key: Key, page: tuple[bytes, int, str]) -> None:
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old[0])
            self._pages[key] = page
            self._bytes += len(page[0])
            while len(self._pages) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped[0])
