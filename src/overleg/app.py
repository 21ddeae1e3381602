"""The one place that assembles overleg's HTTP app: the service, the REST API and the web UI.

    service = Service.open(Settings.from_environ())
    app = create_app(service)          # FastAPI: /api/... (REST, OpenAPI) and the web pages

``overleg serve`` runs it with uvicorn; tests build it over a service of their own (a store in a
temporary folder, a fixed clock, a fast password hasher). The REST API and the web UI never
import each other: both take who is asking from ``overleg.http`` and do everything through the
service this app carries.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from overleg import api, web
from overleg.http.compression import Compression
from overleg.http.head import HeadAsGet
from overleg.http.headers import SecurityHeaders
from overleg.http.limits import EdgeLimits
from overleg.service import Service


def create_app(service: Service) -> FastAPI:
    """The HTTP app over ``service`` (whose store is migrated)."""
    app = FastAPI(title="overleg", version="0.1.0", openapi_url="/api/openapi.json", docs_url="/api/docs",
                  redoc_url=None, responses=api.ERRORS,
                  description="Written consultations (schriftelijk overleg): procedure, documents, accounts, "
                              "search.")
    app.state.service = service
    # a report published before publishing was one transaction, by a process that died before
    # saving it, is saved now; what cannot be repaired is logged and the app starts regardless
    # (docs/store.md, "A damaged store")
    reconciled = service.consultations.reconcile_publications()
    for problem in reconciled.problems:
        logging.getLogger("overleg").warning("overleg: the store has a problem: %s", problem)
    app.state.store_problems = reconciled.problems
    api.install(app, web.error_page, web.wants_html)  # a browser outside /api gets a Dutch page
    app.include_router(api.health)  # /healthz, /readyz: no credentials, no session (docs/operations.md)
    app.include_router(api.router)
    app.include_router(web.router)  # the web UI (docs/web.md), after the API's paths
    # the edge (docs/security.md, docs/web.md), innermost first: sizes and text checked before
    # routing; security headers on every answer, refusals too (before gzip: the API docs' policy
    # hashes the page's own scripts); gzip for text; HEAD as a GET without its body, outermost so
    # that its Content-Length is the compressed GET's
    app.add_middleware(EdgeLimits, settings=service.settings, page=web.refusal_page)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(Compression)
    app.add_middleware(HeadAsGet)
    return app


__all__ = ["create_app"]
