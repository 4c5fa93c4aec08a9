"""Security headers on every response: a Content-Security-Policy without inline scripts,
no framing, no MIME sniffing, no referrer to other sites."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets style attributes; scripts stay as strict as everywhere else.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def csp_for(path: str) -> str:
    """The Content-Security-Policy of the page at ``path``."""
    return DOCS_CSP if path.startswith("/api/docs") else CSP


def security_headers(path: str) -> dict[str, str]:
    """Every security header of a response to ``path``, for responses made outside the
    middleware (the server-error handler runs outside it)."""
    return {"content-security-policy": csp_for(path),
            **{k.decode(): v.decode() for k, v in HEADERS}}


class SecurityHeaders:
    """ASGI middleware adding the headers (cheaper than Starlette's BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = csp_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in
                            [(b"content-security-policy", csp.encode()), *HEADERS]
                            if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
