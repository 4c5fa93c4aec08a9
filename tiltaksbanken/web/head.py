"""``HEAD`` requests, answered on every address as ``GET`` would be, without the body.

FastAPI routes declared with ``@get`` answer only ``GET``; link checkers, caches and
monitoring ask with ``HEAD`` first. This middleware serves a ``HEAD`` as the ``GET`` of the
same address (same status and headers, ``content-length`` included) and drops the body.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """ASGI middleware: a ``HEAD`` is run as ``GET`` and its body left out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
