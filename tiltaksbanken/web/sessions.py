"""Sessions and CSRF: signed session cookies and a per-session token on every form.

The session is a cookie signed with ``itsdangerous`` (Starlette's ``SessionMiddleware``):
``HttpOnly``, ``SameSite=Lax``, ``Secure`` when the request came over TLS. The secret is
``$TILTAKSBANKEN_SECRET``, else a file made once beside the store (``<store>.secret``,
readable by its owner only), so that every worker process and every restart signs alike.
A form carries the session's CSRF token; a POST without the right one is refused.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from fastapi import HTTPException, Request
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tiltaksbanken.store import Store
from tiltaksbanken.store.sqlite import SQLiteStore

SECRET_ENV = "TILTAKSBANKEN_SECRET"
COOKIE = "tiltaksbanken_okt"
MAX_AGE = 12 * 60 * 60  # a working day: then log in again
CSRF_FIELD = "csrf"
CSRF_REFUSED = ("Skjemaet kunne ikke sendes fordi sikkerhetskoden mangler eller er feil. "
                "Last siden på nytt og prøv igjen.")


def session_secret(store: Store) -> str:
    """``$TILTAKSBANKEN_SECRET``, else the secret kept beside the store (made on first use);
    a store without a file (in memory) gets a secret for this process only."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = getattr(store, "path", ":memory:") if isinstance(store, SQLiteStore) else ":memory:"
    if path == ":memory:":
        return secrets.token_urlsafe(32)
    if "://" in path:  # a server store (PostgreSQL): one secret per store URL, under data/
        file = Path("data") / f"store-{hashlib.sha256(path.encode()).hexdigest()[:16]}.secret"
        file.parent.mkdir(parents=True, exist_ok=True)
    else:
        file = Path(path).with_name(Path(path).name + ".secret")
    try:
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return file.read_text("utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        secret = secrets.token_urlsafe(32)
        f.write(secret + "\n")
    return secret


class Sessions:
    """Signed-cookie sessions, ``Secure`` over TLS; pages of a signed-in session are marked
    private so that no shared cache keeps them."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        options = {"secret_key": secret, "session_cookie": COOKIE, "max_age": MAX_AGE,
                   "same_site": "lax"}
        self.plain = SessionMiddleware(self._private(app), https_only=False, **options)
        self.tls = SessionMiddleware(self._private(app), https_only=True, **options)

    @staticmethod
    def _private(app: ASGIApp) -> ASGIApp:
        async def private(scope: Scope, receive: Receive, send: Send) -> None:
            signed_in = bool(scope.get("session", {}).get("uid"))

            async def send_private(message: Message) -> None:
                if signed_in and message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers", [])
                               if k.lower() != b"cache-control"]
                    message["headers"] = [*headers, (b"cache-control", b"private, no-store")]
                await send(message)

            await app(scope, receive, send_private)
        return private

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("scheme") == "https":
            await self.tls(scope, receive, send)
        else:
            await self.plain(scope, receive, send)


def csrf_token(request: Request) -> str:
    """The session's CSRF token for a form (made when first needed)."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, sent: object) -> None:
    """Refuse (400, in Norwegian) a form whose CSRF token is not the session's."""
    expected = request.session.get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(expected, sent):
        raise HTTPException(400, CSRF_REFUSED)


def password_mark(password_hash: str | None) -> str:
    """A short mark of the password a session was opened with: a new password ends it."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]
