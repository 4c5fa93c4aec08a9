"""Bar charts laid out on the server: each bar an SVG rectangle scaled to the largest count.

The overview template draws every bar as a link row (label, SVG bar, count), so
the chart reflows to phone width, reads without colour (every bar has its number
as text) and works with the keyboard.
"""

from __future__ import annotations

from typing import Any


def bar_chart(items: list[tuple[str, int, str | None]]) -> dict[str, Any]:
    """Bars for (label, count, link), the longest being the largest count (100 units)."""
    top = max((count for _, count, _ in items), default=0) or 1
    rows = [{"label": label, "count": count, "url": url,
             "length": round(100 * count / top, 2) if count else 0}
            for label, count, url in items]
    return {"items": rows, "total": sum(c for _, c, _ in items)}
