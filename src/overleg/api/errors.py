"""Errors as JSON: every refusal is ``{"code", "message", ...details}`` with the error's status.

OverlegError subclasses carry their status (``overleg.errors``); request bodies that do not fit
their schema are 422 ``validation-failed`` naming the field; unknown routes 404 and wrong
methods 405 in the same shape. Nothing a client sends should make a 5xx.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from overleg.errors import OverlegError, TooManyRequests


def error_body(err: OverlegError) -> dict[str, Any]:
    return err.details()


def error_headers(err: OverlegError) -> dict[str, str] | None:
    """The headers an error's status asks for: how to authenticate (401), when to try again (429)."""
    if isinstance(err, TooManyRequests):
        return {"Retry-After": str(err.retry_after)}
    return {"WWW-Authenticate": "Bearer"} if err.status == 401 else None


def install_handlers(app: FastAPI) -> None:
    """Register the handlers that turn errors into JSON bodies."""

    @app.exception_handler(OverlegError)
    async def overleg_error(_: Request, err: OverlegError) -> JSONResponse:
        return JSONResponse(error_body(err), status_code=err.status, headers=error_headers(err))

    @app.exception_handler(RequestValidationError)
    async def invalid_body(_: Request, err: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ())), "message": str(e.get("msg", ""))}
                    for e in err.errors()]
        first = problems[0] if problems else {"field": "", "message": "invalid request"}
        return JSONResponse({"code": "validation-failed", "message": f"{first['field']}: {first['message']}",
                             "field": first["field"], "errors": problems}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, err: HTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(err.status_code, f"http-{err.status_code}")
        return JSONResponse({"code": code, "message": str(err.detail)}, status_code=err.status_code,
                            headers=getattr(err, "headers", None))
