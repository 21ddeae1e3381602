"""The REST API (FastAPI routers); OpenAPI 3.1 at ``/api/openapi.json``.

``router`` holds every ``/api/...`` route, ``health`` the probes ``/healthz`` and ``/readyz``, and
``install(app)`` the handlers that turn errors into JSON bodies; ``overleg.app.create_app`` puts
them into the app beside the web UI. Routes call only
the service layer (``overleg.service``); pydantic lives here, at the edge, for request and
response bodies. See docs/api.md.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, FastAPI, Request

from overleg.api import errors
from overleg.api.registers import router as registers
from overleg.api.routes_accounts import router as accounts
from overleg.api.routes_commitments import router as commitments
from overleg.api.routes_consultations import router as consultations
from overleg.api.routes_documents import router as documents
from overleg.api.routes_health import router as health
from overleg.api.routes_motions import router as motions
from overleg.api.routes_search import router as search
from overleg.api.routes_stats import router as stats
from overleg.api.routes_written_questions import router as written_questions
from overleg.api.schemas import ErrorBody

ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": what}
    for status, what in ((400, "bad input"), (401, "not logged in"), (403, "not allowed"), (404, "not found"),
                         (409, "conflict: illegal transition, stale version"),
                         (413, "request body over the server's limit, refused unread"), (422, "invalid body"))
}

router = APIRouter()
router.include_router(search)  # first: the busiest read is matched without trying the other routes
router.include_router(documents)  # before consultations: /api/consultations/{id}/document before /{id}/{action}
router.include_router(accounts)
router.include_router(consultations)
router.include_router(stats)
router.include_router(commitments)
router.include_router(written_questions)
router.include_router(registers)
router.include_router(motions)


def install(app: FastAPI, page: errors.Page | None = None,
            wants_page: Callable[[Request], bool] | None = None) -> None:
    """The API's error handlers (a browser's request outside the API answered by ``page``), and
    its OpenAPI document with the error bodies it really sends."""
    errors.install_handlers(app, page, wants_page)
    _drop_default_validation_schema(app)


def _drop_default_validation_schema(app: FastAPI) -> None:
    """Make every documented 422 the ErrorBody the handler really sends (not FastAPI's own)."""
    original = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                if "422" in operation.get("responses", {}):
                    operation["responses"]["422"] = {
                        "description": "invalid body",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
        comps = schema.get("components", {}).get("schemas", {})
        comps.pop("HTTPValidationError", None)
        comps.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


__all__ = ["ERRORS", "health", "install", "router"]
