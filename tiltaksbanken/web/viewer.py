"""Who is asking: the one place a request becomes a ``Viewer`` (``domain/privacy.py``).

A request without a signed-in session is an anonymous visitor's. A session names an
account (``uid``) and the password it was opened with (``pw``); the account is read from
the store on each request, so a disabled account, a changed role or a new password takes
effect at once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from tiltaksbanken.domain.accounts import User
from tiltaksbanken.domain.privacy import ANONYMOUS, Viewer, viewer_for
from tiltaksbanken.web.sessions import password_mark


def signed_in_user(request: Request) -> User | None:
    """The account of the request's session, if it is valid and the account enabled."""
    if "session" not in request.scope:
        return None
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    cached = getattr(request.state, "user", False)
    if cached is not False:
        return cached
    user = request.app.state.store.user(uid)
    if user is None or user.disabled or request.session.get("pw") != password_mark(user.password_hash):
        user = None
    request.state.user = user
    return user


def viewer_of(request: Request) -> Viewer:
    """The viewer making ``request``; usable as a dependency."""
    user = signed_in_user(request)
    return viewer_for(user) if user else ANONYMOUS


CurrentViewer = Annotated[Viewer, Depends(viewer_of)]
"""A route parameter that FastAPI fills with the request's viewer."""
