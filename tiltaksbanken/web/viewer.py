"""Who is asking: the one place a request becomes a ``Viewer`` (``domain/privacy.py``).

There are no accounts yet, so every request is an anonymous visitor's; when logging in
comes, this function reads the session and everything shown follows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from tiltaksbanken.domain.privacy import ANONYMOUS, Viewer


def viewer_of(request: Request) -> Viewer:
    """The viewer making ``request`` (always anonymous for now); usable as a dependency."""
    return ANONYMOUS


CurrentViewer = Annotated[Viewer, Depends(viewer_of)]
"""A route parameter that FastAPI fills with the request's viewer."""
