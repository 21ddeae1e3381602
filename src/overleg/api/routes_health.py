"""Health for the proxy, the load balancer and the process manager (docs/operations.md).

    GET /healthz   200 {"status": "ok"}: the process answers (it never touches the store)
    GET /readyz    200 {"status": "ok"}: the store is reachable and at the schema this overleg needs;
                   503 {"status": "unavailable", "code": ..., "message": "<Dutch>"} otherwise

Both take no credentials and read no cookie (``credentials`` is not asked, so no session is
looked up and no CSRF check applies), and neither is in the OpenAPI document: they are for the
machines in front of overleg, not for its clients.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from overleg.http.auth import service_of

router = APIRouter(include_in_schema=False)

NO_STORE = {"Cache-Control": "no-store"}  # a cache in between must not answer for a process that died


@router.get("/healthz")
async def healthz() -> JSONResponse:
    # async: answered on the event loop, so a liveness probe still gets through when every
    # worker thread is busy with slow requests (that is not a dead process)
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    ready = service_of(request).database.readiness()
    if ready.ready:
        return JSONResponse({"status": "ok"}, headers=NO_STORE)
    return JSONResponse({"status": "unavailable", "code": ready.code, "message": ready.message}, status_code=503,
                        headers={**NO_STORE, "Retry-After": "5"})
