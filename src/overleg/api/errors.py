"""Errors as JSON: every refusal is ``{"code", "message", ...details}`` with the error's status.

OverlegError subclasses carry their status (``overleg.errors``); request bodies that do not fit
their schema are 422 ``validation-failed`` naming the field; unknown routes 404 and wrong
methods 405 in the same shape. Nothing a client sends should make a 5xx.

A browser asking for a page outside ``/api`` gets the web UI's Dutch error page instead: the app
passes it in as ``page`` with ``wants_html`` (the API does not import the web UI).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from overleg.errors import OverlegError, TooManyRequests
from overleg.http.observe import request_id_of


def error_body(err: OverlegError) -> dict[str, Any]:
    return err.details()


def error_headers(err: OverlegError) -> dict[str, str] | None:
    """The headers an error's status asks for: how to authenticate (401), when to try again (429)."""
    if isinstance(err, TooManyRequests):
        return {"Retry-After": str(err.retry_after)}
    return {"WWW-Authenticate": "Bearer"} if err.status == 401 else None


Page = Callable[[Request, int, OverlegError | None, dict[str, str] | None], Response]
"""The web UI's error page: (request, status, the error when one, headers)."""


def install_handlers(app: FastAPI, page: Page | None = None, wants_page: Callable[[Request], bool] | None = None,
                     ) -> None:
    """Register the handlers that turn errors into JSON bodies (or, for a request ``wants_page``
    says is a browser's, into ``page``)."""

    def html(request: Request) -> bool:
        return page is not None and wants_page is not None and wants_page(request)

    @app.exception_handler(OverlegError)
    async def overleg_error(request: Request, err: OverlegError) -> Response:
        if page is not None and html(request):
            return page(request, err.status, err, error_headers(err))
        return JSONResponse(error_body(err), status_code=err.status, headers=error_headers(err))

    @app.exception_handler(RequestValidationError)
    async def invalid_body(_: Request, err: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ())), "message": str(e.get("msg", ""))}
                    for e in err.errors()]
        first = problems[0] if problems else {"field": "", "message": "invalid request"}
        return JSONResponse({"code": "validation-failed", "message": f"{first['field']}: {first['message']}",
                             "field": first["field"], "errors": problems}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException) -> Response:
        if page is not None and html(request):
            return page(request, err.status_code, None, getattr(err, "headers", None))
        code = {404: "not-found", 405: "method-not-allowed"}.get(err.status_code, f"http-{err.status_code}")
        return JSONResponse({"code": code, "message": str(err.detail)}, status_code=err.status_code,
                            headers=getattr(err, "headers", None))

    @app.exception_handler(Exception)
    async def defect(request: Request, err: Exception) -> Response:
        """A defect: logged here with the request's id (the one the user is shown; Starlette
        re-raises it after this answer, and uvicorn logs it once more); the client learns
        nothing of it but that it happened, and the id to quote."""
        request_id = request_id_of(request.scope)
        logging.getLogger("overleg").error("overleg: a defect answered with 500 (Meldingsnummer %s)", request_id,
                                           exc_info=err)
        if page is not None and html(request):
            return page(request, 500, None, None)
        return JSONResponse({"code": "internal-error", "message": "Er ging bij de server iets mis; probeer het later "
                                                                  "opnieuw."}, status_code=500,
                            headers={"X-Request-ID": request_id} if request_id else None)
