"""The one place that assembles overleg's HTTP app: the service, the REST API and the web UI.

    service = Service.open(Settings.from_environ())
    app = create_app(service)          # FastAPI: /api/... (REST, OpenAPI) and the web pages

``overleg serve`` runs it with uvicorn (``serve_app`` is what each of its ``--workers`` calls);
tests build it over a service of their own (a store in a temporary folder, a fixed clock, a fast
password hasher). The REST API and the web UI never
import each other: both take who is asking from ``overleg.http`` and do everything through the
service this app carries.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from overleg import api, web
from overleg.http.compression import Compression
from overleg.http.head import HeadAsGet
from overleg.http.headers import SecurityHeaders
from overleg.http.limits import EdgeLimits
from overleg.http.observe import Observe, RouteNote, configure_logging, mark_worker_gone
from overleg.service import Service
from overleg.settings import Settings


def create_app(service: Service) -> FastAPI:
    """The HTTP app over ``service`` (whose store is migrated)."""
    metrics_dir = service.settings.metrics_dir

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        mark_worker_gone(os.getpid(), metrics_dir)  # (a no-op without workers)

    app = FastAPI(lifespan=lifespan, title="overleg", version="0.1.0", openapi_url="/api/openapi.json",
                  docs_url="/api/docs", redoc_url=None, responses=api.ERRORS,
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
    app.add_middleware(RouteNote)  # innermost: the matched route's template, for Observe's metrics
    app.add_middleware(EdgeLimits, settings=service.settings, page=web.refusal_page)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(Compression)
    app.add_middleware(HeadAsGet)
    # outermost: a request's id, metrics and log line cover everything inside, refusals too
    app.add_middleware(Observe, metrics_from=service.settings.metrics_from,
                       log_requests=service.settings.log_format == "json", pool=service.database.pool_usage,
                       metrics_dir=metrics_dir, jobs=service.jobs.state)
    return app


def serve_app() -> FastAPI:
    """The app of one worker of ``overleg serve --workers N``: uvicorn starts each worker in a
    process of its own and calls this there, so it reads the settings from the environment the
    command left for it (``settings.pass_to_workers``) and opens its own service (refusing a
    store whose schema is not current, as the command did)."""
    settings = Settings.from_environ()
    configure_logging(settings.log_format)
    return create_app(Service.open(settings))


__all__ = ["create_app", "serve_app"]
