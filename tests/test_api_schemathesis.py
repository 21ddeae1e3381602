"""schemathesis against /api/openapi.json (in-process, bounded): whatever the schema allows a
client to send, the server answers without a 5xx and as its schema says."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api_helpers import migrated_store, token_for
from overleg.app import create_app
from overleg.service import Service
from test_procedure_access import ROLES

_DIR = Path(tempfile.mkdtemp(prefix="overleg-schemathesis-"))
STORE = migrated_store(f"sqlite:///{_DIR / 'st.db'}")
TOKEN = token_for(STORE, ROLES["clerk"])
APP = create_app(Service(STORE))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_the_schema_allows_makes_a_5xx_or_breaks_the_schema(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                           checks=[checks.not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance])
