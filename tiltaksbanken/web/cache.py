"""Rendered pages kept in memory by store version and request, so popular searches and
pages are served without searching or rendering again. Any ingest changes the store's
version, which retires every cached page at once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

from tiltaksbanken.store import Store

Key = tuple[str, str, str, str]


class PageCache:
    """The last ``size`` successful responses, least recently used dropped first."""

    def __init__(self, store: Store, size: int = 1024) -> None:
        self.store = store
        self.size = size
        self._pages: OrderedDict[Key, tuple[bytes, int, str]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def respond(self, request: Request, variant: str, render: Callable[[], Response]) -> Response:
        """The cached response for this request, or ``render()``'s (kept if it is a 200)."""
        key = (self.store.version(), request.url.path, request.url.query, variant)
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
            media_type = response.headers.get("content-type", "text/html; charset=utf-8")
            with self._lock:
                self._pages[key] = (bytes(response.body), 200, media_type)
                while len(self._pages) > self.size:
                    self._pages.popitem(last=False)
        return response
