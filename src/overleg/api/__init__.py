"""The REST API (FastAPI): ``create_app(store)``; OpenAPI 3.1 at ``/api/openapi.json``.

Routes call only the service layer (``overleg.service``); pydantic lives here, at the edge, for
request and response bodies. See docs/api.md.
"""

from __future__ import annotations

from fastapi import FastAPI

from overleg.api import errors
from overleg.api.routes_accounts import router as accounts
from overleg.api.routes_consultations import router as consultations
from overleg.api.routes_documents import router as documents
from overleg.api.routes_search import router as search
from overleg.api.routes_stats import router as stats
from overleg.api.schemas import ErrorBody
from overleg.service import Service
from overleg.store import Store

ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": what}
    for status, what in ((400, "bad input"), (401, "not logged in"), (403, "not allowed"), (404, "not found"),
                         (409, "conflict: illegal transition, stale version"), (422, "invalid body"))
}


def create_app(store: Store, service: Service | None = None) -> FastAPI:
    """The API over ``store`` (migrated); ``service`` replaces the default one (tests: a clock)."""
    app = FastAPI(title="overleg", version="0.1.0", openapi_url="/api/openapi.json", docs_url="/api/docs",
                  redoc_url=None, responses=ERRORS,
                  description="Written consultations (schriftelijk overleg): procedure, documents, accounts, "
                              "search.")
    app.state.service = service or Service(store)
    # a report published by a process that died before saving it is saved now (docs/store.md)
    app.state.service.consultations.reconcile_publications()
    errors.install(app)
    app.include_router(search)  # first: the busiest read is matched without trying the other routes
    app.include_router(documents)  # before consultations: /api/consultations/{id}/document before /{id}/{action}
    app.include_router(accounts)
    app.include_router(consultations)
    app.include_router(stats)
    from overleg.web import router as web  # here: overleg.web imports overleg.api.auth

    app.include_router(web)  # the web UI (docs/web.md)
    _drop_default_validation_schema(app)
    return app


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


__all__ = ["create_app"]
