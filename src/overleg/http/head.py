"""HEAD on every GET route: the request is answered as a GET whose body is dropped.

FastAPI's routes answer only the methods they declare, so without this a HEAD on a page, a
document, a download, a feed or the stylesheet is 405. The middleware hands the app a GET
(a copy of the scope; the server still knows the request was HEAD) and sends on everything but
the body: the status and every header, ``Content-Length`` and ``ETag`` included, are exactly
what the GET sends (it stands outside the compression middleware, so a HEAD that accepts gzip
gets the length of the compressed GET). The GET's body is still made and thrown away: HEAD is
rare, and a route that could answer without making its body would be a second code path.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """The middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def without_body(message: Message) -> None:
            nonlocal finished
            if message["type"] == "http.response.body":
                if finished or message.get("more_body", False):
                    return  # the body's parts are dropped; the last one ends the answer, empty
                finished = True
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


__all__ = ["HeadAsGet"]
